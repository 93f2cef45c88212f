"""Benchmark: data.police.uk ingest against pandas, and the outcome measures at 10 M crimes.

1. Synthesises at least ``--rows`` (default 1,000,000) street-format rows from the
   Staffordshire files packaged in data/policeuk (their rows repeated with the month and
   crime ID changed), split into monthly files, and times in the same process:
   - Safehold's ingest (``safehold.insights.policeuk.ingest``: header check, SHA-256 and
     UTF-8 check, DuckDB's CSV reader over all files at once, type checks, line numbers,
     the counts per file and key stored in a new DuckDB file; see
     docs/decisions/0028-open-data-stored-as-counts.md), and
   - pandas ``read_csv`` of the same files (parsing only: no checks, nothing stored),
   printing rows per second for each and the ratio (target: Safehold >= 3x pandas);
   - the floor under any ingest that keeps the idempotence key and checks types: the
     SHA-256 of the same files (read in 1 MB chunks, as Safehold does) plus the fastest
     plain parse on hand (pyarrow's multithreaded CSV reader, only the columns the counts
     need, as text and coordinates as numbers; nothing checked or stored), and
     Safehold's time as a multiple of that floor
     (docs/decisions/0030-ingest-speed-against-its-floor.md).
   The four are run in turn, ``--repeat`` times, so that a change in the machine's load
   falls on all of them.
2. Builds ``--crimes`` (default 10,000,000) synthetic recorded crimes, writes their counts
   (``CrimeMonthCount``, as each import's rebuild would) to SQLite, and times the DA crime
   measures (monthly series with trend tests, by area and by crime type) and ``outcomes
   explain`` for both metrics as the pages run them, from the database (target: each
   <= 2 s), beside the same computations over every crime row in memory (the baseline).
3. Times the rebuild of the counts from ``--rebuild-crimes`` (default 1,000,000) crimes in
   SQLite: in full, and of one month (what an import touching one month does in its
   transaction).

    python -P bench/ingest.py [--rows 1000000] [--crimes 10000000] [--rebuild-crimes 1000000]
        [--repeat 3] [--only ingest|measures|rebuild] [--json]

Timings are medians of ``--repeat`` runs, each printed with the load average (1 and 5
minutes) just after it: the machine may be shared, so run it when it is quiet, and more
than once. Nothing is kept: the files, the store and the SQLite database live in a
temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _setup_django(var: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{var / 'bench.sqlite3'}"
    os.environ["SAFEHOLD_VAR_DIR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehold.config.settings")
    import django

    django.setup()


def _median(fn: Callable[[], Any], repeat: int) -> tuple[float, str]:
    """The median time of ``repeat`` runs, and the load average (1 and 5 minutes) after."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    one, five, _ = os.getloadavg()
    return statistics.median(times), f"{one:.2f} {five:.2f}"


def synthesise_street(folder: Path, rows: int) -> tuple[list[Path], int]:
    """Monthly street files of the packaged rows, repeated until ``rows`` are written."""
    header, body = b"", []
    for path in sorted((ROOT / "data" / "policeuk").glob("*-street.csv")):
        lines = path.read_bytes().splitlines(keepends=True)
        header, body = lines[0], body + lines[1:]
    files, written, month = [], 0, 0
    per_file = 100_000
    while written < rows:
        y, m = 2010 + month // 12, month % 12 + 1
        tag = f"{y:04d}-{m:02d}".encode()
        chunk = [header]
        for i in range(min(per_file, rows - written)):
            line = body[(written + i) % len(body)]
            comma = line.index(b",")  # the month is the second field
            chunk.append(line[: comma + 1] + tag + line[comma + 8 :])
        path = folder / f"{y:04d}-{m:02d}-staffordshire-street.csv"
        path.write_bytes(b"".join(chunk))
        files.append(path)
        written += len(chunk) - 1
        month += 1
    return files, written


# The street columns the stored counts read (the keys, the checks and the coordinates).
NEEDED = [
    "Month",
    "Falls within",
    "Longitude",
    "Latitude",
    "LSOA code",
    "Crime type",
    "Last outcome category",
]


def sha256_files(files: list[Path]) -> None:
    """The SHA-256 of every file, read in 1 MB chunks (Safehold's idempotence key)."""
    import hashlib

    buffer = bytearray(1 << 20)
    view = memoryview(buffer)
    for path in files:
        digest = hashlib.sha256()
        with path.open("rb", buffering=0) as f:
            while n := f.readinto(buffer):
                digest.update(view[:n])
        digest.hexdigest()


def parse_files(files: list[Path]) -> int:
    """pyarrow's CSV reader over every file, only the needed columns: the rows read."""
    import pyarrow as pa
    from pyarrow import csv

    options = csv.ConvertOptions(
        include_columns=NEEDED,
        column_types={
            c: pa.float64() if c in ("Longitude", "Latitude") else pa.string() for c in NEEDED
        },
    )
    return sum(csv.read_csv(f, convert_options=options).num_rows for f in files)


