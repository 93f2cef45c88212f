"""Appointment slots per station, and booking one for an incident routed to an appointment."""

from __future__ import annotations

from django.db import transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.models import Operation
from safehold.errors import Conflict, NotFound

from .models import AppointmentSlot
from .support import locked, log, touch
from .vocabulary import Route


def book_appointment(actor: User, incident_id: int, slot_id: int) -> AppointmentSlot:
    """Book a free slot for an incident routed to an appointment."""
    with transaction.atomic():
        incident = locked(actor, incident_id, Capability.TRIAGE_CALLS)
        if incident.route != Route.APPOINTMENT:
            raise Conflict(
                f"{incident.reference} is not routed to an appointment", code="not_appointment"
            )
        if AppointmentSlot.objects.filter(incident=incident).exists():
            raise Conflict(
                f"{incident.reference} already has an appointment", code="already_booked"
            )
        slot = AppointmentSlot.objects.select_for_update().filter(pk=slot_id).first()
        if slot is None:
            raise NotFound(f"No appointment slot {slot_id}", code="no_slot")
        if slot.incident_id is not None:
            raise Conflict("That slot was taken; choose another", code="slot_taken")
        slot.incident, slot.modified_by = incident, actor
        slot.version += 1
        slot.save()
        incident.target_at = slot.starts_at
        touch(incident, actor, ["target_at"])
        log(
            actor,
            Operation.ALTERATION,
            "appointment",
            slot.pk,
            incident,
            {"station": slot.station_id, "starts_at": slot.starts_at.isoformat()},
        )
    return slot
