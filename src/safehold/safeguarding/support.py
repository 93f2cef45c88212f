"""What every safeguarding write shares: the permission check, the lock and version check,
the access-log record, time and choice validation, and rule errors named by field.

Each write is one function in ``services``, ``intake``, ``actions`` or ``closure``; they call
these so that every one checks, locks and logs the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from safehold.accounts.models import User
from safehold.accounts.roles import Capability, Rank
from safehold.audit.log import Justification, record
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.core_models import check_version
from safehold.core_models import touch as touch  # the shared one, for this context's services
from safehold.datetext import short_datetime
from safehold.errors import Conflict, Forbidden, InvalidInput, NotFound

from . import policies
from .contact_target import target_outcome
from .models import ClosureStatus, Incident
from .queries import queue_entry_for
from .rule_errors import SafeguardingRuleError
from .vocabulary import Grade, TargetOutcome

RECORDING = Justification("safeguarding", "recording on the domestic-abuse record")
# Clocks on other machines run a little fast; a report a minute "in the future" is not an error.
CLOCK_SKEW = timedelta(minutes=5)
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


@contextmanager
def rule_errors(fields: Mapping[str, str] | None = None) -> Iterator[None]:
    """Turn a rule's error into InvalidInput, renaming its field for the form."""
    try:
        yield
    except SafeguardingRuleError as exc:
        field = exc.field or None
        if field is not None:
            field = (fields or {}).get(field, field)
        raise InvalidInput(exc.message, code=exc.code, field=field) from exc


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
        person_id=incident.victim_id if person_id is None else person_id,
        justification=RECORDING,
        detail={"incident": incident.reference, **(detail or {})},
    )


def locked(actor: User, incident_id: int, *, expected_version: int | None = None) -> Incident:
    incident = (
        Incident.objects.select_for_update(of=("self",))
        .select_related("victim", "suspect")
        .filter(pk=incident_id)
        .first()
    )
    if incident is None or not actor.can(Capability.VIEW_SAFEGUARDING):
        raise NotFound(f"No domestic-abuse incident with id {incident_id}")
    if not actor.can(Capability.EDIT_SAFEGUARDING):
        raise Forbidden("Your role cannot change safeguarding records", code="read_only")
    check_version(incident, expected_version, noun="incident")
    return incident


def when(
    value: datetime | None,
    field: str,
    label: str,
    *,
    after: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> datetime:
    now = clock.now()
    if value is None:
        return now
    if timezone.is_naive(value):
        raise InvalidInput(f"Give {label} with its time zone", field=field)
    if value > now + CLOCK_SKEW:
        raise InvalidInput(f"{label.capitalize()} must be now or in the past", field=field)
    if after is not None and value < after:
        raise InvalidInput(
            f"{label.capitalize()} cannot be before the incident was reported "
            f"({short_datetime(timezone.localtime(after))})",
            field=field,
        )
    return value


def choice(value: str, choices: list[str], field: str, label: str) -> str:
    if value not in choices:
        raise InvalidInput(f"{label} must be one of: {', '.join(choices)}", field=field)
    return value


def text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field)
    return value


def require_supervisor(actor: User, what: str) -> None:
    if not Rank(actor.rank).is_supervisor:
        raise Forbidden(
            f"Only a sergeant or above may {what}; ask a supervisor", code="not_a_supervisor"
        )


def require_open(incident: Incident) -> None:
    if incident.closure_status != ClosureStatus.OPEN:
        raise Conflict(
            f"{incident.reference} is {incident.get_closure_status_display().lower()}; "
            "reopen it before recording more",
            code="incident_closed",
        )


def queue_reasons(incident: Incident, now: datetime) -> list[dict[str, Any]]:
    return [r.to_dict() for r in queue_entry_for(incident, now).reasons]


def settle_target(incident: Incident, now: datetime) -> list[str]:
    """Record the contact-target outcome once it is decided (met or missed), and keep it.

    Called by every write that could move the target (a contact, a change of grade, a
    closure) before and after the change; returns the fields it set for ``touch``.
    """
    if incident.target_outcome:
        return []
    outcome = target_outcome(
        reported_at=incident.reported_at,
        target=policies.current().queue.contact_target[Grade(incident.grade)],
        first_contact_at=incident.first_contact_at,
        recorded=None,
        now=now,
    )
    if outcome is TargetOutcome.PENDING:
        return []
    incident.target_outcome = outcome
    return ["target_outcome"]


def victim_contacted(incident: Incident) -> bool:
    """The victim has been reached (by telephone or in person) since the report."""
    return incident.first_contact_at is not None or incident.seen_at is not None
