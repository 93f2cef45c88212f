"""What the planner gives back: a `VisitPlan` of routes per pair-day, the visits left out
with their reasons, the plan's KPIs and how it was made.

Plain frozen dataclasses; datetimes are timezone-aware UTC; each has ``to_dict`` for
JSON. ``solver_version()`` names the planner and the PyVRP under it for plan records.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from safehold.planning.params import PlannerParams

__all__ = [
    "PLANNER_VERSION",
    "LeftOutReason",
    "LeftOutVisit",
    "PairDayRoute",
    "PlanKpis",
    "PlanStats",
    "PlannedStop",
    "VisitPlan",
    "solver_version",
]

PLANNER_VERSION = "1.0"


class LeftOutReason(StrEnum):
    """Why a visit is not in the plan."""

    NO_CAPACITY_FOR_RISK_LEVEL = "no_capacity_for_risk_level"
    OUTSIDE_EVERY_WINDOW = "outside_every_window"
    UNREACHABLE_WITHIN_ANY_SHIFT = "unreachable_within_any_shift"
    NOT_ON_DUTY = "not_on_duty"


@dataclass(frozen=True, slots=True)
class PlannedStop:
    """One visit on a route: when the pair is at the door (UTC) and the drive to it."""

    visit_id: str
    arrival: datetime
    departure: datetime
    wait_minutes: float
    travel_minutes: float
    travel_km: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "visit_id": self.visit_id,
            "arrival": self.arrival.isoformat(),
            "departure": self.departure.isoformat(),
            "wait_minutes": self.wait_minutes,
            "travel_minutes": self.travel_minutes,
            "travel_km": self.travel_km,
        }


@dataclass(frozen=True, slots=True)
class PairDayRoute:
    """A pair's route on one day: out from the station, the stops in order, and back."""

    pair_id: str
    day: int
    date: date
    station_id: str
    leaves_station: datetime
    back_at_station: datetime
    stops: tuple[PlannedStop, ...]
    travel_km: float
    travel_minutes: float
    officer_hours: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "pair_id": self.pair_id,
            "day": self.day,
            "date": self.date.isoformat(),
            "station_id": self.station_id,
            "leaves_station": self.leaves_station.isoformat(),
            "back_at_station": self.back_at_station.isoformat(),
            "stops": [s.to_dict() for s in self.stops],
            "travel_km": self.travel_km,
            "travel_minutes": self.travel_minutes,
            "officer_hours": self.officer_hours,
        }


@dataclass(frozen=True, slots=True)
class LeftOutVisit:
    """A visit the plan does not make, with a reason code and a sentence."""

    visit_id: str
    reason: LeftOutReason
    text: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"visit_id": self.visit_id, "reason": self.reason.value, "text": self.text}


@dataclass(frozen=True, slots=True)
class PlanKpis:
    """What the plan achieves. ``objective`` is metres travelled minus prizes (lower is
    better); ``greedy_objective`` is the same for the G2 class-nearest baseline."""

    visits_total: int
    visits_planned: int
    planned_by_risk: dict[str, int]
    total_by_risk: dict[str, int]
    overdue_total: int
    overdue_cleared: int
    must_serve_total: int
    must_serve_planned: int
    travel_km: float
    travel_minutes: float
    officer_hours: float
    pair_days_on_duty: int
    pair_days_used: int
    visits_per_pair_day: float
    km_per_visit: float
    objective: int
    greedy_objective: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class PlanStats:
    """How the plan was made; timings vary from run to run, the rest does not.

    ``repair_added`` is how many visits the insertion repair put into the chosen plan
    after the search, and ``repair_objective_change`` how much it moved the objective
    (positive when a visit's prize was below its detour); the plan's objective before
    the repair is ``kpis.objective - repair_objective_change``.
    """

    plan_source: str
    iterations: int
    copies: int
    neighbourhood: str
    build_seconds: float
    first_feasible_seconds: float
    solve_seconds: float
    total_seconds: float
    repair_added: int = 0
    repair_objective_change: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class VisitPlan:
    """The plan: routes per pair-day, visits left out with reasons, KPIs.

    Datetimes are timezone-aware UTC; shifts and windows were read in ``timezone``.
    """

    start_date: date
    timezone: str
    routes: tuple[PairDayRoute, ...]
    left_out: tuple[LeftOutVisit, ...]
    kpis: PlanKpis
    stats: PlanStats
    params: PlannerParams
    solver_version: str

    def route(self, pair_id: str, day: int) -> PairDayRoute | None:
        """The route of one pair on one day, if the pair is on duty and has visits."""
        for r in self.routes:
            if r.pair_id == pair_id and r.day == day:
                return r
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (``json.dumps`` takes it as is)."""
        return {
            "start_date": self.start_date.isoformat(),
            "timezone": self.timezone,
            "routes": [r.to_dict() for r in self.routes],
            "left_out": [v.to_dict() for v in self.left_out],
            "kpis": self.kpis.to_dict(),
            "stats": self.stats.to_dict(),
            "params": self.params.to_dict(),
            "solver_version": self.solver_version,
        }


def solver_version() -> str:
    """The planner's version and the PyVRP it runs on, for plan records."""
    return f"safehold-planner {PLANNER_VERSION} (pyvrp {importlib.metadata.version('pyvrp')})"
