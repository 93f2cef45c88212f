"""URL arguments for the simulation rows of the authorization matrix: a finished run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from safehold.simulation.models import RunStatus, SimulationRun
from safehold.simulation.params import inputs_to_dict
from safehold.simulation.runner import ScenarioRun, run_scenarios

from .tiny import small_force


def finished_run() -> SimulationRun:
    """A comparison run with a real (tiny) result, as a worker would leave it."""
    inputs = small_force(weeks=1)
    result = run_scenarios([ScenarioRun("tiny", "Tiny", inputs, "test")], replications=2, seed=1)
    return SimulationRun.objects.create(
        replications=2,
        seed=1,
        status=RunStatus.READY,
        scenarios=[
            {
                "name": "tiny",
                "title": "Tiny",
                "inputs_source": "test",
                "inputs": inputs_to_dict(inputs),
            }
        ],
        result=result,
    )


def simulation_kwargs_for() -> Callable[[str], dict[str, Any]]:
    """``run_id`` of one finished run for the simulation routes, made lazily."""
    made: dict[str, SimulationRun] = {}

    def kwargs(route: str) -> dict[str, Any]:
        simulation = route.startswith(("simulation/", "api/simulation/", "/api/simulation/"))
        if not simulation or ("<int:run_id>" not in route and "{run_id}" not in route):
            return {}
        if "run" not in made:
            made["run"] = finished_run()
        return {"run_id": made["run"].pk}

    return kwargs
