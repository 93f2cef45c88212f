"""A replication's incidents and rosters, drawn and laid out before the clock starts.

Plain NumPy (no SimPy; :mod:`.model` runs the clock). Everything random (arrivals, routing,
urban or rural, double-crew need, handling and travel times) is drawn up front from
independent streams of the replication's seed, so two scenarios run with the same seed
share their random numbers where they can (common random numbers). Arrivals are a
non-homogeneous Poisson process with a piecewise-constant rate by hour of week and grade.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .params import MINUTES_PER_DAY, Distribution, ModelInputs

__all__ = [
    "CENTRE",
    "NONE",
    "RESPONSE",
    "Incidents",
    "draw",
    "generate_incidents",
    "roster_events",
]

# Where an incident goes: a response unit, the resolution centre, or neither.
RESPONSE, CENTRE, NONE = 0, 1, 2


def draw(dist: Distribution, rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` values of ``dist`` from ``rng``."""
    if dist.kind == "fixed" or dist.mean_minutes == 0:
        return np.full(n, dist.mean_minutes)
    if dist.kind == "exponential":
        return rng.exponential(dist.mean_minutes, n)
    mu, sigma = dist.lognormal_params()
    return rng.lognormal(mu, sigma, n)


@dataclass(slots=True)
class Incidents:
    """The replication's incidents, drawn up front, in time order."""

    time: np.ndarray
    grade: np.ndarray  # the grade served as (after the resolution centre's fallback)
    kind: np.ndarray  # RESPONSE, CENTRE or NONE
    urban: np.ndarray
    double: np.ndarray
    travel: np.ndarray
    busy: np.ndarray  # travel + handling, or the investigator's handling


def generate_incidents(inputs: ModelInputs, seed: int, total_minutes: float) -> Incidents:
    """Every incident of a replication up to ``total_minutes``, from four streams of ``seed``."""
    arrivals_rng, route_rng, handling_rng, travel_rng = (
        np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(4)
    )
    hours = math.ceil(total_minutes / 60.0)
    hour_starts = np.arange(hours, dtype=float) * 60.0
    times, grades = [], []
    for g in inputs.grades:
        rates = np.resize(np.asarray(g.arrivals_per_hour, dtype=float), hours)
        counts = arrivals_rng.poisson(rates)
        n = int(counts.sum())
        times.append(np.repeat(hour_starts, counts) + arrivals_rng.random(n) * 60.0)
        grades.append(np.full(n, g.grade, dtype=np.int64))
    t = np.concatenate(times)
    grade = np.concatenate(grades)
    order = np.argsort(t, kind="stable")
    t, grade = t[order], grade[order]
    n = len(t)
    u_route, u_urban, u_double = route_rng.random((3, n))
    rc = inputs.resolution_centre
    kind = np.full(n, NONE, dtype=np.int64)
    urban = np.zeros(n, dtype=bool)
    double = np.zeros(n, dtype=bool)
    served = grade.copy()
    for g in inputs.grades:
        mine = grade == g.grade
        to_centre = mine & (u_route < g.resolution_centre_share)
        kind[mine & ~to_centre & g.attended] = RESPONSE
        if rc.enabled:
            kind[to_centre] = CENTRE
        else:
            kind[to_centre] = RESPONSE
            served[to_centre] = rc.fallback_grade
    for g in inputs.grades:
        mine = served == g.grade
        urban[mine] = u_urban[mine] < g.urban_share
        double[mine] = u_double[mine] < g.double_crew_share
    travel = np.where(
        urban, draw(inputs.travel_urban, travel_rng, n), draw(inputs.travel_rural, travel_rng, n)
    )
    busy = np.zeros(n)
    for g in inputs.grades:
        mine = (served == g.grade) & (kind == RESPONSE)
        busy[mine] = travel[mine] + draw(g.handling, handling_rng, int(mine.sum()))
    centre = kind == CENTRE
    busy[centre] = draw(rc.handling, handling_rng, int(centre.sum()))
    return Incidents(t, served, kind, urban, double, travel, busy)


def roster_events(
    total_minutes: float, blocks: list[tuple[int, float, list[int]]]
) -> list[tuple[float, int, list[int]]]:
    """(time, +1 on / -1 off, units) for daily blocks (start minute, hours, units)."""
    events: list[tuple[float, int, list[int]]] = []
    days = math.ceil(total_minutes / MINUTES_PER_DAY) + 1
    for start, hours, units in blocks:
        if hours >= 24:
            events.append((0.0, 1, units))
            continue
        for day in range(-1, days):
            on = day * MINUTES_PER_DAY + start
            off = on + hours * 60.0
            if off <= 0 or on >= total_minutes:
                continue
            events.append((max(on, 0.0), 1, units))
            if off < total_minutes:
                events.append((off, -1, units))
    # Off before on at the same instant, so a handover never double-counts a unit.
    events.sort(key=lambda e: (e[0], e[1]))
    return events
