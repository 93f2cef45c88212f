"""The visit planner: routes for officer pairs over several days, highest value first.

This is the only module that imports PyVRP; its types never leave it. Plain data in
(:class:`Visit`, :class:`OfficerPair`, a :class:`~safehold.planning.travel.TravelTimes`
provider, :class:`PlannerParams`), plain data out (:class:`VisitPlan`).

How a plan is made (``docs/planner.md`` has the whole story):

1. **Compile.** One location per station and per home; one route per pair-day (its
   shift is the route's time window); one *copy* of each visit per day and allowed
   window it could be made in, on one absolute time axis
   (``t = day * 86,400 + seconds after local midnight``). The copies of a visit are a
   mutually exclusive group: at most one is made. A copy's prize rises with risk and
   days overdue and falls with each day of delay.
2. **Explain.** Visits no pair-day could make on its own get their reason now:
   ``not_on_duty``, ``outside_every_window`` or ``unreachable_within_any_shift``.
3. **Greedy start.** The G2 class-nearest plan (``greedy.py``) is the baseline and the
   warm start. Must-serve visits (overdue very high and high risk, and pinned visits)
   are required groups, so the solver may not drop them.
4. **Search.** One exhaustive local search over the warm start, then PyVRP's iterated
   local search within an iteration or time budget, with a progress callback.
5. **Choose.** The solver's best plan unless the greedy plan scores better; visits left
   out for want of room get ``no_capacity_for_risk_level``.

Errors
------
:class:`PlanningError` carries a stable ``code``:

- :class:`PlannerParamsError` (also ``ValueError``): ``invalid_planner_params``, or
  ``unknown_key`` for a setting the planner does not know;
- :class:`PlanInputError` (also ``ValueError``): ``invalid_plan_input``,
  ``invalid_shift`` or ``unknown_pinned_pair``;
- ``travel_matrix_size`` when a travel provider answers for the wrong number of points.

Travel providers raise their own ``TravelTimesError`` (see ``travel.py``).
"""

from __future__ import annotations

import importlib.metadata
import itertools
import math
import time as clock
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any

import numpy as np
import pyvrp
from pyvrp import (
    Activity,
    ActivityType,
    Client,
    ClientGroup,
    Depot,
    Location,
    ProblemData,
    RandomNumberGenerator,
    Route,
    Solution,
    VehicleType,
)
from pyvrp.IteratedLocalSearch import IteratedLocalSearch, IteratedLocalSearchParams
from pyvrp.PenaltyManager import PenaltyManager, PenaltyParams
from pyvrp.search import (
    OPERATORS,
    LocalSearch,
    NeighbourhoodParams,
    PerturbationManager,
    PerturbationParams,
    compute_neighbours,
)

from safehold.planning.greedy import (
    DAY_S,
    CopyModel,
    GreedyRule,
    PlanEvaluation,
    ShiftSlot,
    VisitCopy,
    build_greedy_routes,
    evaluate_routes,
    time_route,
)
from safehold.planning.solomon import SolomonInstance
from safehold.planning.travel import LatLon, TravelTimes

__all__ = [
    "PLANNER_VERSION",
    "AllowedWindow",
    "DutyShift",
    "LeftOutReason",
    "LeftOutVisit",
    "OfficerPair",
    "PairDayRoute",
    "PerRiskLevel",
    "PlanInputError",
    "PlanKpis",
    "PlanStats",
    "PlannedStop",
    "PlannerParams",
    "PlannerParamsError",
    "PlanningError",
    "ProgressCallback",
    "RiskLevel",
    "TimeBand",
    "Visit",
    "VisitPlan",
    "VrptwSolution",
    "greedy_plan",
    "plan_visits",
    "solve_vrptw",
    "solver_version",
]

PLANNER_VERSION = "1.0"

ProgressCallback = Callable[[float, str], None]


# --------------------------------------------------------------------------- errors


class PlanningError(Exception):
    """The planner cannot work with what it was given; ``code`` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class PlannerParamsError(PlanningError, ValueError):
    """A planner parameter is out of range or unknown; the message says what to fix."""

    def __init__(self, message: str, code: str = "invalid_planner_params") -> None:
        super().__init__(code, message)


class PlanInputError(PlanningError, ValueError):
    """A visit, pair or shift cannot be planned as given; the message says what to fix."""

    def __init__(self, message: str, code: str = "invalid_plan_input") -> None:
        super().__init__(code, message)


# --------------------------------------------------------------------------- inputs


class RiskLevel(StrEnum):
    """Risk of serious harm, as on the offender's record."""

    VERY_HIGH = "very_high"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _hhmm(t: time) -> str:
    return t.strftime("%H:%M")


def _parse_time(value: Any, what: str) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise PlannerParamsError(f'{what} is {value!r}; give a time such as "08:00"')


