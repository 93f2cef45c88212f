"""Forms on an incident about risk and contact: questionnaire, contact, re-assessment, sign-off."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.models import User
from safehold.accounts.roles import Capability, Rank
from safehold.audit.access import justified

from .. import policies, services
from ..dash_form import DashForm
from ..forms import (
    ContactForm,
    EscalationForm,
    ReassessmentForm,
    SignOffForm,
    now_initial,
)
from ..models import Incident
from ..questionnaires import load_questionnaire as questionnaire_named
from ..rule_errors import SafeguardingRuleError
from .common import (
    incident_form,
    incident_header,
)


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def record_dash(request: HttpRequest, incident_id: int) -> HttpResponse:
    """The risk questionnaire, with questions from configuration: the force's default
    (DASH-27 as packaged) or another the force allows, chosen by the assessing officer."""
    wanted = request.POST.get("questionnaire") or request.GET.get("questionnaire")
    choice = policies.current().questionnaires
    try:
        questionnaire = choice.choose(wanted)
    except SafeguardingRuleError:
        questionnaire = choice.choose(None)
    form = DashForm(request.POST or None, questionnaire=questionnaire)

    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return services.record_dash(
            user,
            incident.pk,
            services.DashInput(
                answers=form.answers(),
                questionnaire=d["questionnaire"],
                pj_grade=d.get("pj_grade") or "",
                pj_reason=d.get("pj_reason") or "",
                follow_ups=form.follow_up_answers(),
            ),
        )

    return incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Risk questionnaire",
        done="Risk questionnaire recorded.",
        template="safeguarding/dash_form.html",
        extra={
            "questionnaire": questionnaire,
            "available": [(q, questionnaire_named(q).title) for q in choice.allowed],
            "policies": policies.current(),
        },
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def record_contact(request: HttpRequest, incident_id: int) -> HttpResponse:
    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return services.record_contact(
            user,
            incident.pk,
            services.ContactInput(outcome=d["outcome"], at=d["at"], notes=d["notes"]),
        )

    form = ContactForm(request.POST or None, initial=now_initial("at"))
    return incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Record a contact attempt",
        done="Contact attempt recorded.",
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def reassess(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = incident_header(incident_id)

    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        done = services.record_reassessment(
            user,
            incident.pk,
            services.ReassessmentInput(
                new_grade=d["new_grade"],
                reason=d["reason"],
                advice_given=d["advice_given"],
                attendance=d.get("attendance") or "",
                expected_version=d.get("version"),
            ),
        )
        if done.sign_off == "awaiting":
            messages.info(request, "The lower grade is waiting for a supervisor's sign-off.")
        return done

    form = ReassessmentForm(
        request.POST or None,
        initial={
            "new_grade": incident.grade,
            "attendance": incident.attendance,
            "version": incident.version,
        },
    )
    return incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Telephone re-assessment",
        done="Re-assessment recorded.",
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def sign_off(request: HttpRequest, incident_id: int) -> HttpResponse:
    """A supervisor approves or refuses a downgrade awaiting sign-off."""
    incident = incident_header(incident_id)
    pending = incident.reassessments.filter(sign_off="awaiting").select_related("assessor").first()

    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return services.sign_off_downgrade(
            user,
            incident.pk,
            approve=d["decision"] == "approve",
            note=d["note"],
            expected_version=d.get("version"),
        )

    form = SignOffForm(request.POST or None, initial={"version": incident.version})
    return incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Sign off a downgrade",
        done="Decision recorded.",
        template="safeguarding/sign_off.html",
        extra={
            "pending": pending,
            "is_supervisor": Rank(signed_in_user(request).rank).is_supervisor,
        },
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def escalate(request: HttpRequest, incident_id: int) -> HttpResponse:
    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        chosen = d.get("to_supervisor")
        return services.escalate(
            user, incident.pk, reason=d["reason"], to_supervisor_id=int(chosen) if chosen else None
        )

    form = EscalationForm(request.POST or None)
    return incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Escalate to a supervisor",
        done="Escalated to a supervisor.",
    )
