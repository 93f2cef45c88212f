"""Pages: taking a call through THRIVE, the incident, the queues and their refresh,
the resolution centre's steps, downgrades, appointments and compliance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry
from safehold.demand.models import Incident
from safehold.demand.questions import QUESTIONS, least_serious
from tests.demand.conftest import signed_in
from tests.demand.factories import make_assessment, make_incident

pytestmark = pytest.mark.django_db


def thrive_post(action: str, version: int, **answers: str) -> dict[str, str]:
    data = {f"q_{k}": v for k, v in {**least_serious(), **answers}.items()}
    return {**data, "action": action, "version": str(version)}


def test_a_101_call_is_recorded_suggested_graded_and_routed_with_reasons(handler: User) -> None:
    client = signed_in(handler)
    response = client.post(
        "/demand/calls/new/",
        {
            "channel": "101",
            "incident_type": "theft",
            "postcode": "ST1 1AA",
            "location_description": "Bus station",
            "person_1_role": "caller",
            "person_1_given_name": "Ada",
            "person_1_family_name": "Okafor",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/demand/incidents/{incident.pk}/thrive/"
    client = signed_in(handler, incident.pk)
    page = client.post(f"/demand/incidents/{incident.pk}/thrive/", thrive_post("suggest", 1))
    assert b"Suggested grade 3" in page.content
    assert b"Theft: grade 3 for this type of incident" in page.content
    saved = client.post(f"/demand/incidents/{incident.pk}/thrive/", thrive_post("save", 1))
    assert saved.status_code == 302
    detail = client.get(f"/demand/incidents/{incident.pk}/")
    assert b"Resolution centre" in detail.content
    assert b"Theft is a type the resolution centre investigates" in detail.content


def test_the_thrive_page_shows_the_six_headings(handler: User) -> None:
    incident = make_incident(grade=None, route="", rc_status="")
    page = signed_in(handler, incident.pk).get(f"/demand/incidents/{incident.pk}/thrive/")
    for heading in ("Threat", "Harm", "Risk", "Investigation", "Vulnerability", "Engagement"):
        assert f">{heading}</h2>".encode() in page.content
    for q in QUESTIONS:
        assert f'name="q_{q.key}"'.encode() in page.content


def test_a_downgrade_without_a_reason_is_shown_on_the_form(handler: User) -> None:
    incident = make_incident(grade=None, route="", rc_status="")
    client = signed_in(handler, incident.pk)
    data = {**thrive_post("save", incident.version), "chosen_grade": "5"}
    page = client.post(f"/demand/incidents/{incident.pk}/thrive/", data)
    assert page.status_code == 200
    assert b"a supervisor (sergeant or above) must approve it" in page.content
    incident.refresh_from_db()
    assert incident.grade is None


def test_the_dispatch_queue_shows_each_clock_and_why(sergeant: User) -> None:
    now = timezone.now()
    late = make_incident(
        route="response", grade=1, rc_status="", received_at=now - timedelta(minutes=12),
        target_minutes=15, target_at=now + timedelta(minutes=3),
    )  # fmt: skip
    fine = make_incident(
        route="response", grade=2, rc_status="", received_at=now - timedelta(minutes=5),
        target_minutes=60, target_at=now + timedelta(minutes=55),
    )  # fmt: skip
    client = signed_in(sergeant)
    page = client.get("/demand/dispatch/")
    text = page.content.decode()
    assert text.index(f'data-incident="{late.pk}"') < text.index(f'data-incident="{fine.pk}"')
    assert "3 min left: escalate" in text
    assert "Grade 1 (immediate), urban: attend within 15 min of the call" in text
    assert 'hx-get="/demand/dispatch/rows/"' in text
    fragment = client.get("/demand/dispatch/rows/")
    assert b"dispatch-table" in fragment.content
    assert AccessLogEntry.objects.filter(record_type="dispatch_queue").count() == 1


def test_a_sergeant_decides_a_downgrade_from_its_page(sergeant: User) -> None:
    incident = make_incident(grade=2, route="response", rc_status="", downgrade_pending=True)
    assessment = make_assessment(incident)
    client = signed_in(sergeant)
    page = client.post(f"/demand/downgrades/{assessment.pk}/", {"decision": "approve"})
    assert page.status_code == 302
    incident.refresh_from_db()
    assert (incident.grade, incident.route) == (3, "resolution_centre")


def test_the_resolution_centre_steps_through_the_contact_rule(investigator: User) -> None:
    incident = make_incident()
    client = signed_in(investigator, incident.pk)
    queue = client.get("/demand/resolution-centre/")
    assert b"0 of 3 attempts made: 3 more before a letter" in queue.content
    url = f"/demand/incidents/{incident.pk}/resolution/"
    for _ in range(3):
        client.post(url, {"action": "contact", "outcome": "no_answer"})
    page = client.get(f"/demand/incidents/{incident.pk}/")
    assert b"3 attempts without contact: send a letter or e-mail" in page.content
    client.post(url, {"action": "letter", "method": "letter"})
    client.post(url, {"action": "close", "text": "No reply after the letter"})
    incident.refresh_from_db()
    assert incident.rc_status == "closed"
    assert b"No open cases" in client.get("/demand/resolution-centre/rows/").content


def test_an_early_close_is_refused_with_the_rule(investigator: User) -> None:
    incident = make_incident()
    client = signed_in(investigator, incident.pk)
    response = client.post(
        f"/demand/incidents/{incident.pk}/resolution/", {"action": "close", "text": "x"},
        follow=True,
    )  # fmt: skip
    assert b"Not yet: 0 of 3 attempts made" in response.content


def test_opening_an_incident_logs_each_person_seen(handler: User) -> None:
    incident = make_incident()
    signed_in(handler, incident.pk).get(f"/demand/incidents/{incident.pk}/")
    entry = AccessLogEntry.objects.get(record_type="demand_incident", operation="consultation")
    assert entry.person_id == incident.people.get().person_id


def test_an_incident_page_asks_why_first(handler: User) -> None:
    incident = make_incident()
    client = signed_in(handler)
    response = client.get(f"/demand/incidents/{incident.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/audit/justify/")


def test_an_investigator_cannot_open_an_incident_not_routed_to_the_centre(
    investigator: User,
) -> None:
    incident = make_incident(route="response", rc_status="")
    assert (
        signed_in(investigator, incident.pk).get(f"/demand/incidents/{incident.pk}/").status_code
        == 404
    )


def test_the_compliance_page_shows_figures_and_no_names(make_user: object) -> None:
    from safehold.accounts.roles import Role

    analyst = make_user(Role.ANALYST)  # type: ignore[operator]
    now = timezone.now()
    make_incident(
        route="response", grade=1, rc_status="", received_at=now - timedelta(hours=2),
        arrived_at=now - timedelta(hours=2) + timedelta(minutes=9), target_minutes=15,
        dispatched_at=now - timedelta(hours=2) + timedelta(minutes=2),
    )  # fmt: skip
    page = signed_in(analyst).get("/demand/compliance/")
    assert page.status_code == 200
    assert b"Grade 1" in page.content
    assert b"100%" in page.content


def test_the_appointments_page_refreshes_itself_and_says_why(handler: User) -> None:
    reasons = ["Grade 4: an appointment at a station or at home"]
    incident = make_incident(route="appointment", grade=4, rc_status="", route_reasons=reasons)
    page = signed_in(handler).get("/demand/appointments/")
    text = page.content.decode()
    assert 'hx-trigger="every 60s"' in text
    assert incident.reference in text
    assert "Why here: Grade 4: an appointment at a station or at home" in text