def bench_ingest(rows: int, repeat: int) -> dict[str, Any]:
    import pandas as pd

    from safehold.insights.policeuk import ingest

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        files, written = synthesise_street(folder, rows)
        runs = iter(range(1000))

        def safehold() -> None:
            report = ingest(files, store_file=Path(tmp) / f"store-{next(runs)}.duckdb")
            stored = sum(f.rows_stored for f in report.files)
            assert stored == written, (stored, written)

        def pandas() -> None:
            total = sum(len(pd.read_csv(f)) for f in files)
            assert total == written

        def parse() -> None:
            assert parse_files(files) == written

        cases = {"safehold": safehold, "pandas": pandas, "sha256": lambda: sha256_files(files)}
        cases["parse"] = parse
        times: dict[str, list[float]] = {name: [] for name in cases}
        loads: dict[str, str] = {}
        for _ in range(repeat):  # in turn, so that the load falls on all of them
            for name, run in cases.items():
                seconds, loads[name] = _median(run, 1)
                times[name].append(seconds)
        ours, theirs, sha, parsed = (statistics.median(times[n]) for n in cases)
    floor = sha + parsed
    return {
        "rows": written,
        "files": len(files),
        "safehold_seconds": round(ours, 3),
        "safehold_load": loads["safehold"],
        "pandas_load": loads["pandas"],
        "safehold_rows_per_second": round(written / ours),
        "pandas_seconds": round(theirs, 3),
        "pandas_rows_per_second": round(written / theirs),
        "ratio": round(theirs / ours, 2),
        "target_ratio": 3.0,
        "floor": {
            "sha256_seconds": round(sha, 3),
            "sha256_load": loads["sha256"],
            "parse_seconds": round(parsed, 3),
            "parse_load": loads["parse"],
            "parse": f"pyarrow.csv.read_csv, {len(NEEDED)} columns",
            "seconds": round(floor, 3),
        },
        "safehold_vs_floor": round(ours / floor, 2),
        "pandas_vs_floor": round(theirs / floor, 2),
    }


def synthetic_crimes(n: int) -> Any:
    """``n`` recorded crimes, one row each, as the Arrow table the crime queries read."""
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng(12)
    start = np.datetime64("2025-01-01")
    recorded = start + rng.integers(0, 365, n).astype("timedelta64[D]")
    areas = np.array(
        [
            "Stoke-on-Trent",
            "Stafford",
            "Cannock Chase",
            "East Staffordshire",
            "Lichfield",
            "Newcastle-under-Lyme",
            "South Staffordshire",
            "Staffordshire Moorlands",
            "Tamworth",
        ]
    )
    types = np.array(
        [
            "Violence with injury",
            "Violence without injury",
            "Stalking and harassment",
            "Controlling or coercive behaviour",
            "Sexual offence",
            "Criminal damage",
            "Public order",
            "Other crime",
        ]
    )
    outcome_pool = np.array([1, 1, 8, 10, 14, 15, 15, 16, 16, 16, 16, 18, 20, 21])
    has_outcome = rng.random(n) < 0.8
    outcome = np.where(has_outcome, rng.choice(outcome_pool, n), 0).astype("int16")
    delay = rng.exponential(60, n).astype("int64").astype("timedelta64[D]")
    return pa.table(
        {
            "recorded_on": pa.array(recorded.astype("datetime64[D]"), pa.date32()),
            "area": pa.array(rng.choice(areas, n)).dictionary_encode(),
            "crime_type": pa.array(rng.choice(types, n)).dictionary_encode(),
            "domestic_abuse": pa.array(rng.random(n) < 0.35),
            "arrests": pa.array(rng.poisson(0.45, n).astype("int64")),
            "outcome_type": pa.array(outcome, mask=~has_outcome),
            "outcome_on": pa.array(
                (recorded + delay).astype("datetime64[D]"), pa.date32(), mask=~has_outcome
            ),
        }
    )


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} {five:.2f}"


def bench_measures(n: int, repeat: int) -> dict[str, Any]:
    """The measures and ``outcomes explain`` as the pages and commands run them (the
    counts read from the database into DuckDB), beside the same computations over every
    crime row already in memory (the former way, less its database read) as the
    baseline."""
    from safehold.insights import queries
    from safehold.insights.duckdb_store import count_rows
    from safehold.insights.measures import crime_overview
    from safehold.insights.models import CrimeMonthCount
    from safehold.insights.outcomes import explain, parse_period

    table = synthetic_crimes(n)
    rows = count_rows(table)
    CrimeMonthCount.objects.all().delete()
    CrimeMonthCount.objects.bulk_create([CrimeMonthCount(**r) for r in rows], batch_size=2000)
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    before, after = parse_period("2025-01..2025-06", "b"), parse_period("2025-07..2025-12", "a")
    out: dict[str, Any] = {"crimes": n, "count_rows": len(rows), "target_seconds": 2.0}
    cases: dict[str, Callable[[Any], Any]] = {
        "measures": lambda t: crime_overview(t, start, end),
        "explain_charge_rate": lambda t: explain(t, "charge_rate", before, after),
        "explain_arrest_rate": lambda t: explain(t, "arrest_rate", before, after),
    }
    for name, run in cases.items():
        ours, ours_load = _median(lambda run=run: run(queries.crime_table()), repeat)
        rows_s, rows_load = _median(lambda run=run: run(table), repeat)
        assert run(queries.crime_table()) == run(table), name  # the same figures
        out[name] = {
            "seconds": round(ours, 3),
            "load": ours_load,
            "every_row_seconds": round(rows_s, 3),
            "every_row_load": rows_load,
            "speed_up": round(rows_s / ours, 1),
        }
    return out


