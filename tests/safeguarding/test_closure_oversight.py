"""Safety fault 1: a victim never contacted, or graded high, cannot be closed out of sight.

Closing such an incident needs a sergeant or above and a recorded contact outcome (including
"declined support"); the closure and its reasons are on the incident and on the supervisors'
worklist. Written to fail on the code before the fix (a constable closed DA-0027998).
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_incident

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry, Operation
from safehold.errors import Forbidden, InvalidInput
from safehold.safeguarding import services, worklists
from safehold.safeguarding.closure_rules import ClosurePolicy, closure_oversight
from safehold.safeguarding.models import ClosureStatus, Incident
from safehold.safeguarding.queries import compute_queue
from safehold.safeguarding.rule_errors import ConfigurationError
from safehold.safeguarding.vocabulary import Grade

NO_CRIME = {"reason": "No crime recorded"}


# --- the rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade", "contacted", "codes"),
    [
        (Grade.HIGH, False, ["victim_not_contacted", "graded_for_oversight"]),
        (Grade.HIGH, True, ["graded_for_oversight"]),
        (Grade.MEDIUM, False, ["victim_not_contacted"]),
        (Grade.STANDARD, False, ["victim_not_contacted"]),
        (Grade.MEDIUM, True, []),
    ],
)
def test_the_rule_applies_to_uncontacted_victims_and_to_high_grades(
    grade: Grade, contacted: bool, codes: list[str]
) -> None:
    decision = closure_oversight(grade=grade, victim_contacted=contacted, policy=ClosurePolicy())
    assert [r.code for r in decision.reasons] == codes
    assert decision.required is bool(codes)


def test_a_force_may_add_grades_but_never_remove_high() -> None:
    wider = ClosurePolicy(oversight_grades=frozenset({Grade.HIGH, Grade.MEDIUM}))
    assert closure_oversight(grade="medium", victim_contacted=True, policy=wider).required
    with pytest.raises(ConfigurationError) as refused:
        ClosurePolicy(oversight_grades=frozenset({Grade.MEDIUM}))
    assert refused.value.field == "closure.oversight_grades"


def test_the_packaged_policy_applies_the_rule_to_high() -> None:
    assert ClosurePolicy.load().oversight_grades == {Grade.HIGH}


# --- the service -------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_a_constable_cannot_close_an_uncontacted_high_risk_incident(officer: User) -> None:
    """DA-0027998: high risk, target missed, never reached, closed as no crime: refused."""
    incident = make_incident(grade="high", minutes_ago=180)
    before = len(compute_queue(timezone.now()).rows)
    with pytest.raises(Forbidden) as refused:
        services.close_incident(officer, incident.pk, services.CloseInput(**NO_CRIME))
    assert refused.value.code == "closure_needs_supervisor"
    incident.refresh_from_db()
    assert incident.closure_status == ClosureStatus.OPEN
    assert len(compute_queue(timezone.now()).rows) == before


@pytestmark_db
@pytest.mark.parametrize("grade", ["medium", "standard"])
def test_a_constable_cannot_close_any_incident_whose_victim_was_never_reached(
    officer: User, grade: str
) -> None:
    incident = make_incident(grade=grade)
    services.record_contact(officer, incident.pk, services.ContactInput(outcome="no_answer"))
    with pytest.raises(Forbidden):
        services.close_incident(officer, incident.pk, services.CloseInput(**NO_CRIME))


@pytestmark_db
def test_a_constable_cannot_close_a_high_risk_incident_even_after_contact(officer: User) -> None:
    incident = make_incident(grade="high")
    services.record_contact(officer, incident.pk, services.ContactInput(outcome="spoke_to_victim"))
    with pytest.raises(Forbidden):
        services.close_incident(officer, incident.pk, services.CloseInput(**NO_CRIME))


@pytestmark_db
def test_a_sergeant_must_record_the_contact_outcome(sergeant: User) -> None:
    incident = make_incident(grade="high")
    with pytest.raises(InvalidInput) as refused:
        services.close_incident(sergeant, incident.pk, services.CloseInput(**NO_CRIME))
    assert refused.value.field == "contact_outcome"
    incident.refresh_from_db()
    assert incident.closure_status == ClosureStatus.OPEN


@pytestmark_db
def test_a_sergeant_closes_with_the_victims_recorded_refusal_and_it_is_on_the_worklist(
    sergeant: User,
) -> None:
    incident = make_incident(grade="high", minutes_ago=180)
    services.close_incident(
        sergeant,
        incident.pk,
        services.CloseInput(
            reason="Victim declined all support", contact_outcome="declined_support"
        ),
    )
    incident = Incident.objects.get(pk=incident.pk)
    assert incident.closure_status == ClosureStatus.CLOSED
    assert incident.closure_contact == "declined_support"
    assert [r["code"] for r in incident.closure_oversight] == [
        "victim_not_contacted",
        "graded_for_oversight",
    ]
    # Settled at closure: the target passed with no contact.
    assert incident.target_outcome == "missed"
    entry = AccessLogEntry.objects.filter(operation=Operation.ALTERATION).latest("pk")
    assert entry.detail["contact_outcome"] == "declined_support"
    listed = worklists.closures(timezone.now())
    assert [r.incident.pk for r in listed.rows] == [incident.pk]
    assert listed.rows[0].followed


@pytestmark_db
def test_a_constable_may_close_a_contacted_medium_incident(officer: User) -> None:
    incident = make_incident(grade="medium")
    services.record_contact(officer, incident.pk, services.ContactInput(outcome="spoke_to_victim"))
    services.close_incident(officer, incident.pk, services.CloseInput(**NO_CRIME))
    incident.refresh_from_db()
    assert incident.closure_status == ClosureStatus.CLOSED
    assert incident.closure_oversight == []


@pytestmark_db
def test_the_closure_shows_on_the_incident_and_the_worklist_pages(sergeant: User) -> None:
    incident = make_incident(grade="high")
    services.close_incident(
        sergeant,
        incident.pk,
        services.CloseInput(
            reason="Moved to a refuge out of area", contact_outcome="declined_support"
        ),
    )
    client = signed_in(sergeant, ("incident", incident.pk))
    page = client.get(f"/safeguarding/incidents/{incident.pk}/").content.decode()
    assert "declined support" in page
    assert "has not been contacted" in page
    listed = client.get("/safeguarding/worklists/").content.decode()
    assert incident.reference in listed
    assert "Moved to a refuge out of area" in listed


@pytestmark_db
def test_a_constable_refused_on_the_close_form_sees_why(officer: User) -> None:
    incident = make_incident(grade="high")
    client = signed_in(officer, ("incident", incident.pk))
    page = client.post(
        f"/safeguarding/incidents/{incident.pk}/close/",
        {"reason": "No crime", "version": incident.version},
    ).content.decode()
    assert "Only a sergeant or above may close this incident" in page
    incident.refresh_from_db()
    assert incident.closure_status == ClosureStatus.OPEN
