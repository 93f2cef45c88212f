"""A replication's figures, measured from its incidents and when each was dispatched.

Plain NumPy (no SimPy; :mod:`.model` runs the clock). Only incidents received after the
warm-up and before the end of the horizon count; one still unattended at the very end
counts as missing its target, with its time so far.
"""

from __future__ import annotations

import numpy as np

from .incidents import CENTRE, RESPONSE, Incidents
from .params import ModelInputs
from .results import GradeOutcome, ReplicationResult, ResolutionOutcome

__all__ = ["measure"]


def measure(
    inputs: ModelInputs,
    inc: Incidents,
    response_dispatched: list[float],
    centre_dispatched: list[float],
    tallies: np.ndarray,
    warmup: float,
    record_end: float,
    total: float,
    seed: int,
    index: int,
    events: int,
) -> ReplicationResult:
    """The replication's figures from when each incident was dispatched (NaN: never) and
    the hourly tallies of busy units, units on duty and queue length."""
    recorded = (inc.time >= warmup) & (inc.time < record_end)
    dispatched = np.asarray(response_dispatched)
    attended = ~np.isnan(dispatched)
    # Unattended at the very end: counted with the time so far (a missed target).
    end_or_dispatch = np.where(attended, dispatched, total)
    wait = end_or_dispatch - inc.time
    if inputs.clock_start == "call":
        to_arrival = wait + np.where(attended, inc.travel, 0.0)
    else:
        to_arrival = np.where(attended, inc.travel, total - inc.time)
    by_grade = []
    for g in inputs.grades:
        mine = recorded & (inc.grade == g.grade) & (inc.kind == RESPONSE)
        count = int(mine.sum())
        if not count:
            by_grade.append(
                GradeOutcome(
                    g.grade,
                    int((recorded & (inc.grade == g.grade)).sum()),
                    0,
                    None,
                    None,
                    None,
                    None,
                )
            )
            continue
        tta = to_arrival[mine]
        p50, p90 = (float(x) for x in np.quantile(tta, [0.5, 0.9]))
        share = None
        if g.target_urban_minutes is not None and g.target_rural_minutes is not None:
            target = np.where(inc.urban[mine], g.target_urban_minutes, g.target_rural_minutes)
            share = float(np.mean((tta <= target) & attended[mine]))
        by_grade.append(
            GradeOutcome(
                grade=g.grade,
                incidents=int((recorded & (inc.grade == g.grade)).sum()),
                attended=int((attended & mine).sum()),
                p50_minutes=p50,
                p90_minutes=p90,
                share_within_target=share,
                mean_wait_minutes=float(np.mean(wait[mine])),
            )
        )
    to_response = recorded & (inc.kind == RESPONSE)
    waits = wait[to_response]
    busy, on, queue, c_busy, c_on, _ = tallies
    weeks_per_how = max(inputs.weeks, 1e-9)
    with np.errstate(invalid="ignore", divide="ignore"):
        util_by_hour = np.where(on > 0, busy / np.where(on > 0, on, 1.0), 0.0)
    centre_rows = recorded & (inc.kind == CENTRE)
    c_disp = np.asarray(centre_dispatched)[centre_rows]
    c_wait = np.where(np.isnan(c_disp), total, c_disp) - inc.time[centre_rows]
    return ReplicationResult(
        index=index,
        seed=seed,
        incidents=int(recorded.sum()),
        events=events,
        by_grade=tuple(by_grade),
        mean_wait_minutes=float(np.mean(waits)) if len(waits) else 0.0,
        p_wait=float(np.mean(waits > 1e-9)) if len(waits) else 0.0,
        utilisation=float(busy.sum() / on.sum()) if on.sum() > 0 else 0.0,
        utilisation_by_hour=tuple(float(x) for x in util_by_hour),
        queue_by_hour=tuple(float(x) for x in queue / (60.0 * weeks_per_how)),
        resolution_centre=ResolutionOutcome(
            handled=int(centre_rows.sum()),
            mean_wait_minutes=float(np.mean(c_wait)) if len(c_wait) else None,
            p90_wait_minutes=float(np.quantile(c_wait, 0.9)) if len(c_wait) else None,
            utilisation=float(c_busy.sum() / c_on.sum()) if c_on.sum() > 0 else None,
        ),
    )
