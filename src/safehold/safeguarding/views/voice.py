"""Forms on an incident for the victim's voice and the suspect's status."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from safehold.accounts.access import require
from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.access import justified

from .. import voice
from ..action_forms import SuspectStatusForm, VoiceForm
from ..forms import now_initial
from ..models import Incident
from .common import incident_action, incident_form, incident_header


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def record_voice(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = incident_header(incident_id)

    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        voice.record_victim_voice(
            user,
            incident.pk,
            voice.VoiceInput(
                wishes=d.get("wishes") or "",
                safe_contact=d.get("safe_contact") or "",
                safe_contact_times=d.get("safe_contact_times") or "",
                communication_needs=d.get("communication_needs") or "",
                supports_prosecution=d.get("supports_prosecution") or "",
                expected_version=d.get("version"),
            ),
        )
        return None

    form = VoiceForm(
        request.POST or None,
        initial={
            "wishes": incident.victim_wishes,
            "safe_contact": incident.safe_contact,
            "safe_contact_times": incident.safe_contact_times,
            "communication_needs": incident.communication_needs,
            "supports_prosecution": incident.supports_prosecution,
            "version": incident.version,
        },
    )
    return incident_form(
        request, incident_id, form, handle, title="The victim's voice", done="Recorded."
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def suspect_status(request: HttpRequest, incident_id: int) -> HttpResponse:
    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return voice.record_suspect_status(
            user,
            incident.pk,
            voice.StatusInput(
                status=d["status"],
                at=d.get("at"),
                conditions=d.get("conditions") or "",
                victim_told=d.get("victim_told", False),
            ),
        )

    form = SuspectStatusForm(request.POST or None, initial=now_initial("at"))
    return incident_form(
        request,
        incident_id,
        form,
        handle,
        title="The suspect's status",
        done="Suspect's status recorded.",
    )


@require_POST
@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def victim_told(request: HttpRequest, incident_id: int, change_id: int) -> HttpResponse:
    """Record that the victim was told of a release (POST only, from the incident page)."""
    return incident_action(
        request,
        incident_id,
        lambda user: voice.record_victim_told(user, incident_id, change_id),
        done="Recorded that the victim was told of the release.",
        anchor="suspect",
    )
