"""The discrete-event model of demand against staffing — the only module that imports SimPy.

One call of :func:`simulate_replication` runs one replication of :class:`ModelInputs`
and returns a plain :class:`ReplicationResult`; SimPy's types never leave this module.

How it works
------------
* **Arrivals** are a non-homogeneous Poisson process with a piecewise-constant rate by
  hour of week and grade: in each simulated hour the number of incidents of a grade is
  Poisson with that hour's rate and their times are uniform within the hour (exact for
  piecewise-constant rates). Everything random — arrivals, routing, urban or rural,
  double-crew need, handling and travel times — is drawn up front with NumPy from
  independent streams of the replication's seed, so two scenarios run with the same
  seed share their random numbers where they can (common random numbers).
* **Response units** come on and go off with their shift each day. A unit busy when its
  shift ends finishes that incident first (overtime). Incidents wait in a queue ordered
  by grade, then by time received, across shift changes until a unit is free. A
  double-crewed unit takes an incident that needs two officers or any other; a
  single-crewed unit only the latter. A unit is busy for travel plus handling.
* **The resolution centre** has investigators on duty between its opening hours;
  incidents routed to it wait (overnight too) for an investigator. When it is disabled
  its incidents fall on response as the fallback grade.
* **Recording**: only incidents received after the warm-up and before the end of the
  horizon count; the cool-down lets them finish. One still unattended at the very end
  counts as missing its target, with its time so far.

The incidents and rosters are drawn in ``incidents.py`` and the figures measured in
``measure.py`` (both plain NumPy); this module runs the clock. SimPy drives it with plain
timeouts and callbacks (no process per incident),
which keeps a simulated year of ~180,000 incidents to a few seconds (bench/simulation.py).
"""

from __future__ import annotations

import heapq
import math
from typing import Any

import numpy as np
import simpy

from .incidents import NONE, RESPONSE, Incidents, generate_incidents, roster_events
from .measure import measure
from .params import HOURS_PER_WEEK, MINUTES_PER_DAY, ModelInputs
from .results import GradeOutcome, ReplicationResult, ResolutionOutcome

__all__ = [
    "GradeOutcome",
    "ReplicationResult",
    "ResolutionOutcome",
    "replication_seed",
    "simulate_replication",
]


