"""Pages of the visit planner: runs, a run's summary, a day and a pair's day on the map,
the pair's calendar, the CSV export, accepting and re-planning, and the forecast.

Who sees what: the priorities team (``plan_visits``) sees and does everything; an
offender manager sees the routes and calendar of their own pair in accepted plans
(``may_see_pair``) and nothing else here. Pages that show offenders' references or
addresses ask for a justification and log the look.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.audit.access import justified, log_consultation
from safehold.audit.log import record
from safehold.audit.models import Operation
from safehold.csvexport import csv_response
from safehold.errors import SafeholdError
from safehold.jobs.liveness import waiting_state
from safehold.offenders.shown import people_of
from safehold.querystring import query_int

from . import charts, services
from .forecasting import Forecast, forecast
from .forms import PlanForm
from .ics import pair_calendar as calendar_of
from .models import PlanRun, PlanStatus
from .queries import (
    RunView,
    map_data,
    may_see_pair,
    my_pair_days,
    plan_run,
    run_list,
    run_view,
    shift_text,
    stale_reasons,
    with_names,
)

# The justification asked before a plan's pages: once per plan, which holds offenders'
# references and home addresses (audit/views.py describes "plan" on the justify page).
PLAN_RECORD: str = "plan"
PLAN_RECORD_ID: str | None = "run_id"


def _run(run_id: int) -> PlanRun:
    run = plan_run(run_id)
    if run is None:
        raise Http404
    return run


def _finished(run_id: int) -> tuple[PlanRun, RunView]:
    run = _run(run_id)
    if not run.is_finished:
        raise Http404
    return run, run_view(run)


def _run_inline() -> bool:
    return bool(getattr(settings, "SAFEHOLD_RUN_JOBS_INLINE", False))


@require(Capability.PLAN_VISITS)
def runs(request: HttpRequest) -> HttpResponse:
    """Every plan run, newest first, with its status and headline figures."""
    return render(request, "planning/runs.html", {"runs": run_list()})


@require(Capability.PLAN_VISITS)
def new_plan(request: HttpRequest) -> HttpResponse:
    """Ask for a plan: first day, days, search time, seed and pairs; queues the job."""
    user = signed_in_user(request)
    form = PlanForm(
        request.POST or None,
        initial={"start_date": services.next_working_day(timezone.localdate())},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            run = services.request_plan(
                user,
                services.PlanRequest(
                    start_date=d["start_date"],
                    days=d["days"],
                    seconds=float(d["seconds"]),
                    seed=d["seed"] if d["seed"] is not None else 0,
                    pair_ids=tuple(int(p) for p in d["pairs"]),
                ),
                run_here=_run_inline(),
            )
        except SafeholdError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("planning:run", run_id=run.pk)
    return render(request, "planning/new.html", {"form": form})


@require(Capability.PLAN_VISITS)
@justified(PLAN_RECORD, PLAN_RECORD_ID)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """A run: its progress while planning, then the KPIs, the pair-days and every visit
    left out with its reason."""
    user = signed_in_user(request)
    run = _run(run_id)
    if not run.is_finished:
        return render(
            request,
            "planning/run_waiting.html",
            {
                "run": run,
                "job": run.job,
                "own_job": run.job and run.job.requested_by_id == user.pk,
                "waiting": waiting_state(run.job) if run.job else None,
            },
        )
    view = run_view(run)
    log_consultation(
        user,
        "plan_run",
        run.pk,
        request.justification,  # type: ignore[attr-defined]
        person_id=None,
        detail={"offenders": view.offender_ids},
        people=people_of(view.offender_ids),
    )
    stale = stale_reasons(run) if run.status == PlanStatus.READY else []
    today = timezone.localdate()
    last = run.start_date + timedelta(days=run.horizon_days - 1)
    return render(
        request,
        "planning/run.html",
        {
            "v": view,
            "run": run,
            "stale": stale,
            "can_replan": run.status == PlanStatus.ACCEPTED and run.start_date <= today <= last,
            "forecast": forecast(today, run=run),
        },
    )


@require(Capability.PLAN_VISITS)
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """Polled by the waiting page: 204 while planning; when done, htmx reloads the page."""
    run = _run(run_id)
    # A run whose worker died, or that no worker is there to take, reloads once to say so.
    if run.status in (PlanStatus.QUEUED, PlanStatus.RUNNING) and (
        run.job is None or not waiting_state(run.job).stalled
    ):
        return HttpResponse(status=204)
    response = HttpResponse(f"Visit plan {run.pk} is {run.get_status_display().lower()}.")
    response["HX-Refresh"] = "true"
    return response


def _tiles() -> tuple[str, str]:
    return (
        getattr(settings, "SAFEHOLD_MAP_TILE_URL", ""),
        getattr(settings, "SAFEHOLD_MAP_TILE_ATTRIBUTION", ""),
    )


@require(Capability.PLAN_VISITS)
@justified(PLAN_RECORD, PLAN_RECORD_ID)
def day_page(request: HttpRequest, run_id: int, day: int) -> HttpResponse:
    """Every pair's route on one day of a plan, on one map."""
    user = signed_in_user(request)
    run, view = _finished(run_id)
    if not 0 <= day < run.horizon_days:
        raise Http404
    routes = view.routes_on(day)
    shown = sorted({s.offender_id for r in routes for s in r.stops})
    log_consultation(
        user,
        "plan_day",
        f"{run.pk}/{day}",
        request.justification,  # type: ignore[attr-defined]
        person_id=None,
        detail={"offenders": shown},
        people=people_of(shown),
    )
    return render(
        request,
        "planning/day.html",
        {
            "v": view,
            "run": run,
            "day": day,
            "date": view.days[day],
            "routes": routes,
            "grid": view.grid,
            "map": map_data(routes, *_tiles()),
        },
    )


