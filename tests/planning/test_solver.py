"""The visit planner on tiny instances whose best plan is known by hand."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from safehold.planning.solver import (
    AllowedWindow,
    LeftOutReason,
    OfficerPair,
    PlanInputError,
    PlannerParams,
    RiskLevel,
    Visit,
    VisitPlan,
    plan_visits,
)
from safehold.planning.travel import FakeTravelTimes

from .tiny import (
    FAST,
    MONDAY,
    cheap_prizes,
    far_overdue_high_and_near_lows,
    pair,
    square_round,
    two_visits_one_pair,
    visit,
)


def _plan(
    visits: Sequence[Visit],
    pairs: Sequence[OfficerPair],
    params: PlannerParams = FAST,
    **kwargs: Any,
) -> VisitPlan:
    return plan_visits(visits, pairs, FakeTravelTimes(), params, start_date=MONDAY, **kwargs)


def _order(plan: VisitPlan) -> list[str]:
    return [stop.visit_id for route in plan.routes for stop in route.stops]


def test_two_visits_one_pair_are_both_made_in_one_4_km_round_trip() -> None:
    """Homes 1 and 2 km east of the station: out, both visits, back: 4 km on day 0."""
    plan = _plan(*two_visits_one_pair())
    assert sorted(_order(plan)) == ["V1", "V2"]
    assert len(plan.routes) == 1
    assert plan.routes[0].day == 0
    assert plan.routes[0].travel_km == pytest.approx(4.0)
    assert plan.left_out == ()


def test_first_visit_starts_when_the_pair_arrives_from_the_station() -> None:
    """Shift at 08:00, 1 km at 10 m/s: the first visit starts at 08:01:40 UTC."""
    plan = _plan(*two_visits_one_pair())
    route = plan.routes[0]
    assert route.leaves_station == datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
    first = route.stops[0]
    assert first.visit_id == "V1"
    assert first.arrival == datetime(2025, 3, 3, 8, 1, 40, tzinfo=UTC)
    assert first.departure - first.arrival == timedelta(minutes=35)


def test_square_round_goes_round_the_corners_not_across() -> None:
    """Three corners of a 1 km square: round the edge (4 km), not across the diagonal."""
    plan = _plan(*square_round())
    assert plan.kpis.travel_km == pytest.approx(4.0)
    assert _order(plan) in (["N", "NE", "E"], ["E", "NE", "N"])


def test_evening_only_visit_is_made_on_the_evening_shift_inside_its_window() -> None:
    """Allowed only 18:00-21:00 on weekdays: made on day 1 when the pair works 14:00-22:00."""
    evenings = tuple(AllowedWindow(wd, time(18), time(21)) for wd in range(5))
    visits = [visit("EVE", (0.0, 1.0), allowed_windows=evenings)]
    pairs = [pair(days={0: (time(8), time(16)), 1: (time(14), time(22))})]
    plan = _plan(visits, pairs)
    (route,) = plan.routes
    assert route.day == 1
    stop = route.stops[0]
    assert time(18) <= stop.arrival.time()
    assert stop.departure.time() <= time(21)


def test_times_are_read_in_the_given_timezone_and_given_back_in_utc() -> None:
    """A 08:00 shift in London summer time leaves at 07:00 UTC."""
    summer = MONDAY.replace(month=6, day=2)
    visits = [replace(visit("V1", (0.0, 1.0)), due_date=summer)]
    plan = plan_visits(
        visits, [pair()], FakeTravelTimes(), FAST, start_date=summer, tz=ZoneInfo("Europe/London")
    )
    assert plan.routes[0].leaves_station == datetime(2025, 6, 2, 7, 0, tzinfo=UTC)
    assert plan.timezone == "Europe/London"


def test_a_visit_too_far_to_reach_and_return_within_any_shift_is_unreachable() -> None:
    """150 km away (over 4 hours each way), 8-hour shift: unreachable_within_any_shift."""
    visits = [visit("NEAR", (0.0, 1.0)), visit("FAR", (0.0, 150.0))]
    plan = _plan(visits, [pair()])
    (out,) = plan.left_out
    assert out.visit_id == "FAR"
    assert out.reason is LeftOutReason.UNREACHABLE_WITHIN_ANY_SHIFT
    assert "back before the shift ends" in out.text


def test_a_visit_allowed_only_when_no_pair_works_is_outside_every_window() -> None:
    """Allowed Monday 06:00-07:00 only, pair works 08:00-16:00: outside_every_window."""
    early = (AllowedWindow(0, time(6), time(7)),)
    plan = _plan([visit("DAWN", (0.0, 1.0), allowed_windows=early)], [pair()])
    (out,) = plan.left_out
    assert out.reason is LeftOutReason.OUTSIDE_EVERY_WINDOW
    assert "Mon 06:00-07:00" in out.text


def test_a_visit_that_may_only_start_after_the_last_shift_day_is_not_on_duty() -> None:
    """Earliest day 3 when pairs work days 0-1 only: not_on_duty."""
    pairs = [pair(days={0: (time(8), time(16)), 1: (time(8), time(16))})]
    plan = _plan([visit("LATER", (0.0, 1.0), earliest_day=3)], pairs)
    (out,) = plan.left_out
    assert out.reason is LeftOutReason.NOT_ON_DUTY


def test_visits_that_fit_alone_but_not_together_are_left_out_for_capacity() -> None:
    """A 2-hour shift holds about three 35-minute visits; the rest are capacity left-outs."""
    visits = [visit(f"V{i}", (0.0, 0.1 * i)) for i in range(1, 7)]
    plan = _plan(visits, [pair(days={0: (time(8), time(10))})])
    assert plan.kpis.visits_planned == 3
    assert {o.reason for o in plan.left_out} == {LeftOutReason.NO_CAPACITY_FOR_RISK_LEVEL}
    assert len(plan.left_out) == 3


def test_every_visit_is_either_planned_once_or_left_out_with_a_reason() -> None:
    """Planned and left-out visits partition the input; each left-out has a code and text."""
    visits = [visit(f"V{i}", (0.0, 3.0 * i)) for i in range(1, 12)]
    plan = _plan(visits, [pair(days={0: (time(8), time(12))})])
    planned = _order(plan)
    out = [o.visit_id for o in plan.left_out]
    assert len(planned) == len(set(planned))
    assert sorted(planned + out) == sorted(v.id for v in visits)
    assert all(o.reason in LeftOutReason and o.text for o in plan.left_out)


def test_overdue_high_risk_visit_is_made_even_when_the_prizes_would_prefer_three_lows() -> None:
    """Must-serve wins over the prize model: the far overdue high-risk visit is made."""
    plan = _plan(*far_overdue_high_and_near_lows(), params=cheap_prizes())
    assert _order(plan) == ["FAR-HIGH"]
    assert plan.kpis.must_serve_planned == plan.kpis.must_serve_total == 1


def test_without_the_must_serve_rule_the_prizes_choose_the_three_near_lows() -> None:
    """The control for the test above: with no must-serve levels the far visit is dropped."""
    params = replace(cheap_prizes(), must_serve_levels=())
    plan = _plan(*far_overdue_high_and_near_lows(), params=params)
    assert sorted(_order(plan)) == ["L1", "L2", "L3"]
    assert plan.left_out[0].visit_id == "FAR-HIGH"


def test_a_pinned_visit_stays_with_its_pair_and_time_even_when_another_pair_is_nearer() -> None:
    """Pinned to P2 at 09:00 though P1's station is next door: P2 makes it at 09:00."""
    pairs = [pair("P1", station=(0.0, 0.0)), pair("P2", station=(0.0, 10.0))]
    pinned = visit("DONE", (0.0, 0.5), pinned_pair="P2", pinned_day=0, pinned_start=time(9))
    plan = _plan([pinned, visit("OTHER", (0.0, 0.6))], pairs)
    route = plan.route("P2", 0)
    assert route is not None
    stop = next(s for s in route.stops if s.visit_id == "DONE")
    assert stop.arrival == datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def test_when_replanning_at_one_no_new_visit_starts_before_one() -> None:
    """now = 13:00 on day 0: unpinned visits that day start at 13:00 or later."""
    visits = [visit(f"V{i}", (0.0, 0.5 * i)) for i in range(1, 5)]
    now = datetime(2025, 3, 3, 13, 0, tzinfo=UTC)
    plan = _plan(visits, [pair()], now=now)
    assert plan.kpis.visits_planned >= 1
    assert all(stop.arrival >= now for route in plan.routes for stop in route.stops)


