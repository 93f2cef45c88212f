"""data.police.uk ingest: the real Staffordshire files, every bad-input kind, idempotence."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from safehold.insights.policeuk import ingest

REPO = Path(__file__).resolve().parents[2]
PACKAGED = REPO / "data" / "policeuk"
STREET = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n"
)
ROW = (
    "abc{n},2024-01,Staffordshire Police,Staffordshire Police,-2.1,52.8,On or near X,"
    "E01029001,Stafford 001A,Burglary,Under investigation,\n"
)
ASB = (
    ",2024-01,Staffordshire Police,Staffordshire Police,-2.1,52.8,On or near Y,E01029001,"
    "Stafford 001A,Anti-social behaviour,,\n"
)
OUTCOMES = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Outcome type\n"
    "2bd5,2019-03,Staffordshire Police,Staffordshire Police,,,No location,,,Suspect charged\n"
)
STOP = (
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,"
    "Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,"
    "Outcome,Outcome linked to object of search,Removal of more than just outer clothing\n"
    "Person search,2019-03-01T00:14:00+00:00,,,52.63,-1.69,Male,18-24,White,White,"
    "Police and Criminal Evidence Act 1984 (section 1),Stolen goods,"
    "A no further action disposal,,False\n"
    "Person search,yesterday,,,52.63,-1.69,Male,18-24,White,White,PACE,Stolen goods,Arrest,,\n"
)


def rows(n: int) -> str:
    return "".join(ROW.format(n=i) for i in range(n))


def run(tmp_path: Path, *files: Path) -> dict:  # type: ignore[type-arg]
    return ingest(list(files), store_file=tmp_path / "store.duckdb").to_dict()


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_the_packaged_staffordshire_files(tmp_path: Path) -> None:
    out = run(tmp_path, PACKAGED)
    assert [f["rows_stored"] for f in out["files"]] == [8515, 7590, 7913]
    assert out["rows_read"] == out["rows_stored"] == 24018
    assert out["rows_rejected"] == 0
    assert out["by_crime_type"]["Anti-social behaviour"] == out["by_last_outcome"][""]
    assert sum(out["by_crime_type"].values()) == 24018
    assert len(out["by_crime_type"]) == 14


def test_a_file_ingested_twice_is_counted_once(tmp_path: Path) -> None:
    first = run(tmp_path, PACKAGED / "2024-01-staffordshire-street.csv")
    copy = tmp_path / "renamed.csv"
    shutil.copy(PACKAGED / "2024-01-staffordshire-street.csv", copy)
    second = run(tmp_path, copy)
    assert second["files"][0]["status"] == "duplicate"
    assert second["rows_stored"] == 0
    assert second["by_crime_type"] == first["by_crime_type"]


def test_missing_column_refuses_the_file(tmp_path: Path) -> None:
    header = STREET.replace(",Context", "")
    out = run(tmp_path, write(tmp_path, "x.csv", header + rows(2)))
    f = out["files"][0]
    assert f["status"] == "refused"
    assert "missing column(s) 'Context'" in f["rejects"][0]["message"]
    assert out["rows_stored"] == 0


def test_wrong_type_is_kept_out_with_its_line(tmp_path: Path) -> None:
    bad = ROW.format(n=9).replace("-2.1", "west").replace("2024-01", "2024-13")
    out = run(tmp_path, write(tmp_path, "x.csv", STREET + rows(2) + bad + rows(1)))
    f = out["files"][0]
    assert (f["rows_read"], f["rows_stored"], f["rows_rejected"]) == (4, 3, 1)
    assert f["rejects"][0]["line"] == 4
    assert f["rejects"][0]["field"] in {"month", "longitude"}


def test_broken_quoting_is_kept_out(tmp_path: Path) -> None:
    broken = ROW.format(n=9).replace("On or near X", '"On or near X')
    out = run(tmp_path, write(tmp_path, "x.csv", STREET + rows(2) + broken + ASB))
    f = out["files"][0]
    assert f["rows_rejected"] >= 1
    assert f["rejects"][0]["line"] == 4
    assert "broken CSV" in f["rejects"][0]["message"]
    assert f["rows_stored"] == 2


def test_non_utf8_lines_are_kept_out(tmp_path: Path) -> None:
    latin = ROW.format(n=9).replace("On or near X", "On or near Caf\xe9").encode("latin-1")
    data = (STREET + rows(2)).encode() + latin + rows(2).encode()
    out = run(tmp_path, write(tmp_path, "x.csv", data))
    f = out["files"][0]
    assert (f["rows_read"], f["rows_stored"], f["rows_rejected"]) == (5, 4, 1)
    assert f["rejects"][0]["line"] == 4
    assert "not UTF-8" in f["rejects"][0]["message"]


def test_rows_after_a_dropped_line_keep_their_line_numbers(tmp_path: Path) -> None:
    latin = ROW.format(n=9).encode().replace(b"On or near X", b"Caf\xe9")
    bad_type = ROW.format(n=8).replace("-2.1", "west").encode()
    data = STREET.encode() + latin + rows(1).encode() + bad_type
    f = run(tmp_path, write(tmp_path, "x.csv", data))["files"][0]
    assert [r["line"] for r in f["rejects"]] == [2, 4]


def test_outcomes_and_stop_and_search_in_a_zip_and_folders(tmp_path: Path) -> None:
    month = tmp_path / "download" / "2019-03"
    month.mkdir(parents=True)
    write(month, "2019-03-staffordshire-outcomes.csv", OUTCOMES)
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("2019-03/2019-03-staffordshire-stop-and-search.csv", STOP)
    out = run(tmp_path, tmp_path / "download", archive)
    kinds = {f["kind"]: f for f in out["files"]}
    assert kinds["outcomes"]["rows_stored"] == 1
    assert kinds["stop-and-search"]["rows_stored"] == 1
    assert kinds["stop-and-search"]["rejects"][0]["field"] == "date"
    assert kinds["stop-and-search"]["file"].startswith("archive.zip:")


@pytest.mark.django_db
def test_command_json_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "s.duckdb"
    call_command(
        "ingest-policeuk",
        str(PACKAGED / "2024-02-staffordshire-street.csv"),
        "--json",
        "--store",
        str(store),
    )
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {
        "files",
        "rows_read",
        "rows_stored",
        "rows_rejected",
        "by_crime_type",
        "by_last_outcome",
    }
    bad = write(tmp_path, "bad.csv", STREET.replace(",Context", "") + rows(1))
    with pytest.raises(SystemExit) as exited:
        call_command("ingest-policeuk", str(bad), "--store", str(store))
    assert exited.value.code == 2


def test_open_data_measures_compare_forces(tmp_path: Path) -> None:
    from safehold.insights.policeuk import open_data_measures

    other = ROW.replace(
        "Staffordshire Police,Staffordshire Police", "West Mercia Police,West Mercia Police"
    )
    run(
        tmp_path,
        PACKAGED / "2024-01-staffordshire-street.csv",
        write(tmp_path, "wm.csv", STREET + "".join(other.format(n=i) for i in range(7))),
    )
    d = open_data_measures(5, tmp_path / "store.duckdb")
    assert d["forces"] == ["Staffordshire Police", "West Mercia Police"]
    wm = [r for r in d["by_crime_type"] if r.force == "West Mercia Police"]
    assert wm[0].key == "Burglary"
    assert wm[0].crimes == 7
    assert wm[0].with_outcome_pct == 0.0
    staffs = {r.key: r for r in d["by_month"] if r.force == "Staffordshire Police"}
    assert 5000 < (staffs["2024-01"].crimes or 0) < 8515  # anti-social behaviour left out
    small = open_data_measures(10, tmp_path / "store.duckdb")
    assert [r.crimes for r in small["by_crime_type"] if r.force == "West Mercia Police"] == [None]


def test_the_reader_names_the_value_that_is_not_of_its_type(tmp_path: Path) -> None:
    bad = ROW.format(n=9).replace("52.8", "north")
    empty = ROW.format(n=8).replace("Burglary", "")
    f = run(tmp_path, write(tmp_path, "x.csv", STREET + rows(1) + bad + empty + rows(1)))["files"][
        0
    ]
    assert (f["rows_read"], f["rows_stored"], f["rows_rejected"]) == (4, 2, 2)
    assert f["rejects"][0] == {"line": 3, "field": "latitude", "message": "'north' is not a number"}
    assert f["rejects"][1] == {"line": 4, "field": "crime_type", "message": "is empty"}


def test_a_store_made_before_the_columns_were_typed_is_upgraded(tmp_path: Path) -> None:
    import duckdb

    from safehold.insights.policeuk import open_data_measures
    from safehold.insights.policeuk_schema import KINDS

    store = tmp_path / "store.duckdb"
    con = duckdb.connect(str(store))
    for kind in KINDS.values():
        cols = ", ".join(f"{name} varchar" for _, name, _ in kind.columns)
        con.execute(f"create table {kind.table} (file_id integer, {cols})")
    con.execute(
        "insert into street (file_id, month, falls_within, longitude, crime_type) values"
        " (1, '2023-12', 'Staffordshire Police', '-2.1', 'Burglary')"
    )
    con.close()
    out = run(tmp_path, write(tmp_path, "x.csv", STREET + rows(6)))
    assert out["by_crime_type"] == {"Burglary": 7}
    months = {r.key: r.crimes for r in open_data_measures(1, store)["by_month"]}
    assert months == {"2023-12": 1, "2024-01": 6}


def test_the_same_content_twice_in_one_run_is_counted_once(tmp_path: Path) -> None:
    a = write(tmp_path, "a.csv", STREET + rows(3))
    b = write(tmp_path, "b.csv", STREET + rows(3))
    out = run(tmp_path, a, b, a)
    assert [f["status"] for f in out["files"]] == ["ingested", "duplicate", "duplicate"]
    assert out["rows_stored"] == 3
    assert out["by_crime_type"] == {"Burglary": 3}


def test_a_file_of_a_stored_size_with_other_content_is_ingested(tmp_path: Path) -> None:
    run(tmp_path, write(tmp_path, "a.csv", STREET + rows(3)))
    same_size = write(tmp_path, "b.csv", STREET + rows(3).replace("Burglary", "Burglarz"))
    out = run(tmp_path, same_size)
    assert out["files"][0]["status"] == "ingested"
    assert out["by_crime_type"] == {"Burglary": 3, "Burglarz": 3}


def test_rejects_are_named_by_their_own_file_when_files_are_read_together(
    tmp_path: Path,
) -> None:
    bad = ROW.format(n=9).replace("52.8", "north")
    empty = ROW.format(n=8).replace("Burglary", "")
    good = write(tmp_path, "a.csv", STREET + rows(4))
    header_only = write(tmp_path, "b.csv", STREET)
    worse = write(tmp_path, "c.csv", STREET + rows(2) + empty + bad)
    out = run(tmp_path, good, header_only, worse)
    files = {Path(f["file"]).name: f for f in out["files"]}
    assert (files["a.csv"]["rows_stored"], files["a.csv"]["rows_rejected"]) == (4, 0)
    assert (files["b.csv"]["rows_read"], files["b.csv"]["rows_stored"]) == (0, 0)
    assert [(r["line"], r["field"]) for r in files["c.csv"]["rejects"]] == [
        (4, "crime_type"),
        (5, "latitude"),
    ]
    assert out["rows_stored"] == 6


def test_the_store_keeps_counts_not_rows(tmp_path: Path) -> None:
    import duckdb

    run(tmp_path, PACKAGED / "2024-01-staffordshire-street.csv")
    con = duckdb.connect(str(tmp_path / "store.duckdb"))
    tables = {t for (t,) in con.execute("select table_name from duckdb_tables()").fetchall()}
    groups, rows, located = con.execute(
        "select count(*), sum(rows), sum(located) from street_counts"
    ).fetchone()
    con.close()
    assert "street" not in tables
    assert rows == 8515
    assert groups < rows
    assert 0 < located <= rows


def test_progress_goes_from_nothing_to_done_through_the_reading(tmp_path: Path) -> None:
    told: list[tuple[float, str]] = []
    ingest(
        [PACKAGED],
        store_file=tmp_path / "store.duckdb",
        progress=lambda fraction, message: told.append((fraction, message)),
    )
    fractions = [f for f, _ in told]
    assert fractions[0] == 0.0
    assert fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert "reading 3 street file(s)" in {m for _, m in told}


def test_a_store_of_rows_is_counted_and_its_files_stay_duplicates(tmp_path: Path) -> None:
    """A store written when rows were kept (typed tables, files keyed by SHA-256, no
    sizes) is converted to counts when opened; its files are still known."""
    import hashlib

    import duckdb

    from safehold.insights.policeuk_schema import KINDS

    path = write(tmp_path, "old.csv", STREET + rows(2))
    store = tmp_path / "store.duckdb"
    con = duckdb.connect(str(store))
    con.execute(
        "create table files (id integer, sha256 varchar primary key, name varchar,"
        " kind varchar, rows_read integer, rows_stored integer, rows_rejected integer,"
        " ingested_at timestamptz default now())"
    )
    for kind in KINDS.values():
        cols = ", ".join(f"{name} {sql}" for _, name, sql in kind.columns)
        con.execute(f"create table {kind.table} (file_id integer, {cols})")
    con.execute(
        "insert into files (id, sha256, name, kind, rows_read, rows_stored, rows_rejected)"
        " values (1, ?, 'old.csv', 'street', 2, 2, 0)",
        [hashlib.sha256(path.read_bytes()).hexdigest()],
    )
    con.execute(
        "insert into street (file_id, month, falls_within, longitude, latitude, crime_type)"
        " values (1, date '2024-01-01', 'Staffordshire Police', -2.1, 52.8, 'Burglary'),"
        " (1, date '2024-01-01', 'Staffordshire Police', null, null, 'Burglary')"
    )
    con.close()
    out = run(tmp_path, path, write(tmp_path, "new.csv", STREET + rows(3)))
    assert [f["status"] for f in out["files"]] == ["duplicate", "ingested"]
    assert out["by_crime_type"] == {"Burglary": 5}
    con = duckdb.connect(str(store))
    located = con.execute("select sum(located) from street_counts where file_id = 1").fetchone()
    con.close()
    assert located == (1,)
