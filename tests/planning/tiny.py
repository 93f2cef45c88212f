"""Tiny planning instances whose best plan can be worked out by hand.

They use :class:`FakeTravelTimes`, which reads ``(lat, lon)`` as kilometres on a flat
grid at 10 m/s, so one kilometre is 100 seconds of driving. Day 0 is Monday 3 March 2025.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from safehold.planning.solver import DutyShift, OfficerPair, PlannerParams, RiskLevel, Visit

MONDAY = date(2025, 3, 3)
FAST = PlannerParams(max_runtime_s=None, max_iterations=300, seed=1)


def pair(
    pair_id: str = "P1",
    *,
    station: tuple[float, float] = (0.0, 0.0),
    station_id: str | None = None,
    days: dict[int, tuple[time, time]] | None = None,
) -> OfficerPair:
    """An officer pair; by default on duty on day 0 from 08:00 to 16:00."""
    days = days if days is not None else {0: (time(8), time(16))}
    return OfficerPair(
        id=pair_id,
        station_id=station_id or f"S-{pair_id}",
        station_location=station,
        shifts=tuple(DutyShift(d, start, end) for d, (start, end) in sorted(days.items())),
    )


def visit(
    visit_id: str,
    at: tuple[float, float],
    *,
    risk: RiskLevel = RiskLevel.MEDIUM,
    overdue_days: int = 0,
    due_in_days: int = 0,
    **extra: Any,
) -> Visit:
    """A visit at a grid point, due today unless said otherwise."""
    due = (
        MONDAY - timedelta(days=overdue_days)
        if overdue_days
        else MONDAY + timedelta(days=due_in_days)
    )
    return Visit(id=visit_id, location=at, risk_level=risk, due_date=due, **extra)


Instance = tuple[list[Visit], list[OfficerPair]]


def two_visits_one_pair() -> Instance:
    """Station at the origin, homes 1 km and 2 km east: one 4 km round trip makes both."""
    return [visit("V1", (0.0, 1.0)), visit("V2", (0.0, 2.0))], [pair()]


def square_round() -> Instance:
    """Homes on three corners of a 1 km square: go round (4 km), never across (4.83 km)."""
    visits = [
        visit("N", (1.0, 0.0)),
        visit("NE", (1.0, 1.0)),
        visit("E", (0.0, 1.0)),
    ]
    return visits, [pair()]


def far_overdue_high_and_near_lows() -> Instance:
    """A 2-hour shift: either the overdue high-risk visit 25 km out or the three lows nearby.

    With a prize too small to pay for the drive, the prize model alone would make the
    three near visits; the must-serve rule makes the far one.
    """
    visits = [
        visit("FAR-HIGH", (0.0, 25.0), risk=RiskLevel.HIGH, overdue_days=10, duration_minutes=30),
        visit("L1", (0.0, 0.5), risk=RiskLevel.LOW, duration_minutes=30),
        visit("L2", (0.0, 0.6), risk=RiskLevel.LOW, duration_minutes=30),
        visit("L3", (0.0, 0.7), risk=RiskLevel.LOW, duration_minutes=30),
    ]
    return visits, [pair(days={0: (time(8), time(10))})]


def cheap_prizes() -> PlannerParams:
    """Prizes worth 1 km a visit, with no bonus: travel dominates the objective."""
    return PlannerParams(
        max_runtime_s=None,
        max_iterations=300,
        seed=1,
        prize_base_m=1_000,
        must_serve_bonus=0.0,
        risk_weights=FAST.risk_weights,
    )
