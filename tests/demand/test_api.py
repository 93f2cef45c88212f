"""API: a call recorded and graded by another system; reads need a justification and are
logged as disclosures; the dispatch queue for a supervisor."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from safehold.accounts.models import ApiToken, User
from safehold.audit.models import AccessLogEntry
from safehold.demand.questions import least_serious

pytestmark = pytest.mark.django_db


def bearer(user: User) -> dict[str, str]:
    _, raw = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_call_is_recorded_graded_and_read_back_with_its_route(handler: User) -> None:
    client, auth = Client(), bearer(handler)
    created = client.post(
        "/api/demand/incidents",
        json.dumps({"channel": "999", "incident_type": "assault", "postcode": "ST1 1AA",
                    "people": [{"family_name": "Brennan", "role": "victim"}]}),
        content_type="application/json", **auth,
    )  # fmt: skip
    assert created.status_code == 201
    pk = created.json()["id"]
    graded = client.post(
        f"/api/demand/incidents/{pk}/thrive",
        json.dumps({"answers": {**least_serious(), "threat_level": "immediate"}}),
        content_type="application/json", **auth,
    )  # fmt: skip
    assert graded.status_code == 201
    body = graded.json()
    assert (body["grade"], body["route"]) == (1, "response")
    assert body["route_reasons"][0] == "Grade 1: response attends within the target"
    assert client.get(f"/api/demand/incidents/{pk}", **auth).status_code == 428
    read = client.get(f"/api/demand/incidents/{pk}", HTTP_X_JUSTIFICATION="investigation", **auth)
    assert read.status_code == 200
    assert AccessLogEntry.objects.filter(
        operation="disclosure", record_type="demand_incident"
    ).exists()


def test_a_bad_answer_names_the_question(handler: User) -> None:
    response = Client().post(
        "/api/demand/thrive/suggest",
        json.dumps({"incident_type": "theft", "answers": {**least_serious(), "injury": "bad"}}),
        content_type="application/json", **bearer(handler),
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["field"] == "injury"


def test_the_dispatch_queue_lists_reasons_for_a_supervisor(sergeant: User) -> None:
    from tests.demand.factories import make_incident

    make_incident(route="response", grade=2, rc_status="", target_minutes=60)
    body = (
        Client()
        .get("/api/demand/dispatch-queue", HTTP_X_JUSTIFICATION="planning", **bearer(sergeant))
        .json()
    )
    assert body["rows"][0]["reasons"][0].startswith("Grade 2 (priority), urban")
