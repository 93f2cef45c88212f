"""The response timeline as writes: allocate a unit, dispatch, arrive, resolve, escalate."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, InvalidInput

from .models import Incident
from .policy import DemandPolicy, default_policy
from .support import locked, log, moment, required_text, touch
from .thrive import target_for
from .vocabulary import Route

ATTENDED_ROUTES = (Route.RESPONSE, Route.SCHEDULED, Route.APPOINTMENT)


def _attending(actor: User, incident_id: int, expected_version: int | None) -> Incident:
    incident = locked(
        actor, incident_id, Capability.DISPATCH_UNITS, expected_version=expected_version
    )
    if incident.route not in ATTENDED_ROUTES:
        raise Conflict(
            f"{incident.reference} is not routed for attendance ({incident.route_label.lower()})",
            code="not_for_attendance",
        )
    if incident.resolved_at is not None:
        raise Conflict(f"{incident.reference} is already resolved", code="incident_resolved")
    return incident


def allocate(
    actor: User,
    incident_id: int,
    *,
    unit: str,
    at: datetime | None = None,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Incident:
    """Allocate a unit (by call sign) to an incident awaiting attendance."""
    now = clock.now()
    unit = required_text(unit, "unit", "Give the unit's call sign")[:20]
    with transaction.atomic():
        incident = _attending(actor, incident_id, expected_version)
        incident.allocated_at = moment(
            at, "at", "the time allocated", now, after=incident.received_at
        )
        incident.unit = unit
        touch(incident, actor, ["allocated_at", "unit"])
        log(
            actor, Operation.ALTERATION, "incident_allocated", incident.pk, incident, {"unit": unit}
        )
    return incident


def dispatch(
    actor: User,
    incident_id: int,
    *,
    at: datetime | None = None,
    policy: DemandPolicy | None = None,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Incident:
    """The allocated unit is on its way; starts the clock when the policy says dispatch."""
    now = clock.now()
    policy = policy or default_policy()
    with transaction.atomic():
        incident = _attending(actor, incident_id, expected_version)
        if not incident.unit:
            raise Conflict("Allocate a unit before dispatching it", code="no_unit")
        incident.dispatched_at = moment(
            at,
            "at",
            "the time dispatched",
            now,
            after=incident.allocated_at or incident.received_at,
        )
        fields = ["dispatched_at"]
        if policy.clock_start == "dispatch" and incident.grade is not None:
            target = target_for(policy, incident.grade, incident.area)
            incident.clock_started_at = incident.dispatched_at
            incident.target_at = target.deadline(incident.dispatched_at)
            fields += ["clock_started_at", "target_at"]
        touch(incident, actor, fields)
        log(
            actor,
            Operation.ALTERATION,
            "incident_dispatched",
            incident.pk,
            incident,
            {"unit": incident.unit},
        )
    return incident


def record_arrival(
    actor: User,
    incident_id: int,
    *,
    at: datetime | None = None,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Incident:
    """The unit arrived at the scene."""
    now = clock.now()
    with transaction.atomic():
        incident = _attending(actor, incident_id, expected_version)
        if incident.dispatched_at is None:
            raise Conflict("Dispatch a unit before recording its arrival", code="not_dispatched")
        incident.arrived_at = moment(
            at, "at", "the time of arrival", now, after=incident.dispatched_at
        )
        touch(incident, actor, ["arrived_at"])
        within = incident.target_at is None or incident.arrived_at <= incident.target_at
        log(
            actor,
            Operation.ALTERATION,
            "incident_arrived",
            incident.pk,
            incident,
            {"within_target": within},
        )
    return incident


def resolve(
    actor: User,
    incident_id: int,
    *,
    resolution: str,
    at: datetime | None = None,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Incident:
    """Close an attended (or advice-and-close) incident with its result."""
    now = clock.now()
    text = required_text(resolution, "resolution", "Say how the incident was resolved")
    with transaction.atomic():
        incident = locked(
            actor, incident_id, Capability.DISPATCH_UNITS, expected_version=expected_version
        )
        if incident.resolved_at is not None:
            raise Conflict(f"{incident.reference} is already resolved", code="incident_resolved")
        if incident.route == Route.RESOLUTION_CENTRE:
            raise Conflict("The resolution centre closes its own cases", code="rc_case")
        incident.resolved_at = moment(
            at, "at", "the time resolved", now, after=incident.arrived_at or incident.received_at
        )
        incident.resolution = text
        touch(incident, actor, ["resolved_at", "resolution"])
        log(actor, Operation.ALTERATION, "incident_resolved", incident.pk, incident)
    return incident


def escalate(
    actor: User,
    incident_id: int,
    *,
    reason: str,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Incident:
    """Record that the supervisor escalated an incident about to miss its target."""
    text = required_text(reason, "reason", "Say what you did to escalate")
    if len(text) > 500:
        raise InvalidInput("Keep the reason to 500 characters", field="reason")
    with transaction.atomic():
        incident = _attending(actor, incident_id, expected_version)
        incident.escalated_at = clock.now()
        touch(incident, actor, ["escalated_at"])
        log(
            actor,
            Operation.ALTERATION,
            "incident_escalated",
            incident.pk,
            incident,
            {"reason": text},
        )
    return incident


def close_with_advice(
    actor: User,
    incident_id: int,
    *,
    advice: str,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Incident:
    """The call handler closes an advice-and-close incident with the advice given."""
    text = required_text(advice, "advice", "Say what advice was given")
    with transaction.atomic():
        incident = locked(
            actor, incident_id, Capability.TRIAGE_CALLS, expected_version=expected_version
        )
        if incident.route != Route.ADVICE:
            raise Conflict(f"{incident.reference} is not for advice and close", code="not_advice")
        if incident.resolved_at is not None:
            raise Conflict(f"{incident.reference} is already resolved", code="incident_resolved")
        incident.resolved_at, incident.resolution = clock.now(), text
        touch(incident, actor, ["resolved_at", "resolution"])
        log(
            actor,
            Operation.ALTERATION,
            "incident_resolved",
            incident.pk,
            incident,
            {"advice": True},
        )
    return incident
