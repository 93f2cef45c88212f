"""Import an existing caseload from CSV: every row checked, all-or-nothing, idempotent.

The columns are documented in docs/caseload-import.md with a template file. Rows are
matched on ``register_reference``: a re-import updates what changed and creates nothing
twice. If any row is bad the report lists every problem by line and field and nothing
at all is written.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time
from typing import IO, Any

from django import forms
from django.db import transaction
from django.utils import timezone

from safehold.accounts.models import User
from safehold.audit.log import Justification, PendingEntry, record_many
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.forms import GovukForm
from safehold.people.models import Address, Location, Person, PersonAddress, Sex

from .import_register_checks import check_against_register
from .import_report import ImportLimits, ImportReport
from .import_rows import COLUMNS, TEMPLATE_CSV, Row, check_rows, read_csv_rows
from .models import (
    Notification,
    NotificationKind,
    Offender,
    RiskAssessment,
    Visit,
    VisitKind,
    VisitOutcome,
)
from .notifying import RESTARTS_PERIODIC

__all__ = ["COLUMNS", "TEMPLATE_CSV", "ImportForm", "ImportLimits", "ImportReport"]


def person_reference(register_reference: str) -> str:
    """The imported person's reference: ``I`` and the register reference when that fits
    the 20-character column, else ``I`` and 19 characters of its hash (never a truncation,
    which made two references sharing their first 19 characters collide)."""
    candidate = f"I{register_reference}"
    if len(candidate) <= 20:
        return candidate
    return "I" + hashlib.blake2b(register_reference.encode(), digest_size=16).hexdigest()[:19]


def _free_reference(register_reference: str, taken: set[str]) -> str:
    """``person_reference``, or a hashed variant when a person already holds it."""
    reference, salt = person_reference(register_reference), 0
    while reference in taken:
        salt += 1
        digest = hashlib.blake2b(f"{register_reference}#{salt}".encode(), digest_size=16)
        reference = "I" + digest.hexdigest()[:19]
    taken.add(reference)
    return reference


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _write(actor: User | None, rows: list[Row], report: ImportReport) -> list[PendingEntry]:
    existing = {
        o.register_reference: o
        for o in Offender.objects.select_related("person").filter(
            register_reference__in=[r.values["register_reference"] for r in rows]
        )
    }
    log: list[PendingEntry] = []
    new_refs = [r.values["register_reference"] for r in rows]
    taken = set(
        Person.objects.filter(
            reference__in=[person_reference(ref) for ref in new_refs]
        ).values_list("reference", flat=True)
    )
    for row in rows:
        v = row.values
        offender = existing.get(v["register_reference"])
        changed = False
        if offender is None:
            location = Location.objects.create(
                lat=v["lat"], lon=v["lon"], description=v["address_line1"]
            )
            address = Address.objects.create(
                line1=v["address_line1"],
                town=v["town"],
                postcode=v["postcode"],
                location=location,
                created_by=actor,
            )
            person = Person.objects.create(
                reference=_free_reference(v["register_reference"], taken),
                given_name=v["given_name"],
                family_name=v["family_name"],
                date_of_birth=v["date_of_birth"],
                sex=v["sex"] if v["sex"] in Sex.values else Sex.UNKNOWN,
                created_by=actor,
            )
            PersonAddress.objects.create(
                person=person,
                address=address,
                kind="home",
                valid_from=v["registered_on"],
                created_by=actor,
            )
            offender = Offender(person=person, created_by=actor)
            report.created += 1
            log.append(
                PendingEntry(
                    Operation.COLLECTION,
                    "offender",
                    v["register_reference"],
                    person.pk,
                    {"line": row.line},
                )
            )
        fields = {
            "register_reference": v["register_reference"],
            "status": v["status"],
            "registered_on": v["registered_on"],
            "notification_period": v["notification_period"],
            "registration_ends_on": v["registration_ends_on"],
            "mappa_category": int(v["mappa_category"]),
            "mappa_level": int(v["mappa_level"]),
            "station_id": v["station_id"],
            "offender_manager_id": v["manager_id"],
            "no_fixed_abode": v["no_fixed_abode"],
            "interval_months_override": v["interval_months_override"],
        }
        if offender.pk:
            person = offender.person
            for name in ("given_name", "family_name", "date_of_birth"):
                if getattr(person, name) != v[name]:
                    setattr(person, name, v[name])
                    changed = True
            if changed:
                person.modified_by = actor
                person.save()
        for name, value in fields.items():
            if getattr(offender, name) != value:
                setattr(offender, name, value)
                changed = True
        if offender.pk is None:
            offender.save()
        elif changed:
            offender.version += 1
            offender.modified_by = actor
            offender.save()
        changed |= _import_events(offender, v, actor)
        if offender.pk and v["register_reference"] in existing:
            if changed:
                report.updated += 1
                log.append(
                    PendingEntry(
                        Operation.ALTERATION,
                        "offender",
                        v["register_reference"],
                        offender.person_id,
                        {"line": row.line},
                    )
                )
            else:
                report.unchanged += 1
    return log


def _import_events(offender: Offender, v: dict[str, Any], actor: User | None) -> bool:
    """Create the assessment, visit and notification rows the file implies, once each."""
    changed = False
    if (
        v["risk_level"]
        and not RiskAssessment.objects.filter(
            offender=offender,
            tool=v["risk_tool"],
            level=v["risk_level"],
            assessed_on=v["risk_assessed_on"],
        ).exists()
    ):
        RiskAssessment.objects.create(
            offender=offender,
            tool=v["risk_tool"],
            level=v["risk_level"],
            assessed_on=v["risk_assessed_on"],
            next_review_due=v["next_review_due"],
            assessor_name="Imported from caseload file",
            created_by=actor,
        )
        changed = True
    if (
        v["last_visit_seen_on"]
        and not Visit.objects.filter(
            offender=offender, outcome=VisitOutcome.SEEN, visited_at__date=v["last_visit_seen_on"]
        ).exists()
    ):
        Visit.objects.create(
            offender=offender,
            kind=VisitKind.HOME,
            outcome=VisitOutcome.SEEN,
            visited_at=_noon(v["last_visit_seen_on"]),
            checks="Imported from caseload file",
            created_by=actor,
        )
        changed = True
    if (
        v["last_notification_on"]
        and not Notification.objects.filter(
            offender=offender, notified_on=v["last_notification_on"]
        ).exists()
    ):
        Notification.objects.create(
            offender=offender,
            kind=NotificationKind.PERIODIC,
            notified_on=v["last_notification_on"],
            details="Imported from caseload file",
            created_by=actor,
        )
        changed = True
    if changed:
        refresh_summary(offender)
    return changed


def refresh_summary(offender: Offender) -> None:
    """Recompute the offender's summary dates from its event rows."""
    seen = (
        offender.visits.filter(kind=VisitKind.HOME, outcome=VisitOutcome.SEEN)
        .order_by("-visited_at")
        .first()
    )
    attempt = (
        offender.visits.filter(kind=VisitKind.HOME)
        .exclude(outcome="")
        .order_by("-visited_at")
        .first()
    )
    station = (
        offender.visits.filter(kind=VisitKind.STATION)
        .exclude(outcome="")
        .order_by("-visited_at")
        .first()
    )
    assessment = offender.assessments.order_by("-assessed_on", "-id").first()
    note = (
        offender.notifications.filter(kind__in=RESTARTS_PERIODIC)
        .exclude(notified_on=None)
        .order_by("-notified_on")
        .first()
    )
    offender.last_visit_seen_on = (
        timezone.localdate(seen.visited_at) if seen and seen.visited_at else None
    )
    offender.last_visit_attempt_on = (
        timezone.localdate(attempt.visited_at) if attempt and attempt.visited_at else None
    )
    offender.last_visit_attempt_outcome = attempt.outcome if attempt else ""
    offender.last_station_attendance_on = (
        timezone.localdate(station.visited_at) if station and station.visited_at else None
    )
    if assessment:
        offender.risk_level = assessment.level
        offender.last_risk_assessment_on = assessment.assessed_on
        offender.risk_review_due_on = assessment.next_review_due
    offender.last_notification_on = note.notified_on if note else None
    offender.save(
        update_fields=[
            "last_visit_seen_on",
            "last_visit_attempt_on",
            "last_visit_attempt_outcome",
            "last_station_attendance_on",
            "risk_level",
            "last_risk_assessment_on",
            "risk_review_due_on",
            "last_notification_on",
        ]
    )


