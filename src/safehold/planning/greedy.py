"""The copy model the planner solves, its evaluator, and the two hand-planning baselines.

The solver module compiles visits and officer pairs into a :class:`CopyModel`: plain
numbers on one absolute time axis (``t = day * 86,400 + seconds after local midnight``).
Each pair-day is a :class:`ShiftSlot` (one route); each visit has one
:class:`VisitCopy` per day and allowed time window it could be made in, and at most one
copy of a visit may be served. Everything here is pure Python and numpy, so the
baselines and the evaluator are testable and usable without PyVRP.

The baselines fill pairs one at a time, day by day, like a team planning by hand. From
the station at the start of the shift, the next stop is chosen among the visits that can
be reached and started inside their window, with time left to get back to the station
by the end of the shift:

- **G1 priority**: the highest (risk weight, days overdue) visit; ties go to the nearest.
- **G2 class-nearest**: the nearest visit within the best remaining class, where the
  class is (risk weight, due-or-overdue on that day) — how a team plans by hand.
- **required-first**: G2, but must-serve visits (overdue very high and high, pinned)
  before every other class; the solver uses it to check that all must-serve visits fit
  together and to start from a plan that holds them.

Pinned copies (visits done or under way when re-planning) go first on their pair-day,
earliest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

__all__ = [
    "DAY_S",
    "CopyModel",
    "GreedyRule",
    "PlanEvaluation",
    "RouteTimes",
    "ShiftSlot",
    "VisitCopy",
    "build_greedy_routes",
    "evaluate_routes",
    "time_route",
]

DAY_S = 86_400
# Travel seconds stay far below this, so rank * _RANK_STRIDE + travel orders by class
# first and distance second in one integer.
_RANK_STRIDE = 10_000_000

IntArray = npt.NDArray[np.int64]
Routes = tuple[tuple[int, ...], ...]


class GreedyRule(StrEnum):
    """Which hand-planning baseline to build."""

    PRIORITY = "g1"
    CLASS_NEAREST = "g2"
    REQUIRED_FIRST = "required_first"


@dataclass(frozen=True, slots=True)
class ShiftSlot:
    """One pair on duty on one day: a route from the station and back."""

    pair_index: int
    day: int
    station_location: int
    start_s: int
    end_s: int


@dataclass(frozen=True, slots=True)
class VisitCopy:
    """One way to make a visit: on a given day, starting inside one window.

    ``pair_index`` is the only pair allowed to make it (a pinned visit), or -1 for any.
    """

    visit_index: int
    day: int
    location: int
    earliest_start_s: int
    latest_start_s: int
    service_s: int
    prize: int
    pair_index: int = -1


@dataclass(frozen=True, slots=True, eq=False)
class CopyModel:
    """The compiled planning problem: matrices, pair-days, visit copies, classes.

    Per-visit tuples are indexed by visit index: ``weight`` is the risk weight,
    ``due_day`` the due date as a day index from the plan start (negative when
    overdue), ``required`` marks must-serve visits, ``copies_of`` lists each visit's
    copies.
    """

    metres: IntArray
    seconds: IntArray
    shifts: tuple[ShiftSlot, ...]
    copies: tuple[VisitCopy, ...]
    copies_of: tuple[tuple[int, ...], ...]
    weight: tuple[int, ...]
    due_day: tuple[int, ...]
    required: tuple[bool, ...]

    @property
    def num_visits(self) -> int:
        """Number of visits (served or not)."""
        return len(self.weight)


@dataclass(frozen=True, slots=True)
class RouteTimes:
    """A route timed from the earliest start, with the station departure put back.

    ``starts`` and ``ends`` are when each visit begins and ends; ``arrivals`` when the
    pair reaches the door (before any wait). The pair leaves the station as late as it
    can without making the first visit later.
    """

    depart_s: int
    return_s: int
    arrivals: tuple[int, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    leg_metres: tuple[int, ...]
    leg_seconds: tuple[int, ...]
    travel_m: int
    travel_s: int
    feasible: bool


@dataclass(frozen=True, slots=True)
class PlanEvaluation:
    """Objective and feasibility of a set of routes, in the model's own units."""

    objective: int
    travel_m: int
    prizes: int
    feasible: bool
    served: frozenset[int]

    @property
    def visits(self) -> int:
        """Number of visits served."""
        return len(self.served)


def time_route(model: CopyModel, shift_index: int, route: Sequence[int]) -> RouteTimes:
    """Time a route of copy indices on one pair-day and say whether it keeps every limit."""
    shift = model.shifts[shift_index]
    seconds, metres = model.seconds, model.metres
    t = shift.start_s
    here = shift.station_location
    feasible = True
    arrivals: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    leg_m: list[int] = []
    leg_s: list[int] = []
    for copy_index in route:
        copy = model.copies[copy_index]
        drive = int(seconds[here, copy.location])
        leg_m.append(int(metres[here, copy.location]))
        leg_s.append(drive)
        arrive = t + drive
        begin = max(arrive, copy.earliest_start_s)
        if begin > copy.latest_start_s or copy.day != shift.day:
            feasible = False
        if copy.pair_index not in (-1, shift.pair_index):
            feasible = False
        arrivals.append(arrive)
        starts.append(begin)
        ends.append(begin + copy.service_s)
        t = begin + copy.service_s
        here = copy.location
    drive_back = int(seconds[here, shift.station_location])
    leg_m.append(int(metres[here, shift.station_location]))
    leg_s.append(drive_back)
    back = t + drive_back
    if back > shift.end_s:
        feasible = False
    depart = shift.start_s
    if route:
        # Leaving later by the first wait changes no visit time.
        first_wait = starts[0] - arrivals[0]
        depart += first_wait
        arrivals[0] += first_wait
    return RouteTimes(
        depart_s=depart,
        return_s=back if route else shift.start_s,
        arrivals=tuple(arrivals),
        starts=tuple(starts),
        ends=tuple(ends),
        leg_metres=tuple(leg_m) if route else (),
        leg_seconds=tuple(leg_s) if route else (),
        travel_m=sum(leg_m) if route else 0,
        travel_s=sum(leg_s) if route else 0,
        feasible=feasible,
    )


