"""Breaches of the notification requirements or of an order: recorded with the action
taken; a breach marks the offender wanted when circulated, is the breach record of an
open whereabouts-unknown procedure, and returns a reactively managed offender to active
management pending a review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.errors import InvalidInput

from . import oversight, whereabouts
from .models import Breach, BreachAction, ReviewTrigger
from .writes import locked, log, not_future, require, touch


@dataclass(frozen=True, slots=True)
class BreachInput:
    what: str
    occurred_on: date
    action: str
    action_on: date | None = None
    details: str = ""


def record_breach(actor: User, offender_id: int, data: BreachInput) -> Breach:
    """Record a breach of notification requirements or an order, and the action taken."""
    require(data.what.strip(), "what", "Say what the breach was")
    if data.action not in BreachAction.values:
        raise InvalidInput(
            f"Action must be one of: {', '.join(BreachAction.values)}", field="action"
        )
    not_future(data.occurred_on, "occurred_on", "The date of the breach")
    if data.action_on and data.action_on < data.occurred_on:
        raise InvalidInput("The action cannot be before the breach", field="action_on")
    with transaction.atomic():
        offender = locked(actor, offender_id)
        breach = Breach.objects.create(
            offender=offender,
            what=data.what.strip(),
            occurred_on=data.occurred_on,
            recorded_at=timezone.now(),
            action=data.action,
            action_on=data.action_on,
            details=data.details,
            created_by=actor,
            modified_by=actor,
        )
        if data.action == BreachAction.WANTED and not offender.wanted:
            offender.wanted = True
            touch(offender, actor, ["wanted"])
        whereabouts.link_breach(actor, offender, breach.pk)
        oversight.return_to_active(
            actor,
            offender,
            ReviewTrigger.BREACH,
            f"{breach.what} on {breach.occurred_on:%d %B %Y}",
        )
        log(actor, Operation.COLLECTION, "breach", breach.pk, offender, {"action": data.action})
    return breach
