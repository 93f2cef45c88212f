"""Every write to the register: one function each, which checks permission, validates,
writes in one transaction, keeps the offender's summary dates in step and logs the
operation in the access log inside that same transaction.

Views, the API, the CLI and the importer call these; nothing else saves case data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from safehold.accounts.models import User
from safehold.accounts.roles import Capability, Role
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Forbidden, InvalidInput, NotFound

from . import oversight, oversight_rules, whereabouts
from .breaches import BreachInput, record_breach
from .briefing_actions import BriefingActionInput, close_briefing_action, record_briefing_action
from .models import (
    ChangeKind,
    NotificationKind,
    Offender,
    ReviewTrigger,
    RiskAssessment,
    RiskLevel,
    RiskTool,
    Status,
    Visit,
    VisitKind,
    VisitOutcome,
)
from .notifying import NotificationInput, decide_s91, record_notification
from .oversight import IntelligenceInput, close_review, record_intelligence, sign_off_change

# Planned visits: the register's half of planning (place, move, cancel).
from .planned import (
    CancelledVisit,
    PlannedStop,
    cancel_plan_visits,
    cancel_planned_visit,
    check_planned_slot,
    move_planned_visit,
    place_planned_visits,
)
from .risk_plan import review_on_change
from .visit_orders import apply_order_checks
from .vocabulary import RiskLevel as PlainRiskLevel
from .whereabouts import clear_procedure, clear_wanted, open_procedure, record_step
from .writes import RECORDING, can_edit
from .writes import locked as _locked
from .writes import log as _log
from .writes import not_future as _not_future
from .writes import require as _require
from .writes import touch as _touch

__all__ = [
    "RECORDING",
    "BreachInput",
    "BriefingActionInput",
    "CancelledVisit",
    "IntelligenceInput",
    "NotificationInput",
    "PlannedStop",
    "can_edit",
    "cancel_plan_visits",
    "cancel_planned_visit",
    "clear_procedure",
    "clear_wanted",
    "close_briefing_action",
    "close_review",
    "decide_s91",
    "move_planned_visit",
    "open_procedure",
    "place_planned_visits",
    "record_breach",
    "record_briefing_action",
    "record_intelligence",
    "record_notification",
    "record_step",
    "sign_off_change",
]

# Notifications that restart the annual clock (SOA 2003 s85 counts from s83/s84/s85).
RESTARTS_PERIODIC = {
    NotificationKind.INITIAL,
    NotificationKind.CHANGE,
    NotificationKind.PERIODIC,
    NotificationKind.WEEKLY_NFA,
    NotificationKind.RELEASE,
}


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
                f"visit on {day:%d %B %Y}: {visit.concerns}",
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


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    tool: str
    level: str
    assessed_on: date
    next_review_due: date | None = None
    assessor_name: str = ""
    notes: str = ""


def record_risk_assessment(
    actor: User, offender_id: int, data: AssessmentInput, *, clock: Clock = SYSTEM_CLOCK
) -> RiskAssessment:
    """Record a risk assessment; the latest sets the offender's risk level."""
    if data.tool not in RiskTool.values:
        raise InvalidInput(f"Tool must be one of: {', '.join(RiskTool.values)}", field="tool")
    if data.level not in RiskLevel.values:
        raise InvalidInput(
            f"Risk level must be one of: {', '.join(RiskLevel.values)}", field="level"
        )
    _not_future(data.assessed_on, "assessed_on", "The assessment date", clock=clock)
    if data.next_review_due is not None and data.next_review_due <= data.assessed_on:
        raise InvalidInput(
            "The next review must be after the assessment date", field="next_review_due"
        )
    with transaction.atomic():
        offender = _locked(actor, offender_id)
        assessment = RiskAssessment.objects.create(
            offender=offender,
            tool=data.tool,
            level=data.level,
            assessed_on=data.assessed_on,
            next_review_due=data.next_review_due,
            assessor=actor,
            assessor_name=data.assessor_name or actor.get_full_name(),
            notes=data.notes,
            created_by=actor,
            modified_by=actor,
        )
        latest = offender.last_risk_assessment_on
        if latest is None or data.assessed_on >= latest:
            previous = offender.risk_level
            offender.last_risk_assessment_on = data.assessed_on
            offender.risk_review_due_on = data.next_review_due
            offender.risk_review_reason = ""
            fields = ["last_risk_assessment_on", "risk_review_due_on", "risk_review_reason"]
            if oversight_rules.lowers_risk(
                PlainRiskLevel(previous) if previous else None,
                PlainRiskLevel(data.level),
            ):
                # A lower level waits for a DS's sign-off; the higher level stays till then.
                _touch(offender, actor, fields)
                oversight.propose(
                    actor,
                    offender,
                    ChangeKind.LOWER_RISK,
                    from_value=previous,
                    to_value=data.level,
                    reason=data.notes or f"Risk assessment ({data.tool}) on {data.assessed_on}",
                    assessment=assessment,
                    clock=clock,
                )
            else:
                offender.risk_level = data.level
                _touch(offender, actor, [*fields, "risk_level"])
                oversight.withdraw(
                    offender,
                    ChangeKind.LOWER_RISK,
                    actor,
                    "A later assessment replaced it",
                    clock=clock,
                )
                _log(
                    actor,
                    Operation.ALTERATION,
                    "offender",
                    offender.pk,
                    offender,
                    {"risk_level": {"from": previous, "to": data.level}},
                )
        if data.tool != RiskTool.OVERALL:
            review_on_change(
                actor, offender, f"New {RiskTool(data.tool).label} assessment", data.assessed_on
            )
        _log(
            actor,
            Operation.COLLECTION,
            "risk_assessment",
            assessment.pk,
            offender,
            {"tool": data.tool, "level": data.level},
        )
    return assessment


