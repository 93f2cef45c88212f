"""The search's neighbourhood for large plans: nearest homes first, expanded to copies.

Plain numpy (no PyVRP): :mod:`.solver` turns the copy indices into PyVRP's activities.
"""

from __future__ import annotations

import numpy as np

from safehold.planning.greedy import CopyModel
from safehold.planning.params import PlannerParams

__all__ = ["location_neighbours"]


def location_neighbours(model: CopyModel, params: PlannerParams) -> dict[int, list[int]]:
    """Nearest homes first, expanded to copies: many on the same day, a few on others.

    PyVRP's default neighbourhood builds a dense copies-by-copies matrix; at 10,000
    copies that is about 800 MB before the search starts. Homes-by-homes is 25 times
    smaller, and the few other-day neighbours let a visit change day.

    Returns each copy's neighbours (copy indices); the copies of one visit on one day share
    one list.
    """
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
    neighbours: dict[int, list[int]] = {}
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
            for ci in own:
                neighbours[ci] = chosen
    return neighbours
