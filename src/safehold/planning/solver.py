"""The visit planner: routes for officer pairs over several days, highest value first.

This is the only module that imports PyVRP; its types never leave it. Plain data in
(:class:`Visit`, :class:`OfficerPair`, a :class:`~safehold.planning.travel.TravelTimes`
provider, :class:`PlannerParams`), plain data out (:class:`VisitPlan`). Every public
name of the planner is importable from here; the plain parts live beside it:

- ``problem.py``: the inputs (visits, officer pairs, shifts) and the errors;
- ``params.py``: :class:`PlannerParams` and its :class:`TimeBand`;
- ``plan.py``: the outputs (:class:`VisitPlan` and its parts);
- ``compile.py``: the inputs compiled into the copy model of ``greedy.py``;
- ``assemble.py``: routes back into a plan, the greedy start, :func:`greedy_plan`;
- ``repair.py``: the insertion repair after the search;
- ``budget.py``: the search's stopping rule (iterations, time) and its progress reports;
- ``solomon.py``: the Solomon instances, their DIMACS rounding and solutions.

How a plan is made (``docs/planner.md`` has the whole story):

1. **Compile** (``compile.py``). One location per station and per home; one route per
   pair-day (its shift is the route's time window); one *copy* of each visit per day
   and allowed window it could be made in, on one absolute time axis
   (``t = day * 86,400 + seconds after local midnight``). The copies of a visit are a
   mutually exclusive group: at most one is made. A copy's prize rises with risk and
   days overdue and falls with each day of delay.
2. **Explain** (``compile.py``). Visits no pair-day could make on its own get their
   reason now: ``not_on_duty``, ``outside_every_window`` or
   ``unreachable_within_any_shift``.
3. **Greedy start** (``assemble.py``). The G2 class-nearest plan (``greedy.py``) is the
   baseline and the warm start. Must-serve visits (overdue very high and high risk,
   and pinned visits) are required groups, so the solver may not drop them.
4. **Search** (here). One exhaustive local search over the warm start, then PyVRP's
   iterated local search within an iteration or time budget, with a progress callback.
5. **Choose** (here). The solver's best plan unless the greedy plan scores better.
6. **Repair** (``repair.py``). Every visit still left out that fits in a gap of a route
   goes in at its cheapest place, highest risk first; the rest, left out for want of
   room, get ``no_capacity_for_risk_level``.

Errors
------
:class:`PlanningError` carries a stable ``code``:

- :class:`PlannerParamsError` (also ``ValueError``): ``invalid_planner_params``, or
  ``unknown_key`` for a setting the planner does not know;
- :class:`PlanInputError` (also ``ValueError``): ``invalid_plan_input``,
  ``invalid_shift`` or ``unknown_pinned_pair``;
- ``travel_matrix_size`` when a travel provider answers for the wrong number of points.

Travel providers raise their own ``TravelTimesError`` (see ``travel.py``).
"""

from __future__ import annotations

import time as clock
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import Any

import pyvrp
from pyvrp import (
    Activity,
    ActivityType,
    Client,
    ClientGroup,
    Depot,
    Location,
    ProblemData,
    RandomNumberGenerator,
    Route,
    Solution,
    VehicleType,
)
from pyvrp.IteratedLocalSearch import IteratedLocalSearch, IteratedLocalSearchParams
from pyvrp.PenaltyManager import PenaltyManager, PenaltyParams
from pyvrp.search import (
    OPERATORS,
    LocalSearch,
    NeighbourhoodParams,
    PerturbationManager,
    PerturbationParams,
    compute_neighbours,
)

