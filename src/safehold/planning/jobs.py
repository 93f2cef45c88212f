"""The "plan" background job: read the register, plan the visits, store the run."""

from __future__ import annotations

from typing import Any

from safehold.accounts.roles import Capability
from safehold.jobs.registry import Progress, register


@register("plan", "Plan home visits for officer pairs", Capability.PLAN_VISITS)
def run_plan(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Solve the plan run ``params["run_id"]`` recorded by ``services.request_plan``."""
    from .services import execute_plan

    return execute_plan(int(params["run_id"]), progress)