@dataclass(frozen=True, slots=True)
class TimeBand:
    """A stretch of the day, ``start`` inclusive to ``end`` exclusive, local time."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise PlanInputError(
                f"time band ends {_hhmm(self.end)} before it starts {_hhmm(self.start)}; "
                "bands stay within one day"
            )

    def label(self) -> str:
        """``"08:00-12:00"``."""
        return f"{_hhmm(self.start)}-{_hhmm(self.end)}"


@dataclass(frozen=True, slots=True)
class AllowedWindow:
    """When a visit may be made on one weekday (0 = Monday), local time.

    The whole visit, not only its start, must fit inside the window.
    """

    weekday: int
    start: time
    end: time

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise PlanInputError(f"weekday is {self.weekday}; give 0 (Monday) to 6 (Sunday)")
        if self.end <= self.start:
            raise PlanInputError(
                f"allowed window ends {_hhmm(self.end)} before it starts {_hhmm(self.start)}"
            )


@dataclass(frozen=True, slots=True)
class DutyShift:
    """A pair's shift on one day of the horizon (day 0 is the plan's start date)."""

    day: int
    start: time
    end: time

    def __post_init__(self) -> None:
        if self.day < 0:
            raise PlanInputError(f"shift day is {self.day}; day 0 is the plan's first day")
        if self.end <= self.start:
            raise PlanInputError(
                f"shift ends {_hhmm(self.end)} before it starts {_hhmm(self.start)}; "
                "split a shift that crosses midnight into two days",
                code="invalid_shift",
            )


def _check_location(where: str, location: LatLon) -> None:
    lat, lon = location
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise PlanInputError(f"{where} is at ({lat}, {lon}); give (latitude, longitude)")


@dataclass(frozen=True, slots=True)
class OfficerPair:
    """Two officers who visit together, based at a station, with their shifts."""

    id: str
    station_id: str
    station_location: LatLon
    shifts: tuple[DutyShift, ...]

    def __post_init__(self) -> None:
        if not self.id or not self.station_id:
            raise PlanInputError("an officer pair needs an id and a station_id")
        _check_location(f"station {self.station_id}", self.station_location)
        days = [s.day for s in self.shifts]
        if len(days) != len(set(days)):
            raise PlanInputError(f"pair {self.id} has two shifts on one day; give one per day")


@dataclass(frozen=True, slots=True)
class Visit:
    """A home visit that is due or overdue.

    Parameters
    ----------
    id
        The caller's id for the visit (returned in the plan).
    location
        The home, ``(lat, lon)``.
    risk_level
        The offender's risk level.
    due_date
        When the visit is due; days overdue at the plan's start follow from it.
    earliest_day
        The first day of the horizon it may be made on.
    duration_minutes
        Time at the door; ``None`` takes the risk level's default from the parameters.
    allowed_windows
        When it may be made, per weekday; empty means the default window every day.
    recent_visits
        When the last visits were made (timezone-aware). A copy on the same weekday
        and in the same time band as one of them has its prize discounted, so visit
        days and times vary (APP).
    pinned_pair, pinned_day, pinned_start
        For a visit done or under way when re-planning: the pair and day it belongs
        to, and the local time it started (if known).
    """

    id: str
    location: LatLon
    risk_level: RiskLevel
    due_date: date
    earliest_day: int = 0
    duration_minutes: int | None = None
    allowed_windows: tuple[AllowedWindow, ...] = ()
    recent_visits: tuple[datetime, ...] = ()
    pinned_pair: str | None = None
    pinned_day: int | None = None
    pinned_start: time | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise PlanInputError("a visit needs an id")
        _check_location(f"visit {self.id}", self.location)
        object.__setattr__(self, "risk_level", RiskLevel(self.risk_level))
        if self.earliest_day < 0:
            raise PlanInputError(f"visit {self.id}: earliest_day is {self.earliest_day}")
        if self.duration_minutes is not None and not 5 <= self.duration_minutes <= 480:
            raise PlanInputError(
                f"visit {self.id}: duration_minutes is {self.duration_minutes}; give 5 to 480"
            )
        if (self.pinned_pair is None) != (self.pinned_day is None):
            raise PlanInputError(
                f"visit {self.id}: give both pinned_pair and pinned_day, or neither"
            )
        if self.pinned_start is not None and self.pinned_day is None:
            raise PlanInputError(f"visit {self.id}: pinned_start needs pinned_pair and day")
        for seen in self.recent_visits:
            if seen.tzinfo is None:
                raise PlanInputError(
                    f"visit {self.id}: recent visit {seen} has no timezone; give aware times"
                )

    @property
    def is_pinned(self) -> bool:
        """Done or under way: it stays with its pair and day."""
        return self.pinned_pair is not None

    def days_overdue(self, start_date: date) -> int:
        """Days overdue on the plan's first day (0 when not yet overdue)."""
        return max(0, (start_date - self.due_date).days)


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True, slots=True)
class PerRiskLevel:
    """One whole number per risk level."""

    very_high: int
    high: int
    medium: int
    low: int

    def of(self, level: RiskLevel) -> int:
        """The number for one level."""
        value: int = getattr(self, RiskLevel(level).value)
        return value

    def as_dict(self) -> dict[str, int]:
        """``{"very_high": ..., ...}``."""
        return {level.value: self.of(level) for level in RiskLevel}


def _per_risk(value: Any, what: str) -> PerRiskLevel:
    if isinstance(value, PerRiskLevel):
        return value
    if not isinstance(value, Mapping):
        raise PlannerParamsError(f"{what} must be a table of the four risk levels")
    unknown = set(value) - {level.value for level in RiskLevel}
    missing = {level.value for level in RiskLevel} - set(value)
    if unknown or missing:
        raise PlannerParamsError(
            f"{what}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}; "
            "give very_high, high, medium and low",
            code="unknown_key" if unknown else "invalid_planner_params",
        )
    return PerRiskLevel(**{k: int(v) for k, v in value.items()})


def _band(value: Any, what: str) -> TimeBand:
    if isinstance(value, TimeBand):
        return value
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
        raise PlannerParamsError(f'{what} must be [start, end], e.g. ["08:00", "22:00"]')
    try:
        return TimeBand(_parse_time(value[0], what), _parse_time(value[1], what))
    except PlanInputError as error:
        raise PlannerParamsError(f"{what}: {error}") from error


