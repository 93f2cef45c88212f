"""The safeguarding pages: logging an incident, the record, every form's errors, MARAC, matches."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from tests.factories import PersonFactory
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_dash, make_incident, make_match, make_meeting

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry, Operation
from safehold.safeguarding import services
from safehold.safeguarding.models import (
    ClosureReview,
    ContactAttempt,
    DashAssessment,
    Escalation,
    Incident,
    MaracReferral,
    PersonMatch,
    ProtectiveAction,
    Reassessment,
)

pytestmark = pytest.mark.django_db

INCIDENT_FORM = {
    "reported_date": "",
    "reported_time": "10:15",
    "source": "call",
    "attendance": "delayed",
    "grade": "high",
    "victim_given_name": "Carys",
    "victim_family_name": "Penhallow",
    "victim_date_of_birth": "1991-02-03",
    "victim_sex": "F",
    "victim_postcode": "ST5 1AA",
    "suspect_given_name": "Rhys",
    "suspect_family_name": "Penhallow",
    "relationship": "partner",
    "suspect_at_large": "on",
    "at_victims_home": "on",
    "summary": "Neighbour heard screaming",
}


def _incident_form(**changes: str) -> dict[str, str]:
    today = timezone.localtime() - timedelta(minutes=10)
    return {
        **INCIDENT_FORM,
        "reported_date": today.date().isoformat(),
        "reported_time": today.strftime("%H:%M"),
        **changes,
    }


def test_a_call_handler_logs_an_incident_but_cannot_open_the_queue(call_handler: User) -> None:
    """The form saves and says so; the safeguarding record itself is not theirs to see."""
    client = signed_in(call_handler)
    assert client.get("/safeguarding/incidents/new/").status_code == 200
    response = client.post("/safeguarding/incidents/new/", _incident_form(), follow=True)
    incident = Incident.objects.get()
    assert f"Incident {incident.reference} logged" in response.content.decode()
    assert incident.is_waiting
    assert incident.grade == "high"
    assert client.get("/safeguarding/").status_code == 403
    assert client.get(f"/safeguarding/incidents/{incident.pk}/").status_code == 403


def test_a_safeguarding_officer_is_taken_to_the_new_record(officer: User) -> None:
    """After logging, the officer lands on the incident (after saying why)."""
    client = signed_in(officer)
    response = client.post("/safeguarding/incidents/new/", _incident_form())
    incident = Incident.objects.get()
    assert response["Location"] == f"/safeguarding/incidents/{incident.pk}/"


def _forms(incident: Incident, match_id: int) -> list[tuple[str, dict[str, Any], str, type]]:
    i = f"/safeguarding/incidents/{incident.pk}"
    return [
        ("/safeguarding/incidents/new/", _incident_form(victim_family_name=""),
         "victim_family_name", Incident),
        ("/safeguarding/incidents/new/", _incident_form(reported_date="2026-02-30"),
         "reported_date", Incident),
        ("/safeguarding/incidents/new/", _incident_form(victim_postcode="XYZ"),
         "victim_postcode", Incident),
        ("/safeguarding/incidents/new/", _incident_form(crime_type="violence_with_injury"),
         "crime_type", Incident),
        (f"{i}/dash/", {"questionnaire": "dash-27", "q3": "maybe"}, "q3", DashAssessment),
        (f"{i}/dash/", {"questionnaire": "dash-27", "pj_grade": "high"}, "pj_reason",
         DashAssessment),
        (f"{i}/contact/", {"at_date": "2026-01-01", "at_time": "10:00"}, "outcome",
         ContactAttempt),
        (f"{i}/contact/", {"outcome": "no_answer", "at_date": "3026-01-01", "at_time": "10:00"},
         "at_date", ContactAttempt),
        (f"{i}/reassess/", {"new_grade": "standard", "advice_given": "x"}, "reason",
         Reassessment),
        (f"{i}/reassess/", {"new_grade": "high"}, "advice_given", Reassessment),
        (f"{i}/escalate/", {"reason": ""}, "reason", Escalation),
        (f"{i}/marac/", {"consent": "without_consent",
                         "meeting_on": (timezone.localdate() + timedelta(days=3)).isoformat()},
         "no_consent_reason", MaracReferral),
        (f"{i}/marac/", {"consent": "with_consent", "meeting_on": "2020-01-01",
                         "judgement_reason": "x"}, "meeting_on", MaracReferral),
        (f"{i}/actions/new/", {"kind": "dvpn", "started_date": timezone.localdate().isoformat(),
                               "started_time": "00:01", "authorised_by_name": "Sgt Lowe",
                               "authorised_by_rank": "sergeant"},
         "authorised_by_rank", ProtectiveAction),
        (f"{i}/actions/new/", {"kind": "dvpn", "started_date": timezone.localdate().isoformat(),
                               "started_time": "00:01", "authorised_by_name": "Supt Hale",
                               "authorised_by_rank": "superintendent",
                               "victim_views": "Wants him kept away", "children_welfare": ""},
         "children_welfare", ProtectiveAction),
        (f"{i}/actions/new/", {"kind": "dvpo", "started_date": timezone.localdate().isoformat(),
                               "started_time": "00:01"}, "order_days", ProtectiveAction),
        (f"{i}/close/", {"crime_recorded": "on", "crime_type": "violence_with_injury",
                         "reason": "done"}, "outcome_type", ClosureReview),
        (f"{i}/close/", {"reason": ""}, "reason", ClosureReview),
        (f"/safeguarding/matches/{match_id}/", {"decision": "reject", "note": ""}, "note",
         PersonMatch),
    ]  # fmt: skip


def test_bad_input_on_every_form_is_refused_naming_the_field_and_nothing_is_written(
    officer: User,
) -> None:
    """Each form re-shows with the error summary linking to the field; no row is added."""
    incident = make_incident(grade="high", minutes_ago=5)
    make_dash(incident, yes=3)
    match = make_match()
    client = signed_in(officer, ("person_match", match.pk), ("incident", incident.pk))
    for url, data, field, model in _forms(incident, match.pk):
        before = model.objects.count()
        decided = PersonMatch.objects.filter(status="pending").count()
        response = client.post(url, data)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert "govuk-error-summary" in page, (url, field)
        summary = page[page.index("govuk-error-summary") :][:1500]
        assert f'href="#id_{field}' in page, (url, field, summary)
        assert model.objects.count() == before, url
        assert PersonMatch.objects.filter(status="pending").count() == decided


def test_sign_off_and_closure_review_forms_name_missing_fields(
    officer: User, sergeant: User
) -> None:
    """A supervisor's decision without a reason is refused; the downgrade still waits."""
    incident = make_incident(grade="high")
    services.record_reassessment(
        officer,
        incident.pk,
        services.ReassessmentInput(new_grade="medium", reason="In custody", advice_given="x"),
    )
    client = signed_in(sergeant, ("incident", incident.pk))
    page = client.post(f"/safeguarding/incidents/{incident.pk}/sign-off/", {"decision": "approve"})
    assert 'href="#id_note"' in page.content.decode()
    assert Reassessment.objects.get().sign_off == "awaiting"
    services.close_incident(
        sergeant,
        incident.pk,
        services.CloseInput(
            reason="x",
            crime_recorded=True,
            crime_type="public_order",
            outcome_type=16,
            contact_outcome="declined_support",
        ),
    )
    page = client.post(f"/safeguarding/incidents/{incident.pk}/review/", {"note": "ok"})
    assert 'href="#id_decision' in page.content.decode()
    assert not ClosureReview.objects.exists()