from safehold.planning.assemble import assemble_plan, greedy_plan, greedy_start
from safehold.planning.budget import ProgressCallback, SearchBudget
from safehold.planning.compile import Compiled, compile_problem
from safehold.planning.greedy import CopyModel, PlanEvaluation, evaluate_routes
from safehold.planning.neighbours import location_neighbours
from safehold.planning.params import PerRiskLevel, PlannerParams, TimeBand
from safehold.planning.plan import (
    PLANNER_VERSION,
    LeftOutReason,
    LeftOutVisit,
    PairDayRoute,
    PlanKpis,
    PlannedStop,
    PlanStats,
    VisitPlan,
    solver_version,
)
from safehold.planning.problem import (
    AllowedWindow,
    DutyShift,
    OfficerPair,
    PlanInputError,
    PlannerParamsError,
    PlanningError,
    RiskLevel,
    Visit,
)
from safehold.planning.repair import repair_routes
from safehold.planning.solomon import SolomonInstance, VrptwSolution, dimacs, dimacs_distances
from safehold.planning.travel import TravelTimes

__all__ = [
    "PLANNER_VERSION",
    "AllowedWindow",
    "DutyShift",
    "LeftOutReason",
    "LeftOutVisit",
    "OfficerPair",
    "PairDayRoute",
    "PerRiskLevel",
    "PlanInputError",
    "PlanKpis",
    "PlanStats",
    "PlannedStop",
    "PlannerParams",
    "PlannerParamsError",
    "PlanningError",
    "ProgressCallback",
    "RiskLevel",
    "TimeBand",
    "Visit",
    "VisitPlan",
    "VrptwSolution",
    "greedy_plan",
    "plan_visits",
    "solve_vrptw",
    "solver_version",
]


# --------------------------------------------------------------------------- PyVRP


# Pinned copies carry this much load in their pair's own dimension; every other pair
# has no room for it, so moving a pinned visit to another pair is infeasible.
_PIN_LOAD = 1_000


def _problem_data(compiled: Compiled) -> ProblemData:
    model = compiled.model
    dims = compiled.pinned_dims
    pin_counts = Counter(c.pair_index for c in model.copies if c.pair_index >= 0)
    station_locs = sorted({s.station_location for s in model.shifts})
    depot_of = {loc: i for i, loc in enumerate(station_locs)}
    groups: list[ClientGroup] = []
    group_of: dict[int, int] = {}
    for vi, members in enumerate(model.copies_of):
        if len(members) > 1:
            group_of[vi] = len(groups)
            groups.append(ClientGroup(list(members), required=model.required[vi]))
    clients = []
    for c in model.copies:
        delivery = [0] * len(dims)
        if c.pair_index >= 0:
            delivery[dims[c.pair_index]] = _PIN_LOAD
        group = group_of.get(c.visit_index)
        clients.append(
            Client(
                location=c.location,
                delivery=delivery,
                service_duration=c.service_s,
                tw_early=c.earliest_start_s,
                tw_late=c.latest_start_s,
                prize=c.prize,
                required=group is None and model.required[c.visit_index],
                group=group,
            )
        )
    vehicle_types = []
    for s in model.shifts:
        capacity = [0] * len(dims)
        if s.pair_index in dims:
            capacity[dims[s.pair_index]] = _PIN_LOAD * pin_counts[s.pair_index]
        vehicle_types.append(
            VehicleType(
                num_available=1,
                capacity=capacity,
                start_depot=depot_of[s.station_location],
                end_depot=depot_of[s.station_location],
                tw_early=s.start_s,
                tw_late=s.end_s,
                unit_distance_cost=1,
                name=f"{compiled.pairs[s.pair_index].id}/{s.day}",
            )
        )
    matrices: list[Any] = [model.metres, model.seconds]
    return ProblemData(
        [Location(x=lon, y=lat) for lat, lon in compiled.points],
        clients,
        [Depot(location=loc) for loc in station_locs],
        vehicle_types,
        matrices[:1],
        matrices[1:],
        groups,
    )


