"""The safeguarding API: justified reads logged as disclosures, writes through the services."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.safeguarding.factories import answers, make_incident, make_match, make_meeting

from safehold.accounts.models import ApiToken, User
from safehold.audit.models import AccessLogEntry, Operation
from safehold.safeguarding.models import Incident, PersonMatch

pytestmark = pytest.mark.django_db
WHY = {"HTTP_X_JUSTIFICATION": "safeguarding", "HTTP_X_JUSTIFICATION_TEXT": "queue check"}


def _client(user: User) -> Client:
    _, raw = ApiToken.issue(user, "control room bridge")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_call_handler_logs_an_incident_through_the_api(call_handler: User) -> None:
    """201 with the reference, whether the victim waits, and matches to review."""
    body = {
        "reported_at": (timezone.now() - timedelta(minutes=3)).isoformat(),
        "source": "call",
        "attendance": "unable",
        "grade": "medium",
        "victim": {"given_name": "Nia", "family_name": "Brackley", "postcode": "WS11 1AB"},
        "suspect": {"given_name": "Owen", "family_name": "Brackley"},
        "relationship": "ex_partner",
    }
    response = _post(_client(call_handler), "/api/safeguarding/incidents", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["waiting"] is True
    assert data["reference"] == Incident.objects.get().reference


def test_bad_intake_through_the_api_names_the_field(call_handler: User) -> None:
    """A postcode that is not one: 400 with the field."""
    body = {
        "reported_at": timezone.now().isoformat(),
        "source": "call",
        "attendance": "delayed",
        "grade": "high",
        "victim": {"given_name": "Nia", "family_name": "Brackley", "postcode": "nowhere"},
    }
    response = _post(_client(call_handler), "/api/safeguarding/incidents", body)
    assert response.status_code == 400
    assert response.json()["field"] == "victim_postcode"
    assert not Incident.objects.exists()


def test_the_queue_needs_a_justification_and_is_logged_as_a_disclosure(officer: User) -> None:
    """428 naming the header; then the entries with reasons, and a disclosure to the caller."""
    make_incident(grade="high", minutes_ago=70)
    client = _client(officer)
    refused = client.get("/api/safeguarding/queue")
    assert (refused.status_code, refused.json()["field"]) == (428, "X-Justification")
    data = client.get("/api/safeguarding/queue", **WHY).json()
    assert data["waiting"] == 1
    entry = data["entries"][0]
    assert entry["escalate_to_supervisor"]
    assert entry["target_missed"]
    assert {"grade", "time_waited"} <= {r["code"] for r in entry["reasons"]}
    log = AccessLogEntry.objects.get(operation=Operation.DISCLOSURE)
    assert (log.record_type, log.channel) == ("da_queue", "api")


def test_an_incident_read_carries_history_and_queue_position(officer: User) -> None:
    """The record: parties, history, the queue entry; logged against the victim."""
    incident = make_incident(grade="medium")
    data = _client(officer).get(f"/api/safeguarding/incidents/{incident.pk}", **WHY).json()
    assert data["queue"]["position"] == 1
    assert {p["role"] for p in data["parties"]} == {"victim", "suspect"}
    assert data["history"]["serial_perpetrator"] is False
    log = AccessLogEntry.objects.get(operation=Operation.DISCLOSURE)
    assert log.person_id == incident.victim_id


def test_a_dash_through_the_api_returns_the_grade_and_criteria(officer: User) -> None:
    """High with visible high risk; an unknown question is named as the form names it."""
    incident = make_incident()
    client = _client(officer)
    made = _post(
        client, f"/api/safeguarding/incidents/{incident.pk}/dash", {"answers": answers(15)}
    )
    assert made.status_code == 201
    assert made.json()["grade"] == "high"
    assert [c["code"] for c in made.json()["marac_criteria"]] == ["visible_high_risk"]
    bad = _post(
        client, f"/api/safeguarding/incidents/{incident.pk}/dash", {"answers": {"99": "yes"}}
    )
    assert (bad.status_code, bad.json()["code"]) == (400, "unknown_question")
    assert bad.json()["field"] == "answers.99"


def test_a_downgrade_through_the_api_waits_and_a_sergeant_signs_it_off(
    officer: User, sergeant: User
) -> None:
    """201 'awaiting'; the sergeant's sign-off answers 'approved'."""
    incident = make_incident(grade="high")
    pending = _post(
        _client(officer),
        f"/api/safeguarding/incidents/{incident.pk}/reassessments",
        {"new_grade": "medium", "reason": "In custody", "advice_given": "Refuge number"},
    )
    assert pending.json()["status"] == "awaiting"
    done = _post(
        _client(sergeant),
        f"/api/safeguarding/incidents/{incident.pk}/reassessments/sign-off",
        {"approve": True, "note": "Custody record checked"},
    )
    assert done.json()["status"] == "approved"
    record = _client(sergeant).get(f"/api/safeguarding/incidents/{incident.pk}", **WHY).json()
    assert (record["reassessments"][0]["from"], record["reassessments"][0]["to"]) == (
        "high",
        "medium",
    )


def test_a_constable_cannot_sign_off_through_the_api(officer: User) -> None:
    """403 with the code saying why."""
    incident = make_incident()
    response = _post(
        _client(officer),
        f"/api/safeguarding/incidents/{incident.pk}/reassessments/sign-off",
        {"approve": True, "note": "x"},
    )
    assert (response.status_code, response.json()["code"]) == (403, "not_a_supervisor")


def test_the_marac_list_and_a_match_decision_through_the_api(officer: User) -> None:
    """Meetings give counts; a meeting's list is a logged disclosure; a match is decided."""
    meeting = make_meeting()
    client = _client(officer)
    meetings = client.get("/api/safeguarding/marac-meetings").json()
    assert meetings[0]["cases"] == 1
    listed = client.get(f"/api/safeguarding/marac-meetings/{meeting.pk}", **WHY).json()
    assert listed["cases"][0]["criteria"][0]["code"] == "visible_high_risk"
    match = make_match()
    pending = client.get("/api/safeguarding/person-matches", **WHY).json()
    assert [m["id"] for m in pending] == [match.pk]
    decided = _post(client, f"/api/safeguarding/person-matches/{match.pk}/decision",
                    {"confirm": True})  # fmt: skip
    assert decided.json()["status"] == "confirmed"
    assert PersonMatch.objects.get().status == "confirmed"


def test_scoring_a_document_through_the_api(officer: User) -> None:
    """The same output as the CLI; a bad answer is a 400 naming the question."""
    client = _client(officer)
    scored = _post(client, "/api/safeguarding/dash/score", {"answers": answers(10)})
    assert (scored.json()["grade"], scored.json()["yes_count"]) == ("medium", 10)
    bad = _post(client, "/api/safeguarding/dash/score", {"answers": {"2": "perhaps"}})
    assert (bad.status_code, bad.json()["field"]) == (400, "answers.2")


def test_every_safeguarding_operation_publishes_a_typed_response() -> None:
    """No operation answers a free-form object: each success response names a schema."""
    from safehold.config.api import api

    schema = api.get_openapi_schema()
    untyped = []
    for path, methods in schema["paths"].items():
        if not path.startswith("/api/safeguarding"):
            continue
        for method, operation in methods.items():
            for code, response in operation["responses"].items():
                if not str(code).startswith("2"):
                    continue
                body = response["content"]["application/json"]["schema"]
                body = body.get("items", body)
                if "$ref" not in body:
                    untyped.append(f"{method.upper()} {path} {code}")
    assert untyped == []
