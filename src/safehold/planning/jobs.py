"""The "plan" background job: read the register, plan the visits, store the run."""

from __future__ import annotations

from typing import Any

from safehold.accounts.roles import Capability
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.jobs.registry import Progress, register


def _abandoned(
    params: dict[str, Any], retry: bool, reason: str, clock: Clock = SYSTEM_CLOCK
) -> None:
    """The worker died mid-search: nothing of the plan was stored; queue it again or fail it."""
    from .models import PlanRun, PlanStatus

    running = PlanRun.objects.filter(pk=int(params["run_id"]), status=PlanStatus.RUNNING)
    if retry:
        running.update(status=PlanStatus.QUEUED)
    else:
        running.update(
            status=PlanStatus.FAILED,
            error=f"The planner stopped: {reason}"[:2000],
            finished_at=clock.now(),
        )


@register(
    "plan", "Plan home visits for officer pairs", Capability.PLAN_VISITS, on_abandon=_abandoned
)
def run_plan(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Solve the plan run ``params["run_id"]`` recorded by ``services.request_plan``."""
    from .execution import execute_plan

    return execute_plan(int(params["run_id"]), progress)
