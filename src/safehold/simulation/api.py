"""API: start a scenario comparison, and read a simulation run's figures (aggregates only)."""

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from safehold.accounts.roles import Capability
from safehold.apiutil import api_user, require_api

from . import services
from .models import SimulationRun

router = Router(tags=["simulation"])


class SimulationIn(Schema):
    scenarios: list[str] = ["today"]
    replications: int = 10
    seed: int = 0
    weeks: float | None = None


class Started(Schema):
    run_id: int
    job_id: int | None
    status: str
    run_url: str
    job_url: str | None


class RunOut(Schema):
    id: int
    kind: str
    status: str
    scenarios: list[str]
    replications: int
    seed: int
    created_at: datetime
    finished_at: datetime | None
    error: str
    result: dict[str, Any] | None


@router.post(
    "/runs", response={202: Started}, summary="Compare scenarios (a background job on the workers)"
)
@require_api(Capability.RUN_SIMULATION)
def start_run(request: HttpRequest, body: SimulationIn) -> Status[Started]:
    run = services.request_simulation(
        api_user(request),
        services.SimulationRequest(
            scenarios=tuple(body.scenarios),
            replications=body.replications,
            seed=body.seed,
            weeks=body.weeks,
        ),
    )
    return Status(
        202,
        Started(
            run_id=run.pk,
            job_id=run.job_id,
            status=run.status,
            run_url=f"/api/simulation/runs/{run.pk}",
            job_url=f"/api/jobs/{run.job_id}" if run.job_id else None,
        ),
    )


@router.get("/runs/{run_id}", response=RunOut, summary="A simulation run's status and figures")
@require_api(Capability.RUN_SIMULATION)
def get_run(request: HttpRequest, run_id: int) -> RunOut:
    run = SimulationRun.objects.filter(pk=run_id).first()
    if run is None:
        raise Http404
    return RunOut(
        id=run.pk,
        kind=run.kind,
        status=run.status,
        scenarios=[str(s.get("name")) for s in run.scenarios],
        replications=run.replications,
        seed=run.seed,
        created_at=run.created_at,
        finished_at=run.finished_at,
        error=run.error,
        result=run.result,
    )
