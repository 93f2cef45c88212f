"""The unit's pages: the backlog, its trend chart and the daily briefing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.audit.access import justified, log_consultation
from safehold.people.crosslinks import log_links_shown, may_see_links

from .. import charts
from ..backlog_queries import backlog_trend, compute_backlog, trend_points
from ..briefing import compute_briefing
from ..forms import AssignForm
from ..models import Offender


@require(Capability.VIEW_BACKLOG)
def backlog(request: HttpRequest) -> HttpResponse:
    """The backlog: overdue and missed visits by risk, station and manager, and the trend."""
    data = compute_backlog(timezone.localdate(), cached=True)
    return render(
        request,
        "offenders/backlog.html",
        {
            "b": data.to_dict(),
            "cap": data.summary.caseload_cap,
            "risk_labels": {
                "very_high": "Very high",
                "high": "High",
                "medium": "Medium",
                "low": "Low",
                "unassessed": "Not assessed",
            },
        },
    )


@require(Capability.VIEW_BACKLOG)
def backlog_chart(request: HttpRequest) -> HttpResponse:
    """The backlog trend as an SVG image (the page gives the same figures as a table)."""
    svg = charts.trend_svg(trend_points(backlog_trend(timezone.localdate())))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require(Capability.VIEW_BRIEFING)
@justified("briefing")
def briefing(request: HttpRequest) -> HttpResponse:
    """The priorities team's daily briefing: the summary first, the sections folded below.

    ``?print=1`` gives the whole list for A4 (the browser's print, or save as PDF: there is
    no server-side PDF, since WeasyPrint took 29 s for the 362 lines at scale 1 where the
    page takes 1 s), and ``?open=all`` every section open.
    """
    user = signed_in_user(request)
    raw = request.GET.get("date")
    try:
        day = date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
        messages.error(request, f"'{raw}' is not a date (use YYYY-MM-DD); showing today.")
    data = compute_briefing(
        day, cross_links=may_see_links(user, Capability.VIEW_BRIEFING), cached=True
    )
    log_consultation(
        user,
        "briefing",
        day.isoformat(),
        request.justification,  # type: ignore[attr-defined]
        person_id=None,
        detail={"offenders": sorted(data.offender_ids)},
        people=data.person_ids,
    )
    log_links_shown(
        user,
        data.cross_links,
        request.justification,  # type: ignore[attr-defined]
        where="briefing",
    )
    summary = data.summary()
    context = {
        "briefing": data,
        "summary": summary,
        "empty": [row for row in summary if not row.count],
        "open_all": request.GET.get("open") == "all",
        "today": timezone.localdate(),
    }
    if request.GET.get("print"):
        return render(request, "offenders/briefing_print.html", context)
    context["managers"] = AssignForm().fields["manager"].choices  # type: ignore[attr-defined]
    return render(request, "offenders/briefing.html", context)


@dataclass(frozen=True, slots=True)
class _Line:
    offender_id: int
    name: str
    reference: str
    version: int
    pursued: bool


@dataclass(frozen=True, slots=True)
class _Section:
    key: str
    title: str


@require(Capability.VIEW_BRIEFING)
@justified("briefing")
def briefing_line_tools(request: HttpRequest, offender_id: int) -> HttpResponse:
    """One briefing line's actions (assign, pursue, schedule): loaded into the line when
    its "Act" is opened (htmx), or as a page of its own without JavaScript. Keeping them
    out of the briefing took a 244-line briefing from 792 KB to a fraction of it."""
    user = signed_in_user(request)
    offender = Offender.objects.select_related("person").filter(pk=offender_id).first()
    if offender is None:
        raise Http404
    key = "".join(c for c in request.GET.get("section", "")[:20] if c.isalnum() or c == "_")
    section = _Section(key or "briefing", request.GET.get("title", "")[:200] or "Daily briefing")
    line = _Line(
        offender.pk,
        f"{offender.person.family_name.upper()}, {offender.person.given_name}",
        offender.register_reference,
        offender.version,
        offender.pursued,
    )
    log_consultation(
        user,
        "briefing_line_tools",
        offender.pk,
        request.justification,  # type: ignore[attr-defined]
        person_id=offender.person_id,
    )
    template = (
        "offenders/_briefing_line_tools.html"
        if request.headers.get("HX-Request")
        else "offenders/briefing_line_tools.html"
    )
    managers = AssignForm().fields["manager"].choices  # type: ignore[attr-defined]
    return render(request, template, {"line": line, "section": section, "managers": managers})