def assign_manager(
    actor: User, offender_id: int, manager_id: int, *, expected_version: int | None = None
) -> Offender:
    """Give an offender to an offender manager (priorities team only)."""
    if not actor.can(Capability.ASSIGN_OFFENDERS):
        raise Forbidden("Only the priorities team assigns offender managers")
    manager = User.objects.filter(pk=manager_id, role=Role.OFFENDER_MANAGER, is_active=True).first()
    if manager is None:
        raise InvalidInput("Select an offender manager from the list", field="manager")
    with transaction.atomic():
        offender = _locked(actor, offender_id, expected_version=expected_version)
        previous = offender.offender_manager_id
        offender.offender_manager = manager
        _touch(offender, actor, ["offender_manager"])
        _log(
            actor,
            Operation.ALTERATION,
            "offender",
            offender.pk,
            offender,
            {"offender_manager": {"from": previous, "to": manager.pk}},
        )
    return offender


def mark_pursued(
    actor: User,
    offender_id: int,
    *,
    pursued: bool,
    reason: str,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Offender:
    """Mark an offender as being pursued by the priorities team (or stop), with why."""
    if not actor.can(Capability.ASSIGN_OFFENDERS):
        raise Forbidden("Only the priorities team marks offenders as pursued")
    if pursued:
        _require(reason.strip(), "reason", "Say why the offender is being pursued")
    with transaction.atomic():
        offender = _locked(actor, offender_id, expected_version=expected_version)
        offender.pursued = pursued
        offender.pursued_since = clock.now() if pursued else None
        offender.pursued_reason = reason.strip()
        _touch(offender, actor, ["pursued", "pursued_since", "pursued_reason"])
        _log(
            actor,
            Operation.ALTERATION,
            "offender",
            offender.pk,
            offender,
            {"pursued": pursued, "reason": reason.strip()},
        )
    return offender


def set_visit_interval(
    actor: User,
    offender_id: int,
    *,
    months: int | None,
    reason: str,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Offender:
    """Set (or clear) the visit interval from the risk management plan, with its reason.

    This is how a person overrides the policy's default due date: the policy then uses
    the plan's interval and says so in its reasons.
    """
    if months is not None and not 1 <= months <= 24:
        raise InvalidInput("The interval must be between 1 and 24 months", field="months")
    if months is not None:
        _require(reason.strip(), "reason", "Say why the risk management plan sets this interval")
    with transaction.atomic():
        offender = _locked(actor, offender_id, expected_version=expected_version)
        previous = offender.interval_months_override
        if oversight_rules.interval_lengthens(
            oversight.effective_interval(offender, previous),
            oversight.effective_interval(offender, months),
        ):
            # A longer interval waits for a DS's sign-off; the shorter one stays till then.
            oversight.propose(
                actor,
                offender,
                ChangeKind.LONGER_INTERVAL,
                from_value=str(previous or ""),
                to_value=str(months or ""),
                reason=reason.strip() or "Back to the risk level's default interval",
                clock=clock,
            )
            return offender
        offender.interval_months_override = months
        offender.interval_override_reason = reason.strip() if months else ""
        _touch(offender, actor, ["interval_months_override", "interval_override_reason"])
        _log(
            actor,
            Operation.ALTERATION,
            "offender",
            offender.pk,
            offender,
            {"interval_months": {"from": previous, "to": months}, "reason": reason.strip()},
        )
    return offender


def _propose_reactive(
    actor: User, offender: Offender, reason: str, override: str, clock: Clock
) -> None:
    if offender.status != Status.MANAGED:
        raise InvalidInput(
            "Only an offender under active management can move to reactive management",
            field="status",
        )
    eligible = oversight.reactive_eligibility(offender, clock.today())
    if not eligible.eligible and not override.strip():
        raise InvalidInput(
            f"{eligible.reason} Record why reactive management is right regardless "
            "(an override), or keep active management.",
            field="override_reason",
        )
    oversight.propose(
        actor,
        offender,
        ChangeKind.REACTIVE_MANAGEMENT,
        from_value=offender.status,
        to_value=Status.REACTIVE,
        reason=reason,
        override_reason="" if eligible.eligible else override,
        eligibility=eligible.reason,
        clock=clock,
    )


def change_status(
    actor: User,
    offender_id: int,
    *,
    status: str,
    reason: str,
    released_on: date | None = None,
    override_reason: str = "",
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Offender:
    """Change an offender's management status (custody, released, whereabouts unknown...).

    A move to reactive management is not made here: it is proposed for a DS's sign-off,
    and needs the configured years at low risk or an override with its reason.
    """
    if status not in Status.values:
        raise InvalidInput(f"Status must be one of: {', '.join(Status.values)}", field="status")
    _require(reason.strip(), "reason", "Say why the status changes")
    with transaction.atomic():
        offender = _locked(actor, offender_id, expected_version=expected_version)
        previous = offender.status
        if status == Status.REACTIVE and previous != Status.REACTIVE:
            _propose_reactive(actor, offender, reason, override_reason, clock)
            return offender
        if status == Status.WHEREABOUTS_UNKNOWN:
            whereabouts.start(
                actor,
                offender,
                since=offender.last_visit_seen_on or clock.today(),
                trigger="status",
                reason=reason.strip(),
                clock=clock,
            )
            return offender
        if whereabouts.open_of(offender) is not None:
            raise InvalidInput(
                "The whereabouts-unknown procedure is open: clear it with the sighting, "
                "arrest or notification that found the offender",
                field="status",
            )
        fields = ["status"]
        if previous == Status.IN_CUSTODY and status != Status.IN_CUSTODY:
            offender.released_from_custody_on = released_on or clock.today()
            fields.append("released_from_custody_on")
        offender.status = status
        _touch(offender, actor, fields)
        _log(
            actor,
            Operation.ALTERATION,
            "offender",
            offender.pk,
            offender,
            {"status": {"from": previous, "to": status}, "reason": reason.strip()},
        )
    return offender
