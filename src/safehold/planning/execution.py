"""The "plan" job: read a requested run's inputs, solve, and store the plan on the run.

:func:`safehold.planning.services.request_plan` records the run and queues the job
(``jobs.py``); the job worker, or the request itself when run here, calls
:func:`execute_plan`. A failure leaves the run failed with its error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone

from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, InvalidInput, NotFound, SafeholdError

from .models import OfficerPair, PlanRun, PlanStatus
from .services import ensure_default_pairs

if TYPE_CHECKING:
    from safehold.jobs.registry import Progress

__all__ = ["execute_plan"]


def _fail(run_id: int, message: str, clock: Clock) -> None:
    PlanRun.objects.filter(pk=run_id).update(
        status=PlanStatus.FAILED, error=message[:2000], finished_at=clock.now()
    )


def execute_plan(
    run_id: int,
    progress: Progress | Callable[[float, str], None],
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> dict[str, Any]:
    """The "plan" job: read the inputs, solve, store the plan on the run."""
    from .inputs import build_inputs
    from .pair_inputs import local_zone, travel_times
    from .solver import PlannerParams, PlanningError, plan_visits
    from .travel import TravelTimesError

    updated = PlanRun.objects.filter(pk=run_id, status=PlanStatus.QUEUED).update(
        status=PlanStatus.RUNNING
    )
    run = PlanRun.objects.select_related("replan_of").filter(pk=run_id).first()
    if run is None:
        raise NotFound(f"No visit plan {run_id}")
    if not updated:
        raise Conflict(f"Visit plan {run_id} has already run", code="plan_already_run")
    # ``now`` is the planning clock (no new visit starts before it); ``read_at`` is when
    # the register was read, which staleness is judged against: it is compared with the
    # database's own change times, so it is always the system's time.
    read_at = SYSTEM_CLOCK.now()
    now = clock.now()
    try:
        if not OfficerPair.objects.exists():
            ensure_default_pairs()
        inputs = build_inputs(
            start_date=run.start_date,
            days=run.horizon_days,
            now=now,
            pair_ids=list(run.pair_ids) or None,
            replan_of=run.replan_of,
        )
        if not inputs.pairs:
            raise InvalidInput(
                "No officer pairs are active: set them up under Officer pairs in the admin "
                "site, or give offender managers a station",
                code="no_officer_pairs",
            )
        travel, travel_text = travel_times()
        plan = plan_visits(
            inputs.visits,
            inputs.pairs,
            travel,
            PlannerParams.from_dict(run.params),
            start_date=run.start_date,
            tz=local_zone(),
            now=now if run.start_date <= timezone.localdate(now) else None,
            on_progress=progress,
        )
    except (PlanningError, TravelTimesError) as exc:
        _fail(run_id, f"[{exc.code}] {exc}", clock)
        raise InvalidInput(str(exc), code=exc.code) from exc
    except SafeholdError as exc:
        _fail(run_id, f"[{exc.code}] {exc.message}", clock)
        raise
    except Exception as exc:
        _fail(run_id, f"The planner failed: {exc}", clock)
        raise
    data = plan.to_dict()
    PlanRun.objects.filter(pk=run_id).update(
        status=PlanStatus.READY,
        policy_version=inputs.policy_version,
        solver_version=plan.solver_version,
        travel=travel_text,
        inputs_as_of=read_at,
        finished_at=clock.now(),
        kpis=data["kpis"],
        stats=data["stats"],
        plan={"start_date": data["start_date"], "timezone": data["timezone"]}
        | {"routes": data["routes"], "left_out": data["left_out"]},
        visits=inputs.visit_info,
        pairs=inputs.pair_info,
        skipped=inputs.skipped,
    )
    return {
        "run_id": run_id,
        "url": reverse("planning:run", args=[run_id]),
        "visits_planned": plan.kpis.visits_planned,
        "visits_total": plan.kpis.visits_total,
        "left_out": len(plan.left_out),
    }
