"""Tiny planning instances whose best plan can be worked out by hand.

They use :class:`FakeTravelTimes`, which reads ``(lat, lon)`` as kilometres on a flat
grid at 10 m/s, so one kilometre is 100 seconds of driving. Day 0 is Monday 3 March 2025.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from safehold.planning.solver import (
    AllowedWindow,
    DutyShift,
    OfficerPair,
    PlannerParams,
    RiskLevel,
    Visit,
)

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


# The insertion repair (``repair.py``): each instance names the route the search would
# have ended with and the visits left out of it.


def gap_on_the_way() -> Instance:
    """Homes 1, 2 and 3 km east; the route makes 1 and 3, and 2 lies on the way between."""
    visits = [visit("V1", (0.0, 1.0)), visit("V2", (0.0, 2.0)), visit("V3", (0.0, 3.0))]
    return visits, [pair()]


def room_for_one_more() -> Instance:
    """A 90-minute shift making one 35-minute visit: room for one more visit, not two.

    MED (medium, 35 minutes) and LOW (low, 30 minutes) each fit beside PLANNED, but not
    both: 35 + 35 + 30 minutes is over 90.
    """
    visits = [
        visit("PLANNED", (0.0, 0.1)),
        visit("LOW", (0.0, 0.2), risk=RiskLevel.LOW),
        visit("MED", (0.0, 0.3)),
    ]
    return visits, [pair(days={0: (time(8), time(9, 30))})]


def window_closed() -> Instance:
    """Two visits 1 km out, each allowed Monday 08:00-08:40 only: one of them, not both.

    A 35-minute visit must start by 08:05; the pair reaches the first door at 08:01:40,
    so whichever visit comes second starts at 08:36:40, too late.
    """
    early = (AllowedWindow(0, time(8), time(8, 40)),)
    visits = [
        visit("A", (0.0, 1.0), allowed_windows=early),
        visit("B", (0.0, 1.0), allowed_windows=early),
    ]
    return visits, [pair()]


def two_stations() -> Instance:
    """Stations at 0 and 10 km; X at 8 km is 2 km extra for P2 (9 km) and 14 km for P1."""
    visits = [visit("NEAR1", (0.0, 1.0)), visit("NEAR9", (0.0, 9.0)), visit("X", (0.0, 8.0))]
    return visits, [pair("P1"), pair("P2", station=(0.0, 10.0))]


def pinned_to_the_far_pair() -> Instance:
    """A visit 0.5 km from P1's station, pinned to P2 at the station 10 km away."""
    pinned = visit("PINNED", (0.0, 0.5), pinned_pair="P2", pinned_day=0)
    return [pinned], [pair("P1"), pair("P2", station=(0.0, 10.0))]


def far_low_risk_visit() -> Instance:
    """One low-risk visit 5 km out and an idle pair: a 10 km round trip."""
    return [visit("FAR-LOW", (0.0, 5.0), risk=RiskLevel.LOW)], [pair()]


def afternoon_high_and_morning_medium() -> Instance:
    """HIGH may only be made 14:00-15:00, MED only 08:00-12:00, both near the station.

    G2 takes the high-risk visit first, at 14:00, and cannot go back to the morning;
    MED fits before it, in the morning.
    """
    visits = [
        visit(
            "HIGH",
            (0.0, 1.0),
            risk=RiskLevel.HIGH,
            allowed_windows=(AllowedWindow(0, time(14), time(15)),),
        ),
        visit("MED", (0.0, 2.0), allowed_windows=(AllowedWindow(0, time(8), time(12)),)),
    ]
    return visits, [pair()]
