"""The forms for risk as the tools define it, the risk management plan, MAPPA and the case
details: each a thin page over one service (``risk_services``, ``plan_services``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from safehold.accounts.access import require
from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.access import justified

from .. import plan_services, risk_services
from ..risk_forms import (
    ArmsForm,
    CaseForm,
    MappaForm,
    MeetingForm,
    OverallForm,
    PlanForm,
    RoshForm,
    StaticForm,
)
from ..risk_models import CaseDetails
from ..risk_plan import PlanInput
from .recording import _input, _record_form


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def record_static(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        scales = {k[6:]: v for k, v in d.items() if k.startswith("scale_")}
        return risk_services.record_static(
            user, oid, risk_services.StaticInput(d["assessed_on"], scales, notes=d["notes"])
        )

    return _record_form(
        request,
        offender_id,
        StaticForm,
        handle,
        title="Record a static actuarial assessment",
        done="Static assessment recorded; the overall level is derived from it.",
    )


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def record_arms(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        scores = {k[6:]: int(v) for k, v in d.items() if k.startswith("score_") and v != ""}
        observations = {k[4:]: v for k, v in d.items() if k.startswith("obs_") and v}
        return risk_services.record_arms(
            user, oid, risk_services.ArmsInput(d["assessed_on"], scores, observations, d["notes"])
        )

    return _record_form(
        request,
        offender_id,
        ArmsForm,
        handle,
        title="Record an ARMS assessment",
        done="ARMS assessment recorded with its priority for work.",
    )


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def record_rosh(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        return risk_services.record_rosh(user, oid, _input(risk_services.RoshInput, d))

    return _record_form(
        request,
        offender_id,
        RoshForm,
        handle,
        title="Record the risk of serious harm (RoSH)",
        done="RoSH level recorded; the overall level is derived from it.",
    )


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def override_overall(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        risk_services.override_overall(
            user, oid, level=d["level"], reason=d["reason"], assessed_on=d["assessed_on"]
        )
        return None

    return _record_form(
        request,
        offender_id,
        OverallForm,
        handle,
        title="Override the overall risk level",
        done="Overall level recorded (a lower level waits for a DS's sign-off).",
    )


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def record_plan(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        return plan_services.record_plan(user, oid, _input(PlanInput, d))

    return _record_form(
        request,
        offender_id,
        PlanForm,
        handle,
        title="Record a risk management plan",
        done="Risk management plan recorded; its review and visit interval are set.",
    )


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def set_mappa(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        return risk_services.set_mappa(
            user,
            oid,
            category=int(d["category"]),
            level=int(d["level"]),
            reason=d["reason"],
            changed_on=d["changed_on"],
        )

    return _record_form(
        request,
        offender_id,
        MappaForm,
        handle,
        title="Change the MAPPA category or level",
        done="MAPPA category and level changed.",
        initial=lambda o: {"category": str(o.mappa_category), "level": str(o.mappa_level)},
    )


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def record_meeting(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        return risk_services.record_meeting(
            user,
            oid,
            held_on=d["held_on"],
            level=int(d["level"]),
            actions=d["actions"],
            next_on=d.get("next_on"),
        )

    return _record_form(
        request,
        offender_id,
        MeetingForm,
        handle,
        title="Record a MAPPA meeting",
        done="MAPPA meeting recorded.",
    )


def _case_initial(offender: Any) -> dict[str, Any]:
    case = CaseDetails.objects.filter(offender=offender).first()
    if case is None:
        return {}
    return {name: getattr(case, name) for name in risk_services.CaseInput.__dataclass_fields__}


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def edit_case(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        return risk_services.save_case(user, oid, _input(risk_services.CaseInput, d))

    return _record_form(
        request,
        offender_id,
        CaseForm,
        handle,
        title="Partners, index offence and sentence",
        done="Case details saved.",
        initial=_case_initial,
    )