@require(Capability.VIEW_OFFENDERS)
@justified(PLAN_RECORD, PLAN_RECORD_ID)
def pair_day(request: HttpRequest, run_id: int, pair_id: int, day: int) -> HttpResponse:
    """One pair's day: the map and the stops in order with their times."""
    user = signed_in_user(request)
    run = _run(run_id)
    if not run.is_finished or not may_see_pair(user, run, str(pair_id)):
        raise Http404
    view = run_view(run)
    if not 0 <= day < run.horizon_days:
        raise Http404
    pair = run.pairs[str(pair_id)]
    route = view.route(str(pair_id), day)
    stops = with_names(route.stops) if route else []
    log_consultation(
        user,
        "plan_pair_day",
        f"{run.pk}/{pair_id}/{day}",
        request.justification,  # type: ignore[attr-defined]
        person_id=None,
        detail={"offenders": [s.offender_id for s in stops]},
        people=people_of(s.offender_id for s in stops),
    )
    return render(
        request,
        "planning/pair_day.html",
        {
            "v": view,
            "run": run,
            "pair": pair,
            "pair_id": pair_id,
            "day": day,
            "date": view.days[day],
            "route": route,
            "stops": stops,
            "shift": shift_text(pair, day),
            "days": [
                (d, date, view.route(str(pair_id), d) is not None)
                for d, date in enumerate(view.days)
            ],
            "map": map_data([route] if route else [], *_tiles()),
            "can_plan": user.can(Capability.PLAN_VISITS),
        },
    )


