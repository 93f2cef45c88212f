"""Orders on the register: recording an order with its terms, what is in force on a
day, expiry alerts, and the travel check every foreign travel notification gets.

:func:`record_order` is the one write for an order (permission, one transaction, audit).
:func:`flag_travel` runs inside :func:`notifying.record_notification`'s transaction: a
trip that breaks a travel prohibition or goes to a country of concern is flagged for
the DS with the reasons and the settings' version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.datetext import short_date
from safehold.errors import InvalidInput

from . import order_rules as rules
from .models import (
    Notification,
    NotificationKind,
    Offender,
    Order,
    OrderKind,
    OrderRequirement,
    RequirementKind,
    RequirementTopic,
)
from .order_config import current_orders_policy
from .writes import locked, log, require

SHORT = {
    OrderKind.SHPO: "SHPO",
    OrderKind.SRO: "SRO",
    OrderKind.NOTIFICATION_ORDER: "Notification order",
    OrderKind.LICENCE: "Licence",
    OrderKind.OTHER: "Order",
}


@dataclass(frozen=True, slots=True)
class TermInput:
    """One term: a prohibition or a positive requirement, its topic and wording."""

    kind: str
    topic: str
    text: str
    countries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OrderInput:
    kind: str
    starts_on: date
    ends_on: date | None = None
    made_by: str = ""
    reference: str = ""
    conditions: str = ""
    terms: tuple[TermInput, ...] = field(default=())


def label(order: Order) -> str:
    """ "SHPO from 3 Mar 2024" — how reasons and alerts name an order."""
    return f"{SHORT.get(OrderKind(order.kind), 'Order')} from {short_date(order.starts_on)}"


def _check(data: OrderInput) -> None:
    if data.kind not in OrderKind.values:
        raise InvalidInput(f"Kind must be one of: {', '.join(OrderKind.values)}", field="kind")
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise InvalidInput("The order cannot end before it starts", field="ends_on")
    if len(data.made_by) > 120 or len(data.reference) > 60:
        raise InvalidInput("Court is at most 120 characters, reference 60", field="reference")
    for i, t in enumerate(data.terms, start=1):
        where = f"terms[{i}]"
        if t.kind not in RequirementKind.values:
            raise InvalidInput(f"Term {i}: kind must be prohibition or positive", field=where)
        if t.topic not in RequirementTopic.values:
            raise InvalidInput(
                f"Term {i}: topic must be one of {', '.join(RequirementTopic.values)}", field=where
            )
        if not t.text.strip() or len(t.text) > 500:
            raise InvalidInput(f"Term {i}: give its wording (up to 500 characters)", field=where)
        if t.countries and t.topic != RequirementTopic.TRAVEL:
            raise InvalidInput(f"Term {i}: only a travel term names countries", field=where)
        if len(", ".join(t.countries)) > 300:
            raise InvalidInput(f"Term {i}: the countries are at most 300 characters", field=where)
    if not data.terms and not data.conditions.strip():
        require("", "terms", "Give the order's prohibitions or positive requirements")


def record_order(actor: User, offender_id: int, data: OrderInput) -> Order:
    """Put an order (SHPO, SRO, notification order, licence) and its terms on the record."""
    _check(data)
    with transaction.atomic():
        offender = locked(actor, offender_id)
        order = Order.objects.create(
            offender=offender,
            kind=data.kind,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            made_by=data.made_by.strip(),
            reference=data.reference.strip(),
            conditions=data.conditions.strip(),
            created_by=actor,
            modified_by=actor,
        )
        OrderRequirement.objects.bulk_create(
            OrderRequirement(
                order=order,
                position=i,
                kind=t.kind,
                topic=t.topic,
                text=t.text.strip(),
                countries=", ".join(c.strip() for c in t.countries if c.strip()),
                created_by=actor,
                modified_by=actor,
            )
            for i, t in enumerate(data.terms, start=1)
        )
        log(
            actor,
            Operation.COLLECTION,
            "order",
            order.pk,
            offender,
            {"kind": data.kind, "terms": len(data.terms)},
        )
    return order


def terms_of(order: Order) -> rules.OrderTerms:
    return rules.OrderTerms(order.pk, label(order), order.starts_on, order.ends_on)


def alerts_for(orders: Iterable[Order], today: date) -> list[rules.ExpiryAlert]:
    """Expiry alerts for the given orders (the force's window from the settings)."""
    window = current_orders_policy().expiry_days
    return rules.expiry_alerts([terms_of(o) for o in orders], today=today, within_days=window)


def ending_orders(today: date) -> list[tuple[int, rules.ExpiryAlert]]:
    """(offender id, alert) for every order in force ending within the window (one query)."""
    window = current_orders_policy().expiry_days
    orders = Order.objects.filter(
        starts_on__lte=today,
        ends_on__gte=today,
        ends_on__lte=today + timedelta(days=window),
    ).order_by("ends_on", "id")
    owner = {o.pk: o.offender_id for o in orders}
    alerts = rules.expiry_alerts([terms_of(o) for o in orders], today=today, within_days=window)
    return [(owner[a.order_id], a) for a in alerts]


def active_terms(orders: Iterable[Order], day: date) -> list[OrderRequirement]:
    """The terms of the orders in force on ``day`` (uses prefetched ``terms``)."""
    return [t for o in orders if rules.in_force(o.starts_on, o.ends_on, day) for t in o.terms.all()]


def travel_bans(offender: Offender) -> list[rules.TravelBan]:
    """The offender's travel prohibitions, as the rules read them."""
    terms = OrderRequirement.objects.filter(
        order__offender=offender,
        topic=RequirementTopic.TRAVEL,
        kind=RequirementKind.PROHIBITION,
    ).select_related("order")
    return [
        rules.TravelBan(
            label(t.order),
            t.text,
            t.order.starts_on,
            t.order.ends_on,
            frozenset(c for c in t.countries.split(",") if c.strip()),
        )
        for t in terms
    ]


def flag_travel(actor: User, offender: Offender, notification: Notification) -> rules.TravelCheck:
    """Check a foreign travel notification; store the reasons if it is flagged (inside
    the caller's transaction, the record locked)."""
    if notification.kind != NotificationKind.FOREIGN_TRAVEL or not notification.travel_departs_on:
        return rules.TravelCheck((), "")
    policy = current_orders_policy()
    check = rules.check_travel(
        notification.travel_destination,
        departs_on=notification.travel_departs_on,
        returns_on=notification.travel_returns_on,
        bans=travel_bans(offender),
        concerns=policy.countries_of_concern,
        version=policy.version,
    )
    if check.flagged:
        notification.travel_flag = "\n".join(check.reasons)
        notification.travel_flag_version = check.version
        notification.save(update_fields=["travel_flag", "travel_flag_version"])
        log(
            actor,
            Operation.ALTERATION,
            "notification",
            notification.pk,
            offender,
            {"travel_flag": len(check.reasons), "version": check.version},
        )
    return check
