"""When the visit backlog clears at today's capacity, and at other capacities.

The forecast rolls the register forward one day at a time. Each working day the pairs
make ``pairs * visits_per_pair_day`` visits (fractions carry to the next day), taking
the visits that are due or overdue highest risk first, then most overdue first. A visit
made on day ``D`` makes the offender due again on ``D + interval_days``. The backlog at
the end of a day is the number of visits due on or before that day and not yet made
(they are overdue from the next morning); it *clears* on the first day it reaches zero.

Capacity model
--------------
Routing is not re-solved each day: that would take minutes per what-if. The capacity of
a pair-day is one number, ``visits_per_pair_day``. Pass today's plan's
``kpis.visits_per_pair_day`` (what the solver achieved on the real backlog and
geography) to forecast at today's capacity; the default of 10 is the planner's target
for 8-hour shifts. A forecast over a year of a few thousand offenders takes
milliseconds, so a what-if curve over many pair counts is cheap.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from safehold.offenders.vocabulary import LEVEL_KEYS

__all__ = [
    "ClearanceForecast",
    "CurvePoint",
    "OffenderDue",
    "days_to_clear_curve",
    "forecast_clearance",
]

_RISK_ORDER = {key: place for place, key in enumerate(LEVEL_KEYS)}  # very high first
WEEKDAYS = (0, 1, 2, 3, 4)


@dataclass(frozen=True, slots=True)
class OffenderDue:
    """An offender's visit cycle: risk level, interval between visits, next due date."""

    offender_id: str
    risk_level: str
    interval_days: int
    next_due: date

    def __post_init__(self) -> None:
        if self.risk_level not in _RISK_ORDER:
            raise ValueError(
                f"offender {self.offender_id}: risk level {self.risk_level!r} is not one of "
                f"{sorted(_RISK_ORDER)}"
            )
        if self.interval_days < 1:
            raise ValueError(
                f"offender {self.offender_id}: interval_days is {self.interval_days}; "
                "give at least 1"
            )


@dataclass(frozen=True, slots=True)
class ClearanceForecast:
    """Result of one forecast.

    ``backlog_by_day[k]`` is the backlog at the end of day ``today + k``;
    ``clear_date`` is ``None`` when it does not clear within ``max_days``.
    """

    today: date
    pairs: int
    visits_per_pair_day: float
    backlog_today: int
    clear_date: date | None
    days_to_clear: int | None
    backlog_by_day: tuple[int, ...]
    visits_made: int


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """One point of the what-if curve: pairs on duty and days until the backlog clears."""

    pairs: int
    days_to_clear: int | None
    clear_date: date | None


def _check(pairs: int, visits_per_pair_day: float, max_days: int) -> None:
    if pairs < 0:
        raise ValueError(f"pairs is {pairs}; give 0 or more")
    if not 0 <= visits_per_pair_day <= 100 or math.isnan(visits_per_pair_day):
        raise ValueError(f"visits_per_pair_day is {visits_per_pair_day}; give 0 to 100")
    if not 1 <= max_days <= 3660:
        raise ValueError(f"max_days is {max_days}; give 1 to 3660")


def forecast_clearance(
    offenders: Iterable[OffenderDue],
    *,
    today: date,
    pairs: int,
    visits_per_pair_day: float = 10.0,
    working_weekdays: Sequence[int] = WEEKDAYS,
    max_days: int = 365,
) -> ClearanceForecast:
    """Roll the visit cycle forward and find the day the backlog clears.

    Parameters
    ----------
    offenders
        Every offender with a visit cycle.
    today
        Day 0 of the forecast; visits due before it are the backlog.
    pairs
        Officer pairs on duty each working day.
    visits_per_pair_day
        Visits one pair makes in a day (see the module docstring).
    working_weekdays
        Weekdays the pairs work (0 = Monday).
    max_days
        Give up after this many days.

    Returns
    -------
    ClearanceForecast
        The clear date (or ``None``) and the backlog day by day.
    """
    _check(pairs, visits_per_pair_day, max_days)
    people = list(offenders)
    working = frozenset(working_weekdays)
    backlog_today = sum(1 for o in people if o.next_due < today)
    if backlog_today == 0:
        return ClearanceForecast(today, pairs, visits_per_pair_day, 0, today, 0, (), 0)

    # Waiting visits, best first: risk, then the longest overdue, then id for ties.
    waiting: list[tuple[int, int, str, int]] = []
    falling_due: dict[int, list[int]] = {}
    origin = today.toordinal()
    for index, o in enumerate(people):
        due = o.next_due.toordinal()
        if due <= origin:
            waiting.append((_RISK_ORDER[o.risk_level], due, o.offender_id, index))
        else:
            falling_due.setdefault(due, []).append(index)
    heapq.heapify(waiting)

    per_day = pairs * visits_per_pair_day
    carry = 0.0
    made_total = 0
    backlog: list[int] = []
    for k in range(max_days):
        day = origin + k
        for index in falling_due.pop(day, []):
            o = people[index]
            heapq.heappush(waiting, (_RISK_ORDER[o.risk_level], day, o.offender_id, index))
        if date.fromordinal(day).weekday() in working:
            budget = carry + per_day
            whole = math.floor(budget)
            carry = budget - whole
            for _ in range(min(whole, len(waiting))):
                _, _, _, index = heapq.heappop(waiting)
                made_total += 1
                falling_due.setdefault(day + people[index].interval_days, []).append(index)
        backlog.append(len(waiting))
        if not waiting:
            return ClearanceForecast(
                today,
                pairs,
                visits_per_pair_day,
                backlog_today,
                today + timedelta(days=k),
                k,
                tuple(backlog),
                made_total,
            )
    return ClearanceForecast(
        today, pairs, visits_per_pair_day, backlog_today, None, None, tuple(backlog), made_total
    )


def days_to_clear_curve(
    offenders: Iterable[OffenderDue],
    *,
    today: date,
    pair_counts: Sequence[int],
    visits_per_pair_day: float = 10.0,
    working_weekdays: Sequence[int] = WEEKDAYS,
    max_days: int = 365,
) -> tuple[CurvePoint, ...]:
    """Days until the backlog clears for each number of pairs: the what-if curve."""
    people = tuple(offenders)
    points = []
    for pairs in pair_counts:
        result = forecast_clearance(
            people,
            today=today,
            pairs=pairs,
            visits_per_pair_day=visits_per_pair_day,
            working_weekdays=working_weekdays,
            max_days=max_days,
        )
        points.append(CurvePoint(pairs, result.days_to_clear, result.clear_date))
    return tuple(points)
