"""The victim's voice and the suspect's status: recorded once each, logged, and a release
the victim has not been told of shown to supervisors.

The victim's wishes, safe contact method and times, communication needs and support for a
prosecution are kept on the incident; each change of the suspect's status (custody, bail,
released under investigation, remanded, released with no further action) is a row with the
time the victim was told of a release. The suspect-at-large flag the queue weighs follows
the status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, NotFound

from .models import SuspectStatusChange
from .support import choice, locked, log, require_open, touch, when
from .vocabulary import ProsecutionSupport, SafeContact, SuspectStatus

__all__ = [
    "StatusInput",
    "VoiceInput",
    "record_suspect_status",
    "record_victim_told",
    "record_victim_voice",
]


@dataclass(frozen=True, slots=True)
class VoiceInput:
    wishes: str = ""
    safe_contact: str = ""
    safe_contact_times: str = ""
    communication_needs: str = ""
    supports_prosecution: str = ""
    expected_version: int | None = None


def record_victim_voice(actor: User, incident_id: int, data: VoiceInput) -> None:
    """Record what the victim wants and how to reach them safely (blank: not said).

    A copy read before someone else's save is refused (``stale_record``), and a closed
    incident is refused as for the suspect's status (``incident_closed``): nothing written."""
    if data.safe_contact:
        choice(data.safe_contact, SafeContact.values, "safe_contact", "Safe contact method")
    if data.supports_prosecution:
        choice(
            data.supports_prosecution,
            ProsecutionSupport.values,
            "supports_prosecution",
            "Support for a prosecution",
        )
    with transaction.atomic():
        incident = locked(actor, incident_id, expected_version=data.expected_version)
        require_open(incident)
        incident.victim_wishes = data.wishes.strip()
        incident.safe_contact = data.safe_contact
        incident.safe_contact_times = data.safe_contact_times.strip()
        incident.communication_needs = data.communication_needs.strip()
        incident.supports_prosecution = data.supports_prosecution
        touch(
            incident,
            actor,
            [
                "victim_wishes",
                "safe_contact",
                "safe_contact_times",
                "communication_needs",
                "supports_prosecution",
            ],
        )
        log(
            actor,
            Operation.COLLECTION,
            "victim_voice",
            incident.pk,
            incident,
            {"safe_contact": data.safe_contact, "supports_prosecution": data.supports_prosecution},
        )


@dataclass(frozen=True, slots=True)
class StatusInput:
    status: str
    at: datetime | None = None
    conditions: str = ""
    victim_told: bool = False


_AT_LARGE = {SuspectStatus.AT_LARGE: True}


def record_suspect_status(
    actor: User, incident_id: int, data: StatusInput, *, clock: Clock = SYSTEM_CLOCK
) -> SuspectStatusChange:
    """Record the suspect's new status; a release may record that the victim was told."""
    choice(data.status, SuspectStatus.values, "status", "The suspect's status")
    status = SuspectStatus(data.status)
    with transaction.atomic():
        incident = locked(actor, incident_id)
        require_open(incident)
        at = when(data.at, "at", "the time of the change", after=incident.reported_at, clock=clock)
        told = status.is_release and data.victim_told
        change = SuspectStatusChange.objects.create(
            incident=incident,
            status=status,
            at=at,
            conditions=data.conditions.strip(),
            victim_told_at=clock.now() if told else None,
            victim_told_by=actor if told else None,
            created_by=actor,
            modified_by=actor,
        )
        incident.suspect_at_large = _AT_LARGE.get(status, False)
        touch(incident, actor, ["suspect_at_large"])
        log(
            actor,
            Operation.COLLECTION,
            "suspect_status",
            change.pk,
            incident,
            {"status": status.value, "victim_told": told},
        )
    return change


def record_victim_told(
    actor: User, incident_id: int, change_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> SuspectStatusChange:
    """Record that the victim has now been told of the suspect's release."""
    with transaction.atomic():
        incident = locked(actor, incident_id)
        change = (
            SuspectStatusChange.objects.select_for_update()
            .filter(pk=change_id, incident=incident)
            .first()
        )
        if change is None:
            raise NotFound(f"No suspect status {change_id} on {incident.reference}")
        if not change.victim_not_told:
            raise Conflict(
                "This status is not a release awaiting the victim being told",
                code="nothing_to_tell",
            )
        change.victim_told_at, change.victim_told_by = clock.now(), actor
        change.modified_by = actor
        change.version += 1
        change.save()
        touch(incident, actor, [])
        log(actor, Operation.ALTERATION, "suspect_status", change.pk, incident, {"told": True})
    return change