def _location_neighbours(model: CopyModel, params: PlannerParams) -> dict[Activity, list[Activity]]:
    """The neighbourhood of :func:`~safehold.planning.neighbours.location_neighbours`."""
    acts = [Activity(ActivityType.CLIENT, i) for i in range(len(model.copies))]
    # Copies of one visit on one day share one list, as they share their neighbours.
    converted: dict[int, list[Activity]] = {}
    neighbours: dict[Activity, list[Activity]] = {}
    for ci, near in location_neighbours(model, params).items():
        listed = converted.get(id(near))
        if listed is None:
            listed = converted[id(near)] = [acts[j] for j in near]
        neighbours[acts[ci]] = listed
    return neighbours


def _search(
    compiled: Compiled,
    warm: Sequence[Sequence[int]],
    params: PlannerParams,
    report: ProgressCallback | None,
) -> tuple[tuple[tuple[int, ...], ...] | None, int, str]:
    model = compiled.model
    data = _problem_data(compiled)
    if len(model.copies) > params.large_model_copies:
        neighbours = _location_neighbours(model, params)
        kind = "location_knn"
    else:
        neighbours = compute_neighbours(
            data, NeighbourhoodParams(params.weight_wait_time, params.num_neighbours)
        )
        kind = "pyvrp_default"
    rng = RandomNumberGenerator(seed=params.seed)
    search = LocalSearch(data, rng, neighbours, PerturbationManager(PerturbationParams()))
    for operator in OPERATORS:
        if operator.supports(data):
            search.add_operator(operator(data))
    penalties = PenaltyParams()
    manager = PenaltyManager(penalties.midpoint_penalties(data), penalties)
    start = Solution(data, [Route(data, list(r), vt) for vt, r in enumerate(warm) if r])
    # The search only revisits the few clients it perturbs each iteration; from a greedy
    # start the current solution would take tens of thousands of iterations to catch up
    # with one full pass. So polish the start with one exhaustive local search first.
    polished = search(start, manager.max_cost_evaluator(), exhaustive=True)
    if polished.is_feasible():
        start = polished
    ils = IteratedLocalSearch(data, manager, search, start, IteratedLocalSearchParams())
    budget = SearchBudget(params.max_runtime_s, params.max_iterations, report, progress_from=0.1)
    best = ils.run(budget, collect_stats=False).best
    if not best.is_feasible():
        return None, budget.iterations, kind
    routes: list[tuple[int, ...]] = [() for _ in model.shifts]
    for route in best.routes():
        routes[route.vehicle_type()] = tuple(a.idx for a in route.schedule() if a.is_client())
    return tuple(routes), budget.iterations, kind


# --------------------------------------------------------------------------- planning


