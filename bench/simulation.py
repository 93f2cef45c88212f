"""Benchmark: the simulation of demand against staffing (issue 11, Speed).

Prints, on one core, in one process:

1. one simulated year of the packaged ``today`` scenario (Staffordshire size, about
   180,000 incidents) — target at most 30 s;
2. its events per second beside a bare SimPy M/M/c loop (a process per customer and a
   ``simpy.Resource``: the textbook way) run for about the same number of events in the
   same process, and the ratio — target: the model's overhead at most 3x the bare loop
   (a ratio ≤ 3; below 1 means the model is faster per event);
3. the model's M/M/c mean wait against Erlang C for five (λ, μ, c) cases with
   utilisation 0.5-0.95 — target: within 2 % at long runs, and the 95 % confidence
   interval covering the analytic value.

Events are counted the same way for both (SimPy's own event counter).

    python bench/simulation.py [--hours 50000] [--replications 10] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import simpy  # noqa: E402  (the bench's baseline, outside the package)

from safehold.simulation.erlang import erlang_c  # noqa: E402
from safehold.simulation.mmc import run_mmc  # noqa: E402
from safehold.simulation.model import simulate_replication  # noqa: E402
from safehold.simulation.scenario import load_scenario  # noqa: E402

CASES = (  # (arrivals per hour, service minutes, servers) — utilisation 0.5 to 0.95
    (6.0, 30.0, 6),  # 0.50
    (10.0, 30.0, 6),  # 0.83
    (14.0, 12.0, 4),  # 0.70
    (27.0, 20.0, 10),  # 0.90
    (57.0, 10.0, 10),  # 0.95
)


def bare_mmc_events(target_events: int, seed: int = 1) -> tuple[int, float]:
    """A textbook SimPy M/M/c loop run until about ``target_events``: (events, seconds)."""
    rng = random.Random(seed)
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=10)
    lam, mean_service = 27.0 / 60.0, 20.0
    # Each customer is about 6 SimPy events (arrival timeout, process start, request,
    # service timeout, release, process end).
    customers = target_events // 6

    def customer(service: float) -> Any:
        with server.request() as req:
            yield req
            yield env.timeout(service)

    def source() -> Any:
        for _ in range(customers):
            yield env.timeout(rng.expovariate(lam))
            env.process(customer(rng.expovariate(1.0 / mean_service)))

    env.process(source())
    started = time.perf_counter()
    env.run()
    seconds = time.perf_counter() - started
    return int(next(env._eid)), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=float, default=50_000.0, help="M/M/c hours a replication")
    parser.add_argument("--replications", type=int, default=10, help="M/M/c replications")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    inputs = load_scenario("today").inputs()
    started = time.perf_counter()
    year = simulate_replication(inputs, seed=1)
    year_s = time.perf_counter() - started
    model_eps = year.events / year_s
    bare_events, bare_s = bare_mmc_events(year.events)
    bare_eps = bare_events / bare_s
    ratio = bare_eps / model_eps

    cases = []
    for lam, service, servers in CASES:
        t = time.perf_counter()
        out = run_mmc(
            arrivals_per_hour=lam,
            service_minutes=service,
            servers=servers,
            hours=args.hours,
            replications=args.replications,
            seed=2026,
        )
        analytic = erlang_c(arrivals_per_hour=lam, service_minutes=service, servers=servers)
        error = out["mean_wait_minutes"] / analytic.mean_wait_minutes - 1.0
        cases.append(
            {
                "lambda_per_hour": lam,
                "service_minutes": service,
                "servers": servers,
                "utilisation": round(analytic.utilisation, 3),
                "simulated_mean_wait": out["mean_wait_minutes"],
                "ci95": out["mean_wait_ci95"],
                "erlang_c_mean_wait": round(analytic.mean_wait_minutes, 4),
                "relative_error": round(error, 4),
                "within_2_percent": abs(error) <= 0.02,
                "ci_covers": out["ci_covers_erlang_c"],
                "p_wait": out["p_wait"],
                "erlang_c_p_wait": out["erlang_c_p_wait"],
                "seconds": round(time.perf_counter() - t, 1),
            }
        )

    report = {
        "year": {
            "incidents": year.incidents,
            "events": year.events,
            "seconds": round(year_s, 2),
            "target_seconds": 30,
            "meets_target": year_s <= 30,
        },
        "events_per_second": {
            "model": round(model_eps),
            "bare_simpy_mmc": round(bare_eps),
            "bare_events": bare_events,
            "overhead_ratio": round(ratio, 2),
            "target_ratio": 3.0,
            "meets_target": ratio <= 3.0,
        },
        "mmc_vs_erlang_c": {
            "hours_per_replication": args.hours,
            "replications": args.replications,
            "cases": cases,
        },
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    y, e = report["year"], report["events_per_second"]
    print("Simulation benchmark (one core)")
    print(
        f"  one simulated year, packaged 'today': {y['incidents']:,} incidents, "
        f"{y['events']:,} events in {y['seconds']:.2f} s (target ≤ 30 s)"
    )
    print(
        f"  events/s: model {e['model']:,}, bare SimPy M/M/c loop {e['bare_simpy_mmc']:,} "
        f"({e['bare_events']:,} events); overhead ratio {e['overhead_ratio']:.2f}x (target ≤ 3x)"
    )
    print(f"  M/M/c vs Erlang C ({args.replications} x {args.hours:,.0f} h):")
    for c in cases:
        print(
            f"    λ {c['lambda_per_hour']:>4}/h, 1/μ {c['service_minutes']:>4} min, "
            f"c {c['servers']:>2}, rho {c['utilisation']:.2f}: Wq {c['simulated_mean_wait']:.3f} "
            f"[{c['ci95'][0]:.3f}, {c['ci95'][1]:.3f}] vs {c['erlang_c_mean_wait']:.3f} "
            f"({c['relative_error']:+.2%}; CI covers: {c['ci_covers']}) in {c['seconds']} s"
        )


if __name__ == "__main__":
    main()
