"""`safehold import-crimes`: all-or-nothing, idempotent, bad rows named by line and field."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safehold.audit.models import AccessLogEntry
from safehold.insights.importer import MAX_ERRORS, TEMPLATE_CSV, import_crimes
from safehold.insights.models import Crime

HEADER = (
    "crime_reference,recorded_on,area,crime_type,domestic_abuse,arrests,outcome_type,outcome_on\n"
)


def run(text: str | bytes, dry_run: bool = False):  # type: ignore[no-untyped-def]
    data = text.encode() if isinstance(text, str) else text
    return import_crimes(None, io.BytesIO(data), dry_run=dry_run, filename="t.csv")


@pytest.mark.django_db
def test_template_imports_and_reimport_changes_nothing() -> None:
    report = run(TEMPLATE_CSV)
    assert report.ok
    assert report.created == 3
    crime = Crime.objects.get(crime_reference="CR-2026-000001")
    assert crime.domestic_abuse
    assert crime.arrests == 1
    assert crime.outcome_type == 1
    assert str(crime.outcome_on) == "2026-10-02"
    assert Crime.objects.get(crime_reference="CR-2026-000002").outcome_type is None
    again = run(TEMPLATE_CSV)
    assert again.ok
    assert again.created == 0
    assert again.unchanged == 3
    assert Crime.objects.count() == 3
    assert AccessLogEntry.objects.filter(record_type="crime_import").count() == 2


@pytest.mark.django_db
def test_a_later_file_updates_the_outcome() -> None:
    run(HEADER + "X1,2026-01-05,Stafford,Stalking,yes,0,,\n")
    report = run(HEADER + "X1,2026-01-05,Stafford,Stalking,yes,2,16,2026-05-01\n")
    assert report.updated == 1
    crime = Crime.objects.get()
    assert (crime.arrests, crime.outcome_type, str(crime.outcome_on)) == (2, 16, "2026-05-01")


@pytest.mark.django_db
def test_dry_run_writes_nothing() -> None:
    report = run(TEMPLATE_CSV, dry_run=True)
    assert report.ok
    assert report.created == 3
    assert not Crime.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("X,2026-13-01,A,T,yes,0,,", "recorded_on", "not a date"),
        ("X,2026-01-01,A,T,maybe,0,,", "domestic_abuse", "not yes or no"),
        ("X,2026-01-01,A,T,yes,-1,,", "arrests", "not a count"),
        ("X,2026-01-01,A,T,yes,one,,", "arrests", "not a count"),
        ("X,2026-01-01,A,T,yes,0,23,2026-02-01", "outcome_type", "0-22"),
        ("X,2026-01-01,A,T,yes,0,1,", "outcome_on", "required"),
        ("X,2026-01-01,A,T,yes,0,,2026-02-01", "outcome_type", "required"),
        ("X,2026-03-01,A,T,yes,0,1,2026-02-01", "outcome_on", "before recorded_on"),
        (",2026-01-01,A,T,yes,0,,", "crime_reference", "required"),
        ("X,2026-01-01,,T,yes,0,,", "area", "required"),
    ],
)
def test_bad_rows_are_refused_naming_line_and_field(row: str, field: str, words: str) -> None:
    report = run(HEADER + "GOOD,2026-01-01,A,T,no,0,,\n" + row + "\n")
    assert not report.ok
    assert [(e.line, e.field) for e in report.errors] == [(3, field)]
    assert words in report.errors[0].message
    assert not Crime.objects.exists()


@pytest.mark.django_db
def test_file_level_problems() -> None:
    assert run("crime_reference,recorded_on\nX,2026-01-01\n").errors[0].field == "area"
    bad = run(HEADER.encode() + b"X,2026-01-01,Caf\xe9,T,yes,0,,\n")
    assert bad.errors[0].field == "file"
    assert "UTF-8" in bad.errors[0].message
    assert bad.errors[0].line == 2
    quoting = run(HEADER + 'X,2026-01-01,"A,T,yes,0,,\n')
    assert not quoting.ok
    dup = run(HEADER + "X,2026-01-01,A,T,yes,0,,\nX,2026-01-02,A,T,yes,0,,\n")
    assert "also on line 2" in dup.errors[0].message


@pytest.mark.django_db
def test_errors_are_bounded() -> None:
    rows = "".join(f"X{i},bad,A,T,yes,0,,\n" for i in range(250))
    report = run(HEADER + rows)
    assert len(report.errors) == MAX_ERRORS
    assert report.error_count == 250
    assert report.to_dict()["error_count"] == 250


@pytest.mark.django_db
def test_command_json_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "crimes.csv"
    good.write_text(TEMPLATE_CSV)
    call_command("import-crimes", str(good), "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == 3
    assert out["ok"]
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "X,2026-01-01,A,T,perhaps,0,,\n")
    with pytest.raises(CommandError) as caught:
        call_command("import-crimes", str(bad))
    assert caught.value.returncode == 2
    assert "line 2, domestic_abuse" in str(caught.value)
