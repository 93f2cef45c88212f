"""Importing a caseload: all-or-nothing, every bad row reported, idempotent, logged."""

from __future__ import annotations

import io

import pytest
from tests.factories import StationFactory

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry, Operation
from safehold.offenders.importer import COLUMNS, TEMPLATE_CSV, import_caseload
from safehold.offenders.models import Offender, RiskAssessment, Visit
from safehold.people.models import Person

pytestmark = pytest.mark.django_db
HEADER = ",".join(COLUMNS)
GOOD = TEMPLATE_CSV.splitlines()[1]


def row(**changes: str) -> str:
    values = dict(zip(COLUMNS, GOOD.split(","), strict=True))
    values.update(changes)
    return ",".join(values[c] for c in COLUMNS)


def run(text: str, *, actor: User | None = None, dry_run: bool = False) -> object:
    StationFactory(code="STA", name="Stafford Police Station")
    return import_caseload(actor, io.BytesIO(text.encode()), dry_run=dry_run, filename="t.csv")


def counts() -> tuple[int, int, int, int]:
    return (
        Offender.objects.count(),
        Person.objects.count(),
        Visit.objects.count(),
        AccessLogEntry.objects.count(),
    )


def test_a_good_file_creates_offenders_with_their_events_and_logs_collection() -> None:
    """Two rows: two offenders, their assessments and last visits; one log entry each."""
    text = "\n".join([HEADER, row(), row(register_reference="STF-0000002", given_name="Sam")])
    report = run(text)
    assert report.ok, report.errors  # type: ignore[attr-defined]
    assert report.created == 2  # type: ignore[attr-defined]
    assert RiskAssessment.objects.count() == 2
    offender = Offender.objects.get(register_reference="STF-0000002")
    assert offender.last_visit_seen_on is not None
    assert offender.risk_level == "medium"
    assert (
        AccessLogEntry.objects.filter(
            operation=Operation.COLLECTION, record_type="offender"
        ).count()
        == 2
    )


def test_importing_the_same_file_again_changes_nothing() -> None:
    """Re-import is idempotent: everything unchanged, no new rows."""
    text = "\n".join([HEADER, row()])
    run(text)
    before = (Offender.objects.count(), Visit.objects.count(), RiskAssessment.objects.count())
    report = run(text)
    assert report.unchanged == 1  # type: ignore[attr-defined]
    assert report.created == 0  # type: ignore[attr-defined]
    after = (Offender.objects.count(), Visit.objects.count(), RiskAssessment.objects.count())
    assert before == after


def test_a_changed_row_updates_the_matching_offender() -> None:
    """Matched on register_reference, a new status is an update logged as an alteration."""
    run("\n".join([HEADER, row()]))
    report = run("\n".join([HEADER, row(status="in_custody")]))
    assert report.updated == 1  # type: ignore[attr-defined]
    assert Offender.objects.get().status == "in_custody"
    assert (
        AccessLogEntry.objects.filter(operation=Operation.ALTERATION)
        .exclude(record_type="user")
        .exists()
    )


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("\n".join([HEADER, row(registered_on="2019-13-01")]), 2, "registered_on"),
        ("\n".join([HEADER, row(risk_level="extreme")]), 2, "risk_level"),
        ("\n".join([HEADER, row(), row()]), 3, "register_reference"),
        (
            "\n".join(
                [
                    HEADER.replace("postcode,", ""),
                    ",".join(
                        v for c, v in zip(COLUMNS, GOOD.split(","), strict=True) if c != "postcode"
                    ),
                ]
            ),
            1,
            "postcode",
        ),
        ("\n".join([HEADER, row(), '"STF-9,"Broken",x']), 3, "row"),
        ("\n".join([HEADER, row(station_code="XYZ")]), 2, "station_code"),
        ("\n".join([HEADER, row(lat="91")]), 2, "lat"),
        ("\n".join([HEADER, row(offender_manager="nobody")]), 2, "offender_manager"),
        ("\n".join([HEADER, row(risk_tool="")]), 2, "risk_tool"),
        ("\n".join([HEADER, row(registration_ends_on="2010-01-01")]), 2, "registration_ends_on"),
    ],
    ids=[
        "bad-date",
        "unknown-risk",
        "duplicate-reference",
        "missing-column",
        "broken-quoting",
        "unknown-station",
        "latitude-out-of-range",
        "unknown-manager",
        "risk-without-tool",
        "ends-before-registration",
    ],
)
def test_a_bad_file_is_rejected_naming_line_and_field_and_nothing_is_written(
    text: str, line: int, field: str
) -> None:
    """Each kind of bad input is reported where it is; the database is untouched."""
    good_first = "\n".join([HEADER, row(register_reference="STF-0000009")])
    before = counts()
    report = run(text + "\n" + good_first.splitlines()[1])
    assert not report.ok  # type: ignore[attr-defined]
    assert any(e.line == line and e.field == field for e in report.errors), report.errors  # type: ignore[attr-defined]
    assert counts() == before


def test_a_file_that_is_not_utf8_is_rejected_with_what_to_do() -> None:
    """A Latin-1 file is refused with advice to save it as CSV UTF-8."""
    StationFactory(code="STA")
    raw = (HEADER + "\n" + row(given_name="Zoë")).encode("latin-1")
    report = import_caseload(None, io.BytesIO(raw), filename="latin1.csv")
    assert not report.ok
    assert "UTF-8" in report.errors[0].message


def test_a_dry_run_checks_but_writes_nothing() -> None:
    """--dry-run validates the whole file and leaves the database alone."""
    report = run("\n".join([HEADER, row()]), dry_run=True)
    assert report.ok  # type: ignore[attr-defined]
    assert counts() == (0, 0, 0, 0)
    # It says what it would do: one offender created, nothing kept.
    assert (report.created, report.updated, report.unchanged) == (1, 0, 0)  # type: ignore[attr-defined]


def test_the_documented_template_is_the_one_the_importer_serves() -> None:
    """docs/caseload-template.csv matches the importer's columns and example row."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "docs" / "caseload-template.csv"
    assert path.read_text() == TEMPLATE_CSV


def test_a_date_after_the_clocks_today_is_refused() -> None:
    """The future is the clock's: frozen on 1 July 2026, a visit on 14 July is refused (and
    nothing is written), while the review due in 2027 may be in the future."""
    from datetime import UTC, datetime

    from safehold.clock import FrozenClock

    StationFactory(code="STA", name="Stafford Police Station")
    report = import_caseload(
        None,
        io.BytesIO("\n".join([HEADER, row()]).encode()),
        filename="t.csv",
        clock=FrozenClock(datetime(2026, 7, 1, 9, tzinfo=UTC)),
    )
    assert not report.ok
    shown = " ".join(str(e) for e in report.errors)
    assert "last_visit_seen_on" in shown
    assert "2026-07-14 is in the future" in shown
    assert "next_review_due" not in shown
    assert Offender.objects.count() == 0
