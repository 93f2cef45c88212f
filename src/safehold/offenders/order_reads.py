"""What the offender's record shows of orders and officer safety, from the prefetched
record (``record_queries.offender_record``): no query of its own.

The orders with their terms and whether each is in force, expiry alerts, trips abroad
flagged by the travel check (until the traveller is back), open officer-safety markers,
the current photograph, and breaches linked to an order or with a crime reference; and
the timeline's summary of a visit's order checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .models import (
    Breach,
    Notification,
    Offender,
    OffenderPhoto,
    OfficerSafetyMarker,
    Order,
    Visit,
)
from .order_rules import ExpiryAlert, in_force
from .orders import alerts_for, label
from .orders_models import OrderKind


@dataclass(frozen=True, slots=True)
class OrderRow:
    order: Order
    label: str
    in_force: bool
    terms: tuple[Any, ...]


def visit_checks(v: Visit) -> list[str]:
    """What the visit record says about orders, devices, ARMS and the photograph."""
    out = []
    if v.compliance:
        broken = sum(1 for a in v.compliance.values() if a == "not_complied")
        unchecked = sum(1 for a in v.compliance.values() if a == "not_checked")
        out.append(
            f"order terms: {len(v.compliance) - broken - unchecked} complied, "
            f"{broken} not complied, {unchecked} not checked"
        )
    if v.devices_examined:
        out.append(f"devices: {v.devices_examined}")
    if v.arms_observations:
        out.append(f"ARMS observations on {len(v.arms_observations)} factor(s)")
    if v.photograph_taken:
        out.append("photograph taken")
    return out


def travel_flags(notifications: list[Notification], today: date) -> list[Notification]:
    """Flagged trips not yet over (return date, else departure date, today or later)."""
    return [
        n
        for n in notifications
        if n.travel_flag
        and n.travel_departs_on is not None
        and (n.travel_returns_on or n.travel_departs_on) >= today
    ]


def order_panel(offender: Offender, today: date) -> dict[str, Any]:
    """The record page's orders and officer-safety context."""
    orders = list(offender.orders.all())
    rows = [
        OrderRow(o, label(o), in_force(o.starts_on, o.ends_on, today), tuple(o.terms.all()))
        for o in orders
    ]
    alerts: list[ExpiryAlert] = alerts_for(orders, today)
    markers: list[OfficerSafetyMarker] = [m for m in offender.safety_markers.all() if m.is_open]
    photos: list[OffenderPhoto] = list(offender.photos.all())
    breaches: list[Breach] = [
        b for b in offender.breaches.all() if b.order_id or b.crime_reference or b.result
    ]
    return {
        "order_rows": rows,
        # The MAPPA section's licence conditions: the licences in force, with their terms.
        "licence_rows": [r for r in rows if r.order.kind == OrderKind.LICENCE and r.in_force],
        "expiry_alerts": alerts,
        "travel_flags": travel_flags(list(offender.notifications.all()), today),
        "safety_markers": markers,
        "photo": photos[0] if photos else None,
        "order_breaches": breaches,
    }
