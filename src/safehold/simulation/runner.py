"""Run scenarios' replications and compare them (pure; the jobs app fans the same work out).

A run is a list of (scenario, model inputs), a number of replications and a run seed.
Replication ``k`` of every scenario uses the seed :func:`replication_seed` (run seed, k)
— the same for every scenario, so scenarios are compared on common random numbers —
and a run's figures depend only on the set of replication results, whoever ran them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .model import replication_seed, simulate_replication
from .params import ModelInputs
from .results import ReplicationResult
from .stats import summarise

Progress = Callable[[float, str], None]


@dataclass(frozen=True, slots=True)
class ScenarioRun:
    """One scenario of a run: its name and title, the inputs and where they came from."""

    name: str
    title: str
    inputs: ModelInputs
    inputs_source: str  # "fitted from N incidents ..." or "packaged parameters"


def run_one(inputs: ModelInputs, run_seed: int, index: int) -> ReplicationResult:
    """Replication ``index`` of a run seeded ``run_seed``."""
    return simulate_replication(inputs, seed=replication_seed(run_seed, index), index=index)


def scenario_summary(run: ScenarioRun, results: Iterable[ReplicationResult]) -> dict[str, Any]:
    """The figures of one scenario, with its inputs described."""
    s = summarise(results)
    inputs = run.inputs
    return {
        "scenario": run.name,
        "title": run.title,
        "inputs": run.inputs_source,
        "incidents_per_year_expected": round(inputs.incidents_per_year),
        "shifts": {
            sh.name: {
                "start_minute": sh.start_minute,
                "hours": sh.hours,
                "units": sh.units,
                "double_crewed_units": sh.double_crewed_units,
            }
            for sh in inputs.shifts
        },
        "resolution_centre_enabled": inputs.resolution_centre.enabled,
        "resolution_centre_investigators": inputs.resolution_centre.investigators,
        "weeks": inputs.weeks,
        **s,
    }


def run_scenarios(
    runs: Sequence[ScenarioRun],
    *,
    replications: int,
    seed: int,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run every scenario's replications here, one after another, and compare them."""
    if replications < 1:
        raise ValueError("at least one replication is needed")
    total = len(runs) * replications
    done = 0
    scenarios = []
    for run in runs:
        results = []
        for k in range(replications):
            results.append(run_one(run.inputs, seed, k))
            done += 1
            if progress:
                progress(done / total, f"{run.title}: replication {k + 1} of {replications}")
        scenarios.append(scenario_summary(run, results))
    return comparison(scenarios, seed=seed, replications=replications)


def comparison(scenarios: list[dict[str, Any]], *, seed: int, replications: int) -> dict[str, Any]:
    """A run's result: each scenario's figures, in the order asked for."""
    return {"seed": seed, "replications": replications, "scenarios": scenarios}