def test_a_constable_is_told_only_a_sergeant_can_sign_off(officer: User) -> None:
    """The sign-off page explains the rank rule instead of offering the form."""
    incident = make_incident(grade="high")
    services.record_reassessment(
        officer,
        incident.pk,
        services.ReassessmentInput(new_grade="medium", reason="In custody", advice_given="x"),
    )
    page = signed_in(officer, ("incident", incident.pk)).get(
        f"/safeguarding/incidents/{incident.pk}/sign-off/"
    )
    assert "Only a sergeant or above" in page.content.decode()


def test_the_record_shows_history_clocks_and_why_the_victim_waits(officer: User) -> None:
    """Earlier incidents, the serial-perpetrator flag, the DASH result, clocks; the look logged."""
    suspect = PersonFactory(given_name="Rhys", family_name="Penhallow")
    make_incident(suspect=suspect, minutes_ago=60 * 24 * 90, seen_at=timezone.now())
    incident = make_incident(suspect=suspect, grade="high", attendance="delayed", minutes_ago=50)
    services.record_dash(officer, incident.pk, services.DashInput(answers={"18": "yes"}))
    services.record_protective_action(officer, incident.pk, services.ActionInput(kind="arrest"))
    client = signed_in(officer, ("incident", incident.pk))
    page = client.get(f"/safeguarding/incidents/{incident.pk}/").content.decode()
    assert 'data-testid="serial-perpetrator"' in page
    assert "In the safeguarding queue" in page
    assert "Telephone re-assessment due" in page
    assert "Non-fatal strangulation" in page
    assert "Charge, release or seek an extension within 24 h" in page
    entry = AccessLogEntry.objects.filter(record_type="da_incident").latest("id")
    assert (entry.operation, entry.person_id) == (Operation.CONSULTATION, incident.victim_id)


