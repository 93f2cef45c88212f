"""The hand-planning baselines and the plan evaluator, on hand-built copy models."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.planning.greedy import (
    DAY_S,
    CopyModel,
    GreedyRule,
    ShiftSlot,
    VisitCopy,
    build_greedy_routes,
    evaluate_routes,
    time_route,
)
from safehold.planning.solver import PlannerParams, greedy_plan
from safehold.planning.travel import HaversineTravelTimes
from safehold.synth.instances import staffordshire_backlog

HOUR = 3600


def line_model(
    positions_km: list[float],
    *,
    weight: list[int],
    due_day: list[int],
    shift_hours: tuple[int, int] = (8, 16),
    service_s: int = 1800,
    pinned: dict[int, int] | None = None,
    pairs: int = 1,
) -> CopyModel:
    """Station at 0 km on a road, homes along it at 100 s per km, one copy each, day 0."""
    coords = np.array([0.0, *positions_km])
    gap = np.abs(coords[:, None] - coords[None, :])
    metres = np.rint(gap * 1000).astype(np.int64)
    seconds = np.rint(gap * 100).astype(np.int64)
    pinned = pinned or {}
    copies = tuple(
        VisitCopy(
            visit_index=i,
            day=0,
            location=i + 1,
            earliest_start_s=8 * HOUR,
            latest_start_s=22 * HOUR - service_s,
            service_s=service_s,
            prize=50_000 * weight[i],
            pair_index=pinned.get(i, -1),
        )
        for i in range(len(positions_km))
    )
    shifts = tuple(
        ShiftSlot(p, 0, 0, shift_hours[0] * HOUR, shift_hours[1] * HOUR) for p in range(pairs)
    )
    return CopyModel(
        metres=metres,
        seconds=seconds,
        shifts=shifts,
        copies=copies,
        copies_of=tuple((i,) for i in range(len(positions_km))),
        weight=tuple(weight),
        due_day=tuple(due_day),
        required=tuple(False for _ in positions_km),
    )


def test_g1_goes_to_the_most_overdue_high_risk_visit_first_even_when_it_is_far() -> None:
    """G1: the high-risk visit 10 days overdue, 9 km out, comes before the near one."""
    model = line_model([1.0, 9.0], weight=[8, 8], due_day=[-2, -10])
    (route,) = build_greedy_routes(model, GreedyRule.PRIORITY)
    assert route == (1, 0)


def test_g2_goes_to_the_nearest_visit_in_the_best_class() -> None:
    """G2: both high risk and overdue, so the nearer one first, then outwards."""
    model = line_model([9.0, 1.0, 5.0], weight=[8, 8, 2], due_day=[-10, -2, -30])
    (route,) = build_greedy_routes(model, GreedyRule.CLASS_NEAREST)
    assert route == (1, 0, 2)


def test_greedy_leaves_out_what_does_not_fit_before_the_shift_ends() -> None:
    """A 2-hour shift, 30-minute visits close by: three visits, then back in time."""
    model = line_model(
        [0.1, 0.2, 0.3, 0.4, 0.5], weight=[1] * 5, due_day=[0] * 5, shift_hours=(8, 10)
    )
    (route,) = build_greedy_routes(model, GreedyRule.CLASS_NEAREST)
    assert len(route) == 3
    assert time_route(model, 0, route).feasible


def test_a_pinned_visit_is_made_only_by_its_own_pair() -> None:
    """Visit 0 pinned to pair 1: pair 0 never takes it, pair 1 makes it first."""
    model = line_model([1.0, 2.0], weight=[1, 20], due_day=[0, 0], pinned={0: 1}, pairs=2)
    routes = build_greedy_routes(model, GreedyRule.CLASS_NEAREST)
    assert 0 not in routes[0]
    assert routes[1][0] == 0


def test_a_route_back_after_the_shift_ends_is_infeasible() -> None:
    """Two hours of visits 9 km out on a 1-hour shift cannot be kept."""
    model = line_model([9.0, 9.0], weight=[1, 1], due_day=[0, 0], shift_hours=(8, 9))
    assert not time_route(model, 0, (0, 1)).feasible
    assert not evaluate_routes(model, [(0, 1)]).feasible


def test_the_objective_is_metres_travelled_minus_prizes_collected() -> None:
    """One visit 2 km out: 4,000 m travelled, 50,000 prize: objective -46,000."""
    model = line_model([2.0], weight=[1], due_day=[0])
    result = evaluate_routes(model, [(0,)])
    assert (result.travel_m, result.prizes, result.objective) == (4000, 50_000, -46_000)


def test_the_station_departure_moves_later_instead_of_waiting_at_the_first_door() -> None:
    """First window opens at 10:00, 1 km out: leave at 09:58:20, arrive on the hour."""
    model = line_model([1.0], weight=[1], due_day=[0])
    late = replace(model, copies=(VisitCopy(0, 0, 1, 10 * HOUR, 12 * HOUR, 1800, 50_000),))
    times = time_route(late, 0, (0,))
    assert times.depart_s == 10 * HOUR - 100
    assert times.starts == (10 * HOUR,)
    assert times.arrivals == (10 * HOUR,)


@st.composite
def copy_models(draw: st.DrawFn) -> CopyModel:
    n = draw(st.integers(1, 12))
    positions = draw(st.lists(st.floats(0, 40, allow_nan=False), min_size=n, max_size=n))
    base = line_model(
        positions,
        weight=draw(st.lists(st.sampled_from([1, 2, 8, 20]), min_size=n, max_size=n)),
        due_day=draw(st.lists(st.integers(-60, 5), min_size=n, max_size=n)),
        pairs=draw(st.integers(1, 3)),
    )
    copies = []
    for c in base.copies:
        for day in draw(st.sets(st.integers(0, 1), min_size=1)):
            start = draw(st.integers(6, 20)) * HOUR
            end = draw(st.integers(start // HOUR + 1, 23)) * HOUR
            copies.append(
                VisitCopy(
                    c.visit_index,
                    day,
                    c.location,
                    day * DAY_S + start,
                    day * DAY_S + max(start, end - c.service_s),
                    c.service_s,
                    c.prize,
                )
            )
    shifts = []
    for p in range(len(base.shifts)):
        for day in draw(st.sets(st.integers(0, 1), min_size=1)):
            start = draw(st.integers(6, 16)) * HOUR
            shifts.append(ShiftSlot(p, day, 0, day * DAY_S + start, day * DAY_S + start + 8 * HOUR))
    copies_of = tuple(
        tuple(i for i, c in enumerate(copies) if c.visit_index == v) for v in range(n)
    )
    return CopyModel(
        base.metres,
        base.seconds,
        tuple(shifts),
        tuple(copies),
        copies_of,
        base.weight,
        base.due_day,
        base.required,
    )


@settings(max_examples=60, deadline=None)
@given(copy_models(), st.sampled_from(list(GreedyRule)))
def test_every_greedy_plan_keeps_every_window_and_shift(model: CopyModel, rule: GreedyRule) -> None:
    """G1, G2 and required-first: feasible routes, each visit at most once."""
    routes = build_greedy_routes(model, rule)
    assert evaluate_routes(model, routes).feasible


def test_both_baselines_are_feasible_on_the_staffordshire_backlog() -> None:
    """G1 and G2 on 120 visits, 2 pairs, 2 days: every stop inside its shift."""
    instance = staffordshire_backlog(visits=120, pairs=2, days=2)
    params = PlannerParams(horizon_days=2, max_runtime_s=None, max_iterations=0)
    for rule in ("g1", "g2"):
        plan = greedy_plan(
            instance.visits,
            instance.pairs,
            HaversineTravelTimes(),
            params,
            start_date=instance.start_date,
            rule=rule,
        )
        assert plan.kpis.visits_planned > 0
        assert plan.stats.plan_source == rule
        for route in plan.routes:
            assert route.leaves_station <= route.stops[0].arrival
            assert route.stops[-1].departure <= route.back_at_station
