"""The analyst's simulation pages: compare scenarios, ask the staffing advisor, see results.

Analysts only (``run_simulation``); every figure is an aggregate over simulated
incidents, so no page here shows or logs a person.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.errors import SafeholdError

from . import advice_service, charts, services
from .forms import AdviseForm, CompareForm
from .models import RunKind, RunStatus, SimulationRun
from .queries import recent_runs, table_rows, utilisation_rows


def _inline() -> bool:
    return bool(getattr(settings, "SAFEHOLD_RUN_JOBS_INLINE", False))


def _run(run_id: int) -> SimulationRun:
    run = SimulationRun.objects.filter(pk=run_id).select_related("job").first()
    if run is None:
        raise Http404
    return run


@require(Capability.RUN_SIMULATION)
def home(request: HttpRequest) -> HttpResponse:
    """Pick scenarios and start a comparison; the latest runs below."""
    user = signed_in_user(request)
    form = CompareForm(
        request.POST or None,
        initial={
            "scenarios": ["today", "no-resolution-centre", "demand-plus-10", "late-shift-plus-2"]
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            run = services.request_simulation(
                user,
                services.SimulationRequest(
                    scenarios=tuple(d["scenarios"]),
                    replications=d["replications"],
                    seed=d["seed"],
                    weeks=float(d["weeks"]),
                ),
                run_here=_inline(),
            )
        except SafeholdError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("simulation:run", run_id=run.pk)
    return render(request, "simulation/home.html", {"form": form, "runs": recent_runs()})


@require(Capability.RUN_SIMULATION)
def advise(request: HttpRequest) -> HttpResponse:
    """Ask for the fewest units per shift meeting a target."""
    user = signed_in_user(request)
    form = AdviseForm(request.POST or None, initial={"scenario": "today"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            run = advice_service.request_advice(
                user,
                advice_service.AdviceRequest(
                    scenario=d["scenario"],
                    grade=d["grade"],
                    share=d["share"] / 100.0,
                    replications=d["replications"],
                    seed=d["seed"],
                    weeks=float(d["weeks"]),
                ),
                run_here=_inline(),
            )
        except SafeholdError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("simulation:run", run_id=run.pk)
    return render(request, "simulation/advise.html", {"form": form})


@require_POST
@require(Capability.RUN_SIMULATION)
def calibrate(request: HttpRequest) -> HttpResponse:
    """Simulate the last year from the force's own incidents, to set beside the records."""
    user = signed_in_user(request)
    try:
        run = services.request_calibration(user, replications=10, seed=0, run_here=_inline())
    except SafeholdError as exc:
        messages.error(request, exc.message)
        return redirect("simulation:home")
    return redirect("simulation:run", run_id=run.pk)


@require(Capability.RUN_SIMULATION)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """A run: its progress while it runs, then the figures (charts and the same as tables)."""
    user = signed_in_user(request)
    run = _run(run_id)
    if run.status in (RunStatus.QUEUED, RunStatus.RUNNING) or run.result is None:
        job = run.job
        return render(
            request,
            "simulation/waiting.html",
            {"run": run, "job": job, "own_job": job is not None and job.requested_by_id == user.pk},
        )
    result = run.result
    if run.kind == RunKind.ADVISE:
        return render(
            request,
            "simulation/advice.html",
            {"run": run, "r": result, "words": advice_service.describe(result)},
        )
    return render(
        request,
        "simulation/run.html",
        {
            "run": run,
            "r": result,
            "rows": table_rows(result),
            "util": utilisation_rows(result),
            "calibration": services.calibration_rows(run),
        },
    )


@require(Capability.RUN_SIMULATION)
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """Polled by the waiting page: 204 while running; when done, htmx reloads the page."""
    run = _run(run_id)
    if run.status in (RunStatus.QUEUED, RunStatus.RUNNING):
        return HttpResponse(status=204)
    response = HttpResponse(f"Simulation {run.pk} is {run.get_status_display().lower()}.")
    response["HX-Refresh"] = "true"
    return response


def _svg(svg: str) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require(Capability.RUN_SIMULATION)
def compliance_chart(request: HttpRequest, run_id: int) -> HttpResponse:
    """Share within target by grade and scenario, as an SVG image."""
    run = _run(run_id)
    if run.result is None or run.kind != RunKind.COMPARE:
        raise Http404
    return _svg(charts.compliance_svg(run.result))


@require(Capability.RUN_SIMULATION)
def utilisation_chart(request: HttpRequest, run_id: int) -> HttpResponse:
    """Utilisation by hour of the week and scenario, as an SVG image."""
    run = _run(run_id)
    if run.result is None or run.kind != RunKind.COMPARE:
        raise Http404
    return _svg(charts.utilisation_svg(run.result))
