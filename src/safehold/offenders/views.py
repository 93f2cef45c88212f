"""Pages of the register: list, record, forms, backlog, briefing, import and export."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safehold.access import require, signed_in_user
from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.access import justified, log_consultation
from safehold.audit.log import record
from safehold.audit.models import Operation
from safehold.csvexport import csv_response
from safehold.errors import Conflict, SafeholdError
from safehold.lists import Column, column_headers, page_links

from . import charts, services
from .briefing import compute_briefing
from .facts import current_policy, evaluate_offenders
from .forms import (
    AssessmentForm,
    AssignForm,
    BreachForm,
    FilterForm,
    IntervalForm,
    NotificationForm,
    PursueForm,
    ScheduleForm,
    StatusForm,
    VisitForm,
)
from .importer import ImportForm, import_caseload
from .models import Offender
from .queries import (
    OffenderFilters,
    backlog_trend,
    compute_backlog,
    offender_list,
    offender_record,
    offenders_by_id,
    timeline,
    trend_points,
)

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
        manager=user.pk if manager == "me" else (int(manager) if manager.isdigit() else None),
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
@justified("list")
def offender_list_page(request: HttpRequest) -> HttpResponse:
    """The offender list: filters, sorting, server-side pagination."""
    user = signed_in_user(request)
    form, filters = _filters(request, user)
    sort, descending = _sort(request)
    today = timezone.localdate()
    evaluated = offender_list(filters, sort=sort, descending=descending, today=today)
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
@justified("list")
def offender_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered list as CSV (spreadsheet formulas neutralised); logged as a disclosure."""
    user = signed_in_user(request)
    _, filters = _filters(request, user)
    sort, descending = _sort(request)
    evaluated = offender_list(filters, sort=sort, descending=descending, today=timezone.localdate())
    record(
        user,
        Operation.DISCLOSURE,
        "offender_export",
        "",
        channel="export",
        justification=request.justification,  # type: ignore[attr-defined]
        recipient=user.username,
        detail={"rows": len(evaluated), "filters": dict(request.GET.items())},
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
    return csv_response(f"offenders-{timezone.localdate():%Y-%m-%d}.csv", header, rows)


def _offender(request: HttpRequest, offender_id: int) -> Offender:
    offender = offender_record(offender_id)
    if offender is None:
        raise Http404
    return offender


@require(Capability.VIEW_OFFENDERS)
@justified("offender", "offender_id")
def offender_detail(request: HttpRequest, offender_id: int) -> HttpResponse:
    """The offender's record: status, due dates with reasons, and a timeline of every event."""
    user = signed_in_user(request)
    offender = _offender(request, offender_id)
    today = timezone.localdate()
    evaluated = evaluate_offenders(
        Offender.objects.filter(pk=offender.pk), today=today, include_off_register=True
    )
    result = evaluated[0].result if evaluated else None
    log_consultation(
        user,
        "offender",
        offender.pk,
        request.justification,  # type: ignore[attr-defined]
        person_id=offender.person_id,
    )
    return render(
        request,
        "offenders/detail.html",
        {
            "offender": offender,
            "result": result,
            "timeline": timeline(offender),
            "can_edit": services.can_edit(user, offender),
            "can_assign": user.can(Capability.ASSIGN_OFFENDERS),
            "planned": [v for v in offender.visits.all() if not v.outcome],
            "assign_form": AssignForm(
                initial={"version": offender.version, "manager": offender.offender_manager_id}
            ),
            "pursue_form": PursueForm(
                initial={
                    "version": offender.version,
                    "pursued": offender.pursued,
                    "reason": offender.pursued_reason,
                }
            ),
            "interval_form": IntervalForm(
                initial={
                    "version": offender.version,
                    "months": offender.interval_months_override,
                    "reason": offender.interval_override_reason,
                }
            ),
        },
    )


FormHandler = Callable[[User, int, dict[str, Any]], object]


def _offender_header(offender_id: int) -> Offender:
    """What a form shows of the record (whose it is) and checks (whose caseload): one query."""
    offender = Offender.objects.select_related("person").filter(pk=offender_id).first()
    if offender is None:
        raise Http404
    return offender


def _record_form(
    request: HttpRequest,
    offender_id: int,
    form_class: type[Any],
    handler: FormHandler,
    *,
    title: str,
    done: str,
    initial: dict[str, Any] | Callable[[Offender], dict[str, Any]] | None = None,
) -> HttpResponse:
    user = signed_in_user(request)
    offender = _offender_header(offender_id)
    if not services.can_edit(user, offender):
        raise Http404
    form = form_class(
        request.POST or None, initial=initial(offender) if callable(initial) else initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            handler(user, offender.pk, form.cleaned_data)
        except SafeholdError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, done)
            return redirect("offenders:detail", offender_id=offender.pk)
    # The form page names the offender: a look like any other, logged with its reason.
    log_consultation(
        user,
        "offender",
        offender.pk,
        request.justification,  # type: ignore[attr-defined]
        person_id=offender.person_id,
        detail={"form": title},
    )
    return render(
        request, "offenders/form.html", {"form": form, "offender": offender, "title": title}
    )


def _int_or_none(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def _input(cls: type[Any], data: dict[str, Any], **extra: Any) -> Any:
    """A service's input dataclass from a form's cleaned data (its fields share names)."""
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names}, **extra)


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def record_visit(request: HttpRequest, offender_id: int) -> HttpResponse:
    planned = request.GET.get("planned") or request.POST.get("planned")

    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        return services.record_visit(
            user,
            oid,
            services.VisitInput(
                visited_at=d["visited_at"],
                outcome=d["outcome"],
                kind=d["kind"],
                officer_1_id=_int_or_none(d.get("officer_1")),
                officer_2_id=_int_or_none(d.get("officer_2")),
                announced=d["announced"],
                checks=d["checks"],
                concerns=d["concerns"],
                intelligence_submitted=d["intelligence_submitted"],
            ),
            planned_visit_id=_int_or_none(planned),
        )

    now = timezone.localtime()
    return _record_form(
        request,
        offender_id,
        VisitForm,
        handle,
        title="Record a visit",
        done="Visit recorded.",
        initial={
            "visit_date": now.date(),
            "visit_time": now.strftime("%H:%M"),
            "kind": "home",
            "officer_1": request.user.pk,
        },
    )


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def record_assessment(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        return services.record_risk_assessment(user, oid, _input(services.AssessmentInput, d))

    return _record_form(
        request,
        offender_id,
        AssessmentForm,
        handle,
        title="Record a risk assessment",
        done="Risk assessment recorded.",
    )


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def record_notification(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        station = d.get("station")
        return services.record_notification(
            user, oid, _input(services.NotificationInput, d, station_id=station and station.pk)
        )

    return _record_form(
        request,
        offender_id,
        NotificationForm,
        handle,
        title="Record a notification",
        done="Notification recorded.",
    )


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def record_breach(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        return services.record_breach(user, oid, _input(services.BreachInput, d))

    return _record_form(
        request, offender_id, BreachForm, handle, title="Record a breach", done="Breach recorded."
    )


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def schedule_visit(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        return services.schedule_visit(
            user,
            oid,
            planned_for=d["planned_for"],
            officer_1_id=_int_or_none(d.get("officer_1")),
            officer_2_id=_int_or_none(d.get("officer_2")),
        )

    return _record_form(
        request,
        offender_id,
        ScheduleForm,
        handle,
        title="Schedule a visit",
        done="Visit scheduled.",
        initial={"planned_date": timezone.localdate()},
    )


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def change_status(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        return services.change_status(
            user,
            oid,
            status=d["status"],
            reason=d["reason"],
            released_on=d.get("released_on"),
            expected_version=d["version"],
        )

    return _record_form(
        request,
        offender_id,
        StatusForm,
        handle,
        title="Change management status",
        done="Status changed.",
        initial=lambda offender: {"status": offender.status, "version": offender.version},
    )


def _back(request: HttpRequest, offender_id: int) -> HttpResponse:
    target = request.POST.get("back", "")
    if target == "briefing":
        return redirect(f"{reverse('offenders:briefing')}#offender-{offender_id}")
    return redirect("offenders:detail", offender_id=offender_id)


def _quick_action(
    request: HttpRequest,
    offender_id: int,
    form_class: type[Any],
    act: Callable[[User, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    user = signed_in_user(request)
    form = form_class(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return _back(request, offender_id)
    try:
        act(user, form.cleaned_data)
    except Conflict as exc:
        messages.error(request, exc.message)
    except SafeholdError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return _back(request, offender_id)


@require_POST
@require(Capability.ASSIGN_OFFENDERS)
def assign(request: HttpRequest, offender_id: int) -> HttpResponse:
    return _quick_action(
        request,
        offender_id,
        AssignForm,
        lambda user, d: services.assign_manager(
            user, offender_id, int(d["manager"]), expected_version=d["version"]
        ),
        "Offender manager assigned.",
    )


@require_POST
@require(Capability.ASSIGN_OFFENDERS)
def pursue(request: HttpRequest, offender_id: int) -> HttpResponse:
    return _quick_action(
        request,
        offender_id,
        PursueForm,
        lambda user, d: services.mark_pursued(
            user,
            offender_id,
            pursued=d["pursued"],
            reason=d["reason"],
            expected_version=d["version"],
        ),
        "Pursuit status saved.",
    )


@require_POST
@require(Capability.EDIT_OFFENDERS)
def set_interval(request: HttpRequest, offender_id: int) -> HttpResponse:
    return _quick_action(
        request,
        offender_id,
        IntervalForm,
        lambda user, d: services.set_visit_interval(
            user,
            offender_id,
            months=d.get("months"),
            reason=d["reason"],
            expected_version=d["version"],
        ),
        "Visit interval saved.",
    )


@require(Capability.VIEW_BACKLOG)
def backlog(request: HttpRequest) -> HttpResponse:
    """The backlog: overdue and missed visits by risk, station and manager, and the trend."""
    data = compute_backlog(timezone.localdate())
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
    """The priorities team's daily briefing; ?print=1 for the printable view."""
    user = signed_in_user(request)
    raw = request.GET.get("date")
    try:
        day = date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
        messages.error(request, f"'{raw}' is not a date (use YYYY-MM-DD); showing today.")
    data = compute_briefing(day)
    log_consultation(
        user,
        "briefing",
        day.isoformat(),
        request.justification,  # type: ignore[attr-defined]
        person_id=None,
        detail={"offenders": sorted(data.offender_ids)},
    )
    template = (
        "offenders/briefing_print.html" if request.GET.get("print") else "offenders/briefing.html"
    )
    managers = AssignForm().fields["manager"].choices  # type: ignore[attr-defined]
    return render(
        request, template, {"briefing": data, "managers": managers, "today": timezone.localdate()}
    )


@require(Capability.IMPORT_OFFENDERS)
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a caseload CSV: every row checked, all-or-nothing, a report of bad rows."""
    user = signed_in_user(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_caseload(
            user, form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
        )
        if report.ok and not report.dry_run:
            messages.success(
                request,
                f"Imported: {report.created} new, {report.updated} "
                f"updated, {report.unchanged} unchanged.",
            )
    return render(request, "offenders/import.html", {"form": form, "report": report})


@require(Capability.IMPORT_OFFENDERS)
def import_template(request: HttpRequest) -> HttpResponse:
    """The CSV template with its header row and one example row (synthetic)."""
    from .importer import TEMPLATE_CSV

    response = HttpResponse(TEMPLATE_CSV, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="caseload-template.csv"'
    return response
