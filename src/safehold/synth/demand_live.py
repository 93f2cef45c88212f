"""The synthetic control room's live state: THRIVE answers, callers and contact attempts for
the incidents still open at the seed's "now", and a week of appointment slots per station."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from safehold.accounts.models import Station
from safehold.accounts.roles import Role
from safehold.demand.models import (
    AppointmentSlot,
    ContactAttempt,
    Incident,
    Involvement,
    ThriveAssessment,
)
from safehold.demand.policy import default_policy
from safehold.demand.questions import least_serious
from safehold.demand.vocabulary import Route
from safehold.people.models import Person

if TYPE_CHECKING:
    from safehold.synth.force import SeedContext

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")


def live_records(ctx: SeedContext, rng: random.Random, now: datetime, ids: list[int]) -> int:
    """THRIVE answers, people and contact attempts for the incidents still open."""
    incidents = list(
        Incident.objects.filter(pk__in=ids).only(
            "id",
            "grade",
            "incident_type",
            "route",
            "received_at",
            "contact_attempts",
            "last_contact_at",
            "rc_status",
            "suggested_grade",
        )
    )
    people = list(Person.objects.order_by("id").values_list("id", flat=True)[:5000])
    handlers = ctx.staff.users_by_role.get(Role.CALL_HANDLER, [])
    investigators = ctx.staff.users_by_role.get(Role.RESOLUTION_INVESTIGATOR, [])
    answers = least_serious()
    assessments, involvements, contacts = [], [], []
    for i in incidents:
        handler = rng.choice(handlers) if handlers else None
        a = dict(answers)
        if i.grade == 1:
            a["threat_level"] = "immediate"
        elif i.grade == 2:
            a["threat_level"] = "ongoing"
        assessments.append(
            ThriveAssessment(
                incident=i,
                assessed_at=i.received_at + timedelta(minutes=3),
                answers=a,
                suggested_grade=i.grade or 3,
                suggestion_reasons=["Synthetic: graded at the call"],
                chosen_grade=i.grade or 3,
                policy_version=default_policy().version,
                created_by=handler,
                modified_by=handler,
            )
        )
        if people:
            involvements.append(
                Involvement(
                    incident=i,
                    person_id=rng.choice(people),
                    role="caller",
                    phone=f"07700 9{rng.randint(0, 99999):05d}",
                )
            )
        if i.route == Route.RESOLUTION_CENTRE and i.contact_attempts:
            by = rng.choice(investigators) if investigators else None
            for n in range(i.contact_attempts):
                at = (i.last_contact_at or now) - timedelta(hours=4 * (i.contact_attempts - 1 - n))
                contacts.append(
                    ContactAttempt(
                        incident=i,
                        at=min(at, now),
                        outcome="no_answer",
                        created_by=by,
                        modified_by=by,
                    )
                )
    ThriveAssessment.objects.bulk_create(assessments, batch_size=500)
    Involvement.objects.bulk_create(involvements, batch_size=500)
    ContactAttempt.objects.bulk_create(contacts, batch_size=500)
    return len(incidents)


def appointment_slots(now: datetime) -> int:
    """Appointment slots at every station over the next week; some already booked."""
    today = now.astimezone(LONDON).date()
    slots = []
    for station in Station.objects.all():
        for d in range(1, 8):
            day = today + timedelta(days=d)
            for hour in (10, 11, 14, 15, 16):
                slots.append(
                    AppointmentSlot(
                        station=station,
                        minutes=60,
                        starts_at=datetime.combine(day, time(hour), LONDON).astimezone(UTC),
                    )
                )
    AppointmentSlot.objects.bulk_create(slots, batch_size=500)
    return len(slots)
