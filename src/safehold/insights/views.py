"""Analyst pages: the DA outcomes and their explanation, the inspection-readiness report.
Aggregates only: nothing here names a person."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safehold.access import require
from safehold.accounts.roles import Capability
from safehold.errors import InvalidInput

from . import charts, queries
from .measures import by_group, crime_measures, threshold
from .outcomes import METRICS, Period, explain, parse_period


def _shift(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def default_periods(today: date) -> tuple[str, str]:
    """The last three complete months, and the three before them."""
    this = date(today.year, today.month, 1)
    fmt = "{:%Y-%m}..{:%Y-%m}"
    after = fmt.format(_shift(this, -3), _shift(this, -1))
    before = fmt.format(_shift(this, -6), _shift(this, -4))
    return before, after


def _request_periods(request: HttpRequest) -> tuple[dict[str, Any], list[InvalidInput]]:
    before_text, after_text = default_periods(timezone.localdate())
    values = {
        "metric": request.GET.get("metric", "charge_rate"),
        "before": request.GET.get("before", before_text),
        "after": request.GET.get("after", after_text),
    }
    errors: list[InvalidInput] = []
    periods: dict[str, Any] = dict(values)
    if values["metric"] not in METRICS:
        errors.append(InvalidInput("Choose charge_rate or arrest_rate", field="metric"))
        periods["metric"] = "charge_rate"
    for key in ("before", "after"):
        try:
            periods[key] = parse_period(values[key], key)
        except InvalidInput as exc:
            errors.append(exc)
    return periods, errors


@require(Capability.VIEW_AGGREGATES)
def outcomes(request: HttpRequest) -> HttpResponse:
    """DA outcome measures, and the explanation of a change between two periods."""
    periods, errors = _request_periods(request)
    table = queries.crime_table()
    result = None
    if not errors:
        before: Period = periods["before"]
        after: Period = periods["after"]
        result = explain(table, periods["metric"], before, after, threshold=threshold())
    today = timezone.localdate()
    start = _shift(date(today.year, today.month, 1), -12)
    measures = crime_measures(table, start, today)
    return render(
        request,
        "insights/outcomes.html",
        {
            "values": {k: getattr(v, "text", v) for k, v in periods.items()},
            "errors": errors,
            "result": result,
            "metrics": METRICS,
            "measures": measures,
            "by_area": by_group(table, "area", start, today),
            "by_crime_type": by_group(table, "crime_type", start, today),
            "threshold": threshold(),
        },
    )


@require(Capability.VIEW_AGGREGATES)
def explain_chart(request: HttpRequest) -> HttpResponse:
    """The explanation's contributions by area (or crime type) as an SVG image."""
    periods, errors = _request_periods(request)
    parts: list[dict[str, Any]] = []
    unit = "pp"
    by = "by_crime_type" if request.GET.get("by") == "crime_type" else "by_area"
    if not errors:
        result = explain(
            queries.crime_table(),
            periods["metric"],
            periods["before"],
            periods["after"],
            threshold=threshold(),
        )
        parts, unit = result[by], result["unit"]
    title = "Contributions by " + ("crime type" if by == "by_crime_type" else "area")
    svg = charts.contributions_svg(parts, title=title, unit=unit)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require(Capability.VIEW_AGGREGATES)
def measure_chart(request: HttpRequest) -> HttpResponse:
    """One DA crime measure's last twelve months as an SVG image."""
    key = request.GET.get("key", "arrest_rate")
    today = timezone.localdate()
    start = _shift(date(today.year, today.month, 1), -12)
    found = [m for m in crime_measures(queries.crime_table(), start, today) if m.key == key]
    svg = charts.measure_svg(found[0]) if found else ""
    if not found:
        return HttpResponse("No such measure", status=404, content_type="text/plain")
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require(Capability.VIEW_AGGREGATES)
def open_data(request: HttpRequest) -> HttpResponse:
    """data.police.uk figures: street crimes by crime type, month and LSOA, and the share
    with a recorded outcome, compared across the forces whose files are loaded."""
    from .policeuk import open_data_measures

    return render(
        request,
        "insights/open_data.html",
        {"d": open_data_measures(threshold()), "threshold": threshold()},
    )
