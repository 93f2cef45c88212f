"""Analyst pages: the DA outcomes and their explanation, the inspection-readiness report.
Aggregates only: nothing here names a person."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safehold.accounts.access import require
from safehold.accounts.roles import Capability
from safehold.audit.access import justified
from safehold.clock import SYSTEM_CLOCK
from safehold.errors import InvalidInput

from . import charts, queries
from .measures import crime_measures, crime_overview, threshold
from .outcomes import METRICS, Period, default_periods, explain, parse_period
from .outcomes import shift_month as _shift


def _request_periods(request: HttpRequest) -> tuple[dict[str, Any], list[InvalidInput]]:
    before_text, after_text = default_periods(SYSTEM_CLOCK.today())
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
    today = SYSTEM_CLOCK.today()
    start = _shift(date(today.year, today.month, 1), -12)
    overview = crime_overview(table, start, today)
    return render(
        request,
        "insights/outcomes.html",
        {
            "values": {k: getattr(v, "text", v) for k, v in periods.items()},
            "errors": errors,
            "result": result,
            "metrics": METRICS,
            "measures": overview.measures,
            "by_area": overview.by_area,
            "by_crime_type": overview.by_crime_type,
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
    today = SYSTEM_CLOCK.today()
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


def _report_period(request: HttpRequest) -> tuple[date, date, str]:
    today = SYSTEM_CLOCK.today()
    default_start = _shift(date(today.year, today.month, 1), -12)
    try:
        start = date.fromisoformat(request.GET.get("from") or default_start.isoformat())
        end = date.fromisoformat(request.GET.get("to") or today.isoformat())
    except ValueError:
        return default_start, today, "Enter the dates as YYYY-MM-DD, e.g. 2026-01-31"
    if end < start:
        return default_start, today, "The end date must be on or after the start date"
    return start, end, ""


@require(Capability.VIEW_AGGREGATES)
def inspection(request: HttpRequest) -> HttpResponse:
    """The inspection-readiness report by PEEL area (aggregates only)."""
    from .report import build

    start, end, error = _report_period(request)
    return render(
        request,
        "insights/inspection.html",
        {"r": build(start, end), "start": start, "end": end, "error": error},
    )


@require(Capability.VIEW_AGGREGATES)
def inspection_download(request: HttpRequest) -> HttpResponse:
    """The report as a self-contained HTML file or a PDF (logged as a disclosure)."""
    from safehold.accounts.access import signed_in_user
    from safehold.audit.log import record
    from safehold.audit.models import Operation

    from .report import build, render_html, render_pdf

    start, end, _ = _report_period(request)
    fmt = "pdf" if request.GET.get("format") == "pdf" else "html"
    html = render_html(build(start, end))
    record(
        signed_in_user(request),
        Operation.DISCLOSURE,
        "inspection_report",
        f"{start}..{end}",
        channel="export",
        detail={"format": fmt},
    )
    name = f"inspection-readiness-{start}-{end}.{fmt}"
    if fmt == "pdf":
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
    else:
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require(Capability.SAMPLE_CASES)
@justified("case_sample")
def case_sample(request: HttpRequest) -> HttpResponse:
    """A reproducible dip-sample of case files with their audit trails (names: logged)."""
    from safehold.accounts.access import signed_in_user
    from safehold.audit.access import log_consultation

    from .sample import STRATA, sample

    start, end, error = _report_period(request)
    try:
        seed = int(request.GET.get("seed") or 0)
        per = min(max(int(request.GET.get("per_stratum") or 5), 1), 50)
    except ValueError:
        seed, per, error = 0, 5, "The seed and the number per stratum are whole numbers"
    cases = sample(start, end, per_stratum=per, seed=seed)
    user = signed_in_user(request)
    for case in cases:
        log_consultation(
            user,
            case.record_type,
            case.record_id,
            request.justification,  # type: ignore[attr-defined]
            person_id=case.person_id,
            detail={"case_sample": f"{start}..{end}", "seed": seed},
        )
    return render(
        request,
        "insights/case_sample.html",
        {
            "cases": cases,
            "strata": STRATA,
            "start": start,
            "end": end,
            "seed": seed,
            "per": per,
            "error": error,
        },
    )