@dataclass(frozen=True, slots=True)
class PlannerParams:
    """Tunables of the visit planner, with the force's defaults.

    Prizes are in metres of travel: a visit with prize 50,000 is worth a 50 km detour.
    A copy's prize on day ``d`` (day 0 is the start) for risk weight ``w``:

    - overdue by ``o`` days at the start:
      ``(B*w*(1 + min(o, overdue_cap_days)/overdue_scale_days) + bonus) * (1 - day_decay*d)``,
      where ``bonus = must_serve_bonus * B`` for the must-serve levels, else 0;
    - due on day ``t >= 0``: ``B*w`` up to day ``t``, then
      ``B*w*late_factor*(1 - day_decay*(d - t - 1))``;
    - times ``repeat_slot_factor`` when the copy is on the weekday and in the time band
      of one of the offender's recent visits.

    The day factors never fall below 0.1. ``B`` is ``prize_base_m``.

    Parameters
    ----------
    horizon_days
        Days planned, from the start date.
    max_runtime_s, max_iterations
        Search budget; the search stops at whichever comes first. Give at least one.
        Use an iteration budget where the plan must be reproducible.
    seed
        Seed of the search; the same seed and iteration budget give the same plan.
    risk_weights
        Value of a visit per risk level, relative to a low-risk one.
    service_minutes
        Time at the door per risk level, when a visit gives none.
    must_serve_levels
        Overdue visits at these levels are never left out while a pair-day can take them.
    prize_base_m, must_serve_bonus, overdue_cap_days, overdue_scale_days, day_decay,
    late_factor, repeat_slot_factor
        The prize formula above.
    default_window
        When a visit may be made if it gives no windows (local time).
    time_bands
        The bands used to vary visit times ("morning", "afternoon", "evening").
    num_neighbours, weight_wait_time
        PyVRP's own neighbourhood, used up to ``large_model_copies`` copies.
    large_model_copies, same_day_neighbours, other_day_neighbours
        Above that many copies, a cheaper neighbourhood of the nearest homes: so many
        neighbours on the same day and on each other day.
    """

    horizon_days: int = 5
    max_runtime_s: float | None = 60.0
    max_iterations: int | None = None
    seed: int = 0
    risk_weights: PerRiskLevel = PerRiskLevel(very_high=20, high=8, medium=2, low=1)
    service_minutes: PerRiskLevel = PerRiskLevel(very_high=45, high=40, medium=35, low=30)
    must_serve_levels: tuple[RiskLevel, ...] = (RiskLevel.VERY_HIGH, RiskLevel.HIGH)
    prize_base_m: int = 50_000
    must_serve_bonus: float = 10.0
    overdue_cap_days: int = 120
    overdue_scale_days: int = 60
    day_decay: float = 0.1
    late_factor: float = 0.7
    repeat_slot_factor: float = 0.5
    default_window: TimeBand = TimeBand(time(8), time(22))
    time_bands: tuple[TimeBand, ...] = (
        TimeBand(time(8), time(12)),
        TimeBand(time(12), time(17)),
        TimeBand(time(17), time(22)),
    )
    num_neighbours: int = 50
    weight_wait_time: float = 0.2
    large_model_copies: int = 3000
    same_day_neighbours: int = 40
    other_day_neighbours: int = 4

    def __post_init__(self) -> None:
        def bad(message: str) -> PlannerParamsError:
            return PlannerParamsError(message)

        if not 1 <= self.horizon_days <= 28:
            raise bad(f"horizon_days is {self.horizon_days}; plan 1 to 28 days")
        if self.max_runtime_s is None and self.max_iterations is None:
            raise bad("give max_runtime_s or max_iterations (or both) to bound the search")
        if self.max_runtime_s is not None and not 0 < self.max_runtime_s <= 3600:
            raise bad(f"max_runtime_s is {self.max_runtime_s}; give 0 to 3600 seconds")
        if self.max_iterations is not None and self.max_iterations < 0:
            raise bad(f"max_iterations is {self.max_iterations}; give 0 or more")
        if not 0 <= self.seed < 2**32:
            raise bad(f"seed is {self.seed}; give 0 to 2**32 - 1")
        for level in RiskLevel:
            if self.risk_weights.of(level) < 1:
                raise bad(f"risk_weights.{level.value} must be at least 1")
            if not 5 <= self.service_minutes.of(level) <= 480:
                raise bad(f"service_minutes.{level.value} must be 5 to 480")
        object.__setattr__(
            self, "must_serve_levels", tuple(RiskLevel(v) for v in self.must_serve_levels)
        )
        # Keep prizes per second of service far below PyVRP's time-warp penalty
        # ceiling (100,000 per second), or squeezing a visit in with time warp pays.
        if not 1 <= self.prize_base_m <= 200_000:
            raise bad(f"prize_base_m is {self.prize_base_m}; give 1 to 200,000 metres")
        if not 0 <= self.must_serve_bonus <= 50:
            raise bad(f"must_serve_bonus is {self.must_serve_bonus}; give 0 to 50")
        if not 0 <= self.overdue_cap_days <= 3650 or self.overdue_scale_days < 1:
            raise bad("overdue_cap_days must be 0 to 3650 and overdue_scale_days at least 1")
        if not 0 <= self.day_decay <= 0.5:
            raise bad(f"day_decay is {self.day_decay}; give 0 to 0.5")
        for name in ("late_factor", "repeat_slot_factor"):
            if not 0 <= getattr(self, name) <= 1:
                raise bad(f"{name} is {getattr(self, name)}; give 0 to 1")
        bands = sorted(self.time_bands, key=lambda b: b.start)
        if any(a.end > b.start for a, b in itertools.pairwise(bands)):
            raise bad("time_bands overlap; give bands that follow one another")
        if self.num_neighbours < 1 or self.same_day_neighbours < 1:
            raise bad("num_neighbours and same_day_neighbours must be at least 1")
        if self.other_day_neighbours < 0 or self.large_model_copies < 1:
            raise bad("other_day_neighbours must be 0 or more, large_model_copies at least 1")
        if self.weight_wait_time < 0:
            raise bad(f"weight_wait_time is {self.weight_wait_time}; give 0 or more")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlannerParams:
        """Build from a TOML table (``[planner]``); unknown keys are an error.

        Times are ``"HH:MM"`` strings; ``default_window`` is ``["08:00", "22:00"]``,
        ``time_bands`` a list of such pairs; ``risk_weights`` and ``service_minutes``
        are tables keyed by ``very_high``, ``high``, ``medium`` and ``low``.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise PlannerParamsError(
                f"unknown planner settings {unknown}; known settings are {sorted(known)}",
                code="unknown_key",
            )
        values: dict[str, Any] = dict(data)
        for key in ("risk_weights", "service_minutes"):
            if key in values:
                values[key] = _per_risk(values[key], key)
        if "default_window" in values:
            values["default_window"] = _band(values["default_window"], "default_window")
        if "time_bands" in values:
            values["time_bands"] = tuple(
                _band(b, f"time_bands[{i}]") for i, b in enumerate(values["time_bands"])
            )
        if "must_serve_levels" in values:
            try:
                values["must_serve_levels"] = tuple(
                    RiskLevel(v) for v in values["must_serve_levels"]
                )
            except ValueError as error:
                raise PlannerParamsError(
                    f"must_serve_levels: {error}; use very_high, high, medium, low"
                ) from error
        try:
            return cls(**values)
        except TypeError as error:
            raise PlannerParamsError(f"planner settings: {error}") from error

    def to_dict(self) -> dict[str, Any]:
        """The TOML-shaped dictionary that :meth:`from_dict` reads back."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, PerRiskLevel):
                value = value.as_dict()
            elif isinstance(value, TimeBand):
                value = [_hhmm(value.start), _hhmm(value.end)]
            elif f.name == "time_bands":
                value = [[_hhmm(b.start), _hhmm(b.end)] for b in value]
            elif f.name == "must_serve_levels":
                value = [level.value for level in value]
            out[f.name] = value
        return out

    def service_s(self, visit: Visit) -> int:
        """Seconds at the door for a visit."""
        minutes = visit.duration_minutes or self.service_minutes.of(visit.risk_level)
        return minutes * 60


# --------------------------------------------------------------------------- outputs


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
    """How the plan was made; timings vary from run to run, the rest does not."""

    plan_source: str
    iterations: int
    copies: int
    neighbourhood: str
    build_seconds: float
    first_feasible_seconds: float
    solve_seconds: float
    total_seconds: float

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


# --------------------------------------------------------------------------- compiling


@dataclass(frozen=True, slots=True)
class _Compiled:
    model: CopyModel
    visits: tuple[Visit, ...]
    pairs: tuple[OfficerPair, ...]
    points: tuple[LatLon, ...]
    must_serve: tuple[bool, ...]
    reasons: dict[int, tuple[LeftOutReason, str]]
    pinned_dims: dict[int, int]


