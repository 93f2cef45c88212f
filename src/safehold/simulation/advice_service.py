"""Start the staffing advisor as a background job, and say its answer in words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import InvalidInput, NotFound

from .advisor import Target, advise
from .models import RunKind, RunStatus, SimulationRun
from .params import inputs_from_dict, inputs_to_dict
from .services import _may_simulate, resolve_scenarios

if TYPE_CHECKING:
    from safehold.accounts.models import User
    from safehold.jobs.registry import Progress

#: The advisor simulates a quarter per replication by default: many rosters are tried.
DEFAULT_WEEKS = 13.0


@dataclass(frozen=True, slots=True)
class AdviceRequest:
    scenario: str = "today"
    grade: int = 1
    share: float = 0.9
    replications: int = 10
    seed: int = 0
    weeks: float = DEFAULT_WEEKS
    max_units: int = 80


def request_advice(
    actor: User | None, request: AdviceRequest, *, run_here: bool = False, allow_files: bool = False
) -> SimulationRun:
    """Record an advice run and queue its job (or run it here)."""
    from safehold.jobs.services import run_job_here, start_job

    _may_simulate(actor)
    if not 0 < request.share < 1:
        raise InvalidInput("The target share must be between 0 and 1 (e.g. 0.9)", field="share")
    if not 2 <= request.replications <= 100:
        raise InvalidInput("Replications must be between 2 and 100", field="replications")
    if not 0 < request.weeks <= 52:
        raise InvalidInput("Weeks must be more than 0 and at most 52", field="weeks")
    if not 1 <= request.max_units <= 500:
        raise InvalidInput("The most units per shift must be between 1 and 500", field="max_units")
    (scenario,) = resolve_scenarios(
        (request.scenario,), weeks=request.weeks, allow_files=allow_files
    )
    try:
        grade = scenario.inputs.grade(request.grade)
    except KeyError:
        raise InvalidInput(f"The scenario has no grade {request.grade}", field="grade") from None
    if grade.target_urban_minutes is None or not grade.attended:
        raise InvalidInput(f"Grade {request.grade} has no attendance target", field="grade")
    with transaction.atomic():
        run = SimulationRun.objects.create(
            kind=RunKind.ADVISE,
            requested_by=actor,
            replications=request.replications,
            seed=request.seed,
            params={"grade": request.grade, "share": request.share, "max_units": request.max_units},
            scenarios=[
                {
                    "name": scenario.name,
                    "title": scenario.title,
                    "inputs_source": scenario.inputs_source,
                    "inputs": inputs_to_dict(scenario.inputs),
                }
            ],
        )
        if not run_here:
            run.job = start_job(actor, "simulation-advice", {"run_id": run.pk})
            run.save(update_fields=["job"])
    if run_here:
        job = run_job_here(actor, "simulation-advice", {"run_id": run.pk})
        SimulationRun.objects.filter(pk=run.pk).update(job=job)
        run.refresh_from_db()
    return run


def execute_advice(run_id: int, progress: Progress, clock: Clock = SYSTEM_CLOCK) -> dict[str, Any]:
    """The advice job: search, then store the answer and its evidence on the run."""
    run = SimulationRun.objects.filter(pk=run_id, kind=RunKind.ADVISE).first()
    if run is None:
        raise NotFound(f"No advice run {run_id}")
    SimulationRun.objects.filter(pk=run_id).update(status=RunStatus.RUNNING)
    spec = run.scenarios[0]
    try:
        result = advise(
            inputs_from_dict(spec["inputs"]),
            Target(int(run.params["grade"]), float(run.params["share"])),
            replications=run.replications,
            seed=run.seed,
            max_units=int(run.params.get("max_units", 80)),
            progress=progress,
        )
    except Exception as exc:
        SimulationRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=clock.now()
        )
        raise
    result = {
        "scenario": spec["name"],
        "title": spec["title"],
        "inputs": spec["inputs_source"],
        "seed": run.seed,
        "replications": run.replications,
        "weeks": spec["inputs"]["weeks"],
        **result,
    }
    SimulationRun.objects.filter(pk=run_id).update(
        status=RunStatus.READY, result=result, finished_at=clock.now()
    )
    return {"run_id": run_id, "units": result["units"], "url": f"/simulation/{run_id}/"}


def describe(result: dict[str, Any]) -> str:
    """The advisor's answer in a few lines."""
    t = result["target"]
    head = f"Target: {t['share']:.0%} of grade {t['grade']} within target, 95% confidence"
    if not result["reached"]:
        a = result["answer"]
        return (
            f"{head}\nNot reached with up to the most units per shift: best "
            f"{a['share_within_target']:.1%} (95% CI {a['share_within_target_ci95'][0]:.1%}-"
            f"{a['share_within_target_ci95'][1]:.1%}) with {a['units']}."
        )
    a = result["answer"]
    units = ", ".join(f"{k} {v}" for k, v in result["units"].items())
    lines = [
        head,
        (
            f"Fewest units: {units} ({result['total_units']} a day); "
            f"{a['share_within_target']:.1%} within target (95% CI "
            f"{a['share_within_target_ci95'][0]:.1%}-{a['share_within_target_ci95'][1]:.1%})."
        ),
        f"Binding shift: {result['binding_shift']}.",
    ]
    for p in result["one_fewer"]:
        lines.append(
            f"  one fewer on {p['shift']}: {p['one_fewer_share']:.1%} "
            f"(lower bound {p['one_fewer_lower']:.1%})"
        )
    lines.append(
        f"{result['rosters_tried']} rosters tried, {result['replications']} replications each."
    )
    return "\n".join(lines)
