"""Forms on an incident that act: MARAC referral, protective actions, closure and its review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.models import User
from safehold.accounts.roles import Capability, Rank
from safehold.audit.access import justified
from safehold.clock import SYSTEM_CLOCK

from .. import services
from ..action_forms import (
    ActionForm,
    BreachForm,
    CloseForm,
    ClosureReviewForm,
    CompleteActionForm,
    ReferralForm,
    next_meeting,
)
from ..actions import RECORDABLE
from ..forms import now_initial
from ..models import ClosureStatus, Incident, ProtectiveAction
from .common import (
    incident_action,
    incident_form,
    incident_header,
)


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def refer(request: HttpRequest, incident_id: int) -> HttpResponse:
    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return services.refer_to_marac(
            user,
            incident.pk,
            services.ReferralInput(
                consent=d["consent"],
                meeting_on=d["meeting_on"],
                no_consent_reason=d["no_consent_reason"],
                judgement_reason=d["judgement_reason"],
            ),
        )

    form = ReferralForm(
        request.POST or None, initial={"meeting_on": next_meeting(SYSTEM_CLOCK.today())}
    )
    return incident_form(
        request, incident_id, form, handle, title="Refer to MARAC", done="Referred to MARAC."
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def record_action(request: HttpRequest, incident_id: int) -> HttpResponse:
    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return services.record_protective_action(
            user,
            incident.pk,
            services.ActionInput(
                kind=d["kind"],
                started_at=d["started_at"],
                order_days=d.get("order_days"),
                authorised_by_name=d.get("authorised_by_name") or "",
                authorised_by_rank=d.get("authorised_by_rank") or "",
                details=d.get("details") or "",
                victim_views=d.get("victim_views") or "",
                children_welfare=d.get("children_welfare") or "",
                suspect_representations=d.get("suspect_representations") or "",
                positive_requirements=d.get("positive_requirements") or "",
                notification_requirements=bool(d.get("notification_requirements")),
            ),
        )

    initial: dict[str, Any] = now_initial("started")
    if request.GET.get("kind") in [k.value for k in RECORDABLE]:
        initial["kind"] = request.GET["kind"]
    form = ActionForm(request.POST or None, initial=initial)
    return incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Record a protective action",
        done="Protective action recorded; its clock has started.",
    )


@require_POST
@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def complete_action(request: HttpRequest, incident_id: int, action_id: int) -> HttpResponse:
    """Stop an action's clock (POST only, from the incident page)."""
    form = CompleteActionForm(request.POST)
    return incident_action(
        request,
        incident_id,
        lambda user: services.complete_protective_action(
            user,
            incident_id,
            action_id,
            note=form.cleaned_data["note"],
            outcome=form.cleaned_data.get("outcome") or "",
        ),
        done="Clock stopped: the action is complete.",
        anchor="actions",
        form=form,
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def close(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = incident_header(incident_id)

    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        closed = services.close_incident(
            user,
            incident.pk,
            services.CloseInput(
                reason=d["reason"],
                crime_recorded=d["crime_recorded"],
                crime_type=d.get("crime_type") or "",
                outcome_type=d.get("outcome_type"),
                expected_version=d.get("version"),
                contact_outcome=d.get("contact_outcome") or "",
            ),
        )
        if closed.closure_status == ClosureStatus.AWAITING_REVIEW:
            messages.info(request, "Outcome 15 or 16: a supervisor must review the closure.")
        return closed

    form = CloseForm(
        request.POST or None,
        initial={
            "crime_recorded": incident.crime_recorded,
            "crime_type": incident.crime_type,
            "version": incident.version,
        },
    )
    return incident_form(
        request, incident_id, form, handle, title="Close the incident", done="Incident closed."
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def review_closure(request: HttpRequest, incident_id: int) -> HttpResponse:
    """A supervisor reviews a no-further-action closure (outcome 15 or 16)."""
    incident = incident_header(incident_id)

    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return services.review_closure(
            user,
            incident.pk,
            agree=d["decision"] == "agree",
            note=d["note"],
            expected_version=d.get("version"),
        )

    form = ClosureReviewForm(request.POST or None, initial={"version": incident.version})
    return incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Review a no-further-action closure",
        done="Review recorded.",
        template="safeguarding/review_closure.html",
        extra={"is_supervisor": Rank(signed_in_user(request).rank).is_supervisor},
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def record_breach(request: HttpRequest, incident_id: int, action_id: int) -> HttpResponse:
    """Record a breach of a notice or order on the incident, and what was done."""

    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return services.record_breach(
            user,
            incident.pk,
            action_id,
            services.BreachInput(
                details=d["details"],
                response=d["response"],
                at=d.get("at"),
                response_note=d.get("response_note") or "",
            ),
        )

    order = ProtectiveAction.objects.filter(pk=action_id, incident_id=incident_id).first()
    if order is None:
        raise Http404
    form = BreachForm(request.POST or None, initial=now_initial("at"))
    return incident_form(
        request,
        incident_id,
        form,
        handle,
        title=f"Record a breach: {order.get_kind_display()}",
        done="Breach recorded.",
    )
