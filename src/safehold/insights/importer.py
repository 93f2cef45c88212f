"""Import recorded crimes and their outcomes from CSV: every row checked, all-or-nothing,
idempotent.

The columns are documented in docs/crime-import.md with a template. Rows are matched on
``crime_reference``: a re-import updates what changed (an outcome given since, a further
arrest) and creates nothing twice. If any row is bad, nothing at all is written and the
report lists the first :data:`MAX_ERRORS` problems by line and field, with the total.
Areas and crime types are taken as the force names them; they are not checked against a
list.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import IO, Any

from django.db import transaction

from safehold.accounts.models import User
from safehold.audit.log import record
from safehold.audit.models import Operation
from safehold.errors import RowError
from safehold.offenders.import_report import SHOWN_ERRORS, ImportReport

from .counts import first_days, rebuild_crime_counts
from .models import Crime, CrimeSource

MAX_BYTES = 200 * 1024 * 1024
MAX_ERRORS = SHOWN_ERRORS

COLUMNS: dict[str, tuple[bool, str]] = {
    "crime_reference": (True, "The force's crime reference; the key for re-imports"),
    "recorded_on": (True, "Date the crime was recorded, YYYY-MM-DD"),
    "area": (True, "The policing area as the force names it"),
    "crime_type": (True, "The crime type as the force names it"),
    "domestic_abuse": (True, "yes or no: flagged as domestic abuse"),
    "arrests": (True, "Number of arrests made for this crime (0 or more)"),
    "outcome_type": (False, "Home Office outcome type 0 to 22; empty while open"),
    "outcome_on": (False, "Date the outcome was given, YYYY-MM-DD; empty while open"),
}
REQUIRED = [name for name, (required, _) in COLUMNS.items() if required]
TEMPLATE_CSV = (
    ",".join(COLUMNS)
    + "\n"
    + "CR-2026-000001,2026-09-14,Stoke-on-Trent,Violence with injury,yes,1,1,2026-10-02\n"
    + "CR-2026-000002,2026-09-15,Stafford,Stalking and harassment,yes,0,,\n"
    + "CR-2026-000003,2026-09-15,Cannock Chase,Burglary,no,0,18,2026-09-30\n"
)
FIELDS = ("recorded_on", "area", "crime_type", "domestic_abuse", "arrests", "outcome_type")


class CrimeImportReport(ImportReport):
    """What an import did, or why it did nothing: the register's import report, the first
    :data:`MAX_ERRORS` problems kept and all counted."""

    def fail(self, line: int, name: str, message: str) -> None:
        self.add(RowError(line, name, message))


def _day(raw: str, line: int, name: str, report: CrimeImportReport) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        report.fail(line, name, f"'{raw}' is not a date; use YYYY-MM-DD, e.g. 2026-11-27")
        return None


def check_row(raw: dict[str, str], line: int, report: CrimeImportReport) -> dict[str, Any]:
    """Typed values of one row; every problem goes to the report with line and field."""
    v = {name: (raw.get(name) or "").strip() for name in COLUMNS}
    for name in REQUIRED:
        if not v[name]:
            report.fail(line, name, "is required")
    for name, limit in (("crime_reference", 40), ("area", 80), ("crime_type", 80)):
        if len(v[name]) > limit:
            report.fail(line, name, f"is longer than {limit} characters")
    out: dict[str, Any] = {
        "crime_reference": v["crime_reference"],
        "area": v["area"],
        "crime_type": v["crime_type"],
    }
    out["recorded_on"] = (
        _day(v["recorded_on"], line, "recorded_on", report) if v["recorded_on"] else None
    )
    da = v["domestic_abuse"].lower()
    if da and da not in ("yes", "no"):
        report.fail(line, "domestic_abuse", f"'{v['domestic_abuse']}' is not yes or no")
    out["domestic_abuse"] = da == "yes"
    out["arrests"] = 0
    if v["arrests"]:
        if not v["arrests"].isdigit():
            report.fail(line, "arrests", f"'{v['arrests']}' is not a count (0, 1, 2, ...)")
        else:
            out["arrests"] = int(v["arrests"])
    out["outcome_type"] = None
    if v["outcome_type"]:
        if (
            not v["outcome_type"].isascii()
            or not v["outcome_type"].isdigit()
            or int(v["outcome_type"]) > 22
        ):
            report.fail(line, "outcome_type", f"'{v['outcome_type']}' is not an outcome type 0-22")
        else:
            out["outcome_type"] = int(v["outcome_type"])
    out["outcome_on"] = (
        _day(v["outcome_on"], line, "outcome_on", report) if v["outcome_on"] else None
    )
    if (
        out["outcome_type"] not in (None, 0)
        and out["outcome_on"] is None
        and v["outcome_type"].isdigit()
    ):
        report.fail(line, "outcome_on", "is required when outcome_type is given")
    if out["outcome_on"] and not v["outcome_type"]:
        report.fail(line, "outcome_type", "is required when outcome_on is given")
    if out["outcome_on"] and out["recorded_on"] and out["outcome_on"] < out["recorded_on"]:
        report.fail(line, "outcome_on", "is before recorded_on")
    return out


def _rows(file: IO[bytes], report: CrimeImportReport) -> list[tuple[int, dict[str, str]]] | None:
    raw = file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        report.fail(0, "file", "is larger than 200 MB; split it")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.fail(line, "file", f"is not UTF-8 text ({exc.reason}); save it as CSV UTF-8")
        return None
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        for name in missing:
            report.fail(1, name, "column is missing from the header")
        for name in unknown:
            report.fail(1, name or "(blank)", "is not a known column")
        if missing or unknown:
            return None
        rows = []
        line = reader.line_num + 1
        for row in reader:
            if None in row:
                report.fail(line, "row", "has more cells than the header")
            else:
                rows.append((line, row))
            line = reader.line_num + 1
        return rows
    except csv.Error as exc:
        report.fail(reader.line_num, "row", f"broken CSV quoting: {exc}")
        return None


def import_crimes(
    actor: User | None, file: IO[bytes], *, dry_run: bool = False, filename: str = "upload.csv"
) -> CrimeImportReport:
    """Check every row; write all of them in one transaction, or none."""
    report = CrimeImportReport(filename=filename, dry_run=dry_run)
    rows = _rows(file, report)
    if rows is None:
        return report
    checked: dict[str, dict[str, Any]] = {}
    seen: dict[str, int] = {}
    for line, raw in rows:
        values = check_row(raw, line, report)
        ref = values["crime_reference"]
        if ref in seen:
            report.fail(line, "crime_reference", f"'{ref}' is also on line {seen[ref]}")
        elif ref:
            seen[ref] = line
            checked[ref] = values
    report.rows = len(rows)
    if not report.ok:
        return report
    with transaction.atomic():
        _write(checked, report)
        record(
            actor,
            Operation.COLLECTION,
            "crime_import",
            filename,
            channel="cli" if actor is None else "page",
            detail={k: v for k, v in report.to_dict().items() if k != "errors"},
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _write(checked: dict[str, dict[str, Any]], report: CrimeImportReport) -> None:
    existing = {
        c.crime_reference: c
        for refs in _chunks(list(checked))
        for c in Crime.objects.filter(crime_reference__in=refs)
    }
    new, changed = [], []
    months: set[date] = set()  # every month whose counts these writes change
    for ref, v in checked.items():
        crime = existing.get(ref)
        if crime is None:
            new.append(Crime(source=CrimeSource.IMPORT, **v))
            months |= first_days(v["recorded_on"], v["outcome_on"])
            continue
        if all(getattr(crime, k) == v[k] for k in (*FIELDS, "outcome_on")):
            report.unchanged += 1
            continue
        months |= first_days(crime.recorded_on, crime.outcome_on, v["recorded_on"], v["outcome_on"])
        for k in (*FIELDS, "outcome_on"):
            setattr(crime, k, v[k])
        changed.append(crime)
    Crime.objects.bulk_create(new, batch_size=2000)
    Crime.objects.bulk_update(changed, [*FIELDS, "outcome_on"], batch_size=2000)
    rebuild_crime_counts(months=months)
    report.created, report.updated = len(new), len(changed)


def _chunks(items: list[str], size: int = 900) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
