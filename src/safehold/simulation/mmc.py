"""The plain M/M/c queue run through the same model, beside Erlang C (pure).

One grade with a constant arrival rate, exponential handling, no travel, no resolution
centre, and ``servers`` units on duty round the clock (a 24-hour shift, so no
handover): the model's queue is then exactly M/M/c and its mean wait must match
Erlang C within the replications' confidence interval.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .erlang import erlang_c
from .model import replication_seed, simulate_replication
from .params import (
    HOURS_PER_WEEK,
    Distribution,
    GradeInputs,
    InputError,
    ModelInputs,
    ResolutionCentre,
    Shift,
)
from .stats import summarise


def mmc_inputs(
    *, arrivals_per_hour: float, service_minutes: float, servers: int, hours: float
) -> ModelInputs:
    """The M/M/c case as model inputs: ``hours`` recorded after a short warm-up."""
    if arrivals_per_hour <= 0:
        raise InputError("--arrivals-per-hour", "must be > 0")
    if service_minutes <= 0:
        raise InputError("--service-minutes", "must be > 0")
    if servers < 1:
        raise InputError("--servers", "must be at least 1")
    if hours <= 0:
        raise InputError("--hours", "must be > 0")
    grade = GradeInputs(
        grade=1,
        name="M/M/c",
        arrivals_per_hour=(float(arrivals_per_hour),) * HOURS_PER_WEEK,
        attended=True,
        target_urban_minutes=None,
        target_rural_minutes=None,
        urban_share=1.0,
        handling=Distribution("exponential", float(service_minutes)),
    )
    # Warm up for 5 % of the run (at least 10 mean service times), in days.
    warmup_minutes = max(0.05 * hours * 60.0, 10 * service_minutes)
    return ModelInputs(
        grades=(grade,),
        shifts=(Shift("all", 0, 24, servers),),
        travel_urban=Distribution("fixed", 0.0),
        travel_rural=Distribution("fixed", 0.0),
        resolution_centre=ResolutionCentre(enabled=True, investigators=0),
        weeks=hours / HOURS_PER_WEEK,
        warmup_days=warmup_minutes / 1440.0,
        cooldown_days=(50 * service_minutes) / 1440.0,
    )


def run_mmc(
    *,
    arrivals_per_hour: float,
    service_minutes: float,
    servers: int,
    hours: float,
    replications: int,
    seed: int,
    progress: Callable[[float, str], None] | None = None,
) -> dict[str, Any]:
    """Simulate M/M/c and return the simulated and Erlang C figures side by side."""
    if replications < 2:
        raise InputError("--replications", "at least 2 are needed for a confidence interval")
    try:
        analytic = erlang_c(
            arrivals_per_hour=arrivals_per_hour, service_minutes=service_minutes, servers=servers
        )
    except ValueError as exc:
        raise InputError("--servers", str(exc)) from exc
    inputs = mmc_inputs(
        arrivals_per_hour=arrivals_per_hour,
        service_minutes=service_minutes,
        servers=servers,
        hours=hours,
    )
    results = []
    for k in range(replications):
        results.append(simulate_replication(inputs, seed=replication_seed(seed, k), index=k))
        if progress:
            progress((k + 1) / replications, f"replication {k + 1} of {replications}")
    s = summarise(results)
    lo, hi = s["mean_wait_ci95"]
    return {
        "case": {
            "arrivals_per_hour": arrivals_per_hour,
            "service_minutes": service_minutes,
            "servers": servers,
            "hours": hours,
            "seed": seed,
        },
        "replications": s["replications"],
        "customers_per_replication": s["incidents_per_replication"],
        "mean_wait_minutes": s["mean_wait_minutes"],
        "mean_wait_ci95": [lo, hi],
        "p_wait": s["p_wait"],
        "utilisation": s["utilisation"],
        "erlang_c_mean_wait_minutes": round(analytic.mean_wait_minutes, 4),
        "erlang_c_p_wait": round(analytic.p_wait, 4),
        "erlang_c_utilisation": round(analytic.utilisation, 4),
        "ci_covers_erlang_c": bool(lo <= analytic.mean_wait_minutes <= hi),
        "events": s["events"],
    }
