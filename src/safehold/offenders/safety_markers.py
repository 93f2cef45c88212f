"""Officer-safety markers: warnings for the officers going to a person (violence,
weapons, dogs ...), shown at the top of the record and on every route stop. Added by
the offender's manager or the priorities team, removed only with a reason."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, InvalidInput, NotFound

from .models import OfficerSafetyMarker, SafetyMarkerKind
from .writes import locked, log, not_future, require, touch


def add_safety_marker(
    actor: User,
    offender_id: int,
    *,
    kind: str,
    note: str,
    added_on: date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> OfficerSafetyMarker:
    """Put an officer-safety marker on the record."""
    if kind not in SafetyMarkerKind.values:
        raise InvalidInput(
            f"Kind must be one of: {', '.join(SafetyMarkerKind.values)}", field="kind"
        )
    note = note.strip()
    require(note, "note", "Say what officers need to know")
    if len(note) > 300:
        raise InvalidInput("The note is at most 300 characters", field="note")
    on = added_on or clock.today()
    not_future(on, "added_on", "The date of the marker", clock=clock)
    with transaction.atomic():
        offender = locked(actor, offender_id)
        marker = OfficerSafetyMarker.objects.create(
            offender=offender,
            kind=kind,
            note=note,
            added_on=on,
            created_by=actor,
            modified_by=actor,
        )
        touch(offender, actor, [])
        log(actor, Operation.COLLECTION, "safety_marker", marker.pk, offender, {"kind": kind})
    return marker


def remove_safety_marker(
    actor: User, marker_id: int, *, reason: str, clock: Clock = SYSTEM_CLOCK
) -> OfficerSafetyMarker:
    """Take a marker off the record, with the reason (it stays in the history)."""
    reason = reason.strip()
    require(reason, "reason", "Say why the marker no longer applies")
    with transaction.atomic():
        marker = OfficerSafetyMarker.objects.select_for_update().filter(pk=marker_id).first()
        if marker is None:
            raise NotFound(f"No officer-safety marker {marker_id}")
        offender = locked(actor, marker.offender_id)
        if marker.removed_at is not None:
            raise Conflict("This marker was removed already", code="marker_removed")
        marker.removed_at, marker.removed_by = clock.now(), actor
        marker.removed_reason, marker.modified_by = reason[:300], actor
        marker.save()
        touch(offender, actor, [])
        log(actor, Operation.ALTERATION, "safety_marker", marker.pk, offender, {"removed": True})
    return marker
