"""Breaches of protection notices and orders (DVPN, DVPO, DAPN, DAPO and its notification
requirements): recorded against the order with what the police did, logged against the
suspect, and shown on the incident and on the victim's and the suspect's records.

A DAPO breach is an offence (Domestic Abuse Act 2021 s39, up to 5 years); a DVPO breach is
dealt with by the magistrates as a contempt; a DVPN breach is a power of arrest. "No further
action" needs its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.datetext import short_datetime
from safehold.errors import InvalidInput, NotFound

from .models import OrderBreach
from .support import choice, locked, log, text, touch, when
from .vocabulary import ActionKind, BreachResponse

__all__ = ["BreachInput", "record_breach"]


@dataclass(frozen=True, slots=True)
class BreachInput:
    details: str
    response: str
    at: datetime | None = None
    response_note: str = ""


def record_breach(
    actor: User, incident_id: int, action_id: int, data: BreachInput, *, clock: Clock = SYSTEM_CLOCK
) -> OrderBreach:
    """Record a breach of the notice or order ``action_id`` on the incident."""
    details = text(data.details, "details", "Say what the breach was")
    response = choice(data.response, BreachResponse.values, "response", "What was done")
    if response == BreachResponse.NO_ACTION:
        text(data.response_note, "response_note", "Say why no further action was taken")
    with transaction.atomic():
        incident = locked(actor, incident_id)
        order = incident.actions.filter(pk=action_id).first()
        if order is None:
            raise NotFound(
                f"No protective action {action_id} on {incident.reference}",
                code="action_not_found",
            )
        if not ActionKind(order.kind).is_breachable:
            raise InvalidInput(
                f"A {ActionKind(order.kind).label.lower()} cannot be breached; record breaches "
                "of a DVPN, DVPO, DAPN or DAPO",
                field="action_id",
            )
        at = when(data.at, "at", "the time of the breach", clock=clock)
        if at < order.started_at:
            raise InvalidInput(
                "The breach cannot be before the order was made or served "
                f"({short_datetime(timezone.localtime(order.started_at))})",
                field="at",
            )
        breach = OrderBreach.objects.create(
            incident=incident,
            order=order,
            at=at,
            details=details,
            response=response,
            response_note=data.response_note.strip(),
            created_by=actor,
            modified_by=actor,
        )
        touch(incident, actor, [])
        log(
            actor,
            Operation.COLLECTION,
            "order_breach",
            breach.pk,
            incident,
            {"order": order.kind, "response": response, "victim": incident.victim_id},
            person_id=order.subject_id or incident.suspect_id,
        )
    return breach
