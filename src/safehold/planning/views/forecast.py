"""The backlog forecast: when the backlog clears at today's capacity, as a page and charts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safehold.accounts.access import require
from safehold.accounts.roles import Capability
from safehold.clock import SYSTEM_CLOCK
from safehold.planning import charts
from safehold.planning.forecasting import Forecast, forecast
from safehold.planning.queries import plan_run
from safehold.querystring import query_int


def _forecast(request: HttpRequest) -> Forecast:
    """The forecast, for ``?run=`` (that plan's capacity) and ``?pairs=`` if given."""
    run_id = query_int(request.GET, "run", lo=1)
    run = plan_run(run_id) if run_id is not None else None
    pairs = query_int(request.GET, "pairs", lo=1, hi=200)
    return forecast(SYSTEM_CLOCK.today(), pairs=pairs, run=run)


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