def test_a_visit_avoids_the_weekday_and_band_of_its_last_visit() -> None:
    """Last seen on a Monday morning: planned on Monday afternoon, the band not used last."""
    last = datetime(2025, 2, 3, 9, 30, tzinfo=UTC)
    plan = _plan([visit("V1", (0.0, 1.0), recent_visits=(last,))], [pair()])
    stop = plan.routes[0].stops[0]
    assert stop.arrival.time() >= time(12)


def test_same_seed_and_iterations_give_the_same_plan() -> None:
    """Determinism: two runs with seed 7 and 400 iterations agree on every route and KPI."""
    visits = [visit(f"V{i}", ((i * 7) % 13 * 0.8, (i * 5) % 11 * 0.9)) for i in range(40)]
    pairs = [pair("P1"), pair("P2", station=(5.0, 5.0))]
    params = PlannerParams(max_runtime_s=None, max_iterations=400, seed=7)
    first, second = _plan(visits, pairs, params), _plan(visits, pairs, params)
    assert first.stats.iterations == second.stats.iterations == 400
    assert [r.to_dict() for r in first.routes] == [r.to_dict() for r in second.routes]
    assert first.kpis == second.kpis
    assert first.left_out == second.left_out


def test_the_nearest_homes_neighbourhood_is_deterministic_too() -> None:
    """Forcing the large-model neighbourhood: same seed and iterations, same plan."""
    visits = [visit(f"V{i}", ((i * 7) % 13 * 0.8, (i * 5) % 11 * 0.9)) for i in range(40)]
    pairs = [pair("P1", days={0: (time(8), time(16)), 1: (time(14), time(22))})]
    params = PlannerParams(
        horizon_days=2, max_runtime_s=None, max_iterations=300, seed=2, large_model_copies=1
    )
    first, second = _plan(visits, pairs, params), _plan(visits, pairs, params)
    assert first.stats.neighbourhood == "location_knn"
    assert [r.to_dict() for r in first.routes] == [r.to_dict() for r in second.routes]
    assert first.kpis == second.kpis


