"""Visit-planner benchmark: our plan against the two hand-planning baselines.

On the synthetic Staffordshire backlog (``safehold.synth.instances``) it builds, in
one run, G1 (highest priority first), G2 (nearest within the best risk class, how a
team plans by hand) and our plan, and prints visits served by risk level, overdue
cleared, km per visit, visits per pair-day and the objective, with ratios to G2.

Usage::

    bench/planner.py [--seconds 60] [--visits 560 --pairs 8 --days 5] [--json]
    bench/planner.py --large            # 2,000 visits, 40 pairs, 5 days, 120 s

``--large`` also reports the build time, the time to the first feasible plan (the
greedy warm start) and peak memory: the process's maximum resident set size
(``getrusage``) after the timed solve, and the tracemalloc peak of a second, short solve
(tracemalloc slows Python down, so it is kept out of the timed run; it cannot see
PyVRP's C++ allocations, which the RSS figure includes).

Targets (issue 4, one solve per core): 560/8/5 at 60 s: served >= 1.2 x G2, km per
visit <= 0.6 x G2, 100 % of overdue very high and high served, >= 10 visits per
pair-day. 2,000/40/5 at 120 s: km per visit <= 0.85 x G2 with >= 99 % served, first
feasible plan <= 2 s, peak memory <= 500 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from typing import Any

from safehold.planning.solver import (
    PlannerParams,
    RiskLevel,
    VisitPlan,
    greedy_plan,
    plan_visits,
    solver_version,
)
from safehold.planning.travel import HaversineTravelTimes
from safehold.synth.instances import PlanningInstance, staffordshire_backlog


def _max_rss_mb() -> float:
    # Linux reports kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _mean_must_serve_day(instance: PlanningInstance, plan: VisitPlan) -> float | None:
    must = {
        v.id
        for v in instance.visits
        if v.due_date < instance.start_date and v.risk_level in plan.params.must_serve_levels
    }
    days = [r.day for r in plan.routes for s in r.stops if s.visit_id in must]
    return round(sum(days) / len(days), 3) if days else None


def _summary(instance: PlanningInstance, plan: VisitPlan) -> dict[str, Any]:
    k = plan.kpis
    return {
        "visits_served": k.visits_planned,
        "visits_total": k.visits_total,
        "served_by_risk": k.planned_by_risk,
        "overdue_cleared": k.overdue_cleared,
        "overdue_total": k.overdue_total,
        "overdue_vh_h_served": k.must_serve_planned,
        "overdue_vh_h_total": k.must_serve_total,
        "overdue_vh_h_mean_day": _mean_must_serve_day(instance, plan),
        "km_per_visit": k.km_per_visit,
        "visits_per_pair_day": k.visits_per_pair_day,
        "travel_km": k.travel_km,
        "officer_hours": k.officer_hours,
        "objective_millions": round(k.objective / 1e6, 3),
        "stats": plan.stats.to_dict(),
    }


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def _target(value: float | None, limit: float, *, at_most: bool) -> dict[str, Any]:
    met = value is not None and (value <= limit if at_most else value >= limit)
    return {"value": value, "target": f"{'<=' if at_most else '>='} {limit:g}", "met": met}


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Build the instance, the baselines and our plan; return every figure."""
    instance = staffordshire_backlog(
        visits=args.visits, pairs=args.pairs, days=args.days, seed=args.seed
    )
    travel = HaversineTravelTimes()
    params = PlannerParams(horizon_days=args.days, max_runtime_s=args.seconds, seed=args.seed)
    plans: dict[str, VisitPlan] = {}
    for rule in ("g1", "g2"):
        plans[rule] = greedy_plan(
            instance.visits,
            instance.pairs,
            travel,
            params,
            start_date=instance.start_date,
            rule=rule,
        )
    rss_before = _max_rss_mb()
    plans["ours"] = plan_visits(
        instance.visits, instance.pairs, travel, params, start_date=instance.start_date
    )
    rss_after = _max_rss_mb()
    figures = {name: _summary(instance, plan) for name, plan in plans.items()}
    ours, g2 = figures["ours"], figures["g2"]
    result: dict[str, Any] = {
        "solver_version": solver_version(),
        "instance": instance.name,
        "seconds": args.seconds,
        "seed": args.seed,
        "plans": figures,
        "ratios_to_g2": {
            "visits_served": _ratio(ours["visits_served"], g2["visits_served"]),
            "km_per_visit": _ratio(ours["km_per_visit"], g2["km_per_visit"]),
            "overdue_cleared": _ratio(ours["overdue_cleared"], g2["overdue_cleared"]),
            "objective": _ratio(ours["objective_millions"], g2["objective_millions"]),
        },
        "ratios_to_g1": {
            "visits_served": _ratio(ours["visits_served"], figures["g1"]["visits_served"]),
            "km_per_visit": _ratio(ours["km_per_visit"], figures["g1"]["km_per_visit"]),
        },
        "memory": {
            "max_rss_mb_before_solve": round(rss_before, 1),
            "max_rss_mb": round(rss_after, 1),
        },
    }
    must_share = (
        ours["overdue_vh_h_served"] / ours["overdue_vh_h_total"]
        if ours["overdue_vh_h_total"]
        else 1.0
    )
    if args.large:
        tracemalloc.start()
        traced = PlannerParams(
            horizon_days=args.days, max_runtime_s=None, max_iterations=200, seed=args.seed
        )
        plan_visits(instance.visits, instance.pairs, travel, traced, start_date=instance.start_date)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result["memory"]["tracemalloc_peak_mb"] = round(peak / 1e6, 1)
        stats = ours["stats"]
        result["targets"] = {
            "km_per_visit_vs_g2": _target(
                result["ratios_to_g2"]["km_per_visit"], 0.85, at_most=True
            ),
            "share_served": _target(
                round(ours["visits_served"] / ours["visits_total"], 4), 0.99, at_most=False
            ),
            "first_feasible_seconds": _target(stats["first_feasible_seconds"], 2.0, at_most=True),
            "peak_memory_mb": _target(result["memory"]["max_rss_mb"], 500, at_most=True),
        }
    else:
        result["targets"] = {
            "served_vs_g2": _target(result["ratios_to_g2"]["visits_served"], 1.2, at_most=False),
            "km_per_visit_vs_g2": _target(
                result["ratios_to_g2"]["km_per_visit"], 0.6, at_most=True
            ),
            "overdue_vh_h_share": _target(round(must_share, 4), 1.0, at_most=False),
            "visits_per_pair_day": _target(ours["visits_per_pair_day"], 10, at_most=False),
        }
    return result