def replication_seed(run_seed: int, index: int) -> int:
    """The seed of replication ``index`` of a run seeded ``run_seed`` (no matter who runs it)."""
    seq = np.random.SeedSequence(entropy=int(run_seed), spawn_key=(int(index),))
    return int(seq.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


class _Pool:
    """Units (or investigators) on duty, the queue waiting for them, and time-weighted tallies."""

    __slots__ = (
        "a_busy",
        "a_on",
        "a_queue",
        "busy",
        "dispatched",
        "env",
        "free_double",
        "free_single",
        "incidents",
        "last",
        "on_duty",
        "queue_any",
        "queue_double",
        "unit_busy",
        "unit_double",
        "unit_on",
    )

    def __init__(self, env: simpy.Environment, incidents: Incidents, n: int) -> None:
        self.env = env
        self.incidents = incidents
        self.dispatched: list[float] = [math.nan] * n
        self.free_single: list[int] = []
        self.free_double: list[int] = []
        self.queue_any: list[tuple[int, int]] = []
        self.queue_double: list[tuple[int, int]] = []
        self.unit_double: list[bool] = []
        self.unit_on: list[bool] = []
        self.unit_busy: list[bool] = []
        self.busy = 0
        self.on_duty = 0
        self.last = 0.0
        self.a_busy = 0.0
        self.a_on = 0.0
        self.a_queue = 0.0

    def add_unit(self, double: bool) -> int:
        self.unit_double.append(double)
        self.unit_on.append(False)
        self.unit_busy.append(False)
        return len(self.unit_double) - 1

    def account(self) -> None:
        now = self.env._now
        dt = now - self.last
        if dt > 0:
            self.a_busy += self.busy * dt
            self.a_on += self.on_duty * dt
            self.a_queue += (len(self.queue_any) + len(self.queue_double)) * dt
            self.last = now

    def arrive(self, i: int, grade: int, double: bool) -> None:
        self.account()
        if double:
            if self.free_double:
                self._dispatch(self.free_double.pop(), i)
            else:
                heapq.heappush(self.queue_double, (grade, i))
        elif self.free_single:
            self._dispatch(self.free_single.pop(), i)
        elif self.free_double:
            self._dispatch(self.free_double.pop(), i)
        else:
            heapq.heappush(self.queue_any, (grade, i))

    def _dispatch(self, u: int, i: int) -> None:
        env = self.env
        self.dispatched[i] = env._now
        self.busy += 1
        self.unit_busy[u] = True
        done = simpy.Timeout(env, self.incidents.busy[i], u)
        done.callbacks.append(self._done)

    def _done(self, event: simpy.Event) -> None:
        u: int = event._value
        self.account()
        self.busy -= 1
        self.unit_busy[u] = False
        if self.unit_on[u]:
            self._next(u)
        else:  # its shift ended while it was busy: off after the overtime
            self.on_duty -= 1

    def _next(self, u: int) -> None:
        qa, qd = self.queue_any, self.queue_double
        if self.unit_double[u]:
            if qd and (not qa or qd[0] < qa[0]):
                self._dispatch(u, heapq.heappop(qd)[1])
            elif qa:
                self._dispatch(u, heapq.heappop(qa)[1])
            else:
                self.free_double.append(u)
        elif qa:
            self._dispatch(u, heapq.heappop(qa)[1])
        else:
            self.free_single.append(u)

    def start(self, units: list[int]) -> None:
        self.account()
        for u in units:
            if self.unit_on[u]:
                continue
            self.unit_on[u] = True
            if not self.unit_busy[u]:
                self.on_duty += 1
                self._next(u)

    def end(self, units: list[int]) -> None:
        self.account()
        for u in units:
            if not self.unit_on[u]:
                continue
            self.unit_on[u] = False
            if not self.unit_busy[u]:
                self.on_duty -= 1
                (self.free_double if self.unit_double[u] else self.free_single).remove(u)


def _chain(
    env: simpy.Environment, times: list[float], act: Any, payloads: list[Any] | None = None
) -> None:
    """Call ``act(k)`` at each of the sorted ``times`` through one chained timeout."""
    if not times:
        return
    state = {"k": 0}

    def fire(_: simpy.Event) -> None:
        k = state["k"]
        act(k)
        k += 1
        state["k"] = k
        if k < len(times):
            ev = simpy.Timeout(env, times[k] - env._now)
            ev.callbacks.append(fire)

    first = simpy.Timeout(env, times[0])
    first.callbacks.append(fire)


def simulate_replication(inputs: ModelInputs, *, seed: int, index: int = 0) -> ReplicationResult:
    """Run one replication of ``inputs`` with ``seed``.

    Parameters
    ----------
    inputs
        The scenario's inputs.
    seed
        The replication's seed (see :func:`replication_seed`); the same seed gives the
        same result.
    index
        The replication's number within its run, carried into the result.

    Returns
    -------
    ReplicationResult
        Times to arrival by grade, waits, utilisation and queue length by hour of week,
        and the resolution centre's figures.
    """
    warmup = inputs.warmup_days * MINUTES_PER_DAY
    record_end = warmup + inputs.weeks * 7 * MINUTES_PER_DAY
    total = record_end + inputs.cooldown_days * MINUTES_PER_DAY
    inc = generate_incidents(inputs, seed, total)
    n = len(inc.time)
    env = simpy.Environment()
    response = _Pool(env, inc, n)
    centre = _Pool(env, inc, n)

    blocks: list[tuple[int, float, list[int]]] = []
    for shift in inputs.shifts:
        units = [response.add_unit(k < shift.double_crewed_units) for k in range(shift.units)]
        blocks.append((shift.start_minute, shift.hours, units))
    rc = inputs.resolution_centre
    rc_blocks: list[tuple[int, float, list[int]]] = []
    if rc.enabled and rc.investigators:
        staff = [centre.add_unit(False) for _ in range(rc.investigators)]
        rc_blocks.append((rc.opens_minute, (rc.closes_minute - rc.opens_minute) / 60.0, staff))

    for pool, pool_blocks in ((response, blocks), (centre, rc_blocks)):
        roster = roster_events(total, pool_blocks)

        def shift_change(k: int, pool: _Pool = pool, roster: Any = roster) -> None:
            _, sign, units = roster[k]
            (pool.start if sign > 0 else pool.end)(units)

        _chain(env, [r[0] for r in roster], shift_change)

    # Hourly tallies of utilisation and queue length, by hour of week, inside the window.
    nh = HOURS_PER_WEEK
    tallies = np.zeros((6, nh))  # busy, on, queue for response; the same for the centre
    first_hour = math.ceil(warmup / 60.0)
    last_hour = math.floor(record_end / 60.0)
    ticks = [float(h * 60) for h in range(first_hour, last_hour + 1)]

    def tick(k: int) -> None:
        for p in (response, centre):
            p.account()
        if k > 0:
            how = (first_hour + k - 1) % nh
            tallies[:, how] += (
                response.a_busy,
                response.a_on,
                response.a_queue,
                centre.a_busy,
                centre.a_on,
                centre.a_queue,
            )
        for p in (response, centre):
            p.a_busy = p.a_on = p.a_queue = 0.0

    _chain(env, ticks, tick)

    active = np.flatnonzero(inc.kind != NONE)
    a_times = inc.time[active].tolist()
    a_idx = active.tolist()
    a_kind = inc.kind[active].tolist()
    a_grade = inc.grade[active].tolist()
    a_double = inc.double[active].tolist()

    def arrive(k: int) -> None:
        i = a_idx[k]
        if a_kind[k] == RESPONSE:
            response.arrive(i, a_grade[k], a_double[k])
        else:
            centre.arrive(i, a_grade[k], False)

    _chain(env, a_times, arrive)
    env.run(until=total)
    events = int(next(env._eid)) if hasattr(env, "_eid") else 0
    return measure(
        inputs,
        inc,
        response.dispatched,
        centre.dispatched,
        tallies,
        warmup,
        record_end,
        total,
        seed,
        index,
        events,
    )
