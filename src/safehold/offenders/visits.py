"""Visits on the record: a home visit or station attendance recorded (completing a planned
visit if there was one), and a planned visit put on the record.

Recording a visit keeps the offender's summary dates in step, keeps the no-access streak
and the whereabouts procedure (``whereabouts.on_visit``), returns a reactively managed
offender to active management when the visit raised concerns, and logs the visit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.datetext import long_date
from safehold.errors import InvalidInput, NotFound

from . import oversight, whereabouts
from .models import ReviewTrigger, Visit, VisitKind, VisitOutcome
from .planned import check_planned_slot
from .visit_orders import apply_order_checks
from .writes import locked as _locked
from .writes import log as _log
from .writes import not_future as _not_future
from .writes import require as _require
from .writes import touch as _touch

__all__ = ["VisitInput", "record_visit", "schedule_visit"]


@dataclass(frozen=True, slots=True)
class VisitInput:
    """What happened on a visit."""

    visited_at: datetime
    outcome: str
    officer_1_id: int | None = None
    officer_2_id: int | None = None
    kind: str = VisitKind.HOME
    announced: bool = False
    checks: str = ""
    concerns: str = ""
    intelligence_submitted: bool = False
    people_present: str = ""
    child_present: bool = False
    address_confirmed: bool | None = None
    unnotified_details: bool = False
    devices_examined: str = ""
    compliance: Mapping[int, str] = field(default_factory=dict)
    arms_observations: Mapping[str, str] = field(default_factory=dict)
    photograph_taken: bool = False


def record_visit(
    actor: User,
    offender_id: int,
    data: VisitInput,
    *,
    planned_visit_id: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Visit:
    """Record a home visit or station attendance (completing a planned visit if given)."""
    if data.outcome not in VisitOutcome.values:
        raise InvalidInput(
            f"Outcome must be one of: {', '.join(VisitOutcome.values)}", field="outcome"
        )
    if data.kind not in VisitKind.values:
        raise InvalidInput(f"Kind must be one of: {', '.join(VisitKind.values)}", field="kind")
    if timezone.is_naive(data.visited_at):
        raise InvalidInput("Give the visit time with its time zone", field="visited_at")
    _not_future(data.visited_at, "visited_at", "The visit time", clock=clock)
    if data.kind == VisitKind.HOME:
        _require(data.officer_1_id, "officer_1", "Select the first officer")
        _require(data.officer_2_id, "officer_2", "Select the second officer: visits are in pairs")
    if data.officer_1_id and data.officer_1_id == data.officer_2_id:
        raise InvalidInput("The two officers must be different people", field="officer_2")
    officers = [i for i in (data.officer_1_id, data.officer_2_id) if i]
    if officers and User.objects.filter(pk__in=officers, is_active=True).count() != len(officers):
        raise InvalidInput("Select officers from the list", field="officer_1")
    with transaction.atomic():
        offender = _locked(actor, offender_id)
        visit: Visit | None = None
        if planned_visit_id is not None:
            visit = Visit.objects.filter(
                pk=planned_visit_id, offender=offender, outcome="", cancelled_at__isnull=True
            ).first()
            if visit is None:
                raise NotFound(
                    "That planned visit is not open on this record", code="planned_visit_not_found"
                )
        visit = visit or Visit(offender=offender, created_by=actor)
        visit.kind = data.kind
        visit.visited_at = data.visited_at
        visit.outcome = data.outcome
        visit.officer_1_id = data.officer_1_id
        visit.officer_2_id = data.officer_2_id
        visit.announced = data.announced
        visit.checks = data.checks.strip()
        visit.concerns = data.concerns.strip()
        visit.people_present = data.people_present.strip()[:300]
        visit.child_present = data.child_present
        visit.address_confirmed = data.address_confirmed
        visit.unnotified_details = data.unnotified_details
        apply_order_checks(
            visit,
            offender,
            day=timezone.localdate(data.visited_at),
            answers=data.compliance,
            observations=data.arms_observations,
            devices=data.devices_examined,
            photograph=data.photograph_taken,
        )
        if data.child_present and "child" not in visit.concerns.lower():
            visit.concerns = "; ".join(p for p in ("Child present", visit.concerns) if p)
        visit.raised_concern = bool(visit.concerns)
        visit.intelligence_submitted = data.intelligence_submitted
        visit.modified_by = actor
        visit.save()
        day = timezone.localdate(data.visited_at)
        fields: list[str] = []
        if data.kind == VisitKind.STATION:
            if (
                offender.last_station_attendance_on is None
                or day > offender.last_station_attendance_on
            ):
                offender.last_station_attendance_on = day
                fields.append("last_station_attendance_on")
        else:
            if data.outcome == VisitOutcome.SEEN and (
                offender.last_visit_seen_on is None or day >= offender.last_visit_seen_on
            ):
                offender.last_visit_seen_on = day
                fields.append("last_visit_seen_on")
            if offender.last_visit_attempt_on is None or day >= offender.last_visit_attempt_on:
                offender.last_visit_attempt_on = day
                offender.last_visit_attempt_outcome = data.outcome
                fields += ["last_visit_attempt_on", "last_visit_attempt_outcome"]
        if fields:
            _touch(offender, actor, fields)
        if data.kind == VisitKind.HOME:
            whereabouts.on_visit(actor, offender, data.outcome, day, clock=clock)
        if data.unnotified_details and offender.unnotified_change_on is None:
            offender.unnotified_change_on = day
            _touch(offender, actor, ["unnotified_change_on"])
        if visit.raised_concern:
            oversight.return_to_active(
                actor,
                offender,
                ReviewTrigger.VISIT_CONCERN,
                f"visit on {long_date(day)}: {visit.concerns}",
                clock=clock,
            )
        _log(
            actor,
            Operation.COLLECTION,
            "visit",
            visit.pk,
            offender,
            {"outcome": data.outcome, "kind": data.kind, "on": day.isoformat()},
        )
    return visit


def schedule_visit(
    actor: User,
    offender_id: int,
    *,
    planned_for: datetime,
    officer_1_id: int | None = None,
    officer_2_id: int | None = None,
    plan_run_id: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Visit:
    """Put a planned home visit on the record."""
    check_planned_slot(planned_for, officer_1_id, officer_2_id, clock=clock)
    with transaction.atomic():
        offender = _locked(actor, offender_id)
        visit = Visit.objects.create(
            offender=offender,
            kind=VisitKind.HOME,
            planned_for=planned_for,
            officer_1_id=officer_1_id,
            officer_2_id=officer_2_id,
            plan_run_id=plan_run_id,
            created_by=actor,
            modified_by=actor,
        )
        _log(
            actor,
            Operation.COLLECTION,
            "planned_visit",
            visit.pk,
            offender,
            {"planned_for": planned_for.isoformat()},
        )
    return visit