def _prize(visit: Visit, day: int, start_date: date, params: PlannerParams) -> float:
    weight = params.risk_weights.of(visit.risk_level)
    base = params.prize_base_m * weight
    overdue = visit.days_overdue(start_date)
    if overdue > 0:
        value = base * (1 + min(overdue, params.overdue_cap_days) / params.overdue_scale_days)
        if visit.risk_level in params.must_serve_levels:
            value += params.must_serve_bonus * params.prize_base_m
        return value * max(0.1, 1 - params.day_decay * day)
    due_day = (visit.due_date - start_date).days
    if day <= due_day:
        return float(base)
    return base * params.late_factor * max(0.1, 1 - params.day_decay * (day - due_day - 1))


def _pieces(lo: int, hi: int, penalised: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """Split the start interval [lo, hi] where it meets penalised bands [start, end)."""
    pieces: list[tuple[int, int, bool]] = []
    cursor = lo
    for band_start, band_end in sorted(penalised):
        s, e = max(band_start, cursor), min(band_end - 1, hi)
        if s > e:
            continue
        if cursor < s:
            pieces.append((cursor, s - 1, False))
        pieces.append((s, e, True))
        cursor = e + 1
    if cursor <= hi:
        pieces.append((cursor, hi, False))
    return pieces


def _windows_text(visit: Visit, params: PlannerParams) -> str:
    if not visit.allowed_windows:
        return f"{params.default_window.label()} any day"
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return ", ".join(
        f"{names[w.weekday]} {_hhmm(w.start)}-{_hhmm(w.end)}" for w in visit.allowed_windows
    )


def _locations(
    visits: tuple[Visit, ...], pairs: tuple[OfficerPair, ...]
) -> tuple[list[LatLon], dict[str, int]]:
    """Check ids; one location per station (first), then one per visit, in input order."""
    if len({v.id for v in visits}) != len(visits):
        twice = next(v.id for v in visits if sum(w.id == v.id for w in visits) > 1)
        raise PlanInputError(f"visit id {twice!r} appears twice; give each visit once")
    pair_ids = {p.id for p in pairs}
    if len(pair_ids) != len(pairs):
        raise PlanInputError("two officer pairs share an id; give each pair its own id")
    for v in visits:
        if v.pinned_pair is not None and v.pinned_pair not in pair_ids:
            raise PlanInputError(
                f"visit {v.id} is pinned to pair {v.pinned_pair!r}, which is not in the plan",
                code="unknown_pinned_pair",
            )
    station_loc: dict[str, int] = {}
    points: list[LatLon] = []
    for p in pairs:
        if p.station_id not in station_loc:
            station_loc[p.station_id] = len(points)
            points.append(p.station_location)
        elif points[station_loc[p.station_id]] != p.station_location:
            raise PlanInputError(f"station {p.station_id} has two locations; give one per station")
    points.extend(v.location for v in visits)
    return points, station_loc


def _shift_slots(
    pairs: tuple[OfficerPair, ...], station_loc: dict[str, int], horizon_days: int
) -> list[ShiftSlot]:
    """One slot per pair on duty per day of the horizon, by day then pair."""
    return [
        ShiftSlot(
            pair_index=i,
            day=duty.day,
            station_location=station_loc[p.station_id],
            start_s=duty.day * DAY_S + _seconds(duty.start),
            end_s=duty.day * DAY_S + _seconds(duty.end),
        )
        for day in range(horizon_days)
        for i, p in enumerate(pairs)
        for duty in p.shifts
        if duty.day == day
    ]


@dataclass(frozen=True, slots=True)
class _CopyContext:
    params: PlannerParams
    start_date: date
    tz: tzinfo
    now_s: int | None
    bands: list[tuple[int, int]]
    default_window: tuple[int, int]


def _visit_copies(
    vi: int,
    v: Visit,
    location: int,
    only_pair: int,
    shifts_on: dict[int, list[ShiftSlot]],
    ctx: _CopyContext,
) -> list[VisitCopy]:
    """Every way to make one visit: per day someone is on duty, per window and band."""
    params = ctx.params
    service = params.service_s(v)
    recent: set[tuple[int, int]] = set()
    for seen_at in v.recent_visits:
        local = seen_at.astimezone(ctx.tz)
        at = _seconds(local.time())
        recent.update(
            (local.weekday(), bi) for bi, (bs, be) in enumerate(ctx.bands) if bs <= at < be
        )
    if v.pinned_day is not None:
        days: Sequence[int] = [v.pinned_day]
    else:
        days = range(v.earliest_day, params.horizon_days)
    copies: list[VisitCopy] = []
    for day in days:
        if not any(only_pair in (-1, slot.pair_index) for slot in shifts_on.get(day, [])):
            continue
        weekday = (ctx.start_date + timedelta(days=day)).weekday()
        if v.pinned_start is not None:
            at = _seconds(v.pinned_start)
            intervals = [(at, at)]
        else:
            windows = [
                (_seconds(w.start), _seconds(w.end))
                for w in v.allowed_windows
                if w.weekday == weekday
            ]
            if not v.allowed_windows:
                windows = [ctx.default_window]
            intervals = [(a, b - service) for a, b in windows]
        prize = _prize(v, day, ctx.start_date, params)
        penalised = [ctx.bands[bi] for (wd, bi) in recent if wd == weekday]
        for lo, hi in intervals:
            if ctx.now_s is not None and not v.is_pinned:
                lo = max(lo, ctx.now_s - day * DAY_S)
            if lo > hi:
                continue
            pieces = [(lo, hi, False)] if v.is_pinned else _pieces(lo, hi, penalised)
            copies.extend(
                VisitCopy(
                    visit_index=vi,
                    day=day,
                    location=location,
                    earliest_start_s=day * DAY_S + p_lo,
                    latest_start_s=day * DAY_S + p_hi,
                    service_s=service,
                    prize=round(prize * (params.repeat_slot_factor if repeat else 1.0)),
                    pair_index=only_pair,
                )
                for p_lo, p_hi, repeat in pieces
            )
    return copies


def _fits(
    candidates: list[VisitCopy], shifts_on: dict[int, list[ShiftSlot]], seconds: Any
) -> tuple[Any, Any]:
    """Which copies fit some shift alone: inside it at all, and with the drive out and back."""
    window_ok = np.zeros(len(candidates), dtype=bool)
    reach_ok = np.zeros(len(candidates), dtype=bool)
    by_day: dict[int, list[int]] = {}
    for ci, c in enumerate(candidates):
        by_day.setdefault(c.day, []).append(ci)
    for day, idx_list in by_day.items():
        idx = np.asarray(idx_list, dtype=np.int64)
        day_copies = [candidates[i] for i in idx_list]
        locs = np.array([c.location for c in day_copies], dtype=np.int64)
        early = np.array([c.earliest_start_s for c in day_copies], dtype=np.int64)
        late = np.array([c.latest_start_s for c in day_copies], dtype=np.int64)
        service = np.array([c.service_s for c in day_copies], dtype=np.int64)
        only = np.array([c.pair_index for c in day_copies], dtype=np.int64)
        for slot in shifts_on.get(day, []):
            allowed = (only == -1) | (only == slot.pair_index)
            begin = np.maximum(early, slot.start_s)
            window_ok[idx] |= allowed & (begin <= late) & (begin + service <= slot.end_s)
            out = seconds[slot.station_location, locs]
            back = seconds[locs, slot.station_location]
            begin = np.maximum(early, slot.start_s + out)
            reach_ok[idx] |= allowed & (begin <= late) & (begin + service + back <= slot.end_s)
    return window_ok, reach_ok


def _reason(
    v: Visit,
    has_window: bool,
    nearest_s: int,
    on_duty: bool,
    params: PlannerParams,
    start_date: date,
) -> tuple[LeftOutReason, str]:
    """Why a visit that no pair-day can make on its own is left out."""
    minutes = params.service_s(v) // 60
    if not on_duty:
        first = start_date + timedelta(
            days=v.pinned_day if v.pinned_day is not None else v.earliest_day
        )
        last = start_date + timedelta(days=params.horizon_days - 1)
        return LeftOutReason.NOT_ON_DUTY, (
            f"No pair is on duty on a day it can be made ({first.isoformat()} "
            f"to {last.isoformat()})."
        )
    if not has_window:
        return LeftOutReason.OUTSIDE_EVERY_WINDOW, (
            f"Its allowed times ({_windows_text(v, params)}) leave no room for a "
            f"{minutes}-minute visit inside any shift on the days it can be made."
        )
    return LeftOutReason.UNREACHABLE_WITHIN_ANY_SHIFT, (
        f"No pair can drive there (nearest station {nearest_s // 60} minutes away), "
        f"make the {minutes}-minute visit inside its allowed times and be back "
        "before the shift ends."
    )


def _compile(
    visits: Sequence[Visit],
    pairs: Sequence[OfficerPair],
    travel: TravelTimes,
    params: PlannerParams,
    start_date: date,
    tz: tzinfo,
    now: datetime | None,
) -> _Compiled:
    """Turn the inputs into the copy model, and give reasons for visits it cannot hold."""
    visits, pairs = tuple(visits), tuple(pairs)
    points, station_loc = _locations(visits, pairs)
    matrices = travel.matrices(points)
    if matrices.size != len(points):
        raise PlanningError(
            "travel_matrix_size",
            f"travel times gave a {matrices.size}-point matrix for {len(points)} points",
        )
    home_base = len(station_loc)
    shifts = _shift_slots(pairs, station_loc, params.horizon_days)
    shifts_on: dict[int, list[ShiftSlot]] = {}
    for slot in shifts:
        shifts_on.setdefault(slot.day, []).append(slot)
    now_s: int | None = None
    if now is not None:
        if now.tzinfo is None:
            raise PlanInputError("now has no timezone; give an aware datetime")
        local = now.astimezone(tz)
        now_s = (local.date() - start_date).days * DAY_S + _seconds(local.time())
    ctx = _CopyContext(
        params=params,
        start_date=start_date,
        tz=tz,
        now_s=now_s,
        bands=[(_seconds(b.start), _seconds(b.end)) for b in params.time_bands],
        default_window=(_seconds(params.default_window.start), _seconds(params.default_window.end)),
    )
    pair_index = {p.id: i for i, p in enumerate(pairs)}
    candidates: list[VisitCopy] = []
    for vi, v in enumerate(visits):
        only_pair = pair_index[v.pinned_pair] if v.pinned_pair is not None else -1
        candidates.extend(_visit_copies(vi, v, home_base + vi, only_pair, shifts_on, ctx))
    window_ok, reach_ok = _fits(candidates, shifts_on, matrices.seconds)

    has_window = np.zeros(len(visits), dtype=bool)
    has_reach = np.zeros(len(visits), dtype=bool)
    for ci, c in enumerate(candidates):
        has_window[c.visit_index] |= window_ok[ci]
        has_reach[c.visit_index] |= reach_ok[ci]
    stations = sorted({slot.station_location for slot in shifts})
    reasons: dict[int, tuple[LeftOutReason, str]] = {}
    for vi, v in enumerate(visits):
        if has_reach[vi]:
            continue
        if v.pinned_pair is not None:
            on_duty = any(
                slot.pair_index == pair_index[v.pinned_pair]
                for slot in shifts_on.get(v.pinned_day or 0, [])
            )
        else:
            on_duty = any(d in shifts_on for d in range(v.earliest_day, params.horizon_days))
        nearest = min((int(matrices.seconds[st, home_base + vi]) for st in stations), default=0)
        reasons[vi] = _reason(v, bool(has_window[vi]), nearest, on_duty, params, start_date)

    usable = [c for ci, c in enumerate(candidates) if reach_ok[ci]]
    copies_of: list[list[int]] = [[] for _ in visits]
    for ci, c in enumerate(usable):
        copies_of[c.visit_index].append(ci)
    must_serve = tuple(
        v.days_overdue(start_date) > 0 and v.risk_level in params.must_serve_levels for v in visits
    )
    model = CopyModel(
        metres=matrices.metres,
        seconds=matrices.seconds,
        shifts=tuple(shifts),
        copies=tuple(usable),
        copies_of=tuple(tuple(c) for c in copies_of),
        weight=tuple(params.risk_weights.of(v.risk_level) for v in visits),
        due_day=tuple((v.due_date - start_date).days for v in visits),
        required=tuple(
            bool(copies_of[vi]) and (must_serve[vi] or v.is_pinned) for vi, v in enumerate(visits)
        ),
    )
    pinned_pairs = sorted({c.pair_index for c in usable if c.pair_index >= 0})
    return _Compiled(
        model=model,
        visits=visits,
        pairs=pairs,
        points=tuple(points),
        must_serve=must_serve,
        reasons=reasons,
        pinned_dims={p: d for d, p in enumerate(pinned_pairs)},
    )


# --------------------------------------------------------------------------- PyVRP


# Pinned copies carry this much load in their pair's own dimension; every other pair
# has no room for it, so moving a pinned visit to another pair is infeasible.
_PIN_LOAD = 1_000


class _Budget:
    """PyVRP stopping criterion: an iteration and/or time budget that reports progress."""

    def __init__(
        self,
        max_runtime_s: float | None,
        max_iterations: int | None,
        report: ProgressCallback | None = None,
        *,
        progress_from: float = 0.0,
    ) -> None:
        self.max_runtime_s = max_runtime_s
        self.max_iterations = max_iterations
        self.report = report
        self.progress_from = progress_from
        self.iterations = 0
        self.started: float | None = None
        self.last_report = -math.inf

    def __call__(self, best_cost: int) -> bool:
        now = clock.perf_counter()
        if self.started is None:
            self.started = now
        done = self.iterations
        fraction = 0.0
        stop = False
        if self.max_iterations is not None:
            fraction = done / self.max_iterations if self.max_iterations else 1.0
            stop = done >= self.max_iterations
        if self.max_runtime_s is not None:
            elapsed = now - self.started
            fraction = max(fraction, elapsed / self.max_runtime_s)
            stop = stop or elapsed >= self.max_runtime_s
        if not stop:
            self.iterations += 1
        if self.report is not None and (stop or now - self.last_report >= 0.5):
            self.last_report = now
            span = 1.0 - self.progress_from
            self.report(
                self.progress_from + span * min(1.0, fraction),
                f"searching: {done:,} iterations",
            )
        return stop


def _problem_data(compiled: _Compiled) -> ProblemData:
    model = compiled.model
    dims = compiled.pinned_dims
    pin_counts = Counter(c.pair_index for c in model.copies if c.pair_index >= 0)
    station_locs = sorted({s.station_location for s in model.shifts})
    depot_of = {loc: i for i, loc in enumerate(station_locs)}
    groups: list[ClientGroup] = []
    group_of: dict[int, int] = {}
    for vi, members in enumerate(model.copies_of):
        if len(members) > 1:
            group_of[vi] = len(groups)
            groups.append(ClientGroup(list(members), required=model.required[vi]))
    clients = []
    for c in model.copies:
        delivery = [0] * len(dims)
        if c.pair_index >= 0:
            delivery[dims[c.pair_index]] = _PIN_LOAD
        group = group_of.get(c.visit_index)
        clients.append(
            Client(
                location=c.location,
                delivery=delivery,
                service_duration=c.service_s,
                tw_early=c.earliest_start_s,
                tw_late=c.latest_start_s,
                prize=c.prize,
                required=group is None and model.required[c.visit_index],
                group=group,
            )
        )
    vehicle_types = []
    for s in model.shifts:
        capacity = [0] * len(dims)
        if s.pair_index in dims:
            capacity[dims[s.pair_index]] = _PIN_LOAD * pin_counts[s.pair_index]
        vehicle_types.append(
            VehicleType(
                num_available=1,
                capacity=capacity,
                start_depot=depot_of[s.station_location],
                end_depot=depot_of[s.station_location],
                tw_early=s.start_s,
                tw_late=s.end_s,
                unit_distance_cost=1,
                name=f"{compiled.pairs[s.pair_index].id}/{s.day}",
            )
        )
    matrices: list[Any] = [model.metres, model.seconds]
    return ProblemData(
        [Location(x=lon, y=lat) for lat, lon in compiled.points],
        clients,
        [Depot(location=loc) for loc in station_locs],
        vehicle_types,
        matrices[:1],
        matrices[1:],
        groups,
    )


def _location_neighbours(model: CopyModel, params: PlannerParams) -> dict[Activity, list[Activity]]:
    """Nearest homes first, expanded to copies: many on the same day, a few on others.

    PyVRP's default neighbourhood builds a dense copies-by-copies matrix; at 10,000
    copies that is about 800 MB before the search starts. Homes-by-homes is 25 times
    smaller, and the few other-day neighbours let a visit change day.
    """
    acts = [Activity(ActivityType.CLIENT, i) for i in range(len(model.copies))]
    active = [vi for vi, members in enumerate(model.copies_of) if members]
    by_visit_day: dict[tuple[int, int], list[int]] = {}
    for ci, copy in enumerate(model.copies):
        by_visit_day.setdefault((copy.visit_index, copy.day), []).append(ci)
    days = sorted({copy.day for copy in model.copies})
    locs = np.array([model.copies[model.copies_of[vi][0]].location for vi in active])
    sub = model.seconds[np.ix_(locs, locs)]
    proximity = sub + sub.T
    del sub
    depth = min(len(active), 2 * params.same_day_neighbours + 1)
    nearest = np.argsort(proximity, axis=1, kind="stable")[:, :depth]
    del proximity
    neighbours: dict[Activity, list[Activity]] = {}
    for row, vi in enumerate(active):
        near = [active[j] for j in nearest[row] if active[j] != vi]
        for day in days:
            own = by_visit_day.get((vi, day))
            if not own:
                continue
            chosen: list[int] = []
            for other_day in [day, *(d for d in days if d != day)]:
                want = (
                    params.same_day_neighbours if other_day == day else params.other_day_neighbours
                )
                found: list[int] = []
                for u in near:
                    if len(found) >= want:
                        break
                    found.extend(by_visit_day.get((u, other_day), ()))
                chosen.extend(found[:want])
            listed = [acts[ci] for ci in chosen]
            for ci in own:
                neighbours[acts[ci]] = listed
    return neighbours


def _search(
    compiled: _Compiled,
    warm: Sequence[Sequence[int]],
    params: PlannerParams,
    report: ProgressCallback | None,
) -> tuple[tuple[tuple[int, ...], ...] | None, int, str]:
    model = compiled.model
    data = _problem_data(compiled)
    if len(model.copies) > params.large_model_copies:
        neighbours = _location_neighbours(model, params)
        kind = "location_knn"
    else:
        neighbours = compute_neighbours(
            data, NeighbourhoodParams(params.weight_wait_time, params.num_neighbours)
        )
        kind = "pyvrp_default"
    rng = RandomNumberGenerator(seed=params.seed)
    search = LocalSearch(data, rng, neighbours, PerturbationManager(PerturbationParams()))
    for operator in OPERATORS:
        if operator.supports(data):
            search.add_operator(operator(data))
    penalties = PenaltyParams()
    manager = PenaltyManager(penalties.midpoint_penalties(data), penalties)
    start = Solution(data, [Route(data, list(r), vt) for vt, r in enumerate(warm) if r])
    # The search only revisits the few clients it perturbs each iteration; from a greedy
    # start the current solution would take tens of thousands of iterations to catch up
    # with one full pass. So polish the start with one exhaustive local search first.
    polished = search(start, manager.max_cost_evaluator(), exhaustive=True)
    if polished.is_feasible():
        start = polished
    ils = IteratedLocalSearch(data, manager, search, start, IteratedLocalSearchParams())
    budget = _Budget(params.max_runtime_s, params.max_iterations, report, progress_from=0.1)
    best = ils.run(budget, collect_stats=False).best
    if not best.is_feasible():
        return None, budget.iterations, kind
    routes: list[tuple[int, ...]] = [() for _ in model.shifts]
    for route in best.routes():
        routes[route.vehicle_type()] = tuple(a.idx for a in route.schedule() if a.is_client())
    return tuple(routes), budget.iterations, kind


# --------------------------------------------------------------------------- planning


def _greedy_start(
    compiled: _Compiled,
) -> tuple[_Compiled, tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...], frozenset[int]]:
    """The G2 baseline and a warm start holding every must-serve visit that fits.

    When G2 leaves a must-serve visit out, the required-first greedy tries; must-serve
    visits even that cannot fit stop being required (they did not fit together).
    """
    model = compiled.model
    g2 = build_greedy_routes(model, GreedyRule.CLASS_NEAREST)
    if evaluate_routes(model, g2).feasible:
        return compiled, g2, g2, frozenset()
    first = build_greedy_routes(model, GreedyRule.REQUIRED_FIRST)
    served = evaluate_routes(model, first).served
    dropped = frozenset(vi for vi, req in enumerate(model.required) if req and vi not in served)
    if dropped:
        required = tuple(req and vi not in dropped for vi, req in enumerate(model.required))
        compiled = replace(compiled, model=replace(model, required=required))
    return compiled, g2, first, dropped


