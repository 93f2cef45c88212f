"""From routes on the copy model back to a `VisitPlan`, and the plans greedy rules make.

`assemble_plan` turns routes (copy indices per pair-day) into timed stops in UTC,
reasons for the visits left out, and the plan's KPIs. `greedy_start` is the warm start
of the search (step 3 in ``docs/planner.md``); `greedy_plan` is a hand-planning
baseline as a whole `VisitPlan`, with no search. No PyVRP here.
"""

from __future__ import annotations

import time as clock
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from safehold.planning.compile import Compiled, compile_problem
from safehold.planning.greedy import (
    DAY_S,
    GreedyRule,
    build_greedy_routes,
    evaluate_routes,
    time_route,
)
from safehold.planning.params import PlannerParams
from safehold.planning.plan import (
    LeftOutReason,
    LeftOutVisit,
    PairDayRoute,
    PlanKpis,
    PlannedStop,
    PlanStats,
    VisitPlan,
    solver_version,
)
from safehold.planning.problem import OfficerPair, RiskLevel, Visit
from safehold.planning.travel import TravelTimes

__all__ = ["assemble_plan", "greedy_plan", "greedy_start"]


def greedy_start(
    compiled: Compiled,
) -> tuple[Compiled, tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...], frozenset[int]]:
    """The G2 baseline and a warm start holding every must-serve visit that fits.

    When G2 leaves a must-serve visit out, the required-first greedy tries; must-serve
    visits even that cannot fit stop being required (they did not fit together).
    """
    model = compiled.model
    g2 = build_greedy_routes(model, GreedyRule.CLASS_NEAREST)
    if evaluate_routes(model, g2).feasible:
        return compiled, g2, g2, frozenset()
    first = build_greedy_routes(model, GreedyRule.REQUIRED_FIRST)
    served = evaluate_routes(model, first).served
    dropped = frozenset(vi for vi, req in enumerate(model.required) if req and vi not in served)
    if dropped:
        required = tuple(req and vi not in dropped for vi, req in enumerate(model.required))
        compiled = replace(compiled, model=replace(model, required=required))
    return compiled, g2, first, dropped


def _local_datetime(start_date: date, tz: tzinfo, at_s: int) -> datetime:
    day, seconds = divmod(at_s, DAY_S)
    local = datetime.combine(start_date + timedelta(days=day), time(), tzinfo=tz)
    return (local + timedelta(seconds=seconds)).astimezone(UTC)


