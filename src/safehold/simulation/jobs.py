"""The simulation's background jobs: a comparison run's parent and its helpers, and advice."""

from __future__ import annotations

from typing import Any

from safehold.accounts.roles import Capability
from safehold.jobs.registry import Progress, register


@register("simulation", "Simulate demand against staffing", Capability.RUN_SIMULATION)
def run_simulation(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Work on the run's replications, wait for the helpers, then add the figures up."""
    from .services import execute_simulation

    return execute_simulation(int(params["run_id"]), progress)


@register("simulation-helper", "Run simulation replications", Capability.RUN_SIMULATION)
def run_simulation_helper(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Take replications of the run until none is left (another worker's share)."""
    from .services import work_on

    done = work_on(int(params["run_id"]))
    progress(1.0, f"ran {done} replications")
    return {"run_id": int(params["run_id"]), "replications_run": done}


@register("simulation-advice", "Advise the fewest units per shift", Capability.RUN_SIMULATION)
def run_advice(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Search for the fewest units per shift that meets the run's target."""
    from .advice_service import execute_advice

    return execute_advice(int(params["run_id"]), progress)