def _local_datetime(start_date: date, tz: tzinfo, at_s: int) -> datetime:
    day, seconds = divmod(at_s, DAY_S)
    local = datetime.combine(start_date + timedelta(days=day), time(), tzinfo=tz)
    return (local + timedelta(seconds=seconds)).astimezone(UTC)


def _assemble(
    compiled: _Compiled,
    routes: Sequence[Sequence[int]],
    *,
    greedy_objective: int,
    dropped: frozenset[int],
    params: PlannerParams,
    start_date: date,
    tz: tzinfo,
    stats: PlanStats,
) -> VisitPlan:
    model = compiled.model
    evaluation = evaluate_routes(model, routes)
    out_routes: list[PairDayRoute] = []
    officer_s = travel_s = travel_m = 0
    for si, route in enumerate(routes):
        if not route:
            continue
        shift = model.shifts[si]
        pair = compiled.pairs[shift.pair_index]
        times = time_route(model, si, route)
        stops = tuple(
            PlannedStop(
                visit_id=compiled.visits[model.copies[ci].visit_index].id,
                arrival=_local_datetime(start_date, tz, times.starts[k]),
                departure=_local_datetime(start_date, tz, times.ends[k]),
                wait_minutes=round((times.starts[k] - times.arrivals[k]) / 60, 2),
                travel_minutes=round(times.leg_seconds[k] / 60, 2),
                travel_km=round(times.leg_metres[k] / 1000, 3),
            )
            for k, ci in enumerate(route)
        )
        hours = times.return_s - times.depart_s
        officer_s += hours
        travel_s += times.travel_s
        travel_m += times.travel_m
        out_routes.append(
            PairDayRoute(
                pair_id=pair.id,
                day=shift.day,
                date=start_date + timedelta(days=shift.day),
                station_id=pair.station_id,
                leaves_station=_local_datetime(start_date, tz, times.depart_s),
                back_at_station=_local_datetime(start_date, tz, times.return_s),
                stops=stops,
                travel_km=round(times.travel_m / 1000, 3),
                travel_minutes=round(times.travel_s / 60, 2),
                officer_hours=round(hours / 3600, 3),
            )
        )

    served = evaluation.served
    left_out: list[LeftOutVisit] = []
    for vi, v in enumerate(compiled.visits):
        if vi in served:
            continue
        if vi in compiled.reasons:
            reason, text = compiled.reasons[vi]
        elif vi in dropped:
            reason = LeftOutReason.NO_CAPACITY_FOR_RISK_LEVEL
            text = (
                f"Overdue {v.risk_level.value.replace('_', ' ')}-risk visits that each fit "
                "on their own do not all fit together in the horizon; this one did not."
            )
        else:
            reason = LeftOutReason.NO_CAPACITY_FOR_RISK_LEVEL
            overdue = v.days_overdue(start_date)
            text = (
                f"Every pair-day that could make it is full with visits of higher value "
                f"({v.risk_level.value.replace('_', ' ')} risk, "
                + (f"{overdue} days overdue)." if overdue else f"due {v.due_date.isoformat()}).")
            )
        left_out.append(LeftOutVisit(v.id, reason, text))

    was_overdue = [v.days_overdue(start_date) > 0 for v in compiled.visits]
    planned = len(served)
    on_duty = len(model.shifts)
    kpis = PlanKpis(
        visits_total=len(compiled.visits),
        visits_planned=planned,
        planned_by_risk={
            level.value: sum(1 for vi in served if compiled.visits[vi].risk_level is level)
            for level in RiskLevel
        },
        total_by_risk={
            level.value: sum(1 for v in compiled.visits if v.risk_level is level)
            for level in RiskLevel
        },
        overdue_total=sum(was_overdue),
        overdue_cleared=sum(1 for vi in served if was_overdue[vi]),
        must_serve_total=sum(compiled.must_serve),
        must_serve_planned=sum(1 for vi in served if compiled.must_serve[vi]),
        travel_km=round(travel_m / 1000, 3),
        travel_minutes=round(travel_s / 60, 2),
        officer_hours=round(officer_s / 3600, 3),
        pair_days_on_duty=on_duty,
        pair_days_used=len(out_routes),
        visits_per_pair_day=round(planned / on_duty, 3) if on_duty else 0.0,
        km_per_visit=round(travel_m / 1000 / planned, 3) if planned else 0.0,
        objective=evaluation.objective,
        greedy_objective=greedy_objective,
    )
    return VisitPlan(
        start_date=start_date,
        timezone=str(tz),
        routes=tuple(out_routes),
        left_out=tuple(left_out),
        kpis=kpis,
        stats=stats,
        params=params,
        solver_version=solver_version(),
    )


