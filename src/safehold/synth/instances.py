"""Synthetic planning instances: a Staffordshire backlog for benchmarks and tests.

Stations are at their real coordinates and homes at real Staffordshire street points
(``safehold.synth.geography``); the offenders, risk levels and dates are invented. The
default instance is the HMICFRS finding turned into a planning problem: about 260
overdue visits plus about 300 falling due, for 8 officer pairs over 5 days.

Risk levels follow the visit load rather than the register: very high risk offenders
are 2% of the register but are visited monthly, so they are about 12% of visits due.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from safehold.planning.problem import (
    AllowedWindow,
    DutyShift,
    OfficerPair,
    RiskLevel,
    Visit,
)
from safehold.synth.geography import STATIONS, load_street_points

__all__ = ["PlanningInstance", "staffordshire_backlog"]

# Share of visits due per risk level: register share times visits a year
# (2% x 12, 18% x 4, 30% x 2, 50% x 1).
_VISIT_MIX: tuple[tuple[RiskLevel, float], ...] = (
    (RiskLevel.VERY_HIGH, 24 / 206),
    (RiskLevel.HIGH, 72 / 206),
    (RiskLevel.MEDIUM, 60 / 206),
    (RiskLevel.LOW, 50 / 206),
)
# Stations the first pairs work from, spread across the county.
_PAIR_STATIONS = ("HAN", "STA", "BUR", "NUL", "CAN", "LIC", "TAM", "LEE")
_DAY_SHIFT = (time(8), time(16))
_EVENING_SHIFT = (time(14), time(22))


@dataclass(frozen=True, slots=True)
class PlanningInstance:
    """Visits and pairs ready for ``plan_visits``, with the day they start."""

    name: str
    start_date: date
    horizon_days: int
    visits: tuple[Visit, ...]
    pairs: tuple[OfficerPair, ...]


def _pairs(count: int, days: int) -> tuple[OfficerPair, ...]:
    by_code = {s.code: s for s in STATIONS}
    order = [by_code[c] for c in _PAIR_STATIONS] + [
        s for s in STATIONS if s.code not in _PAIR_STATIONS
    ]
    pairs = []
    for i in range(count):
        station = order[i % len(order)]
        shifts = []
        for day in range(days):
            # A third of pair-days are evening shifts, so visits vary into the evening.
            start, end = _EVENING_SHIFT if (i + day) % 3 == 0 else _DAY_SHIFT
            shifts.append(DutyShift(day, start, end))
        pairs.append(
            OfficerPair(
                id=f"P{i + 1:02d}-{station.code}",
                station_id=station.code,
                station_location=(station.lat, station.lon),
                shifts=tuple(shifts),
            )
        )
    return tuple(pairs)


def staffordshire_backlog(
    *,
    visits: int = 560,
    overdue: int | None = None,
    pairs: int = 8,
    days: int = 5,
    seed: int = 0,
    start_date: date = date(2025, 3, 3),
) -> PlanningInstance:
    """A synthetic backlog of home visits in Staffordshire.

    Parameters
    ----------
    visits
        Visits in all: overdue ones plus ones falling due over the next weeks.
    overdue
        How many are overdue at the start; by default 260 of 560, in proportion.
    pairs
        Officer pairs, placed on stations across the county in turn.
    days
        Horizon; every pair is on duty every day, a third of pair-days 14:00-22:00.
    seed
        The same seed gives the same instance.
    start_date
        Day 0 (a Monday by default).
    """
    if visits < 1 or pairs < 1 or days < 1:
        raise ValueError("give at least one visit, one pair and one day")
    rng = random.Random(seed)
    overdue_count = round(visits * 260 / 560) if overdue is None else overdue
    if not 0 <= overdue_count <= visits:
        raise ValueError(f"overdue is {overdue_count}; give 0 to {visits}")
    points = load_street_points()
    homes = rng.sample(points, visits) if visits <= len(points) else rng.choices(points, k=visits)
    levels = [level for level, _ in _VISIT_MIX]
    weights = [share for _, share in _VISIT_MIX]
    out: list[Visit] = []
    for i, home in enumerate(homes):
        level = rng.choices(levels, weights)[0]
        if i < overdue_count:
            # Overdue by a few days to four months, most by a few weeks.
            due = start_date - timedelta(days=1 + int(rng.expovariate(1 / 30)) % 120)
        else:
            due = start_date + timedelta(days=rng.randrange(0, 2 * days + 4))
        windows: tuple[AllowedWindow, ...] = ()
        if rng.random() < 0.1:
            # In work by day: evenings on weekdays only.
            windows = tuple(AllowedWindow(wd, time(17), time(21, 30)) for wd in range(5))
        last = datetime.combine(
            due - timedelta(days=rng.randrange(25, 40)),
            time(rng.choice((9, 10, 11, 13, 15, 18, 19))),
            tzinfo=UTC,
        )
        out.append(
            Visit(
                id=f"V{i + 1:04d}",
                location=(home.lat, home.lon),
                risk_level=level,
                due_date=due,
                allowed_windows=windows,
                recent_visits=(last,),
            )
        )
    return PlanningInstance(
        name=f"staffordshire-{visits}v-{pairs}p-{days}d-s{seed}",
        start_date=start_date,
        horizon_days=days,
        visits=tuple(out),
        pairs=_pairs(pairs, days),
    )
