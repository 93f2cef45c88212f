"""Recording a call (or online report, or officer-generated incident) and its people.

People involved are linked through the people register: a person given with the same name
and date of birth as exactly one person held is linked to them; otherwise a new person is
recorded. Either way the link is in the access log (a new person as a collection, a link
as a combination under DPA 2018 s.62).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import uuid4

from django.db import transaction

from safehold.accounts.models import Station, User
from safehold.accounts.roles import Capability
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Forbidden, InvalidInput
from safehold.people.models import Person

from .models import Incident, Involvement, InvolvementRole
from .policy import DemandPolicy, default_policy
from .support import log, moment
from .vocabulary import Channel, IncidentType

POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class PersonInput:
    """A person involved, as the caller gives them."""

    family_name: str
    given_name: str = ""
    role: str = InvolvementRole.CALLER
    date_of_birth: date | None = None
    vulnerable: bool = False
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class CallInput:
    """What the call handler records before THRIVE."""

    channel: str
    incident_type: str
    received_at: datetime | None = None
    station_code: str = ""
    postcode: str = ""
    location_description: str = ""
    summary: str = ""
    domestic_abuse: bool = False
    people: tuple[PersonInput, ...] = field(default_factory=tuple)


def _check(data: CallInput, now: datetime) -> tuple[CallInput, Station | None]:
    if data.channel not in Channel.__members__.values():
        raise InvalidInput(f"Channel must be one of: {', '.join(Channel)}", field="channel")
    if data.incident_type not in IncidentType.__members__.values():
        raise InvalidInput("Select the incident type", field="incident_type")
    received = moment(data.received_at, "received_at", "the time received", now)
    postcode = " ".join(data.postcode.upper().split())
    if postcode:
        compact = postcode.replace(" ", "")
        postcode = f"{compact[:-3]} {compact[-3:]}"
        if not POSTCODE.match(postcode):
            raise InvalidInput(
                f"{data.postcode!r} is not a UK postcode; for example ST16 2DJ", field="postcode"
            )
    station = None
    if data.station_code:
        station = Station.objects.filter(code=data.station_code.upper()).first()
        if station is None:
            raise InvalidInput(f"No station with code {data.station_code!r}", field="station_code")
    if not data.location_description.strip() and not postcode:
        raise InvalidInput(
            "Say where it happened (a postcode or a description)", field="location_description"
        )
    people = []
    for n, p in enumerate(data.people, start=1):
        if not p.family_name.strip():
            raise InvalidInput(f"Enter person {n}'s family name", field=f"person_{n}_family_name")
        if p.role not in InvolvementRole.values:
            raise InvalidInput(
                f"Person {n}'s role must be one of: {', '.join(InvolvementRole.values)}",
                field=f"person_{n}_role",
            )
        if p.date_of_birth and p.date_of_birth > now.date():
            raise InvalidInput(
                f"Person {n}'s date of birth must be in the past", field=f"person_{n}_date_of_birth"
            )
        people.append(p)
    is_da = data.domestic_abuse or data.incident_type == IncidentType.DOMESTIC_ABUSE
    if is_da and not any(p.role == InvolvementRole.VICTIM for p in people):
        raise InvalidInput(
            "Domestic abuse goes on to the safeguarding queue: add the victim",
            field="person_1_family_name",
        )
    clean = CallInput(
        channel=data.channel,
        incident_type=data.incident_type,
        received_at=received,
        station_code=station.code if station else "",
        postcode=postcode,
        location_description=data.location_description.strip(),
        summary=data.summary.strip(),
        domestic_abuse=is_da,
        people=tuple(people),
    )
    return clean, station


def _person_for(p: PersonInput) -> tuple[Person, bool]:
    """The one person held with this name and date of birth (never a retired duplicate),
    or a new person."""
    if p.date_of_birth is not None:
        held = list(
            Person.objects.current().filter(
                family_name__iexact=p.family_name.strip(),
                given_name__iexact=p.given_name.strip(),
                date_of_birth=p.date_of_birth,
            )[:2]
        )
        if len(held) == 1:
            return held[0], False
    person = Person.objects.create(
        reference=f"TMP-{uuid4().hex[:16]}",
        given_name=p.given_name.strip() or "Not known",
        family_name=p.family_name.strip(),
        date_of_birth=p.date_of_birth,
        notes="Recorded at call handling",
    )
    person.reference = f"C{person.pk:07d}"
    person.save(update_fields=["reference"])
    return person, True


def record_call(
    actor: User,
    data: CallInput,
    *,
    clock: Clock = SYSTEM_CLOCK,
    policy: DemandPolicy | None = None,
) -> Incident:
    """Record an incident and the people in it; it waits for THRIVE."""
    if not actor.can(Capability.TRIAGE_CALLS):
        raise Forbidden("Your role cannot record calls", code="cannot_record_calls")
    now = clock.now()
    policy = policy or default_policy()
    data, station = _check(data, now)
    assert data.received_at is not None
    with transaction.atomic():
        incident = Incident.objects.create(
            channel=data.channel,
            incident_type=data.incident_type,
            received_at=data.received_at,
            area=policy.area_for(postcode=data.postcode, station_code=data.station_code),
            station=station,
            postcode=data.postcode,
            location_description=data.location_description,
            summary=data.summary,
            is_domestic_abuse=data.domestic_abuse,
            created_by=actor,
            modified_by=actor,
        )
        log(
            actor,
            Operation.COLLECTION,
            "incident",
            incident.pk,
            incident,
            {"channel": data.channel, "type": data.incident_type, "area": incident.area},
        )
        for p in data.people:
            person, created = _person_for(p)
            Involvement.objects.create(
                incident=incident,
                person=person,
                role=p.role,
                vulnerable=p.vulnerable,
                phone=p.phone.strip(),
                email=p.email.strip(),
                created_by=actor,
                modified_by=actor,
            )
            log(
                actor,
                Operation.COLLECTION if created else Operation.COMBINATION,
                "incident_person",
                person.pk,
                incident,
                {"role": p.role, "new_person": created},
                person_id=person.pk,
            )
    return incident
