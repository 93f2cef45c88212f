"""API: start a scenario comparison, and read a simulation run's figures (aggregates only)."""

from datetime import datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from safehold.accounts.roles import Capability
from safehold.apiutil import Code, Seed, api_user, require_api

from . import services
from .models import RunKind, SimulationRun

router = Router(tags=["simulation"])


class SimulationIn(Schema):
    scenarios: Annotated[list[Code], Field(min_length=1, max_length=10)] = ["today"]
    replications: Annotated[int, Field(ge=1, le=services.MAX_REPLICATIONS)] = 10
    seed: Seed = 0
    weeks: Annotated[float, Field(gt=0, le=104)] | None = None


class SimulationStarted(Schema):
    run_id: int
    job_id: int | None
    status: str
    run_url: str
    job_url: str | None


class GradeFiguresOut(Schema):
    incidents: float | None
    attended: float | None
    p50_minutes: float | None
    p50_minutes_ci95: list[float | None] | None
    p90_minutes: float | None
    p90_minutes_ci95: list[float | None] | None
    share_within_target: float | None
    share_within_target_ci95: list[float | None] | None
    mean_wait_minutes: float | None


class CentreFiguresOut(Schema):
    handled: float | None
    mean_wait_minutes: float | None
    utilisation: float | None


class ShiftOut(Schema):
    start_minute: int
    hours: float
    units: int
    double_crewed_units: int


class ScenarioFiguresOut(Schema):
    scenario: str
    title: str
    inputs: str
    incidents_per_year_expected: int
    shifts: dict[str, ShiftOut]
    resolution_centre_enabled: bool
    resolution_centre_investigators: int
    weeks: float
    replications: int
    seeds: list[int]
    incidents_per_replication: float | None
    by_grade: dict[str, GradeFiguresOut]
    mean_wait_minutes: float | None
    mean_wait_ci95: list[float | None]
    p_wait: float | None
    utilisation: float | None
    utilisation_ci95: list[float | None]
    utilisation_by_hour: list[float | None]
    queue_by_hour: list[float | None]
    resolution_centre: CentreFiguresOut
    events: int


class TargetOut(Schema):
    grade: int
    share: float
    confidence: float


class RosterOut(Schema):
    units: dict[str, int]
    share_within_target: float
    share_within_target_ci95: list[float]
    meets_target: bool
    replications: list[float]


class OneFewerOut(Schema):
    shift: str
    units: int
    one_fewer_share: float
    one_fewer_lower: float
    loss: float


class AdviceOut(Schema):
    scenario: str
    title: str
    inputs: str
    seed: int
    replications: int
    weeks: float
    target: TargetOut
    reached: bool
    units: dict[str, int]
    total_units: int
    binding_shift: str | None
    one_fewer: list[OneFewerOut]
    answer: RosterOut
    steps: list[str]
    evidence: list[RosterOut]
    rosters_tried: int


class SimulationRunOut(Schema):
    id: int
    kind: str
    status: str
    scenarios: list[str]
    replications: int
    seed: int
    created_at: datetime
    finished_at: datetime | None
    error: str
    figures: list[ScenarioFiguresOut] | None
    advice: AdviceOut | None


@router.post(
    "/runs",
    response={202: SimulationStarted},
    summary="Compare scenarios (a background job on the workers)",
)
@require_api(Capability.RUN_SIMULATION)
def start_run(request: HttpRequest, body: SimulationIn) -> Status[SimulationStarted]:
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
        SimulationStarted(
            run_id=run.pk,
            job_id=run.job_id,
            status=run.status,
            run_url=f"/api/simulation/runs/{run.pk}",
            job_url=f"/api/jobs/{run.job_id}" if run.job_id else None,
        ),
    )


@router.get(
    "/runs/{run_id}", response=SimulationRunOut, summary="A simulation run's status and figures"
)
@require_api(Capability.RUN_SIMULATION)
def get_run(request: HttpRequest, run_id: int) -> SimulationRunOut:
    run = SimulationRun.objects.filter(pk=run_id).first()
    if run is None:
        raise Http404
    result = run.result or None
    compare = result is not None and run.kind == RunKind.COMPARE
    return SimulationRunOut(
        id=run.pk,
        kind=run.kind,
        status=run.status,
        scenarios=[str(s.get("name")) for s in run.scenarios],
        replications=run.replications,
        seed=run.seed,
        created_at=run.created_at,
        finished_at=run.finished_at,
        error=run.error,
        figures=result["scenarios"] if compare and result else None,
        advice=result if result is not None and run.kind == RunKind.ADVISE else None,
    )