def bench_rebuild(n: int) -> dict[str, Any]:
    """Rebuilding the counts from ``n`` crimes in the database, on SQLite: all of them (the
    synthetic force, the migration), and one month's (an import rewrites the months its
    crimes touch, in its transaction)."""
    from django.db import connection

    from safehold.insights.counts import rebuild_crime_counts

    table = synthetic_crimes(n).to_pydict()
    with connection.cursor() as cursor:
        cursor.execute("delete from insights_crime")
        cursor.executemany(
            "insert into insights_crime (crime_reference, recorded_on, area, crime_type,"
            " domestic_abuse, arrests, outcome_type, outcome_on, source, imported_at)"
            " values (%s, %s, %s, %s, %s, %s, %s, %s, 'import', '2026-01-01')",
            [
                (f"B{i}", *values)
                for i, values in enumerate(
                    zip(
                        table["recorded_on"],
                        table["area"],
                        table["crime_type"],
                        table["domestic_abuse"],
                        table["arrests"],
                        table["outcome_type"],
                        table["outcome_on"],
                        strict=True,
                    )
                )
            ],
        )
    seconds, load = _median(rebuild_crime_counts, 1)
    # An import touching one month (new crimes recorded, or outcomes given, in June).
    month, month_load = _median(lambda: rebuild_crime_counts(months={date(2025, 6, 1)}), 3)
    return {
        "crimes": n,
        "seconds": round(seconds, 3),
        "load": load,
        "one_month_seconds": round(month, 3),
        "one_month_load": month_load,
    }


def _tables() -> None:
    """The two crime tables in the bench's own SQLite file (no full migrate)."""
    from django.db import connection

    from safehold.insights.models import Crime, CrimeMonthCount

    with connection.schema_editor() as editor:
        editor.create_model(Crime)
        editor.create_model(CrimeMonthCount)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--crimes", type=int, default=10_000_000)
    parser.add_argument("--rebuild-crimes", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["ingest", "measures", "rebuild"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result: dict[str, Any] = {"load_at_start": _load()}
    with tempfile.TemporaryDirectory() as var:
        _setup_django(Path(var))
        _tables()
        if args.only in (None, "ingest"):
            result["ingest"] = bench_ingest(args.rows, args.repeat)
        if args.only in (None, "measures"):
            result["measures"] = bench_measures(args.crimes, args.repeat)
        if args.only in (None, "rebuild"):
            result["rebuild"] = bench_rebuild(args.rebuild_crimes)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"Load average at start (1, 5 min): {result['load_at_start']}")
    if "ingest" in result:
        i = result["ingest"]
        print(f"Ingest of {i['rows']:,} street rows in {i['files']} files (median of runs):")
        print(
            f"  Safehold  {i['safehold_seconds']:>7.2f} s  {i['safehold_rows_per_second']:>10,}"
            f" rows/s  (load {i['safehold_load']})"
        )
        print(
            f"  pandas    {i['pandas_seconds']:>7.2f} s  {i['pandas_rows_per_second']:>10,}"
            f" rows/s  (load {i['pandas_load']})"
        )
        print(f"  ratio     {i['ratio']:.2f}x (target >= 3x)")
        f = i["floor"]
        print(
            f"  floor     {f['seconds']:>7.2f} s  = SHA-256 {f['sha256_seconds']:.2f} s"
            f" (load {f['sha256_load']}) + parse {f['parse_seconds']:.2f} s"
            f" ({f['parse']}; load {f['parse_load']})"
        )
        print(
            f"  Safehold  {i['safehold_vs_floor']:.2f}x the floor"
            f" (pandas, which neither hashes nor checks, {i['pandas_vs_floor']:.2f}x)"
        )
    if "measures" in result:
        m = result["measures"]
        print(
            f"Over {m['crimes']:,} crimes ({m['count_rows']:,} count rows), target <= 2 s;"
            " baseline: the same over every crime row in memory:"
        )
        for key, label in [
            ("measures", "DA measures, by area and crime type "),
            ("explain_charge_rate", "outcomes explain --metric charge_rate"),
            ("explain_arrest_rate", "outcomes explain --metric arrest_rate"),
        ]:
            r = m[key]
            print(
                f"  {label} {r['seconds']:.2f} s (load {r['load']});"
                f" every row {r['every_row_seconds']:.2f} s; {r['speed_up']}x"
            )
    if "rebuild" in result:
        r = result["rebuild"]
        print(
            f"Rebuilding the counts from {r['crimes']:,} crimes in SQLite, in full:"
            f" {r['seconds']:.2f} s (load {r['load']}); an import touching one month:"
            f" {r['one_month_seconds']:.2f} s (load {r['one_month_load']})"
        )


if __name__ == "__main__":
    main()