def assemble_plan(
    compiled: Compiled,
    routes: Sequence[Sequence[int]],
    *,
    greedy_objective: int,
    dropped: frozenset[int],
    params: PlannerParams,
    start_date: date,
    tz: tzinfo,
    stats: PlanStats,
    repaired: bool = False,
) -> VisitPlan:
    """Time the routes and build the plan: stops, visits left out, KPIs.

    ``repaired`` says the routes went through the insertion repair (``repair.py``), so a
    visit still left out for capacity fits in no gap of any route that could make it.
    """
    model = compiled.model
    evaluation = evaluate_routes(model, routes)
    out_routes: list[PairDayRoute] = []
    officer_s = travel_s = travel_m = 0
    for si, route in enumerate(routes):
        if not route:
            continue
        shift = model.shifts[si]
        pair = compiled.pairs[shift.pair_index]
        times = time_route(model, si, route)
        stops = tuple(
            PlannedStop(
                visit_id=compiled.visits[model.copies[ci].visit_index].id,
                arrival=_local_datetime(start_date, tz, times.starts[k]),
                departure=_local_datetime(start_date, tz, times.ends[k]),
                wait_minutes=round((times.starts[k] - times.arrivals[k]) / 60, 2),
                travel_minutes=round(times.leg_seconds[k] / 60, 2),
                travel_km=round(times.leg_metres[k] / 1000, 3),
            )
            for k, ci in enumerate(route)
        )
        hours = times.return_s - times.depart_s
        officer_s += hours
        travel_s += times.travel_s
        travel_m += times.travel_m
        out_routes.append(
            PairDayRoute(
                pair_id=pair.id,
                day=shift.day,
                date=start_date + timedelta(days=shift.day),
                station_id=pair.station_id,
                leaves_station=_local_datetime(start_date, tz, times.depart_s),
                back_at_station=_local_datetime(start_date, tz, times.return_s),
                stops=stops,
                travel_km=round(times.travel_m / 1000, 3),
                travel_minutes=round(times.travel_s / 60, 2),
                officer_hours=round(hours / 3600, 3),
            )
        )

    served = evaluation.served
    left_out: list[LeftOutVisit] = []
    for vi, v in enumerate(compiled.visits):
        if vi in served:
            continue
        if vi in compiled.reasons:
            reason, text = compiled.reasons[vi]
        elif vi in dropped:
            reason = LeftOutReason.NO_CAPACITY_FOR_RISK_LEVEL
            text = (
                f"Overdue {v.risk_level.value.replace('_', ' ')}-risk visits that each fit "
                "on their own do not all fit together in the horizon; this one did not."
            )
        else:
            reason = LeftOutReason.NO_CAPACITY_FOR_RISK_LEVEL
            overdue = v.days_overdue(start_date)
            full = (
                "Every pair-day that could make it is full: no gap between its planned "
                "visits leaves time for this one "
                if repaired
                else "Every pair-day that could make it is full with visits of higher value "
            )
            text = f"{full}({v.risk_level.value.replace('_', ' ')} risk, " + (
                f"{overdue} days overdue)." if overdue else f"due {v.due_date.isoformat()})."
            )
        left_out.append(LeftOutVisit(v.id, reason, text))

    was_overdue = [v.days_overdue(start_date) > 0 for v in compiled.visits]
    planned = len(served)
    on_duty = len(model.shifts)
    kpis = PlanKpis(
        visits_total=len(compiled.visits),
        visits_planned=planned,
        planned_by_risk={
            level.value: sum(1 for vi in served if compiled.visits[vi].risk_level is level)
            for level in RiskLevel
        },
        total_by_risk={
            level.value: sum(1 for v in compiled.visits if v.risk_level is level)
            for level in RiskLevel
        },
        overdue_total=sum(was_overdue),
        overdue_cleared=sum(1 for vi in served if was_overdue[vi]),
        must_serve_total=sum(compiled.must_serve),
        must_serve_planned=sum(1 for vi in served if compiled.must_serve[vi]),
        travel_km=round(travel_m / 1000, 3),
        travel_minutes=round(travel_s / 60, 2),
        officer_hours=round(officer_s / 3600, 3),
        pair_days_on_duty=on_duty,
        pair_days_used=len(out_routes),
        visits_per_pair_day=round(planned / on_duty, 3) if on_duty else 0.0,
        km_per_visit=round(travel_m / 1000 / planned, 3) if planned else 0.0,
        objective=evaluation.objective,
        greedy_objective=greedy_objective,
    )
    return VisitPlan(
        start_date=start_date,
        timezone=str(tz),
        routes=tuple(out_routes),
        left_out=tuple(left_out),
        kpis=kpis,
        stats=stats,
        params=params,
        solver_version=solver_version(),
    )


def greedy_plan(
    visits: Sequence[Visit],
    pairs: Sequence[OfficerPair],
    travel: TravelTimes,
    params: PlannerParams | None = None,
    *,
    start_date: date,
    rule: GreedyRule | str = GreedyRule.CLASS_NEAREST,
    tz: tzinfo = UTC,
    now: datetime | None = None,
) -> VisitPlan:
    """A hand-planning baseline as a :class:`VisitPlan` (``"g1"`` or ``"g2"``); no search."""
    params = params or PlannerParams()
    started = clock.perf_counter()
    compiled = compile_problem(visits, pairs, travel, params, start_date, tz, now)
    built = clock.perf_counter()
    routes = build_greedy_routes(compiled.model, rule)
    g2 = (
        routes
        if GreedyRule(rule) is GreedyRule.CLASS_NEAREST
        else build_greedy_routes(compiled.model, GreedyRule.CLASS_NEAREST)
    )
    finished = clock.perf_counter()
    stats = PlanStats(
        plan_source=GreedyRule(rule).value,
        iterations=0,
        copies=len(compiled.model.copies),
        neighbourhood="none",
        build_seconds=round(built - started, 4),
        first_feasible_seconds=round(finished - started, 4),
        solve_seconds=0.0,
        total_seconds=round(finished - started, 4),
    )
    return assemble_plan(
        compiled,
        routes,
        greedy_objective=evaluate_routes(compiled.model, g2).objective,
        dropped=frozenset(),
        params=params,
        start_date=start_date,
        tz=tz,
        stats=stats,
    )
