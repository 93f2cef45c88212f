"""The offender list and its CSV export."""

from __future__ import annotations

import dataclasses

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.access import justified, log_consultation
from safehold.audit.log import record
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK
from safehold.csvexport import csv_response
from safehold.lists import Column, column_headers, page_links
from safehold.querystring import whole_number

from ..facts import current_policy
from ..forms import FilterForm
from ..queries import OffenderFilters, offender_list, offenders_by_id

LIST_COLUMNS = (
    Column("Offender", "name"),
    Column("Reference", "reference"),
    Column("Risk", "risk"),
    Column("Next visit due", "due"),
    Column("Days overdue", "overdue", numeric=True),
    Column("Manager", "manager"),
    Column("Station", "station"),
)


def _filters(request: HttpRequest, user: User) -> tuple[FilterForm, OffenderFilters]:
    data = request.GET.copy()
    if "manager" not in data and not user.can(Capability.VIEW_ALL_OFFENDERS):
        data["manager"] = "me"  # an offender manager starts with their own caseload
    form = FilterForm(data)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    manager = cleaned.get("manager") or ""
    filters = OffenderFilters(
        q=(cleaned.get("q") or "")[:100],
        risk=tuple(cleaned.get("risk") or ()),
        station=cleaned["station"].pk if cleaned.get("station") else None,
        manager=user.pk if manager == "me" else whole_number(manager),
        unassigned=manager == "none",
        status=cleaned.get("status") or "",
        overdue=cleaned.get("overdue") or "",
    )
    return form, filters


def _sort(request: HttpRequest) -> tuple[str, bool]:
    raw = request.GET.get("sort", "due")
    key = raw.lstrip("-")
    valid = {c.sort for c in LIST_COLUMNS}
    return (key, raw.startswith("-")) if key in valid else ("due", False)


@require(Capability.VIEW_OFFENDERS)
@justified("list", kind="offenders")
def offender_list_page(request: HttpRequest) -> HttpResponse:
    """The offender list: filters, sorting, server-side pagination."""
    user = signed_in_user(request)
    form, filters = _filters(request, user)
    sort, descending = _sort(request)
    today = SYSTEM_CLOCK.today()
    evaluated = offender_list(filters, sort=sort, descending=descending, today=today, cached=True)
    page = Paginator(evaluated, 25).get_page(request.GET.get("page"))
    offenders = offenders_by_id([e.row["id"] for e in page])
    rows = [(offenders[e.row["id"]], e.result) for e in page]
    log_consultation(
        user,
        "offender_list",
        "",
        request.justification,  # type: ignore[attr-defined]
        person_id=None,
        detail={"shown": [o.pk for o, _ in rows]},
        people=[o.person_id for o, _ in rows],
    )
    listing = {
        "page": page,
        "headers": column_headers(LIST_COLUMNS, sort, descending),
        "page_links": page_links(page.number, page.paginator.num_pages),
    }
    return render(
        request,
        "offenders/list.html",
        {
            "form": form,
            "rows": rows,
            "listing": listing,
            "total": len(evaluated),
            "overdue_total": sum(1 for e in evaluated if e.result.is_overdue),
            "policy_version": current_policy().version,
        },
    )


@require(Capability.VIEW_OFFENDERS)
@justified("list", kind="offenders")
def offender_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered list as CSV (spreadsheet formulas neutralised); logged as a disclosure
    naming every offender it holds. A role that sees only its own caseload exports only
    its own caseload, whatever the filters say."""
    user = signed_in_user(request)
    _, filters = _filters(request, user)
    if not user.can(Capability.VIEW_ALL_OFFENDERS):
        filters = dataclasses.replace(filters, manager=user.pk, unassigned=False)
    sort, descending = _sort(request)
    evaluated = offender_list(filters, sort=sort, descending=descending, today=SYSTEM_CLOCK.today())
    record(
        user,
        Operation.DISCLOSURE,
        "offender_export",
        "",
        channel="export",
        justification=request.justification,  # type: ignore[attr-defined]
        recipient=user.username,
        detail={
            "rows": len(evaluated),
            "filters": dict(request.GET.items()),
            "offenders": [e.row["id"] for e in evaluated],
        },
        people=[e.row["person_id"] for e in evaluated],
    )
    header = [
        "register_reference",
        "family_name",
        "given_name",
        "risk_level",
        "status",
        "next_visit_due",
        "days_overdue",
        "visits_missed",
        "offender_manager",
        "station",
        "policy_version",
    ]
    rows = (
        [
            e.row["register_reference"],
            e.row["person__family_name"],
            e.row["person__given_name"],
            e.row["risk_level"],
            e.row["status"],
            e.result.next_visit_due.isoformat() if e.result.next_visit_due else "",
            e.result.days_overdue,
            e.result.visits_missed,
            e.row["offender_manager__username"] or "",
            e.row["station__name"],
            e.result.policy_version,
        ]
        for e in evaluated
    )
    return csv_response(f"offenders-{SYSTEM_CLOCK.today():%Y-%m-%d}.csv", header, rows)