def import_caseload(
    actor: User | None,
    file: IO[bytes],
    *,
    dry_run: bool = False,
    filename: str | None = None,
    limits: ImportLimits | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ImportReport:
    """Check every row; if all are good (and not a dry run) write them in one transaction.

    Memory stays bounded by the file-size limit: rows are checked as they are read, only
    the first ``limits.shown_errors`` problems are kept (with the total count), and
    checking stops after ``limits.max_bad_rows`` bad rows.
    """
    limits = limits or ImportLimits.from_settings()
    name = str(filename or getattr(file, "name", None) or "upload.csv")
    report = ImportReport(filename=str(name), dry_run=dry_run, shown_limit=limits.shown_errors)
    raw_rows = read_csv_rows(file, report, limits)
    if raw_rows is None:
        return report
    rows = check_rows(raw_rows, report, limits, clock=clock)
    if not report.error_count:
        for error in check_against_register([(r.line, r.values) for r in rows]):
            report.add(error)
    if report.error_count:
        report.errors.sort(key=lambda e: (e.line, e.field))
        return report
    if dry_run:
        # Write it all and roll back, so the report says exactly what the import would
        # create, update and leave unchanged; nothing is kept and nothing is logged.
        with transaction.atomic():
            _write(actor, rows, report)
            transaction.set_rollback(True)
        return report
    with transaction.atomic():
        log = _write(actor, rows, report)
        record_many(
            actor,
            log,
            justification=Justification("record_keeping", f"caseload import from {name}"),
            channel="import",
        )
    return report


class ImportForm(GovukForm):
    file = forms.FileField(
        label="Caseload CSV file",
        help_text="UTF-8 CSV with the template's columns, at most the configured size (5 MB)",
        error_messages={"required": "Choose a CSV file to import"},
    )
    dry_run = forms.BooleanField(label="Check the file only; do not import", required=False)
