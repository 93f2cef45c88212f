"""Properties of every plan on random small instances: limits kept, nothing lost."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehold.planning.solver import (
    AllowedWindow,
    DutyShift,
    OfficerPair,
    PlannerParams,
    RiskLevel,
    Visit,
    VisitPlan,
    greedy_plan,
    plan_visits,
)
from safehold.planning.travel import FakeTravelTimes

from .tiny import MONDAY

PARAMS = PlannerParams(max_runtime_s=None, max_iterations=60, seed=3)

hours = st.integers(min_value=6, max_value=21)


@st.composite
def windows(draw: st.DrawFn) -> tuple[AllowedWindow, ...]:
    if draw(st.booleans()):
        return ()
    chosen = []
    for weekday in draw(st.sets(st.integers(0, 1), min_size=1)):
        start = draw(hours)
        end = draw(st.integers(start + 1, 23))
        chosen.append(AllowedWindow(weekday, time(start), time(end)))
    return tuple(chosen)


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[Visit], list[OfficerPair]]:
    point = st.tuples(st.floats(0, 30, allow_nan=False), st.floats(0, 30, allow_nan=False))
    visits = []
    for i in range(draw(st.integers(1, 10))):
        last = draw(st.none() | st.integers(0, 6))
        pinned = draw(st.booleans()) if i == 0 else False
        visits.append(
            Visit(
                id=f"V{i}",
                location=draw(point),
                risk_level=draw(st.sampled_from(list(RiskLevel))),
                due_date=MONDAY + timedelta(days=draw(st.integers(-90, 5))),
                earliest_day=draw(st.integers(0, 1)),
                duration_minutes=draw(st.none() | st.integers(10, 90)),
                allowed_windows=draw(windows()),
                recent_visits=()
                if last is None
                else (datetime(2025, 2, 3 + last, draw(hours), tzinfo=UTC),),
                pinned_pair="P0" if pinned else None,
                pinned_day=0 if pinned else None,
            )
        )
    pairs = []
    for p in range(draw(st.integers(1, 3))):
        shifts = []
        for day in draw(st.sets(st.integers(0, 1), min_size=1)):
            start = draw(st.integers(6, 16))
            end = draw(st.integers(start + 2, 23))
            shifts.append(DutyShift(day, time(start), time(end)))
        pairs.append(OfficerPair(f"P{p}", f"S{p}", draw(point), tuple(shifts)))
    return visits, pairs


def _allowed(visit: Visit, start: datetime, end: datetime) -> bool:
    if not visit.allowed_windows:
        return time(8) <= start.time() and end.time() <= time(22) and end.date() == start.date()
    return any(
        w.weekday == start.weekday() and w.start <= start.time() and end.time() <= w.end
        for w in visit.allowed_windows
    )


def _plan(instance: tuple[list[Visit], list[OfficerPair]]) -> VisitPlan:
    visits, pairs = instance
    return plan_visits(visits, pairs, FakeTravelTimes(), PARAMS, start_date=MONDAY)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_no_route_breaks_a_shift_or_a_time_window(
    instance: tuple[list[Visit], list[OfficerPair]],
) -> None:
    """Every stop is inside an allowed window, after the drive, and back by shift end."""
    visits, pairs = instance
    by_id = {v.id: v for v in visits}
    plan = _plan(instance)
    for route in plan.routes:
        pair = next(p for p in pairs if p.id == route.pair_id)
        shift = next(s for s in pair.shifts if s.day == route.day)
        day = datetime.combine(MONDAY + timedelta(days=route.day), time(), tzinfo=UTC)
        assert route.leaves_station >= day + timedelta(hours=shift.start.hour)
        assert route.back_at_station <= day + timedelta(hours=shift.end.hour)
        previous = route.leaves_station
        for stop in route.stops:
            v = by_id[stop.visit_id]
            # travel_minutes is rounded to 0.01 minute
            drive = timedelta(minutes=stop.travel_minutes) - timedelta(seconds=1)
            assert stop.arrival >= previous + drive
            assert stop.departure - stop.arrival == timedelta(
                minutes=v.duration_minutes or PARAMS.service_minutes.of(v.risk_level)
            )
            if v.pinned_pair is None:
                assert _allowed(v, stop.arrival, stop.departure)
                assert route.day >= v.earliest_day
            else:
                assert (route.pair_id, route.day) == (v.pinned_pair, v.pinned_day)
            previous = stop.departure


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_visit_is_planned_once_or_left_out_with_a_reason(
    instance: tuple[list[Visit], list[OfficerPair]],
) -> None:
    """Planned and left-out visits partition the input; no visit is made twice."""
    visits, _ = instance
    plan = _plan(instance)
    planned = [s.visit_id for r in plan.routes for s in r.stops]
    assert len(planned) == len(set(planned))
    assert sorted(planned + [o.visit_id for o in plan.left_out]) == sorted(v.id for v in visits)
    assert all(o.text for o in plan.left_out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_plan_is_never_worse_than_the_greedy_baseline(
    instance: tuple[list[Visit], list[OfficerPair]],
) -> None:
    """Objective at most G2's, unless G2 drops must-serve visits the plan makes."""
    visits, pairs = instance
    plan = _plan(instance)
    g2 = greedy_plan(visits, pairs, FakeTravelTimes(), PARAMS, start_date=MONDAY, rule="g2")
    assert plan.kpis.greedy_objective == g2.kpis.objective
    if g2.kpis.must_serve_planned >= plan.kpis.must_serve_planned:
        assert plan.kpis.objective <= g2.kpis.objective