def test_the_record_asks_why_before_showing_anything(officer: User) -> None:
    """Without a justification for this incident, the page sends the officer to say why."""
    incident = make_incident()
    response = signed_in(officer).get(f"/safeguarding/incidents/{incident.pk}/")
    assert response.status_code == 302
    assert "/audit/justify/" in response["Location"]


def test_the_dash_form_asks_every_configured_question_with_yes_no_not_known(
    officer: User,
) -> None:
    """27 questions from the TOML as GOV.UK radios; SafeLives-24 on request."""
    incident = make_incident()
    client = signed_in(officer, ("incident", incident.pk))
    page = client.get(f"/safeguarding/incidents/{incident.pk}/dash/").content.decode()
    assert page.count('class="govuk-radios__input"') >= 27 * 3
    assert 'value="not known"' in page
    other = client.get(f"/safeguarding/incidents/{incident.pk}/dash/?questionnaire=safelives-24")
    assert 'name="q24"' in other.content.decode()
    assert 'name="q25"' not in other.content.decode()


def test_a_dash_posted_from_the_form_sets_the_grade(officer: User) -> None:
    """Fourteen yes from the page: high, back on the record."""
    incident = make_incident(grade="standard")
    data = {"questionnaire": "dash-27", **{f"q{n}": "yes" for n in range(1, 15)}}
    response = signed_in(officer, ("incident", incident.pk)).post(
        f"/safeguarding/incidents/{incident.pk}/dash/", data
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.grade == "high"


def test_the_marac_list_shows_each_case_and_why(officer: User) -> None:
    """The meeting's page lists the victim, consent and the criteria met."""
    meeting = make_meeting()
    client = signed_in(officer)
    assert str(meeting.held_on.day) in client.get("/safeguarding/marac/").content.decode()
    page = client.get(f"/safeguarding/marac/{meeting.pk}/").content.decode()
    assert "Visible high risk: 15 yes" in page
    assert "With the victim" in page


def test_a_match_shows_both_records_and_the_explanation(officer: User) -> None:
    """Side by side, with the field-by-field weights; confirming links them."""
    match = make_match()
    client = signed_in(officer, ("person_match", match.pk))
    assert "Joens" in client.get("/safeguarding/matches/").content.decode()
    page = client.get(f"/safeguarding/matches/{match.pk}/").content.decode()
    assert "spelling close" in page
    assert "Jones" in page
    client.post(f"/safeguarding/matches/{match.pk}/", {"decision": "confirm"})
    match.refresh_from_db()
    assert match.status == "confirmed"


def test_the_incident_list_finds_by_reference_and_filters_waiting(officer: User) -> None:
    """DA-0000042 finds incident 42; status=waiting hides the seen."""
    waiting = make_incident()
    seen = make_incident(seen_at=timezone.now())
    client = signed_in(officer)
    found = client.get("/safeguarding/incidents/", {"q": waiting.reference})
    assert [i.pk for i in found.context["listing"].page] == [waiting.pk]
    rows = client.get("/safeguarding/incidents/", {"status": "waiting"}).context["listing"].page
    assert seen.pk not in [i.pk for i in rows]


def test_the_dashboard_shows_waiting_victims_escalations_and_marac(officer: User) -> None:
    """The safeguarding tiles appear on the home page with their figures."""
    make_incident(grade="high", minutes_ago=90)
    make_meeting(timezone.localdate())
    page = signed_in(officer).get("/").content.decode()
    assert "Victims waiting" in page
    assert "Escalations" in page
    assert "MARAC this week" in page


def test_the_person_record_links_to_their_incidents(officer: User) -> None:
    """A victim's person page links to the incidents filtered to them."""
    incident = make_incident()
    client = signed_in(officer, ("person", incident.victim_id))
    page = client.get(f"/people/{incident.victim_id}/").content.decode()
    assert f"/safeguarding/incidents/?person={incident.victim_id}" in page
