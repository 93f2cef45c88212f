"""Intake: logging a domestic-abuse incident, and deciding who its people are.

Each person given at intake is matched with the people already held (``matching``):
a confident match is linked, an uncertain one creates a new person and waits for someone
to confirm or reject it (``match_decisions.decide_match``). Every decision is in the access
log; linking two records is a "combination" under DPA 2018 s.62.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Forbidden, InvalidInput
from safehold.people.linkage_records import MatchBand, MatchPair
from safehold.people.models import Person, PersonAddress

from . import matching
from .models import (
    CrimeType,
    GradeSource,
    Incident,
    MatchStatus,
    Party,
    PartyRole,
    PersonMatch,
    Relationship,
    Source,
)
from .support import (
    POSTCODE,
    choice,
    log,
    when,
)
from .vocabulary import Attendance, Grade


@dataclass(frozen=True, slots=True)
class PersonDetails:
    """A person as the caller or officer gives them."""

    given_name: str
    family_name: str
    date_of_birth: date | None = None
    sex: str = ""
    postcode: str = ""


@dataclass(frozen=True, slots=True)
class IncidentInput:
    """What the call handler records."""

    reported_at: datetime
    source: str
    attendance: str
    grade: str
    victim: PersonDetails
    suspect: PersonDetails | None = None
    relationship: str = ""
    suspect_at_large: bool = False
    children_present: bool = False
    children: tuple[PersonDetails, ...] = ()
    others: tuple[PersonDetails, ...] = ()
    at_victims_home: bool = True
    location_description: str = ""
    summary: str = ""
    crime_recorded: bool = False
    crime_type: str = ""


def _check_person(p: PersonDetails, prefix: str, label: str, today: date) -> PersonDetails:
    given = (p.given_name or "").strip()
    family = (p.family_name or "").strip()
    if not family:
        raise InvalidInput(f"Enter the {label}'s family name", field=f"{prefix}_family_name")
    if not given and prefix == "victim":
        raise InvalidInput(f"Enter the {label}'s given name", field=f"{prefix}_given_name")
    if p.date_of_birth is not None:
        if p.date_of_birth > today:
            raise InvalidInput(
                f"The {label}'s date of birth must be in the past", field=f"{prefix}_date_of_birth"
            )
        if (today - p.date_of_birth).days > 120 * 366:
            raise InvalidInput(
                f"The {label}'s date of birth is more than 120 years ago; check the year",
                field=f"{prefix}_date_of_birth",
            )
    sex = (p.sex or "").strip().upper()
    if sex not in ("", "F", "M", "U"):
        raise InvalidInput("Sex must be F, M or not known", field=f"{prefix}_sex")
    postcode = " ".join((p.postcode or "").upper().split())
    if postcode:
        compact = postcode.replace(" ", "")
        postcode = f"{compact[:-3]} {compact[-3:]}"
        if not POSTCODE.match(postcode):
            raise InvalidInput(
                f"{p.postcode!r} is not a UK postcode; for example ST16 2DJ",
                field=f"{prefix}_postcode",
            )
    return PersonDetails(given, family, p.date_of_birth, sex if sex != "U" else "", postcode)


# Children and other household members on one incident (each is matched against the
# people held; 400 "others" once took 72 s).
MAX_HOUSEHOLD = 20


def _check_incident(data: IncidentInput, clock: Clock) -> IncidentInput:
    today = clock.today()
    when(data.reported_at, "reported_at", "the time reported", clock=clock)
    if data.reported_at < clock.now() - timedelta(days=366):
        raise InvalidInput(
            "The report is more than a year old; record historic abuse through the crime "
            "recording system",
            field="reported_at",
        )
    choice(data.source, Source.values, "source", "Source")
    choice(data.attendance, list(Attendance), "attendance", "Attendance")
    choice(data.grade, list(Grade), "grade", "The initial grade")
    if data.relationship:
        choice(data.relationship, Relationship.values, "relationship", "Relationship")
    if data.crime_recorded and not data.crime_type:
        raise InvalidInput("Select the crime type", field="crime_type")
    if data.crime_type:
        choice(data.crime_type, CrimeType.values, "crime_type", "Crime type")
        if not data.crime_recorded:
            raise InvalidInput(
                "A crime type needs a crime recorded; tick 'A crime was recorded' or clear it",
                field="crime_type",
            )
    if not data.at_victims_home and not data.location_description.strip():
        raise InvalidInput("Say where it happened", field="location_description")
    for name, people in (("children", data.children), ("others", data.others)):
        if len(people) > MAX_HOUSEHOLD:
            raise InvalidInput(
                f"Record at most {MAX_HOUSEHOLD} {name} on one incident; add the rest "
                "to the case afterwards",
                field=name,
            )
    children = []
    for n, child in enumerate(data.children, start=1):
        checked = _check_person(child, f"child_{n}", f"child {n}", today)
        if checked.date_of_birth and (today - checked.date_of_birth).days > 18 * 366:
            raise InvalidInput(
                f"Child {n} is over 18; record them as another household member",
                field=f"child_{n}_date_of_birth",
            )
        children.append(checked)
    suspect = data.suspect
    if suspect is not None and (suspect.given_name or suspect.family_name):
        suspect = _check_person(suspect, "suspect", "suspect", today)
    else:
        suspect = None
        if data.relationship:
            raise InvalidInput(
                "A relationship needs a suspect; enter the suspect or clear the relationship",
                field="relationship",
            )
    return IncidentInput(
        reported_at=data.reported_at,
        source=data.source,
        attendance=data.attendance,
        grade=data.grade,
        victim=_check_person(data.victim, "victim", "victim", today),
        suspect=suspect,
        relationship=data.relationship,
        suspect_at_large=data.suspect_at_large and suspect is not None,
        children_present=data.children_present or bool(children),
        children=tuple(children),
        others=tuple(
            _check_person(o, f"other_{n}", f"household member {n}", today)
            for n, o in enumerate(data.others, start=1)
        ),
        at_victims_home=data.at_victims_home,
        location_description=data.location_description.strip(),
        summary=data.summary.strip(),
        crime_recorded=data.crime_recorded,
        crime_type=data.crime_type,
    )


@dataclass
class _Resolved:
    person: Person
    created: bool
    linked: list[MatchPair]
    uncertain: list[MatchPair]


def _score(details: PersonDetails, key: str, matcher: matching.Matcher) -> list[MatchPair]:
    """Score ``details`` against the people held: reads only, run before the write
    transaction (matching 400 people inside it once held the database for 72 s)."""
    incoming = matching.record_for(
        key,
        details.given_name,
        details.family_name,
        details.date_of_birth,
        details.postcode,
        details.sex,
    )
    held = matching.candidates(details.family_name, details.date_of_birth, details.postcode)
    return matcher(incoming, held) if held else []


def _resolve(
    details: PersonDetails,
    key: str,
    used: set[int],
    scored: list[MatchPair],
    *,
    may_link: bool,
    clock: Clock,
) -> _Resolved:
    """Find the person held for ``details``: linked when confident, else a new person.

    Without ``may_link`` (a role with no access to people's records) even a confident
    match is not linked: it waits in the review queue like an uncertain one, so logging
    an incident never tells such a role that a name belongs to someone held.
    """
    pairs = [p for p in scored if int(p.right_id) not in used]
    confident = [p for p in pairs if p.band is MatchBand.CONFIDENT and may_link]
    uncertain = [p for p in pairs if p not in confident]
    if confident:
        best, *others = confident
        linked = Person.objects.filter(pk=int(best.right_id)).first()
        if linked is not None:
            # Two confident candidates are themselves probably one person: a human decides.
            return _Resolved(linked, False, [best], others + uncertain)
    person = Person.objects.create(
        reference=f"TMP-{key}-{clock.now().timestamp():.6f}"[:20],
        given_name=details.given_name or "Not known",
        family_name=details.family_name,
        date_of_birth=details.date_of_birth,
        sex=details.sex or "U",
        notes="Recorded at domestic-abuse intake",
    )
    person.reference = f"S{person.pk:07d}"
    person.save(update_fields=["reference"])
    return _Resolved(person, True, [], uncertain)


def _match_row(party: Party, pair: MatchPair, status: str) -> PersonMatch:
    return PersonMatch(
        party=party,
        candidate_id=int(pair.right_id),
        probability=pair.probability,
        match_weight=pair.match_weight,
        explanation=matching.explanation_data(pair),
        model_version=pair.model_version,
        hold_reason=pair.hold_reason
        or ("logged_without_people_access" if pair.band is MatchBand.CONFIDENT else ""),
        status=status,
    )


def log_incident(
    actor: User,
    data: IncidentInput,
    *,
    matcher: matching.Matcher | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Incident:
    """Log a domestic-abuse incident; match its people with those held; queue the victim."""
    if not actor.can(Capability.LOG_INCIDENTS):
        raise Forbidden("Your role cannot log incidents", code="cannot_log_incidents")
    data = _check_incident(data, clock)
    match = matcher or matching.splink_matcher
    roles: list[tuple[str, PersonDetails, str]] = [(PartyRole.VICTIM, data.victim, "victim")]
    if data.suspect is not None:
        roles.append((PartyRole.SUSPECT, data.suspect, "suspect"))
    roles += [(PartyRole.CHILD, c, f"child_{n}") for n, c in enumerate(data.children, 1)]
    roles += [(PartyRole.OTHER, o, f"other_{n}") for n, o in enumerate(data.others, 1)]
    # The slow part (scoring against the people held) runs before the write transaction,
    # so it never holds the database while other users wait.
    scores = [_score(details, key, match) for _, details, key in roles]
    may_link = actor.can(Capability.VIEW_PEOPLE)
    with transaction.atomic():
        used: set[int] = set()
        resolved = []
        for (role, details, key), scored in zip(roles, scores, strict=True):
            found = _resolve(details, key, used, scored, may_link=may_link, clock=clock)
            used.add(found.person.pk)
            resolved.append((role, details, found))
        victim = resolved[0][2].person
        suspect = resolved[1][2].person if data.suspect is not None else None
        location, where = None, data.location_description
        if data.at_victims_home:
            home = (
                PersonAddress.objects.filter(person=victim, valid_to__isnull=True)
                .select_related("address__location")
                .first()
            )
            if home is not None:
                location, where = home.address.location, where or str(home.address)
            else:
                where = where or "The victim's home"
        incident = Incident.objects.create(
            reported_at=data.reported_at,
            source=data.source,
            attendance=data.attendance,
            attendance_changed_at=None,
            victim=victim,
            suspect=suspect,
            relationship=data.relationship,
            location=location,
            location_description=where,
            summary=data.summary,
            suspect_at_large=data.suspect_at_large,
            children_present=data.children_present,
            crime_recorded=data.crime_recorded,
            crime_type=data.crime_type,
            grade=data.grade,
            grade_source=GradeSource.CALL_HANDLER,
            # An officer who raises the incident is with the victim: seen at once.
            seen_at=data.reported_at if data.source == Source.OFFICER else None,
            created_by=actor,
            modified_by=actor,
        )
        log(
            actor,
            Operation.COLLECTION,
            "da_incident",
            incident.pk,
            incident,
            {"source": data.source, "attendance": data.attendance, "grade": data.grade},
        )
        matches: list[tuple[PersonMatch, dict[str, Any]]] = []
        for role, details, found in resolved:
            party = Party.objects.create(
                incident=incident,
                role=role,
                person=found.person,
                given_name=details.given_name,
                family_name=details.family_name,
                date_of_birth=details.date_of_birth,
                postcode=details.postcode,
                sex=details.sex,
                created_by=actor,
                modified_by=actor,
            )
            if found.created:
                log(
                    actor,
                    Operation.COLLECTION,
                    "person",
                    found.person.pk,
                    incident,
                    {"role": role, "recorded_at_intake": True},
                    person_id=found.person.pk,
                )
            for pair in found.linked:
                matches.append((_match_row(party, pair, MatchStatus.LINKED), {"role": role}))
            for pair in found.uncertain:
                matches.append((_match_row(party, pair, MatchStatus.PENDING), {"role": role}))
        for row, detail in matches:
            row.created_by = row.modified_by = actor
            row.save()
            automatic = row.status == MatchStatus.LINKED
            log(
                actor,
                Operation.COMBINATION if automatic else Operation.COLLECTION,
                "person_match",
                row.pk,
                incident,
                {
                    **detail,
                    "decision": row.status,
                    "candidate": row.candidate_id,
                    "probability": round(row.probability, 4),
                    "model_version": row.model_version,
                    "explanation": row.explanation,
                },
                person_id=row.candidate_id,
            )
    return incident
