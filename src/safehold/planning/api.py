"""API: start a plan, read a plan run, accept it, and the backlog forecast."""

from datetime import date, datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from safehold.accounts.roles import Capability
from safehold.apiutil import Id, Ids, api_user, require_api
from safehold.audit.api_looks import justification_of, log_disclosure
from safehold.clock import SYSTEM_CLOCK
from safehold.offenders.shown import people_of

from . import services
from .forecasting import forecast
from .models import PlanRun, PlanStatus
from .params import MAX_ITERATIONS, MAX_RUNTIME_S
from .queries import plan_run, run_list, stale_reasons
from .run_display import run_view
from .schemas import ForecastOut, PlanKpisOut, PlannerParamsOut, PlanStatsOut
from .services import MAX_DAYS

router = Router(tags=["planning"])


class PlanIn(Schema):
    """Bounded like the form and like PlannerParams (which every entry point goes through)."""

    start_date: date | None = None
    days: Annotated[int, Field(ge=1, le=MAX_DAYS)] = 5
    seconds: Annotated[float, Field(gt=0, le=MAX_RUNTIME_S)] | None = 60.0
    iterations: Annotated[int, Field(ge=0, le=MAX_ITERATIONS)] | None = None
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] = 0
    pair_ids: Ids = []


class ForecastQuery(Schema):
    pairs: Annotated[int, Field(ge=1, le=200)] | None = None
    run_id: Id | None = None


class Started(Schema):
    run_id: int
    job_id: int | None
    status: str
    run_url: str
    job_url: str | None


class PlanRunSummary(Schema):
    id: int
    status: str
    start_date: date
    horizon_days: int
    created_at: datetime
    accepted_at: datetime | None
    replan_of: int | None
    kpis: PlanKpisOut


class StopOut(Schema):
    order: int
    offender_id: int
    register_reference: str
    risk_level: str
    due_date: date | None
    days_overdue: int
    address: str
    postcode: str
    arrival: datetime
    departure: datetime
    travel_minutes: float
    travel_km: float
    pinned: str


class RouteOut(Schema):
    pair_id: int
    pair: str
    officers: list[str]
    date: date
    shift: str
    leaves_station: datetime
    back_at_station: datetime
    travel_km: float
    officer_hours: float
    stops: list[StopOut]


class LeftOutOut(Schema):
    offender_id: int
    register_reference: str
    risk_level: str
    due_date: date | None
    days_overdue: int
    reason: str
    text: str


class PlanRunOut(Schema):
    id: int
    status: str
    start_date: date
    horizon_days: int
    seed: int
    params: PlannerParamsOut
    policy_version: str
    solver_version: str
    travel: str
    error: str
    kpis: PlanKpisOut
    stats: PlanStatsOut
    stale: list[str]
    routes: list[RouteOut]
    left_out: list[LeftOutOut]


class AcceptedOut(Schema):
    run_id: int
    created: int
    withdrawn: int
    superseded: list[int]


def _get(run_id: int) -> PlanRun:
    run = plan_run(run_id)
    if run is None:
        raise Http404
    return run


@router.post("/runs", response={202: Started}, summary="Start planning visits (a background job)")
@require_api(Capability.PLAN_VISITS)
def start_plan(request: HttpRequest, body: PlanIn) -> Status[Started]:
    run = services.request_plan(
        api_user(request),
        services.PlanRequest(
            start_date=body.start_date or services.next_working_day(SYSTEM_CLOCK.today()),
            days=body.days,
            seconds=body.seconds,
            iterations=body.iterations,
            seed=body.seed,
            pair_ids=tuple(body.pair_ids),
        ),
    )
    return Status(
        202,
        Started(
            run_id=run.pk,
            job_id=run.job_id,
            status=run.status,
            run_url=f"/api/planning/runs/{run.pk}",
            job_url=f"/api/jobs/{run.job_id}" if run.job_id else None,
        ),
    )


@router.get(
    "/runs",
    response=list[PlanRunSummary],
    exclude_unset=True,
    summary="The latest plan runs (figures only)",
)
@require_api(Capability.PLAN_VISITS)
def list_runs(request: HttpRequest) -> list[PlanRunSummary]:
    return [
        PlanRunSummary(
            id=r.pk,
            status=r.status,
            start_date=r.start_date,
            horizon_days=r.horizon_days,
            created_at=r.created_at,
            accepted_at=r.accepted_at,
            replan_of=r.replan_of_id,
            kpis=r.kpis,
        )
        for r in run_list()
    ]


@router.get(
    "/runs/{run_id}",
    response=PlanRunOut,
    exclude_unset=True,
    summary="A plan run: KPIs, routes, visits left out",
)
@require_api(Capability.PLAN_VISITS)
def get_run(request: HttpRequest, run_id: int) -> PlanRunOut:
    justification = justification_of(request)
    run = _get(run_id)
    routes: list[RouteOut] = []
    left_out: list[LeftOutOut] = []
    offenders: list[int] = []
    if run.is_finished:
        view = run_view(run)
        offenders = view.offender_ids
        routes = [
            RouteOut(
                pair_id=int(r.pair_id),
                pair=r.pair_name,
                officers=r.officers,
                date=r.date,
                shift=r.shift,
                leaves_station=r.leaves_station,
                back_at_station=r.back_at_station,
                travel_km=r.travel_km,
                officer_hours=r.officer_hours,
                stops=[
                    StopOut(
                        order=s.order,
                        offender_id=s.offender_id,
                        register_reference=s.reference,
                        risk_level=s.risk_level,
                        due_date=s.due_date,
                        days_overdue=s.days_overdue,
                        address=s.address,
                        postcode=s.postcode,
                        arrival=s.arrival,
                        departure=s.departure,
                        travel_minutes=s.travel_minutes,
                        travel_km=s.travel_km,
                        pinned=s.pinned,
                    )
                    for s in r.stops
                ],
            )
            for r in view.routes
        ]
        left_out = [
            LeftOutOut(
                offender_id=v.offender_id,
                register_reference=v.reference,
                risk_level=v.risk_level,
                due_date=v.due_date,
                days_overdue=v.days_overdue,
                reason=v.reason,
                text=v.text,
            )
            for v in view.left_out
        ]
    log_disclosure(
        request,
        justification,
        "plan_run",
        run.pk,
        detail={"offenders": offenders},
        people=people_of(offenders),
    )
    return PlanRunOut(
        id=run.pk,
        status=run.status,
        start_date=run.start_date,
        horizon_days=run.horizon_days,
        seed=run.seed,
        params=run.params,
        policy_version=run.policy_version,
        solver_version=run.solver_version,
        travel=run.travel,
        error=run.error,
        kpis=run.kpis,
        stats=run.stats,
        stale=stale_reasons(run) if run.status == PlanStatus.READY else [],
        routes=routes,
        left_out=left_out,
    )


@router.post(
    "/runs/{run_id}/accept",
    response=AcceptedOut,
    summary="Accept a plan: its visits become planned visits on the register",
)
@require_api(Capability.PLAN_VISITS)
def accept_run(request: HttpRequest, run_id: int) -> AcceptedOut:
    done = services.accept_plan(api_user(request), run_id, channel="api")
    return AcceptedOut(**done.to_dict())


@router.get("/forecast", response=ForecastOut, summary="When the backlog clears (aggregates)")
@require_api(Capability.VIEW_BACKLOG)
def get_forecast(request: HttpRequest, filters: Query[ForecastQuery]) -> dict[str, Any]:
    run = plan_run(filters.run_id) if filters.run_id else None
    return forecast(SYSTEM_CLOCK.today(), pairs=filters.pairs, run=run).to_dict()
