"""Breaches of the notification requirements or of an order: recorded with the action
taken, the order and the term broken (an SHPO or SRO is breached by doing what it
prohibits or not doing what it requires), the crime reference and the result.

A breach marks the offender wanted when circulated, is the breach record of an open
whereabouts-unknown procedure, and returns a reactively managed offender to active
management pending a review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.datetext import long_date
from safehold.errors import InvalidInput

from . import oversight, whereabouts
from .models import (
    Breach,
    BreachAction,
    BreachResult,
    Offender,
    Order,
    OrderRequirement,
    ReviewTrigger,
)
from .writes import locked, log, not_future, require, touch


@dataclass(frozen=True, slots=True)
class BreachInput:
    what: str
    occurred_on: date
    action: str
    action_on: date | None = None
    details: str = ""
    order_id: int | None = None
    requirement_id: int | None = None
    crime_reference: str = ""
    result: str = ""


def _broken(offender: Offender, data: BreachInput) -> tuple[Order | None, OrderRequirement | None]:
    """The order and term the breach names, checked to be this offender's."""
    term = None
    if data.requirement_id is not None:
        term = (
            OrderRequirement.objects.select_related("order")
            .filter(pk=data.requirement_id, order__offender=offender)
            .first()
        )
        if term is None:
            raise InvalidInput(
                "Choose a term of one of this offender's orders", field="requirement"
            )
        if data.order_id is not None and term.order_id != data.order_id:
            raise InvalidInput("That term belongs to another order", field="requirement")
        return term.order, term
    if data.order_id is None:
        return None, None
    order = Order.objects.filter(pk=data.order_id, offender=offender).first()
    if order is None:
        raise InvalidInput("Choose one of this offender's orders", field="order")
    return order, None


def record_breach(
    actor: User, offender_id: int, data: BreachInput, *, clock: Clock = SYSTEM_CLOCK
) -> Breach:
    """Record a breach of notification requirements or an order, and the action taken."""
    require(data.what.strip(), "what", "Say what the breach was")
    if data.action not in BreachAction.values:
        raise InvalidInput(
            f"Action must be one of: {', '.join(BreachAction.values)}", field="action"
        )
    not_future(data.occurred_on, "occurred_on", "The date of the breach", clock=clock)
    if data.action_on and data.action_on < data.occurred_on:
        raise InvalidInput("The action cannot be before the breach", field="action_on")
    if data.result and data.result not in BreachResult.values:
        raise InvalidInput(
            f"Result must be one of: {', '.join(BreachResult.values)}", field="result"
        )
    if len(data.crime_reference.strip()) > 40:
        raise InvalidInput("The crime reference is at most 40 characters", field="crime_reference")
    with transaction.atomic():
        offender = locked(actor, offender_id)
        order, term = _broken(offender, data)
        breach = Breach.objects.create(
            offender=offender,
            what=data.what.strip(),
            occurred_on=data.occurred_on,
            recorded_at=clock.now(),
            action=data.action,
            action_on=data.action_on,
            details=data.details,
            order=order,
            requirement=term,
            crime_reference=data.crime_reference.strip(),
            result=data.result or (BreachResult.PENDING if data.crime_reference.strip() else ""),
            created_by=actor,
            modified_by=actor,
        )
        if data.action == BreachAction.WANTED and not offender.wanted:
            offender.wanted = True
            touch(offender, actor, ["wanted"])
        whereabouts.link_breach(actor, offender, breach.pk, clock=clock)
        oversight.return_to_active(
            actor,
            offender,
            ReviewTrigger.BREACH,
            f"{breach.what} on {long_date(breach.occurred_on)}",
            clock=clock,
        )
        log(
            actor,
            Operation.COLLECTION,
            "breach",
            breach.pk,
            offender,
            {"action": data.action, "order": order and order.pk, "term": term and term.pk},
        )
    return breach
