"""API for the victim's voice and the suspect's status on an incident: read (a logged
disclosure, with a justification) and update, through the services the pages use."""

from django.http import Http404, HttpRequest
from ninja import Router, Status

from safehold.accounts.roles import Capability
from safehold.apiutil import api_user, require_api
from safehold.audit.api_looks import justification_of, log_disclosure

from .. import voice
from ..models import Incident, SuspectStatusChange
from ..vocabulary import ProsecutionSupport, SafeContact, SuspectStatus
from ..voice_queries import voice_record
from .schemas_out import Done
from .schemas_voice import (
    SuspectStatusIn,
    SuspectStatusOut,
    SuspectStatusRecorded,
    VoiceIn,
    VoiceOut,
)

router = Router(tags=["safeguarding"])


def _label(choices: type[SafeContact] | type[ProsecutionSupport], value: str) -> str:
    return str(choices(value).label) if value else ""


def _status(change: SuspectStatusChange) -> SuspectStatusOut:
    told_by = change.victim_told_by
    return SuspectStatusOut(
        id=change.pk,
        status=change.status,
        status_label=str(SuspectStatus(change.status).label),
        at=change.at,
        conditions=change.conditions,
        is_release=change.is_release,
        victim_told_at=change.victim_told_at,
        victim_told_by=told_by.display_name if told_by is not None else None,
        victim_not_told=change.victim_not_told,
    )


def _voice(incident: Incident) -> VoiceOut:
    return VoiceOut(
        incident_id=incident.pk,
        reference=incident.reference,
        version=incident.version,
        wishes=incident.victim_wishes,
        safe_contact=incident.safe_contact,
        safe_contact_label=_label(SafeContact, incident.safe_contact),
        safe_contact_times=incident.safe_contact_times,
        communication_needs=incident.communication_needs,
        supports_prosecution=incident.supports_prosecution,
        supports_prosecution_label=_label(ProsecutionSupport, incident.supports_prosecution),
        suspect_at_large=incident.suspect_at_large,
        suspect_statuses=[_status(c) for c in incident.suspect_statuses.all()],
    )


@router.get(
    "/incidents/{incident_id}/voice",
    response=VoiceOut,
    summary="The victim's voice (wishes, safe contact, needs, prosecution) and the suspect's "
    "custody, bail or release status, newest first",
)
@require_api(Capability.VIEW_SAFEGUARDING)
def get_voice(request: HttpRequest, incident_id: int) -> VoiceOut:
    justification = justification_of(request)
    incident = voice_record(incident_id)
    if incident is None:
        raise Http404
    people = [p for p in (incident.victim_id, incident.suspect_id) if p is not None]
    log_disclosure(
        request,
        justification,
        "victim_voice",
        incident.pk,
        person_id=incident.victim_id,
        people=people,
    )
    return _voice(incident)


@router.put(
    "/incidents/{incident_id}/voice",
    response=Done,
    summary="Record the victim's voice (every field at once; a blank field is not said), "
    "with the version read: a stale version is refused with 409",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def put_voice(request: HttpRequest, incident_id: int, body: VoiceIn) -> Done:
    d = body.dict()
    version = d.pop("version")
    voice.record_victim_voice(
        api_user(request), incident_id, voice.VoiceInput(**d, expected_version=version)
    )
    return Done(id=incident_id, status="recorded")


@router.post(
    "/incidents/{incident_id}/suspect-statuses",
    response={201: SuspectStatusRecorded},
    summary="Record the suspect's new status (a release records whether the victim was told)",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_suspect_status(
    request: HttpRequest, incident_id: int, body: SuspectStatusIn
) -> Status[SuspectStatusRecorded]:
    made = voice.record_suspect_status(
        api_user(request), incident_id, voice.StatusInput(**body.dict())
    )
    return Status(
        201,
        SuspectStatusRecorded(id=made.pk, status=made.status, victim_not_told=made.victim_not_told),
    )


@router.post(
    "/incidents/{incident_id}/suspect-statuses/{change_id}/victim-told",
    response=SuspectStatusRecorded,
    summary="Record that the victim has been told of the suspect's release",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_victim_told(
    request: HttpRequest, incident_id: int, change_id: int
) -> SuspectStatusRecorded:
    made = voice.record_victim_told(api_user(request), incident_id, change_id)
    return SuspectStatusRecorded(
        id=made.pk, status=made.status, victim_not_told=made.victim_not_told
    )
