"""Order rules: which orders are in force, which end soon (the expiry alert), which terms
the visiting officers must check, and whether a notified trip abroad breaks an order's
travel prohibition or goes to a country of concern.

Pure: plain values in and out; no Django. The expiry window and the countries of concern
come from ``config/orders.toml`` (``order_config.OrdersPolicy``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from safehold.datetext import long_date

__all__ = [
    "CountryOfConcern",
    "ExpiryAlert",
    "OrderTerms",
    "TravelBan",
    "TravelCheck",
    "check_travel",
    "expiry_alerts",
    "in_force",
    "normalise_country",
    "split_destinations",
]

_SPACE = re.compile(r"[\s.\-']+")
_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b|\bthen\b|→|->)\s*", re.IGNORECASE)


def normalise_country(name: str) -> str:
    """A country name compared without case, punctuation or extra spaces ("the" dropped)."""
    text = _SPACE.sub(" ", name.casefold()).strip()
    return text[4:] if text.startswith("the ") else text


def split_destinations(text: str) -> tuple[str, ...]:
    """The countries named in a notified destination ("Thailand, then Cambodia")."""
    return tuple(p.strip() for p in _SPLIT.split(text) if p and p.strip())


def in_force(starts_on: date, ends_on: date | None, day: date) -> bool:
    """Whether an order running from ``starts_on`` to ``ends_on`` (inclusive) is in force."""
    return starts_on <= day and (ends_on is None or day <= ends_on)


def _overlaps(starts_on: date, ends_on: date | None, first: date, last: date) -> bool:
    return starts_on <= last and (ends_on is None or ends_on >= first)


@dataclass(frozen=True, slots=True)
class OrderTerms:
    """An order's dates and label ("SHPO" ...), as the rules read it."""

    order_id: int
    label: str
    starts_on: date
    ends_on: date | None


@dataclass(frozen=True, slots=True)
class ExpiryAlert:
    """An order in force that ends within the alert window."""

    order_id: int
    ends_on: date
    days_left: int
    text: str


def expiry_alerts(
    orders: Iterable[OrderTerms], *, today: date, within_days: int
) -> list[ExpiryAlert]:
    """Orders in force on ``today`` that end within ``within_days`` days, soonest first.

    Parameters
    ----------
    orders
        The offender's (or the force's) orders.
    today
        The day of the check.
    within_days
        The alert window in days (``[alerts] expiry_days``); 0 alerts only on the last day.
    """
    if within_days < 0:
        raise ValueError("within_days must be 0 or more")
    alerts = []
    for o in orders:
        if o.ends_on is None or not in_force(o.starts_on, o.ends_on, today):
            continue
        left = (o.ends_on - today).days
        if left <= within_days:
            when = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
            alerts.append(
                ExpiryAlert(
                    o.order_id,
                    o.ends_on,
                    left,
                    f"{o.label} ends on {long_date(o.ends_on)}, {when}: decide whether to "
                    "apply to renew or vary it",
                )
            )
    return sorted(alerts, key=lambda a: (a.ends_on, a.order_id))


@dataclass(frozen=True, slots=True)
class TravelBan:
    """An order's prohibition on foreign travel: to the ``countries`` named, or, when
    empty, anywhere abroad."""

    order_label: str
    text: str
    starts_on: date
    ends_on: date | None
    countries: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "countries", frozenset(normalise_country(c) for c in self.countries if c.strip())
        )


@dataclass(frozen=True, slots=True)
class CountryOfConcern:
    """A country on the force's list, its other names, and why it is there."""

    name: str
    reason: str
    aliases: tuple[str, ...] = ()

    def names(self) -> frozenset[str]:
        return frozenset(normalise_country(n) for n in (self.name, *self.aliases))


@dataclass(frozen=True, slots=True)
class TravelCheck:
    """The result of checking a trip: flagged for the DS when ``reasons`` is not empty."""

    reasons: tuple[str, ...]
    version: str
    destinations: tuple[str, ...] = field(default=())

    @property
    def flagged(self) -> bool:
        return bool(self.reasons)


def check_travel(
    destination: str,
    *,
    departs_on: date,
    returns_on: date | None,
    bans: Sequence[TravelBan],
    concerns: Sequence[CountryOfConcern],
    version: str,
) -> TravelCheck:
    """Check a notified trip against the orders' travel prohibitions and the countries
    of concern; each reason names the order term or the list entry that raised it.

    A prohibition counts when the order is in force on any day of the trip (departure to
    return; departure only when no return date is given).
    """
    last = returns_on if returns_on is not None and returns_on >= departs_on else departs_on
    places = split_destinations(destination)
    keys = {normalise_country(p): p for p in places}
    reasons: list[str] = []
    for ban in bans:
        if not _overlaps(ban.starts_on, ban.ends_on, departs_on, last):
            continue
        if not ban.countries:
            reasons.append(f"{ban.order_label} prohibits all foreign travel: {ban.text}")
            continue
        for key, place in keys.items():
            if key in ban.countries:
                reasons.append(f"{ban.order_label} prohibits travel to {place}: {ban.text}")
    for country in concerns:
        names = country.names()
        for key, place in keys.items():
            if key in names:
                reasons.append(f"{place} is on the countries-of-concern list: {country.reason}")
    return TravelCheck(tuple(reasons), version, places)
