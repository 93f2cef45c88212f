"""Insertion repair: put visits the search left out into gaps that still have room.

Step 6 of making a plan (``docs/planner.md``). The search weighs each visit's prize
against the metres it costs, and when officer time is scarce it may end with shorter
routes and visits left out that still fit between the planned ones. The repair takes
every such visit, highest risk first and then most overdue, and puts it at the
cheapest place where it fits: any copy of the visit (day and window), any pair-day
route on that day that may make it, any position in the route. "Fits" is every limit
the copy model keeps (``greedy.time_route``): the copy's day and start window, its time
at the door, the pair it is pinned to, and the pair back at the station by the end of
the shift; the stops already planned keep their windows too. "Cheapest" is the change
in the objective: the extra metres driven minus the copy's prize.

A visit is made even when its prize is below the detour, so the repair can raise the
objective; :class:`Repair` says by how much (``objective_change``). Visits already in
the plan keep their pair, day and order. The repair never makes a plan infeasible: each
changed route is timed again with ``time_route`` and an insertion that would break it is
not made.

Pure Python and numpy, no PyVRP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from safehold.planning.greedy import CopyModel, time_route

__all__ = ["Repair", "repair_order", "repair_routes"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Repair:
    """Routes after the repair and what it changed.

    ``added`` lists the visit indices put in, in the order they were inserted;
    ``objective_change`` is the objective after minus before (metres driven minus
    prizes; negative when the repair improved it).
    """

    routes: tuple[tuple[int, ...], ...]
    added: tuple[int, ...]
    objective_change: int


@dataclass(frozen=True, slots=True)
class _Gaps:
    """Every gap between consecutive stops of the routes on one day, flattened.

    A gap ``g`` is in route ``shift[g]`` before position ``position[g]``: it runs from
    ``prev_loc[g]``, free from ``free_at[g]`` (the earliest end of the stop before, or
    the shift start), to ``next_loc[g]``, which must be reached by ``due_by[g]`` (the
    latest start that keeps the rest of the route feasible, or the shift end).
    """

    shift: IntArray
    position: IntArray
    pair: IntArray
    prev_loc: IntArray
    next_loc: IntArray
    free_at: IntArray
    due_by: IntArray
    direct_m: IntArray


def repair_order(model: CopyModel, visits: Sequence[int]) -> list[int]:
    """The visits in the order the repair tries them: highest risk, then most overdue.

    Ties go to the earlier visit index, so the order (and the repair) is deterministic.
    """
    return sorted(visits, key=lambda vi: (-model.weight[vi], model.due_day[vi], vi))


def _route_gaps(model: CopyModel, shift_index: int, route: Sequence[int]) -> list[tuple[int, ...]]:
    """The gaps of one route: (position, prev, next, free_at, due_by)."""
    shift = model.shifts[shift_index]
    seconds = model.seconds
    copies = [model.copies[ci] for ci in route]
    station = shift.station_location
    locs = [station, *(c.location for c in copies), station]
    # Forward: earliest end of each stop, waiting at the door when early.
    free = [shift.start_s]
    for k, c in enumerate(copies):
        begin = max(free[-1] + int(seconds[locs[k], c.location]), c.earliest_start_s)
        free.append(begin + c.service_s)
    # Backward: latest start of each stop that keeps the rest of the route feasible.
    due = [shift.end_s]
    for k in range(len(copies) - 1, -1, -1):
        c = copies[k]
        after = due[0] - int(seconds[c.location, locs[k + 2]]) - c.service_s
        due.insert(0, min(c.latest_start_s, after))
    return [(k, locs[k], locs[k + 1], free[k], due[k]) for k in range(len(copies) + 1)]


def _day_gaps(
    model: CopyModel, shift_indices: Sequence[int], routes: Sequence[Sequence[int]]
) -> _Gaps:
    rows: list[tuple[int, ...]] = []
    for si in shift_indices:
        pair = model.shifts[si].pair_index
        rows.extend((si, pair, *gap) for gap in _route_gaps(model, si, routes[si]))
    table = np.array(rows, dtype=np.int64).reshape(-1, 7)
    prev_loc, next_loc = table[:, 3], table[:, 4]
    return _Gaps(
        shift=table[:, 0],
        position=table[:, 2],
        pair=table[:, 1],
        prev_loc=prev_loc,
        next_loc=next_loc,
        free_at=table[:, 5],
        due_by=table[:, 6],
        direct_m=np.asarray(model.metres[prev_loc, next_loc], dtype=np.int64),
    )


def _best_place(model: CopyModel, copy_index: int, gaps: _Gaps) -> tuple[int, int] | None:
    """The cheapest gap (index into ``gaps``) for one copy and its objective change."""
    copy = model.copies[copy_index]
    loc = copy.location
    begin = np.maximum(gaps.free_at + model.seconds[gaps.prev_loc, loc], copy.earliest_start_s)
    back = begin + copy.service_s + model.seconds[loc, gaps.next_loc]
    fits = (begin <= copy.latest_start_s) & (back <= gaps.due_by)
    if copy.pair_index >= 0:
        fits &= gaps.pair == copy.pair_index
    if not fits.any():
        return None
    extra_m = model.metres[gaps.prev_loc, loc] + model.metres[loc, gaps.next_loc] - gaps.direct_m
    change = np.where(fits, extra_m - copy.prize, np.iinfo(np.int64).max)
    g = int(np.argmin(change))
    return g, int(change[g])


def repair_routes(
    model: CopyModel, routes: Sequence[Sequence[int]], visits: Sequence[int] | None = None
) -> Repair:
    """Insert left-out visits where they still fit, each at its cheapest place.

    Parameters
    ----------
    model
        The compiled problem.
    routes
        A feasible plan: one route of copy indices per :attr:`CopyModel.shifts` entry.
    visits
        The visit indices to try, in order; by default every visit with a copy that
        the routes do not serve, in :func:`repair_order`.

    Returns
    -------
    Repair
        The routes with the visits that fitted, which visits they are, and the change
        in the objective.
    """
    if len(routes) != len(model.shifts):
        raise ValueError(f"{len(routes)} routes for {len(model.shifts)} pair-days")
    out = [tuple(r) for r in routes]
    served = {model.copies[ci].visit_index for route in out for ci in route}
    if visits is None:
        visits = repair_order(
            model, [vi for vi, own in enumerate(model.copies_of) if own and vi not in served]
        )
    shifts_on: dict[int, list[int]] = {}
    for si, shift in enumerate(model.shifts):
        shifts_on.setdefault(shift.day, []).append(si)
    gaps_on: dict[int, _Gaps] = {}
    added: list[int] = []
    change_total = 0
    for vi in visits:
        if vi in served:
            continue
        best: tuple[int, int, int] | None = None  # (change, copy, gap)
        for ci in model.copies_of[vi]:
            day = model.copies[ci].day
            if day not in shifts_on:
                continue
            if day not in gaps_on:
                gaps_on[day] = _day_gaps(model, shifts_on[day], out)
            place = _best_place(model, ci, gaps_on[day])
            if place is not None and (best is None or place[1] < best[0]):
                best = (place[1], ci, place[0])
        if best is None:
            continue
        change, ci, g = best
        gaps = gaps_on[model.copies[ci].day]
        si, k = int(gaps.shift[g]), int(gaps.position[g])
        route = (*out[si][:k], ci, *out[si][k:])
        # The gap arithmetic is the whole check; timing the route again is the proof.
        if not time_route(model, si, route).feasible:
            continue
        out[si] = route
        served.add(vi)
        added.append(vi)
        change_total += change
        del gaps_on[model.copies[ci].day]
    return Repair(routes=tuple(out), added=tuple(added), objective_change=change_total)
