"""A plan's routes: a day and a pair's day on the map, the pair's calendar, and an officer's
own pair-days."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.audit.access import justified, log_consultation
from safehold.audit.log import record
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK
from safehold.offenders.shown import people_of
from safehold.planning.ics import pair_calendar as calendar_of
from safehold.planning.queries import may_see_pair, my_pair_days, with_names
from safehold.planning.run_display import map_data, run_view, shift_text

from .common import PLAN_RECORD, PLAN_RECORD_ID, finished_run, map_tiles, run_or_404


@require(Capability.PLAN_VISITS)
@justified(PLAN_RECORD, PLAN_RECORD_ID)
def day_page(request: HttpRequest, run_id: int, day: int) -> HttpResponse:
    """Every pair's route on one day of a plan, on one map."""
    user = signed_in_user(request)
    run, view = finished_run(run_id)
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
            "map": map_data(routes, *map_tiles()),
        },
    )


@require(Capability.VIEW_OFFENDERS)
@justified(PLAN_RECORD, PLAN_RECORD_ID)
def pair_day(request: HttpRequest, run_id: int, pair_id: int, day: int) -> HttpResponse:
    """One pair's day: the map and the stops in order with their times."""
    user = signed_in_user(request)
    run = run_or_404(run_id)
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
            "map": map_data([route] if route else [], *map_tiles()),
            "can_plan": user.can(Capability.PLAN_VISITS),
        },
    )


@require(Capability.VIEW_OFFENDERS)
@justified(PLAN_RECORD, PLAN_RECORD_ID)
def pair_ics(request: HttpRequest, run_id: int, pair_id: int) -> HttpResponse:
    """The pair's visits in this plan as an iCalendar file (references, not names)."""
    user = signed_in_user(request)
    run = run_or_404(run_id)
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
        now=SYSTEM_CLOCK.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    slug = "".join(c if c.isalnum() else "-" for c in name.lower())
    response["Content-Disposition"] = f'attachment; filename="visit-plan-{run.pk}-{slug}.ics"'
    response["Cache-Control"] = "no-store"
    return response


@require(Capability.VIEW_OFFENDERS)
def mine(request: HttpRequest) -> HttpResponse:
    """An officer's own pair-days in accepted plans, from today on."""
    user = signed_in_user(request)
    return render(
        request,
        "planning/mine.html",
        {"days": my_pair_days(user, today=SYSTEM_CLOCK.today())},
    )
