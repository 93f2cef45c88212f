"""Writes: recording a call, THRIVE and routing, downgrades, DA referral, the timeline, the
resolution centre's rule and appointments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry
from safehold.clock import FrozenClock
from safehold.demand import services
from safehold.demand.models import AppointmentSlot, Incident, ThriveAssessment
from safehold.demand.questions import least_serious
from safehold.errors import Conflict, Forbidden, InvalidInput, NotFound
from safehold.people.models import Person
from safehold.safeguarding.matching import FakeMatcher
from safehold.safeguarding.models import Incident as DaIncident
from tests.demand.factories import make_incident
from tests.factories import PersonFactory, StationFactory

pytestmark = pytest.mark.django_db


def call(**changes: object) -> services.CallInput:
    values: dict[str, object] = {
        "channel": "101",
        "incident_type": "theft",
        "postcode": "ST1 1AA",
        "location_description": "Outside the Co-op, High Street",
        "people": (services.PersonInput(family_name="Okafor", given_name="Ada"),),
    }
    values.update(changes)
    return services.CallInput(**values)  # type: ignore[arg-type]


def thrive(grade: int, reason: str = "", **answers: str) -> services.ThriveInput:
    return services.ThriveInput(
        answers={**least_serious(), **answers}, chosen_grade=grade, reason=reason
    )


def test_a_call_is_recorded_with_its_area_and_people_and_logged(handler: User) -> None:
    incident = services.record_call(handler, call(postcode="st13 5ab"))
    assert incident.area == "rural"
    assert incident.postcode == "ST13 5AB"
    assert incident.grade is None
    person = incident.people.get().person
    assert person.family_name == "Okafor"
    logged = AccessLogEntry.objects.filter(record_type="incident_person").get()
    assert logged.person_id == person.pk


def test_a_person_with_the_same_name_and_birth_date_is_linked_not_duplicated(
    handler: User,
) -> None:
    held = PersonFactory(given_name="Ada", family_name="Okafor", date_of_birth=date(1980, 2, 1))
    given = services.PersonInput(
        family_name="okafor", given_name="ADA", date_of_birth=held.date_of_birth
    )
    incident = services.record_call(handler, call(people=(given,)))
    assert incident.people.get().person_id == held.pk
    assert Person.objects.filter(family_name__iexact="okafor").count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"incident_type": "alien"}, "incident_type"),
        ({"postcode": "NOT A CODE"}, "postcode"),
        ({"postcode": "", "location_description": ""}, "location_description"),
        ({"station_code": "XXX"}, "station_code"),
        ({"incident_type": "domestic_abuse"}, "person_1_family_name"),
    ],
)
def test_a_bad_call_names_the_field_and_writes_nothing(
    handler: User, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        services.record_call(handler, call(**changes))
    assert err.value.field == field
    assert not Incident.objects.exists()


def test_only_call_handlers_record_calls(investigator: User) -> None:
    with pytest.raises(Forbidden):
        services.record_call(investigator, call())


def test_thrive_confirms_the_suggestion_and_routes_to_the_resolution_centre(
    handler: User,
) -> None:
    incident = services.record_call(handler, call())
    assessment = services.assess(handler, incident.pk, thrive(3))
    incident.refresh_from_db()
    assert (incident.grade, incident.route, incident.rc_status) == (3, "resolution_centre", "open")
    assert "Theft is a type the resolution centre investigates" in incident.route_reasons
    assert incident.policy_version == assessment.policy_version == "staffs-demand-2026.1"
    assert incident.target_at is None  # the centre has no attendance clock


def test_grade_one_starts_the_clock_from_the_call(handler: User) -> None:
    incident = services.record_call(handler, call(channel="999"))
    services.assess(handler, incident.pk, thrive(1, threat_level="immediate"))
    incident.refresh_from_db()
    assert incident.route == "response"
    assert incident.target_minutes == 15
    assert incident.target_at == incident.received_at + timedelta(minutes=15)


def test_changing_the_grade_needs_a_reason(handler: User) -> None:
    incident = services.record_call(handler, call())
    with pytest.raises(InvalidInput) as err:
        services.assess(handler, incident.pk, thrive(2))
    assert err.value.field == "reason"
    services.assess(handler, incident.pk, thrive(2, reason="Caller is elderly and alone"))
    incident.refresh_from_db()
    assert incident.grade == 2


def test_a_downgrade_waits_for_a_sergeant_and_keeps_the_urgent_grade_meanwhile(
    handler: User, sergeant: User, response_pc: User
) -> None:
    incident = services.record_call(handler, call())
    services.assess(handler, incident.pk, thrive(2, escalation="high"))
    assessment = services.assess(
        handler, incident.pk, thrive(3, reason="Suspect has left the area", escalation="high")
    )
    incident.refresh_from_db()
    assert assessment.status == ThriveAssessment.Status.AWAITING_SUPERVISOR
    assert (incident.grade, incident.downgrade_pending) == (2, True)
    with pytest.raises(Forbidden):
        services.decide_downgrade(response_pc, assessment.pk, approve=True)
    services.decide_downgrade(sergeant, assessment.pk, approve=True, note="Agreed")
    incident.refresh_from_db()
    assert (incident.grade, incident.downgrade_pending, incident.route) == (
        3,
        False,
        "resolution_centre",
    )


def test_a_refused_downgrade_needs_a_reason_and_keeps_the_grade(
    handler: User, sergeant: User
) -> None:
    incident = services.record_call(handler, call())
    assessment = services.assess(handler, incident.pk, thrive(4, reason="Can wait"))
    with pytest.raises(InvalidInput):
        services.decide_downgrade(sergeant, assessment.pk, approve=False)
    services.decide_downgrade(sergeant, assessment.pk, approve=False, note="Evidence at risk")
    incident.refresh_from_db()
    assert incident.grade == 3
    with pytest.raises(Conflict):
        services.decide_downgrade(sergeant, assessment.pk, approve=True)


def test_domestic_abuse_goes_on_to_the_safeguarding_queue(
    handler: User, matcher: FakeMatcher
) -> None:
    people = (
        services.PersonInput(family_name="Price", given_name="Nia", role="victim"),
        services.PersonInput(family_name="Price", given_name="Rhys", role="suspect"),
    )
    incident = services.record_call(handler, call(incident_type="domestic_abuse", people=people))
    services.assess(handler, incident.pk, thrive(2, da_risk="high"), matcher=matcher)
    incident.refresh_from_db()
    da = DaIncident.objects.get()
    assert incident.safeguarding_incident_id == da.pk
    assert (da.grade, da.attendance, da.victim.given_name) == ("high", "delayed", "Nia")
    assert incident.route_reasons[-1].startswith("Domestic abuse")


def test_the_response_timeline_is_stamped_in_order(handler: User, sergeant: User) -> None:
    incident = services.record_call(handler, call(channel="999"))
    services.assess(handler, incident.pk, thrive(1, threat_level="immediate"))
    with pytest.raises(Conflict):
        services.dispatch(sergeant, incident.pk)
    services.allocate(sergeant, incident.pk, unit="A21")
    services.dispatch(sergeant, incident.pk)
    services.record_arrival(sergeant, incident.pk)
    services.resolve(sergeant, incident.pk, resolution="Suspect arrested")
    incident.refresh_from_db()
    stamps = [incident.received_at, incident.graded_at, incident.allocated_at,
              incident.dispatched_at, incident.arrived_at, incident.resolved_at]  # fmt: skip
    assert all(stamps)
    assert stamps == sorted(stamps)  # type: ignore[type-var]


def test_the_timeline_reads_the_clock_it_is_given(handler: User, sergeant: User) -> None:
    clock = FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    incident = services.record_call(handler, call(channel="999"), clock=clock)
    clock.advance(timedelta(minutes=2))
    services.assess(handler, incident.pk, thrive(1, threat_level="immediate"), clock=clock)
    clock.advance(timedelta(minutes=1))
    services.allocate(sergeant, incident.pk, unit="A21", clock=clock)
    clock.advance(timedelta(minutes=1))
    services.dispatch(sergeant, incident.pk, clock=clock)
    clock.advance(timedelta(minutes=11))
    services.record_arrival(sergeant, incident.pk, clock=clock)
    incident.refresh_from_db()
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert incident.received_at == start
    assert incident.graded_at == start + timedelta(minutes=2)
    assert incident.allocated_at == start + timedelta(minutes=3)
    assert incident.dispatched_at == start + timedelta(minutes=4)
    assert incident.arrived_at == start + timedelta(minutes=15)


def test_the_resolution_centre_makes_three_attempts_then_a_letter_then_closes(
    investigator: User,
) -> None:
    incident = make_incident()
    with pytest.raises(Conflict, match="0 of 3 attempts"):
        services.close_case(investigator, incident.pk, resolution="Gave up")
    for _ in range(2):
        services.record_contact(investigator, incident.pk, outcome="no_answer")
    with pytest.raises(Conflict, match="2 of 3 attempts"):
        services.send_letter(investigator, incident.pk, method="letter")
    services.record_contact(investigator, incident.pk, outcome="voicemail")
    services.send_letter(investigator, incident.pk, method="email")
    services.close_case(investigator, incident.pk, resolution="No reply; closed")
    incident.refresh_from_db()
    assert (incident.contact_attempts, incident.letter_method, incident.rc_status) == (
        3,
        "email",
        "closed",
    )
    assert incident.resolved_at is not None
    services.reopen_case(investigator, incident.pk, reason="CCTV found by the shop")
    incident.refresh_from_db()
    assert (incident.rc_status, incident.contact_attempts, incident.resolved_at) == (
        "open",
        0,
        None,
    )


def test_investigators_see_only_resolution_centre_incidents(investigator: User) -> None:
    incident = make_incident(route="response", rc_status="")
    with pytest.raises(NotFound):
        services.record_contact(investigator, incident.pk, outcome="no_answer")


def test_an_appointment_slot_is_booked_once(handler: User) -> None:
    station = StationFactory()
    incident = make_incident(route="appointment", grade=4, rc_status="")
    other = make_incident(route="appointment", grade=4, rc_status="")
    slot = AppointmentSlot.objects.create(
        station=station, starts_at=timezone.now() + timedelta(days=1)
    )
    services.book_appointment(handler, incident.pk, slot.pk)
    incident.refresh_from_db()
    assert incident.target_at == slot.starts_at
    with pytest.raises(Conflict, match="taken"):
        services.book_appointment(handler, other.pk, slot.pk)
