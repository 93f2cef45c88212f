"""The unit's pages: the backlog, its trend chart and the daily briefing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.audit.access import justified, log_consultation
from safehold.clock import SYSTEM_CLOCK
from safehold.people.crosslinks import log_links_shown, may_see_links

from .. import charts
from ..backlog_queries import backlog_trend, compute_backlog, trend_points
from ..briefing import compute_briefing
from ..briefing_lines import Briefing, BriefingLine
from ..forms import AssignForm
from ..models import Offender


@require(Capability.VIEW_BACKLOG)
def backlog(request: HttpRequest) -> HttpResponse:
    """The backlog: overdue and missed visits by risk, station and manager, and the trend."""
    data = compute_backlog(SYSTEM_CLOCK.today(), cached=True)
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
    svg = charts.trend_svg(trend_points(backlog_trend(SYSTEM_CLOCK.today())))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _briefing_day(request: HttpRequest) -> date:
    raw = request.GET.get("date")
    try:
        return date.fromisoformat(raw) if raw else SYSTEM_CLOCK.today()
    except ValueError:
        messages.error(request, f"'{raw}' is not a date (use YYYY-MM-DD); showing today.")
        return SYSTEM_CLOCK.today()


def _log_briefing_look(
    request: HttpRequest, data: Briefing, lines: list[BriefingLine], section: str | None
) -> None:
    """Log the people these lines show (and the cross-unit links on them), nothing more."""
    user = signed_in_user(request)
    justification = request.justification  # type: ignore[attr-defined]
    offenders = {line.offender_id for line in lines}
    detail: dict[str, object] = {"offenders": sorted(offenders)}
    if section is not None:
        detail["section"] = section
    log_consultation(
        user,
        "briefing",
        data.day.isoformat(),
        justification,
        person_id=None,
        detail=detail,
        people=sorted({ln.person_id for ln in lines if ln.person_id is not None}),
    )
    links = [x for x in data.cross_links if x.offender_id in offenders]
    log_links_shown(user, links, justification, where="briefing")


def _compute(request: HttpRequest, day: date) -> Briefing:
    user = signed_in_user(request)
    return compute_briefing(
        day, cross_links=may_see_links(user, Capability.VIEW_BRIEFING), cached=True
    )


@require(Capability.VIEW_BRIEFING)
@justified("briefing")
def briefing(request: HttpRequest) -> HttpResponse:
    """The priorities team's daily briefing: the summary first, the sections folded below.

    A folded section's lines are not sent with the page (issue 14: they made it 700 KB and
    330-450 ms at scale 1): opening it loads them from ``briefing_section`` (htmx), and
    without JavaScript its link, ``?section=<key>``, gives the page with that section open.
    The access log names only the people the page shows: the summary's lines and any open
    section's. ``?print=1`` gives the whole list for A4 (the browser's print, or save as
    PDF: there is no server-side PDF, since WeasyPrint took 29 s for the 362 lines at
    scale 1), and ``?open=all`` every section open.
    """
    day = _briefing_day(request)
    data = _compute(request, day)
    summary = data.summary()
    printing = bool(request.GET.get("print"))
    open_all = printing or request.GET.get("open") == "all"
    wanted = request.GET.get("section", "")
    open_section = next((s.key for s in data.sections if s.key == wanted), "")
    shown = [line for row in summary for line in row.top]
    shown += [line for s in data.sections if open_all or s.key == open_section for line in s.lines]
    _log_briefing_look(request, data, shown, None)
    context = {
        "briefing": data,
        "summary": summary,
        "empty": [row for row in summary if not row.count],
        "open_all": open_all,
        "open_section": open_section,
        "today": SYSTEM_CLOCK.today(),
    }
    if printing:
        return render(request, "offenders/briefing_print.html", context)
    return render(request, "offenders/briefing.html", context)


@require(Capability.VIEW_BRIEFING)
@justified("briefing")
def briefing_section(request: HttpRequest) -> HttpResponse:
    """One folded section's lines (``?section=<key>``, the first section when none is
    named; ``?date=``), loaded into the briefing when the section is opened. The same
    permission, reason and access log as the page: it logs the people it shows."""
    day = _briefing_day(request)
    data = _compute(request, day)
    wanted = request.GET.get("section") or data.sections[0].key
    section = next((s for s in data.sections if s.key == wanted), None)
    if section is None:
        raise Http404("There is no such section on the briefing.")
    _log_briefing_look(request, data, list(section.lines), section.key)
    return render(
        request,
        "offenders/_briefing_section_body.html",
        {"briefing": data, "section": section, "actions": True, "folded": True},
    )


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
