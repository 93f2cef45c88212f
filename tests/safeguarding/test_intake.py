"""Logging an incident: validation, the queue, matching people with those held, decisions."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.factories import AddressFactory, PersonFactory
from tests.safeguarding.factories import make_incident, make_match

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.audit.models import AccessLogEntry, Operation
from safehold.audit.privileged import PRIVILEGED_TYPES
from safehold.errors import Conflict, Forbidden, InvalidInput
from safehold.people.linkage import MatchBand
from safehold.people.models import Person
from safehold.safeguarding import services
from safehold.safeguarding.matching import FakeMatcher
from safehold.safeguarding.models import Incident, MatchStatus, PersonMatch
from safehold.safeguarding.queries import intake_history, victim_history

pytestmark = pytest.mark.django_db


def _input(**changes: object) -> services.IncidentInput:
    base = services.IncidentInput(
        reported_at=timezone.now() - timedelta(minutes=5),
        source="call",
        attendance="delayed",
        grade="medium",
        victim=services.PersonDetails("Sian", "Rowley", date(1990, 4, 2), "F", "st16 2dj"),
        suspect=services.PersonDetails("Dean", "Rowley", date(1988, 1, 9), "M"),
        relationship="partner",
        suspect_at_large=True,
        children=(services.PersonDetails("Mia", "Rowley", date(2019, 6, 1)),),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_a_delayed_incident_queues_the_victim_and_records_everyone_involved(
    call_handler: User, matcher: FakeMatcher
) -> None:
    """Victim, suspect and child become parties; the victim waits; the intake is logged."""
    incident = services.log_incident(call_handler, _input(), matcher=matcher)
    assert incident.is_waiting
    assert incident.children_present
    assert incident.suspect_at_large
    roles = sorted(incident.parties.values_list("role", flat=True))
    assert roles == ["child", "suspect", "victim"]
    victim = incident.parties.get(role="victim")
    assert (victim.postcode, incident.victim.reference[:1]) == ("ST16 2DJ", "S")
    entry = AccessLogEntry.objects.get(record_type="da_incident")
    assert (entry.operation, entry.person_id, entry.user) == (
        Operation.COLLECTION,
        incident.victim_id,
        call_handler,
    )


def test_an_officer_raised_incident_has_its_victim_seen_already(
    call_handler: User, matcher: FakeMatcher
) -> None:
    """The officer who raises it is with the victim: not in the waiting queue."""
    incident = services.log_incident(
        call_handler, _input(source="officer", attendance="attended"), matcher=matcher
    )
    assert not incident.is_waiting


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reported_at": timezone.now() + timedelta(hours=2)}, "reported_at"),
        ({"attendance": "maybe"}, "attendance"),
        ({"grade": "severe"}, "grade"),
        ({"victim": services.PersonDetails("", "Rowley")}, "victim_given_name"),
        ({"victim": services.PersonDetails("Sian", "Rowley", postcode="NOT A PC")},
         "victim_postcode"),
        ({"victim": services.PersonDetails("Sian", "Rowley", date(2090, 1, 1))},
         "victim_date_of_birth"),
        ({"crime_type": "violence_with_injury"}, "crime_type"),
        ({"crime_recorded": True}, "crime_type"),
        ({"suspect": None}, "relationship"),
        ({"children": (services.PersonDetails("Tom", "Rowley", date(1990, 1, 1)),)},
         "child_1_date_of_birth"),
        ({"at_victims_home": False}, "location_description"),
    ],
)  # fmt: skip
def test_bad_intake_is_refused_naming_the_field_and_nothing_is_written(
    call_handler: User, matcher: FakeMatcher, changes: dict[str, object], field: str
) -> None:
    """Each bad value is named; no incident, no person and no log entry is written."""
    people = Person.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.log_incident(call_handler, _input(**changes), matcher=matcher)
    assert refused.value.field == field
    assert not Incident.objects.exists()
    assert Person.objects.count() == people
    assert not AccessLogEntry.objects.exclude(record_type__in=PRIVILEGED_TYPES).exists()


def test_a_role_without_log_incidents_cannot_log_one(
    users: dict[Role, User], matcher: FakeMatcher
) -> None:
    """An analyst is refused before anything is written."""
    with pytest.raises(Forbidden):
        services.log_incident(users[Role.ANALYST], _input(), matcher=matcher)
    assert not Incident.objects.exists()


def test_a_confident_match_links_the_person_held_and_logs_a_combination(
    officer: User,
) -> None:
    """The victim is the person already held; the link is a 'combination' in the access log
    (for a role with access to people's records; see test_intake_bounds for the others)."""
    held = PersonFactory(given_name="Sian", family_name="Rowley", date_of_birth=date(1990, 4, 2))
    matcher = FakeMatcher({("Sian", "Rowley"): [(held.pk, 0.99, MatchBand.CONFIDENT)]})
    incident = services.log_incident(officer, _input(), matcher=matcher)
    assert incident.victim == held
    match = PersonMatch.objects.get()
    assert match.status == MatchStatus.LINKED
    entry = AccessLogEntry.objects.get(record_type="person_match")
    assert (entry.operation, entry.person_id) == (Operation.COMBINATION, held.pk)
    assert entry.detail["probability"] == 0.99


def test_the_held_persons_home_is_where_it_happened(officer: User) -> None:
    """At the victim's home: the incident takes the location of their current address."""
    home = AddressFactory()
    held = PersonFactory(given_name="Sian", family_name="Rowley", home=home)
    matcher = FakeMatcher({("Sian", "Rowley"): [(held.pk, 0.99, MatchBand.CONFIDENT)]})
    incident = services.log_incident(officer, _input(), matcher=matcher)
    assert incident.location == home.location


def test_an_uncertain_match_records_a_new_person_and_queues_the_pair(call_handler: User) -> None:
    """Below the link threshold: a new person now, and a match for someone to decide."""
    held = PersonFactory(given_name="Sian", family_name="Rowley")
    matcher = FakeMatcher({("Sian", "Rowley"): [(held.pk, 0.7, MatchBand.UNCERTAIN)]})
    incident = services.log_incident(call_handler, _input(), matcher=matcher)
    assert incident.victim != held
    match = PersonMatch.objects.get()
    assert (match.status, match.candidate) == (MatchStatus.PENDING, held)


def test_only_people_sharing_a_name_birthday_or_postcode_are_scored(call_handler: User) -> None:
    """The database narrows the candidates before the scorer sees them."""
    namesake = PersonFactory(given_name="Ann", family_name="Rowley")
    PersonFactory(given_name="Ann", family_name="Quill", date_of_birth=date(1971, 3, 3))
    matcher = FakeMatcher()
    services.log_incident(call_handler, _input(suspect=None, relationship=""), matcher=matcher)
    _, held = matcher.calls[0]
    assert str(namesake.pk) in held
    assert len(held) == 1


def test_the_real_linkage_engine_links_a_misspelt_returning_victim(officer: User) -> None:
    """Splink's default model: same birthday and postcode, one letter out: the same person."""
    first = services.log_incident(officer, _input(suspect=None, relationship="", children=()))
    again = services.log_incident(
        officer,
        _input(
            victim=services.PersonDetails("Sian", "Rowly", date(1990, 4, 2), "F", "ST16 2DJ"),
            suspect=None,
            relationship="",
            children=(),
        ),
    )
    assert again.victim_id == first.victim_id
    history = intake_history(again, timezone.now())
    assert [e.incident_id for e in history.victim_incidents] == [first.pk]


def test_confirming_a_match_relinks_the_incident_and_logs_a_combination(officer: User) -> None:
    """The recorded party and the incident now point at the person held."""
    match = make_match()
    services.decide_match(officer, match.pk, confirm=True)
    match.refresh_from_db()
    incident = match.party.incident
    incident.refresh_from_db()
    assert incident.victim == match.candidate
    assert match.status == MatchStatus.CONFIRMED
    entry = AccessLogEntry.objects.get(record_type="person_match")
    assert entry.operation == Operation.COMBINATION
    with pytest.raises(Conflict):
        services.decide_match(officer, match.pk, confirm=False, note="changed my mind")


def test_confirming_a_match_moves_the_incidents_risk_records_to_the_person_held(
    officer: User,
) -> None:
    """A questionnaire, a referral and an action recorded while the match waited follow the
    victim: the person held's history then counts them (MARAC repeat and escalation)."""
    match = make_match()
    incident = match.party.incident
    services.record_dash(officer, incident.pk, services.DashInput(answers={"1": "yes"}))
    services.refer_to_marac(
        officer,
        incident.pk,
        services.ReferralInput(
            consent="with_consent",
            meeting_on=timezone.localdate() + timedelta(days=7),
            judgement_reason="Escalating abuse",
        ),
    )
    services.record_protective_action(
        officer, incident.pk, services.ActionInput(kind="safety_planning")
    )
    services.decide_match(officer, match.pk, confirm=True)
    held = match.candidate_id
    assert list(incident.assessments.values_list("victim_id", flat=True)) == [held]
    assert list(incident.referrals.values_list("victim_id", flat=True)) == [held]
    assert list(incident.actions.values_list("subject_id", flat=True)) == [held]
    history = victim_history(held, timezone.now())
    assert (len(history.earlier_grades), len(history.marac_referrals_at)) == (1, 1)


def test_rejecting_a_match_needs_a_reason_and_keeps_the_records_apart(officer: User) -> None:
    """'Different people' must say why; the incident keeps its own person."""
    match = make_match()
    with pytest.raises(InvalidInput) as refused:
        services.decide_match(officer, match.pk, confirm=False)
    assert refused.value.field == "note"
    services.decide_match(officer, match.pk, confirm=False, note="Different date of birth")
    match.refresh_from_db()
    assert match.status == MatchStatus.REJECTED
    assert match.party.incident.victim_id != match.candidate_id


def test_history_at_intake_flags_a_serial_perpetrator(officer: User) -> None:
    """A suspect with incidents against two victims is a serial perpetrator."""
    suspect = PersonFactory()
    make_incident(suspect=suspect, minutes_ago=60 * 24 * 40)
    current = make_incident(suspect=suspect)
    history = intake_history(current, timezone.now())
    assert history.serial_perpetrator
    assert history.suspect_victims == 2
    assert len(history.suspect_incidents) == 1