def plan_visits(
    visits: Sequence[Visit],
    pairs: Sequence[OfficerPair],
    travel: TravelTimes,
    params: PlannerParams | None = None,
    *,
    start_date: date,
    tz: tzinfo = UTC,
    now: datetime | None = None,
    on_progress: ProgressCallback | None = None,
) -> VisitPlan:
    """Plan visits for officer pairs over the horizon.

    Parameters
    ----------
    visits
        Visits due or overdue, and pinned visits when re-planning.
    pairs
        Officer pairs with their stations and shifts.
    travel
        Travel-time provider for stations and homes.
    params
        Planner parameters; the defaults when ``None``.
    start_date
        Day 0 of the horizon.
    tz
        Where shifts, windows and recent visits are read as wall-clock times.
    now
        When re-planning during the day: no unpinned visit starts before it.
    on_progress
        Called with a fraction in [0, 1] and a sentence, for a progress bar.

    Returns
    -------
    VisitPlan
        Routes, visits left out with reasons, KPIs. The plan the search chooses is
        never worse than the G2 baseline; the repair then adds every left-out visit
        that still fits, which can raise the objective by the amount given in
        ``stats.repair_objective_change`` when a visit's prize is below its detour.
    """
    params = params or PlannerParams()
    started = clock.perf_counter()
    if on_progress is not None:
        on_progress(0.0, "building the model")
    compiled = compile_problem(visits, pairs, travel, params, start_date, tz, now)
    built = clock.perf_counter()
    if on_progress is not None:
        on_progress(0.05, "building the greedy start")
    compiled, g2, warm, dropped = greedy_start(compiled)
    model = compiled.model
    first_feasible = clock.perf_counter()
    g2_eval = evaluate_routes(model, g2)
    warm_eval = evaluate_routes(model, warm)

    choices: list[tuple[str, Sequence[Sequence[int]], PlanEvaluation]] = []
    iterations, kind = 0, "none"
    if model.copies and model.shifts and params.max_iterations != 0:
        found, iterations, kind = _search(compiled, warm, params, on_progress)
        if found is not None:
            choices.append(("solver", found, evaluate_routes(model, found)))
    choices.append(("greedy", warm, warm_eval))
    if g2_eval.feasible:
        choices.append(("greedy", g2, g2_eval))
    source, chosen, _ = min((c for c in choices if c[2].feasible), key=lambda c: c[2].objective)
    repair = repair_routes(model, chosen)
    finished = clock.perf_counter()
    stats = PlanStats(
        plan_source=source,
        iterations=iterations,
        copies=len(model.copies),
        neighbourhood=kind,
        build_seconds=round(built - started, 4),
        first_feasible_seconds=round(first_feasible - started, 4),
        solve_seconds=round(finished - first_feasible, 4),
        total_seconds=round(finished - started, 4),
        repair_added=len(repair.added),
        repair_objective_change=repair.objective_change,
    )
    plan = assemble_plan(
        compiled,
        repair.routes,
        greedy_objective=g2_eval.objective,
        dropped=dropped,
        params=params,
        start_date=start_date,
        tz=tz,
        stats=stats,
        repaired=True,
    )
    if on_progress is not None:
        on_progress(1.0, f"planned {plan.kpis.visits_planned} of {plan.kpis.visits_total} visits")
    return plan


# --------------------------------------------------------------------------- Solomon


def solve_vrptw(
    instance: SolomonInstance,
    *,
    max_runtime_s: float | None = None,
    max_iterations: int | None = None,
    seed: int = 0,
) -> VrptwSolution:
    """Solve a Solomon instance (distance only, DIMACS rounding) with PyVRP's defaults.

    The benchmark of the engine under the planner: the same ILS, penalties and
    operators as ``pyvrp.solve``, built from numpy matrices.
    """
    if max_runtime_s is None and max_iterations is None:
        raise PlannerParamsError("give max_runtime_s or max_iterations")
    nodes = (instance.depot, *instance.customers)
    distance: Any = dimacs_distances(instance)
    depot = instance.depot
    data = ProblemData(
        [Location(x=dimacs(n.x), y=dimacs(n.y)) for n in nodes],
        [
            Client(
                location=n.number,
                delivery=[dimacs(n.demand)],
                pickup=[0],
                service_duration=dimacs(n.service_time),
                tw_early=dimacs(n.ready_time),
                tw_late=dimacs(n.due_date),
            )
            for n in instance.customers
        ],
        [Depot(location=0)],
        [
            VehicleType(
                num_available=instance.vehicles,
                capacity=[dimacs(instance.capacity)],
                start_depot=0,
                end_depot=0,
                tw_early=dimacs(depot.ready_time),
                tw_late=dimacs(depot.due_date),
            )
        ],
        [distance],
        [distance],
    )
    budget = SearchBudget(max_runtime_s, max_iterations)
    result = pyvrp.solve(data, stop=budget, seed=seed, collect_stats=False)
    best = result.best
    routes = tuple(
        tuple(instance.customers[a.idx].number for a in r.schedule() if a.is_client())
        for r in best.routes()
    )
    return VrptwSolution(
        distance=best.distance() / 10,
        routes=routes,
        feasible=best.is_feasible(),
        iterations=result.num_iterations,
        runtime_s=result.runtime,
    )
