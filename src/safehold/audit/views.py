"""The justification page, and the access-log search and export for auditors."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.csvexport import csv_response
from safehold.lists import Column, sort_and_paginate

from .access import LIST_KINDS, remember_justification
from .forms import JustificationForm, LogSearchForm
from .log import EXPORT_COLUMNS, Justification, export_rows, record
from .models import AccessLogEntry, Operation
from .privileged import privileged_changes
from .search import LogFilters, LogSearch, search_log

RECORD_DESCRIPTIONS = {
    "person": "a person's record",
    "offender": "an offender's record",
    "list": "a list of people",
    "briefing": "the daily briefing",
    "plan": "a visit plan (offenders' references and home addresses)",
    "incident": "a domestic-abuse incident",
    "person_match": "two records that may be one person",
    "demand_incident": "an incident and the people in it",
}


def justify(request: HttpRequest) -> HttpResponse:
    """Ask why the user needs a record before showing anything of it."""
    key = request.GET.get("record", "") or request.POST.get("record", "")
    target = request.GET.get("next", "") or request.POST.get("next", "") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    kind = key.split(":", 1)[0]
    if kind not in RECORD_DESCRIPTIONS:
        return redirect("home")
    form = JustificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        remember_justification(request, key, form.justification)
        return redirect(target)
    what = RECORD_DESCRIPTIONS[kind]
    if kind == "list":
        what = LIST_KINDS.get(key.split(":", 1)[-1], what)
    return render(
        request,
        "audit/justify.html",
        {"form": form, "record": key, "next": target, "what": what},
    )


LOG_COLUMNS = (
    Column("#", "id", numeric=True),
    Column("When", "at"),
    Column("User", "user"),
    Column("Operation", "operation"),
    Column("Record"),
    Column("Person", "person", numeric=True),
    Column("Why"),
    Column("Channel"),
)
LOG_SORTS = {
    "id": ["id"],
    "at": ["at"],
    "user": ["username"],
    "operation": ["operation"],
    "person": ["person_id"],
}


def _filtered(form: LogSearchForm) -> LogSearch:
    if not form.is_valid():
        everything = (
            AccessLogEntry.objects.none() if form.is_bound else AccessLogEntry.objects.all()
        )
        return LogSearch(everything, None)
    return search_log(LogFilters.from_mapping(form.cleaned_data))


@require(Capability.VIEW_ACCESS_LOG)
def search(request: HttpRequest) -> HttpResponse:
    """Search the access log (auditors only)."""
    form = LogSearchForm(request.GET or None)
    found = _filtered(form)
    listing = sort_and_paginate(
        request, found.entries, sort_fields=LOG_SORTS, default_sort="-id", columns=LOG_COLUMNS
    )
    identity = found.identity
    # Each entry says which id it was recorded against; a retired one, what it merged into.
    merged = dict.fromkeys(identity.retired, identity.survivor) if identity else {}
    # The log names who looked at whom: reading it is logged too (s.62(4) limits its use).
    record(
        signed_in_user(request),
        Operation.CONSULTATION,
        "access_log_search",
        justification=Justification("supervision", "access-log search by an auditor"),
        channel="page",
        detail={"filters": {k: str(v) for k, v in request.GET.items()}},
    )
    return render(
        request,
        "audit/search.html",
        {"form": form, "listing": listing, "identity": identity, "merged": merged},
    )


@require(Capability.VIEW_ACCESS_LOG)
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Download the matching entries as CSV; the export is itself logged as a disclosure."""
    form = LogSearchForm(request.GET or None)
    entries = _filtered(form).entries
    record(
        signed_in_user(request),
        Operation.DISCLOSURE,
        "access_log_export",
        justification=Justification("supervision", "access-log export by an auditor"),
        recipient=request.user.get_username(),
        channel="export",
        detail={"filters": {k: str(v) for k, v in request.GET.items()}},
    )
    return csv_response("access-log.csv", EXPORT_COLUMNS, export_rows(entries))


@require(Capability.VIEW_ACCESS_LOG)
def privileged(request: HttpRequest) -> HttpResponse:
    """Privileged changes (roles, teams, tokens, second factors, policies, unlocks)."""
    page = Paginator(privileged_changes(), 50).get_page(request.GET.get("page"))
    record(
        signed_in_user(request),
        Operation.CONSULTATION,
        "access_log_search",
        justification=Justification("supervision", "privileged changes, read by an auditor"),
        channel="page",
        detail={"filters": {"privileged": True}, "page": page.number},
    )
    return render(request, "audit/privileged.html", {"page": page})