@require(Capability.VIEW_OFFENDERS)
@justified(PLAN_RECORD, PLAN_RECORD_ID)
def pair_ics(request: HttpRequest, run_id: int, pair_id: int) -> HttpResponse:
    """The pair's visits in this plan as an iCalendar file (references, not names)."""
    user = signed_in_user(request)
    run = _run(run_id)
    if not run.is_finished or not may_see_pair(user, run, str(pair_id)):
        raise Http404
    view = run_view(run)
    routes = [r for r in view.routes if r.pair_id == str(pair_id)]
    name = run.pairs[str(pair_id)]["name"]
    record(
        user,
        Operation.DISCLOSURE,
        "plan_calendar",
        f"{run.pk}/{pair_id}",
        channel="export",
        justification=request.justification,  # type: ignore[attr-defined]
        recipient=user.username,
        detail={"offenders": sorted({s.offender_id for r in routes for s in r.stops})},
        people=people_of(s.offender_id for r in routes for s in r.stops),
    )
    body = calendar_of(
        run.pk,
        name,
        routes,
        record_url=request.build_absolute_uri(reverse("offenders:list")),
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    slug = "".join(c if c.isalnum() else "-" for c in name.lower())
    response["Content-Disposition"] = f'attachment; filename="visit-plan-{run.pk}-{slug}.ics"'
    response["Cache-Control"] = "no-store"
    return response


EXPORT_HEADER = [
    "plan",
    "status",
    "date",
    "pair",
    "officers",
    "order",
    "register_reference",
    "risk_level",
    "due_date",
    "days_overdue",
    "arrival",
    "departure",
    "travel_minutes",
    "travel_km",
    "address",
    "postcode",
    "pinned",
    "reason_code",
    "reason",
    "policy_version",
    "solver_version",
]


@require(Capability.PLAN_VISITS)
@justified(PLAN_RECORD, PLAN_RECORD_ID)
def export(request: HttpRequest, run_id: int) -> StreamingHttpResponse:
    """The plan as CSV: every stop in order, then every visit left out with its reason."""
    user = signed_in_user(request)
    run, view = _finished(run_id)
    record(
        user,
        Operation.DISCLOSURE,
        "plan_export",
        run.pk,
        channel="export",
        justification=request.justification,  # type: ignore[attr-defined]
        recipient=user.username,
        detail={"offenders": view.offender_ids},
        people=people_of(view.offender_ids),
    )
    rows: list[list[object]] = []
    for r in sorted(view.routes, key=lambda r: (r.day, r.pair_name)):
        for s in r.stops:
            rows.append(
                [
                    run.pk,
                    "planned",
                    r.date.isoformat(),
                    r.pair_name,
                    " and ".join(r.officers),
                    s.order,
                    s.reference,
                    s.risk_level,
                    s.due_date.isoformat() if s.due_date else "",
                    s.days_overdue,
                    timezone.localtime(s.arrival).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(s.departure).strftime("%Y-%m-%d %H:%M"),
                    s.travel_minutes,
                    s.travel_km,
                    s.address,
                    s.postcode,
                    s.pinned,
                    "",
                    "",
                    run.policy_version,
                    run.solver_version,
                ]
            )
    for v in view.left_out:
        info = run.visits.get(v.visit_id, {})
        rows.append(
            [
                run.pk,
                "left_out",
                "",
                "",
                "",
                "",
                v.reference,
                v.risk_level,
                v.due_date.isoformat() if v.due_date else "",
                v.days_overdue,
                "",
                "",
                "",
                "",
                info.get("address", ""),
                info.get("postcode", ""),
                v.pinned,
                v.reason,
                v.text,
                run.policy_version,
                run.solver_version,
            ]
        )
    return csv_response(f"visit-plan-{run.pk}.csv", EXPORT_HEADER, rows)


@require_POST
@require(Capability.PLAN_VISITS)
def accept(request: HttpRequest, run_id: int) -> HttpResponse:
    """Put the plan's visits on the register (once; refused when stale)."""
    try:
        done = services.accept_plan(signed_in_user(request), run_id)
    except SafeholdError as exc:
        messages.error(request, exc.message)
    else:
        withdrawn = (
            f" {done.withdrawn} planned visits of the earlier plan were withdrawn."
            if done.withdrawn
            else ""
        )
        messages.success(
            request, f"Plan accepted: {done.created} planned visits are on the register.{withdrawn}"
        )
    return redirect("planning:run", run_id=run_id)


@require_POST
@require(Capability.PLAN_VISITS)
def replan(request: HttpRequest, run_id: int) -> HttpResponse:
    """Plan the rest of today and the plan's other days again, pinning visits done or
    under way."""
    try:
        run = services.replan_today(signed_in_user(request), run_id, run_here=_run_inline())
    except SafeholdError as exc:
        messages.error(request, exc.message)
        return redirect("planning:run", run_id=run_id)
    return redirect("planning:run", run_id=run.pk)


def _forecast(request: HttpRequest) -> Forecast:
    """The forecast, for ``?run=`` (that plan's capacity) and ``?pairs=`` if given."""
    run_id = query_int(request.GET, "run", lo=1)
    run = plan_run(run_id) if run_id is not None else None
    pairs = query_int(request.GET, "pairs", lo=1, hi=200)
    return forecast(timezone.localdate(), pairs=pairs, run=run)


@require(Capability.VIEW_BACKLOG)
def forecast_page(request: HttpRequest) -> HttpResponse:
    """When the backlog clears at today's capacity, and the days-to-clear curve."""
    data = _forecast(request)
    return render(
        request,
        "planning/forecast.html",
        {"f": data, "query": request.GET.urlencode()},
    )


def _svg(svg: str) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require(Capability.VIEW_BACKLOG)
def forecast_curve(request: HttpRequest) -> HttpResponse:
    """The days-to-clear curve as an SVG image (the page has the same figures as a table)."""
    data = _forecast(request)
    return _svg(charts.clear_curve_svg(data.to_dict()["curve"]))


@require(Capability.VIEW_BACKLOG)
def forecast_backlog(request: HttpRequest) -> HttpResponse:
    """The backlog day by day at a few numbers of pairs, as an SVG image."""
    data = _forecast(request)
    return _svg(charts.backlog_paths_svg(data))


@require(Capability.VIEW_OFFENDERS)
def mine(request: HttpRequest) -> HttpResponse:
    """An officer's own pair-days in accepted plans, from today on."""
    user = signed_in_user(request)
    return render(
        request,
        "planning/mine.html",
        {"days": my_pair_days(user, today=timezone.localdate())},
    )