def plan_visits(
    visits: Sequence[Visit],
    pairs: Sequence[OfficerPair],
    travel: TravelTimes,
    params: PlannerParams | None = None,
    *,
    start_date: date,
    tz: tzinfo = UTC,
    now: datetime | None = None,
    on_progress: ProgressCallback | None = None,
) -> VisitPlan:
    """Plan visits for officer pairs over the horizon.

    Parameters
    ----------
    visits
        Visits due or overdue, and pinned visits when re-planning.
    pairs
        Officer pairs with their stations and shifts.
    travel
        Travel-time provider for stations and homes.
    params
        Planner parameters; the defaults when ``None``.
    start_date
        Day 0 of the horizon.
    tz
        Where shifts, windows and recent visits are read as wall-clock times.
    now
        When re-planning during the day: no unpinned visit starts before it.
    on_progress
        Called with a fraction in [0, 1] and a sentence, for a progress bar.

    Returns
    -------
    VisitPlan
        Routes, visits left out with reasons, KPIs; never worse than the G2 baseline.
    """
    params = params or PlannerParams()
    started = clock.perf_counter()
    if on_progress is not None:
        on_progress(0.0, "building the model")
    compiled = _compile(visits, pairs, travel, params, start_date, tz, now)
    built = clock.perf_counter()
    if on_progress is not None:
        on_progress(0.05, "building the greedy start")
    compiled, g2, warm, dropped = _greedy_start(compiled)
    model = compiled.model
    first_feasible = clock.perf_counter()
    g2_eval = evaluate_routes(model, g2)
    warm_eval = evaluate_routes(model, warm)

    choices: list[tuple[str, Sequence[Sequence[int]], PlanEvaluation]] = []
    iterations, kind = 0, "none"
    if model.copies and model.shifts and params.max_iterations != 0:
        found, iterations, kind = _search(compiled, warm, params, on_progress)
        if found is not None:
            choices.append(("solver", found, evaluate_routes(model, found)))
    choices.append(("greedy", warm, warm_eval))
    if g2_eval.feasible:
        choices.append(("greedy", g2, g2_eval))
    source, routes, _ = min((c for c in choices if c[2].feasible), key=lambda c: c[2].objective)
    finished = clock.perf_counter()
    stats = PlanStats(
        plan_source=source,
        iterations=iterations,
        copies=len(model.copies),
        neighbourhood=kind,
        build_seconds=round(built - started, 4),
        first_feasible_seconds=round(first_feasible - started, 4),
        solve_seconds=round(finished - first_feasible, 4),
        total_seconds=round(finished - started, 4),
    )
    plan = _assemble(
        compiled,
        routes,
        greedy_objective=g2_eval.objective,
        dropped=dropped,
        params=params,
        start_date=start_date,
        tz=tz,
        stats=stats,
    )
    if on_progress is not None:
        on_progress(1.0, f"planned {plan.kpis.visits_planned} of {plan.kpis.visits_total} visits")
    return plan


