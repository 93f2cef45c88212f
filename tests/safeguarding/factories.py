"""Test data for the safeguarding context: incidents written straight to the database.

Services are tested through their own calls; these build the state around them quickly.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone
from tests.factories import PersonFactory

from safehold.accounts.models import User
from safehold.people.models import Person
from safehold.safeguarding.models import (
    DashAssessment,
    Incident,
    MaracMeeting,
    MaracReferral,
    MatchStatus,
    Party,
    PersonMatch,
    ProtectiveAction,
    SuspectStatusChange,
)


def answers(yes: int, total: int = 27) -> dict[str, str]:
    """A DASH-27 answer set with the first ``yes`` questions answered yes, the rest no."""
    return {str(n): "yes" if n <= yes else "no" for n in range(1, total + 1)}


def make_incident(
    *,
    victim: Person | None = None,
    suspect: Person | bool | None = True,
    minutes_ago: float = 30,
    reported_at: datetime | None = None,
    grade: str = "medium",
    attendance: str = "delayed",
    created_by: User | None = None,
    **fields: Any,
) -> Incident:
    """An open incident whose victim is waiting, with victim and suspect parties."""
    victim = victim or PersonFactory(sex="F")
    if suspect is True:
        suspect = PersonFactory(sex="M")
    elif suspect is False:
        suspect = None
    incident = Incident.objects.create(
        reported_at=reported_at or timezone.now() - timedelta(minutes=minutes_ago),
        source=fields.pop("source", "call"),
        attendance=attendance,
        victim=victim,
        suspect=suspect,
        relationship="partner" if suspect else "",
        grade=grade,
        grade_source=fields.pop("grade_source", "call_handler"),
        created_by=created_by,
        **fields,
    )
    people: list[tuple[str, Person]] = [("victim", victim)]
    if suspect is not None:
        people.append(("suspect", suspect))  # type: ignore[arg-type]
    for role, person in people:
        Party.objects.create(
            incident=incident,
            role=role,
            person=person,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
        )
    return incident


def make_dash(incident: Incident, *, yes: int = 5, grade: str = "standard") -> DashAssessment:
    """A stored questionnaire on the incident (as ``record_dash`` would leave it)."""
    return DashAssessment.objects.create(
        incident=incident,
        victim_id=incident.victim_id,
        assessed_at=incident.reported_at + timedelta(minutes=5),
        questionnaire_id="dash-27",
        questionnaire_version="safehold-paraphrase-1",
        answers=answers(yes),
        yes_count=yes,
        grade=grade,
        actuarial_grade=grade,
        policy_version="safehold-da-2026.2",
    )


def make_action(incident: Incident, kind: str = "safety_planning") -> ProtectiveAction:
    """A running protective action on the incident."""
    started = incident.reported_at + timedelta(minutes=10)
    return ProtectiveAction.objects.create(
        incident=incident,
        kind=kind,
        started_at=started,
        due_at=started + timedelta(hours=24),
        clock_text="Agree a safety plan with the victim within 24 h",
        on_expiry="The safety plan is late",
        policy_version="safehold-da-2026.2",
        subject=incident.victim,
    )


def make_meeting(held_on: date | None = None, *, with_referral: bool = True) -> MaracMeeting:
    """A MARAC meeting, by default with one case referred."""
    if held_on is None:  # one meeting a day, from today
        held_on = timezone.localdate() + timedelta(days=MaracMeeting.objects.count())
    meeting = MaracMeeting.objects.create(held_on=held_on)
    if with_referral:
        incident = make_incident()
        MaracReferral.objects.create(
            incident=incident,
            victim=incident.victim,
            meeting=meeting,
            referred_at=timezone.now(),
            consent="with_consent",
            criteria=[{"code": "visible_high_risk", "text": "Visible high risk: 15 yes"}],
            policy_version="safehold-da-2026.2",
        )
    return meeting


def make_match(*, probability: float = 0.8) -> PersonMatch:
    """An uncertain match awaiting review: the intake victim against a person held."""
    held = PersonFactory(given_name="Maria", family_name="Jones")
    recorded = PersonFactory(given_name="Maria", family_name="Joens")
    incident = make_incident(victim=recorded)
    party = incident.parties.get(role="victim")
    return PersonMatch.objects.create(
        party=party,
        candidate=held,
        probability=probability,
        match_weight=3.2,
        explanation=[
            {
                "field": "family_name",
                "level": "spelling close",
                "outcome": "partial",
                "match_weight": 2.5,
            }
        ],
        model_version="test",
        status=MatchStatus.PENDING,
    )


def make_release(incident: Incident, status: str = "rui") -> SuspectStatusChange:
    """The suspect released (under investigation by default); the victim not yet told."""
    return SuspectStatusChange.objects.create(
        incident=incident, status=status, at=incident.reported_at + timedelta(hours=5)
    )
