"""The DS's decision on a trip abroad the travel check flagged (an order's travel
prohibition or a country of concern): no action, further enquiry, or breach suspected,
with a note. Until it is made the record and the briefing show the flag "for the DS";
afterwards they show the decision.

One service: a sergeant or above who may edit the record decides, in one transaction
with its access-log entry; a decision is made once.
"""

from __future__ import annotations

from django.db import transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Rank
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, Forbidden, InvalidInput, NotFound

from .models import Notification, NotificationKind, TravelDecision
from .writes import locked, log, require, touch


def decide_travel_flag(
    actor: User,
    offender_id: int,
    notification_id: int,
    *,
    decision: str,
    note: str,
    clock: Clock = SYSTEM_CLOCK,
) -> Notification:
    """Record the DS's decision on the offender's flagged trip."""
    if decision not in TravelDecision.values:
        raise InvalidInput(
            "Choose no action, further enquiry or breach suspected", field="decision"
        )
    note = note.strip()
    require(note, "note", "Say why (the note goes on the record)")
    if len(note) > 500:
        raise InvalidInput("The note is at most 500 characters", field="note")
    if not Rank(actor.rank).is_supervisor:
        raise Forbidden(
            "Only a detective sergeant or above decides on a flagged trip",
            code="needs_sergeant",
        )
    with transaction.atomic():
        offender = locked(actor, offender_id)
        notification = (
            Notification.objects.select_for_update()
            .filter(
                pk=notification_id,
                offender=offender,
                kind=NotificationKind.FOREIGN_TRAVEL,
            )
            .exclude(travel_flag="")
            .first()
        )
        if notification is None:
            raise NotFound("No flagged trip with that id on this record")
        if notification.travel_decision:
            raise Conflict("The DS has decided on this trip already", code="travel_decided")
        notification.travel_decision, notification.travel_decision_note = decision, note
        notification.travel_decided_by, notification.travel_decided_at = actor, clock.now()
        notification.modified_by = actor
        notification.save(
            update_fields=[
                "travel_decision",
                "travel_decision_note",
                "travel_decided_by",
                "travel_decided_at",
                "modified_by",
                "modified_at",
            ]
        )
        touch(offender, actor, [])
        log(
            actor,
            Operation.ALTERATION,
            "notification",
            notification.pk,
            offender,
            {"travel_decision": decision},
        )
    return notification
