"""The plan runs: the list, asking for a plan, a run's summary and progress, accepting and
re-planning."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.audit.access import justified, log_consultation
from safehold.clock import SYSTEM_CLOCK
from safehold.errors import SafeholdError
from safehold.jobs.liveness import waiting_state
from safehold.offenders.shown import people_of
from safehold.planning import services
from safehold.planning.forecasting import forecast
from safehold.planning.forms import PlanForm
from safehold.planning.models import PlanStatus
from safehold.planning.queries import run_list, stale_reasons
from safehold.planning.run_display import run_view

from .common import PLAN_RECORD, PLAN_RECORD_ID, run_inline, run_or_404


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
        initial={"start_date": services.next_working_day(SYSTEM_CLOCK.today())},
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
                run_here=run_inline(),
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
    run = run_or_404(run_id)
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
    today = SYSTEM_CLOCK.today()
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
    run = run_or_404(run_id)
    # A run whose worker died, or that no worker is there to take, reloads once to say so.
    if run.status in (PlanStatus.QUEUED, PlanStatus.RUNNING) and (
        run.job is None or not waiting_state(run.job).stalled
    ):
        return HttpResponse(status=204)
    response = HttpResponse(f"Visit plan {run.pk} is {run.get_status_display().lower()}.")
    response["HX-Refresh"] = "true"
    return response


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
        run = services.replan_today(signed_in_user(request), run_id, run_here=run_inline())
    except SafeholdError as exc:
        messages.error(request, exc.message)
        return redirect("planning:run", run_id=run_id)
    return redirect("planning:run", run_id=run.pk)
