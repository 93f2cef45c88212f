"""The insertion repair on tiny instances whose answer is known by hand."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from safehold.planning.compile import Compiled, compile_problem
from safehold.planning.greedy import evaluate_routes, time_route
from safehold.planning.repair import repair_order, repair_routes
from safehold.planning.solver import (
    LeftOutReason,
    OfficerPair,
    PlannerParams,
    Visit,
    VisitPlan,
    plan_visits,
)
from safehold.planning.travel import FakeTravelTimes

from .tiny import (
    FAST,
    MONDAY,
    afternoon_high_and_morning_medium,
    cheap_prizes,
    far_low_risk_visit,
    gap_on_the_way,
    pinned_to_the_far_pair,
    room_for_one_more,
    two_stations,
    window_closed,
)

NO_SEARCH = PlannerParams(max_runtime_s=None, max_iterations=0, seed=1)


def _compile(
    instance: tuple[list[Visit], list[OfficerPair]], params: PlannerParams = FAST
) -> Compiled:
    visits, pairs = instance
    return compile_problem(visits, pairs, FakeTravelTimes(), params, MONDAY, UTC, None)


def _visit(compiled: Compiled, visit_id: str) -> int:
    return next(i for i, v in enumerate(compiled.visits) if v.id == visit_id)


def _copy(compiled: Compiled, visit_id: str) -> int:
    """The only copy of a visit (the tiny instances give each visit one)."""
    (ci,) = compiled.model.copies_of[_visit(compiled, visit_id)]
    return ci


def _routes(compiled: Compiled, *per_shift: Sequence[str]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(_copy(compiled, v) for v in route) for route in per_shift)


def _ids(compiled: Compiled, route: Sequence[int]) -> list[str]:
    return [compiled.visits[compiled.model.copies[ci].visit_index].id for ci in route]


def _plan(
    instance: tuple[list[Visit], list[OfficerPair]], params: PlannerParams = FAST
) -> VisitPlan:
    visits, pairs = instance
    return plan_visits(visits, pairs, FakeTravelTimes(), params, start_date=MONDAY)


def test_a_left_out_visit_on_the_way_goes_between_the_two_stops_at_no_extra_travel() -> None:
    """Route 1 km then 3 km; the 2 km home goes between them, adding no metres."""
    compiled = _compile(gap_on_the_way())
    model = compiled.model
    repair = repair_routes(model, _routes(compiled, ["V1", "V3"]))
    (route,) = repair.routes
    assert _ids(compiled, route) == ["V1", "V2", "V3"]
    assert time_route(model, 0, route).travel_m == 6_000
    # The prize of a medium-risk visit due today: 2 x 50 km.
    assert repair.objective_change == -100_000


def test_with_room_for_one_more_the_higher_risk_visit_goes_in_first() -> None:
    """MED and LOW each fit beside PLANNED but not both: MED, the higher risk, is added."""
    compiled = _compile(room_for_one_more())
    repair = repair_routes(compiled.model, _routes(compiled, ["PLANNED"]))
    assert [compiled.visits[vi].id for vi in repair.added] == ["MED"]
    assert sorted(_ids(compiled, repair.routes[0])) == ["MED", "PLANNED"]


def test_the_repair_order_is_highest_risk_then_most_overdue_then_input_order() -> None:
    """LOW comes after MED whatever order they are given in."""
    compiled = _compile(room_for_one_more())
    low, med = _visit(compiled, "LOW"), _visit(compiled, "MED")
    assert repair_order(compiled.model, [low, med]) == [med, low]


def test_low_risk_visit_fits_on_its_own_when_the_higher_risk_one_is_already_planned() -> None:
    """The control for the test above: with MED already planned there is no room for LOW."""
    compiled = _compile(room_for_one_more())
    repair = repair_routes(compiled.model, _routes(compiled, ["PLANNED", "MED"]))
    assert repair.added == ()
    alone = repair_routes(compiled.model, _routes(compiled, ["PLANNED"]), [_visit(compiled, "LOW")])
    assert [compiled.visits[vi].id for vi in alone.added] == ["LOW"]


def test_a_visit_that_would_start_after_its_window_closes_stays_out() -> None:
    """A and B must both start by 08:05; with A planned, B fits neither before nor after."""
    compiled = _compile(window_closed())
    routes = _routes(compiled, ["A"])
    repair = repair_routes(compiled.model, routes)
    assert repair.added == ()
    assert repair.routes == routes
    assert repair.objective_change == 0


def test_a_visit_goes_to_the_pair_day_where_it_adds_least_travel() -> None:
    """X at 8 km: 2 km more for P2 (station at 10 km), 14 km more for P1: P2 makes it."""
    compiled = _compile(two_stations())
    repair = repair_routes(compiled.model, _routes(compiled, ["NEAR1"], ["NEAR9"]))
    p1, p2 = repair.routes
    assert _ids(compiled, p1) == ["NEAR1"]
    assert sorted(_ids(compiled, p2)) == ["NEAR9", "X"]
    assert repair.objective_change == 2_000 - 100_000


def test_a_pinned_visit_is_only_put_on_the_pair_it_is_pinned_to() -> None:
    """Pinned to P2, 10 km away, though P1's station is 0.5 km away: P2 makes it."""
    compiled = _compile(pinned_to_the_far_pair())
    repair = repair_routes(compiled.model, ((), ()))
    p1, p2 = repair.routes
    assert p1 == ()
    assert _ids(compiled, p2) == ["PINNED"]


