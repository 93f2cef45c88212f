"""The victim's voice and the suspect's status through the API: justified reads logged as
disclosures, updates through the same services as the incident page's forms."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_incident, make_release

from safehold.accounts.models import ApiToken, User
from safehold.audit.models import AccessLogEntry, Operation
from safehold.safeguarding.models import Incident, SuspectStatusChange

pytestmark = pytest.mark.django_db
WHY = {"HTTP_X_JUSTIFICATION": "safeguarding", "HTTP_X_JUSTIFICATION_TEXT": "victim's wishes"}


def _client(user: User) -> Client:
    _, raw = ApiToken.issue(user, "case system bridge")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return client.generic(method, url, json.dumps(body), content_type="application/json")


def _voice_url(incident: Incident) -> str:
    return f"/api/safeguarding/incidents/{incident.pk}/voice"


def test_the_voice_is_read_with_a_justification_and_logged_as_a_disclosure(
    officer: User,
) -> None:
    """428 without a reason; then the voice and the suspect's statuses, and a disclosure
    naming the victim and the suspect."""
    incident = make_incident(
        victim_wishes="Wants to stay at her sister's",
        safe_contact="text",
        safe_contact_times="After 6 pm",
        communication_needs="Welsh speaker",
        supports_prosecution="undecided",
    )
    release = make_release(incident, status="bail")
    client = _client(officer)
    refused = client.get(_voice_url(incident))
    assert (refused.status_code, refused.json()["field"]) == (428, "X-Justification")
    response = client.get(_voice_url(incident), **WHY)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["wishes"] == "Wants to stay at her sister's"
    assert (data["safe_contact"], data["safe_contact_label"]) == ("text", "Text message")
    assert data["safe_contact_times"] == "After 6 pm"
    assert data["communication_needs"] == "Welsh speaker"
    assert data["supports_prosecution_label"] == "Has not decided"
    [status] = data["suspect_statuses"]
    assert status["id"] == release.pk
    assert status["status"] == "bail"
    assert status["is_release"] is True
    assert status["victim_not_told"] is True
    entry = AccessLogEntry.objects.filter(record_type="victim_voice").get()
    assert entry.operation == Operation.DISCLOSURE
    assert entry.person_id == incident.victim_id
    assert entry.reason == "safeguarding"
    named = set(entry.people_named.values_list("person_id", flat=True))
    assert named == {incident.victim_id, incident.suspect_id}


def test_the_voice_is_updated_through_the_service_and_a_bad_choice_names_the_field(
    officer: User,
) -> None:
    """PUT records every field (logged as a collection); an unknown safe contact method is
    400 naming safe_contact, and nothing changes."""
    incident = make_incident()
    client = _client(officer)
    body = {
        "wishes": "Wants him kept away from the children's school",
        "safe_contact": "third_party",
        "safe_contact_times": "Weekdays 9-3 through the IDVA",
        "communication_needs": "BSL interpreter",
        "supports_prosecution": "supports",
        "version": incident.version,
    }
    response = _send(client, "PUT", _voice_url(incident), body)
    assert response.status_code == 200, response.content
    incident.refresh_from_db()
    assert incident.victim_wishes == body["wishes"]
    assert incident.safe_contact == "third_party"
    assert incident.communication_needs == "BSL interpreter"
    assert incident.supports_prosecution == "supports"
    assert AccessLogEntry.objects.filter(
        record_type="victim_voice", operation=Operation.COLLECTION
    ).exists()
    incident.refresh_from_db()
    body["version"] = incident.version
    bad = _send(client, "PUT", _voice_url(incident), {**body, "safe_contact": "pigeon"})
    assert bad.status_code == 400
    assert bad.json()["field"] == "safe_contact"
    incident.refresh_from_db()
    assert incident.safe_contact == "third_party"


def test_overlong_voice_fields_are_refused_before_the_service(officer: User) -> None:
    """Safe times longer than the record holds (200) are a 422 naming the field."""
    incident = make_incident()
    response = _send(
        _client(officer),
        "PUT",
        _voice_url(incident),
        {"safe_contact_times": "x" * 201, "version": 1},
    )
    assert response.status_code == 422
    assert "safe_contact_times" in response.content.decode()


def test_a_release_is_recorded_and_the_victim_told_through_the_api(officer: User) -> None:
    """A release not told shows as victim_not_told; telling the victim clears it, once."""
    incident = make_incident(suspect_at_large=True)
    client = _client(officer)
    url = f"/api/safeguarding/incidents/{incident.pk}/suspect-statuses"
    made = _send(client, "POST", url, {"status": "rui", "conditions": ""})
    assert made.status_code == 201, made.content
    assert made.json()["victim_not_told"] is True
    change = SuspectStatusChange.objects.get(pk=made.json()["id"])
    incident.refresh_from_db()
    assert incident.suspect_at_large is False
    told = client.post(f"{url}/{change.pk}/victim-told")
    assert told.status_code == 200, told.content
    assert told.json()["victim_not_told"] is False
    change.refresh_from_db()
    assert change.victim_told_by == officer
    again = client.post(f"{url}/{change.pk}/victim-told")
    assert (again.status_code, again.json()["code"]) == (409, "nothing_to_tell")
    unknown = _send(client, "POST", url, {"status": "on_holiday"})
    assert (unknown.status_code, unknown.json()["field"]) == (400, "status")


def test_a_role_without_the_capability_is_refused(call_handler: User) -> None:
    """A call handler may log an incident but never read or change the victim's voice."""
    incident = make_incident()
    client = _client(call_handler)
    assert client.get(_voice_url(incident), **WHY).status_code == 403
    assert (
        _send(client, "PUT", _voice_url(incident), {"wishes": "x", "version": 1}).status_code == 403
    )
    assert not AccessLogEntry.objects.filter(record_type="victim_voice").exists()


