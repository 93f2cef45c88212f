"""The "seed" background job."""

from __future__ import annotations

from datetime import date
from typing import Any

from safehold.accounts.roles import Capability
from safehold.jobs.registry import Progress, register

from .force import SeedParams, seed_force


@register("seed", "Build the synthetic force", Capability.ADMINISTER)
def run_seed(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    seed_params = SeedParams(
        seed=int(params.get("seed", 0)),
        scale=float(params.get("scale", 1.0)),
        today=date.fromisoformat(params["today"]) if params.get("today") else date.today(),
        overdue_target=int(params.get("overdue_target", 260)),
    )
    return seed_force(seed_params, progress)