def test_the_plan_is_json_ready_and_names_the_solver_version() -> None:
    """to_dict goes through json.dumps and records the params and the PyVRP version."""
    plan = _plan(*two_visits_one_pair())
    data = json.loads(json.dumps(plan.to_dict()))
    assert data["kpis"]["visits_planned"] == 2
    assert data["params"]["max_iterations"] == 300
    assert "pyvrp 0.14" in data["solver_version"]
    assert data["routes"][0]["stops"][0]["arrival"].endswith("+00:00")


def test_progress_is_reported_from_zero_to_one() -> None:
    """on_progress gets fractions that never go back, starting at 0 and ending at 1."""
    seen: list[float] = []
    _plan(*square_round(), on_progress=lambda fraction, message: seen.append(fraction))
    assert seen[0] == 0.0
    assert seen[-1] == 1.0
    assert seen == sorted(seen)


def test_kpis_count_visits_by_risk_level_and_overdue_cleared() -> None:
    """Two overdue visits (one high) and one due: all made, KPIs say so."""
    visits = [
        visit("H", (0.0, 1.0), risk=RiskLevel.HIGH, overdue_days=3),
        visit("M", (0.0, 2.0), overdue_days=1),
        visit("L", (1.0, 1.0), risk=RiskLevel.LOW),
    ]
    k = _plan(visits, [pair()]).kpis
    assert k.planned_by_risk == {"very_high": 0, "high": 1, "medium": 1, "low": 1}
    assert (k.overdue_cleared, k.overdue_total) == (2, 2)
    assert (k.must_serve_planned, k.must_serve_total) == (1, 1)
    assert k.visits_per_pair_day == 3.0
    assert k.objective <= k.greedy_objective


def test_two_visits_with_one_id_are_refused() -> None:
    """Duplicate visit ids would make the plan ambiguous: PlanInputError."""
    with pytest.raises(PlanInputError, match="appears twice"):
        _plan([visit("V1", (0.0, 1.0)), visit("V1", (0.0, 2.0))], [pair()])


def test_a_visit_pinned_to_an_unknown_pair_is_refused_with_a_stable_code() -> None:
    """Pinned to a pair that is not planned: code unknown_pinned_pair."""
    pinned = visit("V1", (0.0, 1.0), pinned_pair="GHOST", pinned_day=0)
    with pytest.raises(PlanInputError) as error:
        _plan([pinned], [pair()])
    assert error.value.code == "unknown_pinned_pair"
