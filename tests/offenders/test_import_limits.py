"""An import of junk stays bounded (issue 13, finding 2), and long references never collide
(finding 3). Each test failed before the fix: the report listed every error, read the
whole file into memory, and cut the person reference to 20 characters."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.factories import StationFactory

from safehold.offenders.importer import COLUMNS, TEMPLATE_CSV, ImportLimits, import_caseload
from safehold.offenders.models import Offender

pytestmark = pytest.mark.django_db
HEADER = ",".join(COLUMNS)
GOOD = TEMPLATE_CSV.splitlines()[1]
EMPTY_ROW = "," * (len(COLUMNS) - 1)


def row(**changes: str) -> str:
    values = dict(zip(COLUMNS, GOOD.split(","), strict=True))
    values.update(changes)
    return ",".join(values[c] for c in COLUMNS)


def junk(rows: int) -> bytes:
    return (HEADER + "\n" + "\n".join([EMPTY_ROW] * rows) + "\n").encode()


def test_a_file_of_empty_rows_lists_the_first_100_problems_and_counts_the_rest() -> None:
    report = import_caseload(
        None, io.BytesIO(junk(50)), dry_run=True, limits=ImportLimits(max_bad_rows=10_000)
    )
    assert len(report.errors) == 100
    assert report.error_count > 100
    assert report.to_dict()["error_count"] == report.error_count
    assert "the first 100 listed" in report.summary


def test_checking_stops_after_the_configured_number_of_bad_rows() -> None:
    report = import_caseload(
        None, io.BytesIO(junk(5000)), dry_run=True, limits=ImportLimits(max_bad_rows=20)
    )
    assert report.rows == 20
    assert report.stopped_at == 21  # header is line 1
    assert "checking stopped at line 21" in report.summary


def test_a_file_over_the_configured_size_is_refused_naming_the_limit() -> None:
    report = import_caseload(None, io.BytesIO(junk(100)), limits=ImportLimits(max_bytes=1000))
    assert [(e.field, e.message) for e in report.errors] == [
        ("file", "is larger than 1000 bytes; split it")
    ]


def test_five_megabytes_of_junk_stays_within_bounded_memory() -> None:
    """Peak memory of a 5 MB junk dry run stays under 40 MB (it was 2.7 GB)."""
    data = junk(5 * 1024 * 1024 // (len(EMPTY_ROW) + 1) - 100)
    assert len(data) <= 5 * 1024 * 1024
    tracemalloc.start()
    report = import_caseload(None, io.BytesIO(data), dry_run=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert report.error_count > 0
    assert len(report.errors) == 100
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"
    assert len(json.dumps(report.to_dict())) < 50_000


def test_the_command_prints_the_summary_and_at_most_100_problems(tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(junk(500))
    with pytest.raises(CommandError) as caught:
        call_command("import-offenders", str(path), "--dry-run")
    message = str(caught.value)
    assert "the first 100 listed" in message
    assert message.count("\n  line ") == 100


def test_two_long_references_sharing_19_characters_import_as_two_people() -> None:
    """``f"I{ref}"[:20]`` made both rows the same person reference: the dry run passed and
    the import failed with a 500 (IntegrityError)."""
    StationFactory(code="STA", name="Stafford Police Station")
    first, second = "A" * 19 + "1", "A" * 19 + "2"
    text = "\n".join(
        [HEADER, row(register_reference=first), row(register_reference=second, given_name="B")]
    )
    report = import_caseload(None, io.BytesIO(text.encode()))
    assert report.ok, report.errors
    people = Offender.objects.filter(register_reference__in=[first, second]).values_list(
        "person__reference", flat=True
    )
    assert len(set(people)) == 2
