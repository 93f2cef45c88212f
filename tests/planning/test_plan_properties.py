"""Properties of every plan on random small instances: limits kept, nothing lost."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehold.planning.compile import compile_problem
from safehold.planning.greedy import GreedyRule, build_greedy_routes, evaluate_routes, time_route
from safehold.planning.repair import repair_routes
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
NO_SEARCH = PlannerParams(max_runtime_s=None, max_iterations=0, seed=3)

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


def _assert_routes_keep_their_limits(
    plan: VisitPlan, visits: list[Visit], pairs: list[OfficerPair]
) -> None:
    """Every stop is inside an allowed window, after the drive, and back by shift end."""
    by_id = {v.id: v for v in visits}
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
                minutes=v.duration_minutes or PARAMS.service_minutes.for_level(v.risk_level)
            )
            if v.pinned_pair is None:
                assert _allowed(v, stop.arrival, stop.departure)
                assert route.day >= v.earliest_day
            else:
                assert (route.pair_id, route.day) == (v.pinned_pair, v.pinned_day)
            previous = stop.departure
        # The leg home is the route's travel less the legs to the stops (each rounded
        # to 0.01 minute, hence the slack).
        home = route.travel_minutes - sum(stop.travel_minutes for stop in route.stops)
        assert route.back_at_station >= previous + timedelta(minutes=home, seconds=-2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_no_route_breaks_a_shift_or_a_time_window(
    instance: tuple[list[Visit], list[OfficerPair]],
) -> None:
    """Every stop is inside an allowed window, after the drive, and back by shift end."""
    visits, pairs = instance
    _assert_routes_keep_their_limits(_plan(instance), visits, pairs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_no_route_breaks_a_shift_or_a_time_window_after_the_repair_fills_the_greedy_plan(
    instance: tuple[list[Visit], list[OfficerPair]],
) -> None:
    """With no search the repair does all the filling: every route still keeps its limits."""
    visits, pairs = instance
    plan = plan_visits(visits, pairs, FakeTravelTimes(), NO_SEARCH, start_date=MONDAY)
    _assert_routes_keep_their_limits(plan, visits, pairs)
    planned = [s.visit_id for r in plan.routes for s in r.stops]
    assert len(planned) == len(set(planned))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from([GreedyRule.PRIORITY, GreedyRule.CLASS_NEAREST]))
def test_the_repair_only_adds_visits_keeps_every_route_feasible_and_leaves_no_gap_unused(
    instance: tuple[list[Visit], list[OfficerPair]], rule: GreedyRule
) -> None:
    """Stops already planned keep their route and order; a second repair finds nothing."""
    visits, pairs = instance
    compiled = compile_problem(visits, pairs, FakeTravelTimes(), PARAMS, MONDAY, UTC, None)
    model = compiled.model
    before = build_greedy_routes(model, rule)
    repair = repair_routes(model, before)
    for si, (old, new) in enumerate(zip(before, repair.routes, strict=True)):
        assert time_route(model, si, new).feasible
        assert [ci for ci in new if ci in old] == list(old)
    old_eval, new_eval = evaluate_routes(model, before), evaluate_routes(model, repair.routes)
    assert new_eval.served == old_eval.served | set(repair.added)
    assert new_eval.visits == old_eval.visits + len(repair.added)
    assert new_eval.objective == old_eval.objective + repair.objective_change
    assert repair_routes(model, repair.routes).added == ()


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
    """Before the repair the objective is at most G2's, unless G2 drops must-serve visits."""
    visits, pairs = instance
    plan = _plan(instance)
    g2 = greedy_plan(visits, pairs, FakeTravelTimes(), PARAMS, start_date=MONDAY, rule="g2")
    assert plan.kpis.greedy_objective == g2.kpis.objective
    searched = plan.kpis.objective - plan.stats.repair_objective_change
    if g2.kpis.must_serve_planned >= plan.kpis.must_serve_planned:
        assert searched <= g2.kpis.objective