def evaluate_routes(model: CopyModel, routes: Sequence[Sequence[int]]) -> PlanEvaluation:
    """Objective (metres travelled minus prizes collected; lower is better) and feasibility.

    A plan is feasible when every route keeps its shift and windows, no visit is served
    twice, and every required visit is served.
    """
    if len(routes) != len(model.shifts):
        raise ValueError(f"{len(routes)} routes for {len(model.shifts)} pair-days")
    travel = prizes = 0
    feasible = True
    served: set[int] = set()
    for shift_index, route in enumerate(routes):
        if not route:
            continue
        times = time_route(model, shift_index, route)
        feasible &= times.feasible
        travel += times.travel_m
        for copy_index in route:
            copy = model.copies[copy_index]
            if copy.visit_index in served:
                feasible = False
            served.add(copy.visit_index)
            prizes += copy.prize
    if any(req and v not in served for v, req in enumerate(model.required)):
        feasible = False
    return PlanEvaluation(travel - prizes, travel, prizes, feasible, frozenset(served))


def _class_keys(
    model: CopyModel, rule: GreedyRule, day: int, copy_idx: IntArray
) -> npt.NDArray[np.int64]:
    visits = np.fromiter((model.copies[c].visit_index for c in copy_idx), np.int64, len(copy_idx))
    weight = np.asarray(model.weight, dtype=np.int64)[visits]
    lateness = day - np.asarray(model.due_day, dtype=np.int64)[visits]
    not_due = (lateness < 0).astype(np.int64)
    if rule is GreedyRule.PRIORITY:
        keys = [-weight, -lateness]
    elif rule is GreedyRule.CLASS_NEAREST:
        keys = [-weight, not_due]
    else:
        optional = 1 - np.asarray(model.required, dtype=np.int64)[visits]
        keys = [optional, -weight, not_due]
    _, rank = np.unique(np.stack(keys, axis=1), axis=0, return_inverse=True)
    return np.asarray(rank, dtype=np.int64).reshape(-1)


def build_greedy_routes(model: CopyModel, rule: GreedyRule | str) -> Routes:
    """Build a baseline plan: one route of copy indices per pair-day, in shift order.

    Parameters
    ----------
    model
        The compiled problem.
    rule
        ``"g1"`` (priority), ``"g2"`` (class-nearest) or ``"required_first"``.

    Returns
    -------
    tuple of tuple of int
        For each :attr:`CopyModel.shifts` entry, the copies visited in order.
    """
    rule = GreedyRule(rule)
    routes: list[tuple[int, ...]] = [() for _ in model.shifts]
    served = np.zeros(model.num_visits, dtype=bool)
    seconds = model.seconds
    copies_by_day: dict[int, list[int]] = {}
    for index, copy in enumerate(model.copies):
        copies_by_day.setdefault(copy.day, []).append(index)
    shifts_by_day: dict[int, list[int]] = {}
    for index, shift in enumerate(model.shifts):
        shifts_by_day.setdefault(shift.day, []).append(index)

    for day in sorted(shifts_by_day):
        if day not in copies_by_day:
            continue
        idx = np.asarray(copies_by_day[day], dtype=np.int64)
        chosen = [model.copies[c] for c in idx]
        locs = np.fromiter((c.location for c in chosen), np.int64, len(idx))
        early = np.fromiter((c.earliest_start_s for c in chosen), np.int64, len(idx))
        late = np.fromiter((c.latest_start_s for c in chosen), np.int64, len(idx))
        service = np.fromiter((c.service_s for c in chosen), np.int64, len(idx))
        visit = np.fromiter((c.visit_index for c in chosen), np.int64, len(idx))
        pair = np.fromiter((c.pair_index for c in chosen), np.int64, len(idx))
        rank = _class_keys(model, rule, day, idx)
        pinned = pair >= 0
        order = sorted(shifts_by_day[day], key=lambda s: model.shifts[s].pair_index)
        for shift_index in order:
            shift = model.shifts[shift_index]
            pair_ok = (pair == -1) | (pair == shift.pair_index)
            back = seconds[locs, shift.station_location]
            here, t = shift.station_location, shift.start_s
            route: list[int] = []
            while True:
                drive = seconds[here, locs]
                begin = np.maximum(t + drive, early)
                ok = pair_ok & ~served[visit] & (begin <= late)
                ok &= begin + service + back <= shift.end_s
                if not ok.any():
                    break
                key = np.where(pinned, early, (rank + 1) * _RANK_STRIDE + drive)
                j = int(np.argmin(np.where(ok, key, np.iinfo(np.int64).max)))
                route.append(int(idx[j]))
                served[visit[j]] = True
                t = int(begin[j] + service[j])
                here = int(locs[j])
            routes[shift_index] = tuple(route)
    return tuple(routes)
