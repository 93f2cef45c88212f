"""What every demand write shares: the record lookup with its permission, the version check,
the access-log record, and time validation."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.log import Justification, record
from safehold.audit.models import Operation
from safehold.core_models import check_version
from safehold.core_models import touch as touch  # the shared one, for this context's services
from safehold.datetext import short_datetime
from safehold.errors import Forbidden, InvalidInput, NotFound

from .models import Incident
from .vocabulary import Route

RECORDING = Justification("record_keeping", "recording on the incident")
CLOCK_SKEW = timedelta(minutes=5)


def may_see(actor: User, incident: Incident) -> bool:
    """Call handlers and response supervisors see every incident; resolution-centre
    investigators only those routed to the centre."""
    if actor.can(Capability.TRIAGE_CALLS) or actor.can(Capability.DISPATCH_UNITS):
        return True
    return actor.can(Capability.WORK_RESOLUTION_CASES) and incident.route == Route.RESOLUTION_CENTRE


def locked(
    actor: User, incident_id: int, capability: Capability, *, expected_version: int | None = None
) -> Incident:
    """The incident, locked for update; NotFound when missing or not the actor's to see."""
    incident = Incident.objects.select_for_update().filter(pk=incident_id).first()
    if incident is None or not may_see(actor, incident):
        raise NotFound(f"No incident with id {incident_id}")
    if not actor.can(capability):
        raise Forbidden("Your role cannot do this to an incident", code="forbidden")
    check_version(incident, expected_version, noun="incident")
    return incident


def log(
    actor: User,
    operation: Operation,
    what: str,
    pk: object,
    incident: Incident,
    detail: dict[str, Any] | None = None,
    *,
    person_id: int | None = None,
) -> None:
    record(
        actor,
        operation,
        what,
        pk,
        person_id=person_id,
        justification=RECORDING,
        detail={"incident": incident.reference, **(detail or {})},
    )


def moment(
    value: datetime | None, field: str, label: str, now: datetime, *, after: datetime | None = None
) -> datetime:
    """A time given for the record: now when not given; never in the future."""
    if value is None:
        return now
    if timezone.is_naive(value):
        raise InvalidInput(f"Give {label} with its time zone", field=field)
    if value > now + CLOCK_SKEW:
        raise InvalidInput(f"{label.capitalize()} must be now or in the past", field=field)
    if after is not None and value < after:
        raise InvalidInput(
            f"{label.capitalize()} cannot be before {short_datetime(timezone.localtime(after))}",
            field=field,
        )
    return value


def required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field)
    return value