def test_a_visit_worth_less_than_its_detour_is_still_made_and_the_cost_is_reported() -> None:
    """Prize 1 km, round trip 10 km: the visit goes in and the objective rises by 9 km."""
    compiled = _compile(far_low_risk_visit(), cheap_prizes())
    repair = repair_routes(compiled.model, ((),))
    assert _ids(compiled, repair.routes[0]) == ["FAR-LOW"]
    assert repair.objective_change == 10_000 - 1_000
    before = evaluate_routes(compiled.model, ((),)).objective
    assert evaluate_routes(compiled.model, repair.routes).objective == before + 9_000


def test_the_repair_refuses_routes_for_the_wrong_number_of_pair_days() -> None:
    """One route per pair-day or a ValueError that says so."""
    compiled = _compile(gap_on_the_way())
    with pytest.raises(ValueError, match="1 pair-days"):
        repair_routes(compiled.model, ((), ()))


def test_with_no_search_the_repair_puts_the_morning_visit_before_the_afternoon_one() -> None:
    """G2 makes HIGH at 14:00 and stops; the repair adds MED in the morning before it."""
    plan = _plan(afternoon_high_and_morning_medium(), NO_SEARCH)
    (route,) = plan.routes
    assert [s.visit_id for s in route.stops] == ["MED", "HIGH"]
    assert route.stops[0].arrival == datetime(2025, 3, 3, 8, 3, 20, tzinfo=UTC)
    assert route.stops[1].arrival == datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
    assert plan.left_out == ()
    assert plan.stats.repair_added == 1
    # MED is 2 km out: the route grows from 2 km to 4 km and collects MED's 100 km prize.
    assert plan.stats.repair_objective_change == 2_000 - 100_000
    assert plan.kpis.objective == plan.kpis.greedy_objective - 98_000


def test_a_visit_still_left_out_after_the_repair_says_no_gap_has_time_for_it() -> None:
    """LOW fits on its own but not beside PLANNED and MED: its sentence says no gap has room."""
    plan = _plan(room_for_one_more())
    (out,) = plan.left_out
    assert out.visit_id == "LOW"
    assert out.reason is LeftOutReason.NO_CAPACITY_FOR_RISK_LEVEL
    assert "no gap between its planned visits leaves time for this one" in out.text
    assert "(low risk, due 2025-03-03)" in out.text