def greedy_plan(
    visits: Sequence[Visit],
    pairs: Sequence[OfficerPair],
    travel: TravelTimes,
    params: PlannerParams | None = None,
    *,
    start_date: date,
    rule: GreedyRule | str = GreedyRule.CLASS_NEAREST,
    tz: tzinfo = UTC,
    now: datetime | None = None,
) -> VisitPlan:
    """A hand-planning baseline as a :class:`VisitPlan` (``"g1"`` or ``"g2"``); no search."""
    params = params or PlannerParams()
    started = clock.perf_counter()
    compiled = _compile(visits, pairs, travel, params, start_date, tz, now)
    built = clock.perf_counter()
    routes = build_greedy_routes(compiled.model, rule)
    g2 = (
        routes
        if GreedyRule(rule) is GreedyRule.CLASS_NEAREST
        else build_greedy_routes(compiled.model, GreedyRule.CLASS_NEAREST)
    )
    finished = clock.perf_counter()
    stats = PlanStats(
        plan_source=GreedyRule(rule).value,
        iterations=0,
        copies=len(compiled.model.copies),
        neighbourhood="none",
        build_seconds=round(built - started, 4),
        first_feasible_seconds=round(finished - started, 4),
        solve_seconds=0.0,
        total_seconds=round(finished - started, 4),
    )
    return _assemble(
        compiled,
        routes,
        greedy_objective=evaluate_routes(compiled.model, g2).objective,
        dropped=frozenset(),
        params=params,
        start_date=start_date,
        tz=tz,
        stats=stats,
    )


