"""The forms that record events on an offender's record: visits, assessments,
notifications, breaches, scheduled visits and status changes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.access import justified
from safehold.clock import SYSTEM_CLOCK
from safehold.form_pages import Look, form_page
from safehold.querystring import whole_number

from .. import services
from ..forms import (
    AssessmentForm,
    IntelligenceForm,
    NotificationForm,
    ScheduleForm,
    StatusForm,
)
from ..models import Offender, Visit
from ..order_forms import breach_form_for, broken_ids, visit_extras, visit_form_for

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
    return form_page(
        request,
        form,
        lambda data: handler(user, offender.pk, data),
        look=Look("offender", offender.pk, offender.person_id),
        title=title,
        done=done,
        success_url=reverse("offenders:detail", args=[offender.pk]),
        template="offenders/form.html",
        context={"offender": offender},
    )


def _int_or_none(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def _input(cls: type[Any], data: dict[str, Any], **extra: Any) -> Any:
    """A service's input dataclass from a form's cleaned data (its fields share names)."""
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names}, **extra)


def _pair(user_id: object, planned: str | None) -> dict[str, object]:
    """The officers of the planned visit being started (the user first), else the user."""
    visit = (
        Visit.objects.filter(pk=int(planned), cancelled_at__isnull=True).first()
        if planned and planned.isdigit() and len(planned) < 19
        else None
    )
    if visit is None or user_id not in (visit.officer_1_id, visit.officer_2_id):
        return {"officer_1": user_id}
    other = visit.officer_2_id if visit.officer_1_id == user_id else visit.officer_1_id
    return {"officer_1": user_id, "officer_2": other, "outcome": "seen"}


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
                people_present=d.get("people_present") or "",
                child_present=bool(d.get("child_present")),
                address_confirmed=True if d.get("address_confirmed") else None,
                unnotified_details=bool(d.get("unnotified_details")),
                **visit_extras(d),
            ),
            planned_visit_id=whole_number(planned, lo=1, name="planned", strict=True),
        )

    now = timezone.localtime(SYSTEM_CLOCK.now())
    form_class, _terms = visit_form_for(offender_id, now.date())
    return _record_form(
        request,
        offender_id,
        form_class,
        handle,
        title="Record a visit",
        done="Visit recorded.",
        initial={
            "visit_date": now.date(),
            "visit_time": now.strftime("%H:%M"),
            "kind": "home",
            **_pair(request.user.pk, planned),
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
        return services.record_breach(
            user, oid, _input(services.BreachInput, d, **broken_ids(d.get("broken") or ""))
        )

    return _record_form(
        request,
        offender_id,
        breach_form_for(offender_id),
        handle,
        title="Record a breach",
        done="Breach recorded.",
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
        initial={"planned_date": SYSTEM_CLOCK.today()},
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
            override_reason=d.get("override_reason") or "",
            expected_version=d["version"],
        )

    return _record_form(
        request,
        offender_id,
        StatusForm,
        handle,
        title="Change management status",
        done="Status changed (a move to reactive management waits for a DS's sign-off).",
        initial=lambda offender: {"status": offender.status, "version": offender.version},
    )


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def record_intelligence(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        return services.record_intelligence(user, oid, _input(services.IntelligenceInput, d))

    return _record_form(
        request,
        offender_id,
        IntelligenceForm,
        handle,
        title="Record intelligence",
        done="Intelligence recorded.",
        initial={"received_on": SYSTEM_CLOCK.today()},
    )