def test_an_api_write_is_logged_as_api_and_a_page_write_as_page(officer: User) -> None:
    """The same service (a suspect's status recorded) logs the channel it was called from."""
    by_api, by_page = make_incident(), make_incident()
    url = f"/api/safeguarding/incidents/{by_api.pk}/suspect-statuses"
    made = _send(_client(officer), "POST", url, {"status": "rui", "conditions": ""})
    assert made.status_code == 201, made.content
    now = timezone.localtime()
    signed_in(officer, ("incident", by_page.pk)).post(
        f"/safeguarding/incidents/{by_page.pk}/suspect/",
        {"status": "rui", "at_date": now.date().isoformat(), "at_time": now.strftime("%H:%M")},
    )
    api_change = by_api.suspect_statuses.get()
    page_change = by_page.suspect_statuses.get()
    entries = AccessLogEntry.objects.filter(record_type="suspect_status")
    assert entries.get(record_id=str(api_change.pk)).channel == "api"
    assert entries.get(record_id=str(page_change.pk)).channel == "page"


def test_a_second_save_from_a_stale_read_is_refused_and_writes_nothing(officer: User) -> None:
    """Two officers read version N; the first save wins, the second is 409 stale_record
    with the usual message and the first officer's record stands. The version is required
    and bounded."""
    incident = make_incident()
    client = _client(officer)
    read = client.get(_voice_url(incident), **WHY).json()["version"]
    first = _send(client, "PUT", _voice_url(incident), {"wishes": "First", "version": read})
    assert first.status_code == 200, first.content
    second = _send(client, "PUT", _voice_url(incident), {"wishes": "Second", "version": read})
    assert (second.status_code, second.json()["code"]) == (409, "stale_record")
    assert "Someone else changed this" in second.content.decode()
    incident.refresh_from_db()
    assert incident.victim_wishes == "First"
    assert _send(client, "PUT", _voice_url(incident), {"wishes": "x"}).status_code == 422
    huge = _send(client, "PUT", _voice_url(incident), {"wishes": "x", "version": 2**40})
    assert huge.status_code == 422


def test_the_voice_on_a_closed_incident_is_refused_as_the_suspect_status_is(
    officer: User,
) -> None:
    incident = make_incident(closure_status="closed")
    response = _send(
        _client(officer), "PUT", _voice_url(incident), {"wishes": "x", "version": incident.version}
    )
    assert (response.status_code, response.json()["code"]) == (409, "incident_closed")
    incident.refresh_from_db()
    assert incident.victim_wishes == ""