def _print(result: dict[str, Any]) -> None:
    plans = result["plans"]
    names = ("g1", "g2", "ours")
    print(
        f"{result['solver_version']}; {result['instance']}; {result['seconds']:g} s; "
        f"seed {result['seed']}"
    )
    print(f"{'':<28}" + "".join(f"{n:>12}" for n in names) + f"{'ours/G2':>10}")

    def line(label: str, key: str, ratio: str | None = None) -> None:
        cells = "".join(f"{plans[n][key]!s:>12}" for n in names)
        extra = ""
        if ratio is not None:
            value = result["ratios_to_g2"].get(ratio)
            extra = f"{value!s:>10}"
        print(f"{label:<28}{cells}{extra}")

    line("visits served", "visits_served", "visits_served")
    for level in RiskLevel:
        cells = "".join(f"{plans[n]['served_by_risk'][level.value]:>12}" for n in names)
        print(f"{'  ' + level.value.replace('_', ' '):<28}{cells}")
    line("overdue cleared", "overdue_cleared", "overdue_cleared")
    line("overdue VH/H served", "overdue_vh_h_served")
    line("overdue VH/H mean day", "overdue_vh_h_mean_day")
    line("km per visit", "km_per_visit", "km_per_visit")
    line("visits per pair-day", "visits_per_pair_day")
    line("travel km", "travel_km")
    line("officer hours", "officer_hours")
    line("objective (M, lower better)", "objective_millions", "objective")
    stats = plans["ours"]["stats"]
    print(
        f"\nours: {stats['iterations']:,} iterations, {stats['copies']:,} copies, "
        f"{stats['neighbourhood']} neighbourhood, from {stats['plan_source']}; "
        f"build {stats['build_seconds']:.2f} s, first feasible "
        f"{stats['first_feasible_seconds']:.2f} s, total {stats['total_seconds']:.1f} s; "
        f"the repair added {stats['repair_added']} visits (objective "
        f"{stats['repair_objective_change'] / 1e6:+.3f} M)"
    )
    memory = result["memory"]
    print("memory: " + ", ".join(f"{k} {v}" for k, v in memory.items()))
    print("ours/G1: " + ", ".join(f"{k} {v}" for k, v in result["ratios_to_g1"].items()))
    print("\ntargets:")
    for name, target in result["targets"].items():
        mark = "met" if target["met"] else "NOT MET"
        print(f"  {name:<26} {target['value']!s:>10}  {target['target']:<8} {mark}")


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=None, help="search budget")
    parser.add_argument("--visits", type=int, default=560)
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--large", action="store_true", help="2,000 visits, 40 pairs, 120 s")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    if args.large:
        args.visits, args.pairs = 2000, 40
    if args.seconds is None:
        args.seconds = 120.0 if args.large else 60.0
    started = time.perf_counter()
    result = run(args)
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