# --------------------------------------------------------------------------- Solomon


@dataclass(frozen=True, slots=True)
class VrptwSolution:
    """A Solomon VRPTW solution in the DIMACS convention (distances cut to 0.1)."""

    distance: float
    routes: tuple[tuple[int, ...], ...]
    feasible: bool
    iterations: int
    runtime_s: float

    @property
    def vehicles(self) -> int:
        """Routes used."""
        return len(self.routes)


def _dimacs(value: float) -> int:
    # DIMACS: scale by 10, then truncate, for every number in the instance.
    return int(np.int64(10 * value))


def solve_vrptw(
    instance: SolomonInstance,
    *,
    max_runtime_s: float | None = None,
    max_iterations: int | None = None,
    seed: int = 0,
) -> VrptwSolution:
    """Solve a Solomon instance (distance only, DIMACS rounding) with PyVRP's defaults.

    The benchmark of the engine under the planner: the same ILS, penalties and
    operators as ``pyvrp.solve``, built from numpy matrices.
    """
    if max_runtime_s is None and max_iterations is None:
        raise PlannerParamsError("give max_runtime_s or max_iterations")
    nodes = (instance.depot, *instance.customers)
    coords = np.array([[n.x, n.y] for n in nodes], dtype=np.float64)
    # The same arithmetic as vrplib's pairwise_euclidean, so the matrix matches PyVRP's
    # own reader bit for bit.
    squares = (coords**2).sum(axis=1)
    squared = np.add.outer(squares, squares) - 2 * (coords @ coords.T)
    np.fill_diagonal(squared, 0)
    distance: Any = (10 * np.sqrt(squared)).astype(np.int64)
    depot = instance.depot
    data = ProblemData(
        [Location(x=_dimacs(n.x), y=_dimacs(n.y)) for n in nodes],
        [
            Client(
                location=n.number,
                delivery=[_dimacs(n.demand)],
                pickup=[0],
                service_duration=_dimacs(n.service_time),
                tw_early=_dimacs(n.ready_time),
                tw_late=_dimacs(n.due_date),
            )
            for n in instance.customers
        ],
        [Depot(location=0)],
        [
            VehicleType(
                num_available=instance.vehicles,
                capacity=[_dimacs(instance.capacity)],
                start_depot=0,
                end_depot=0,
                tw_early=_dimacs(depot.ready_time),
                tw_late=_dimacs(depot.due_date),
            )
        ],
        [distance],
        [distance],
    )
    budget = _Budget(max_runtime_s, max_iterations)
    result = pyvrp.solve(data, stop=budget, seed=seed, collect_stats=False)
    best = result.best
    routes = tuple(
        tuple(instance.customers[a.idx].number for a in r.schedule() if a.is_client())
        for r in best.routes()
    )
    return VrptwSolution(
        distance=best.distance() / 10,
        routes=routes,
        feasible=best.is_feasible(),
        iterations=result.num_iterations,
        runtime_s=result.runtime,
    )
