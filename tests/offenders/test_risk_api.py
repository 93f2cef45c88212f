"""The risk API: records through the services and reads back what the record page shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client

from safehold.accounts.models import ApiToken, User
from safehold.audit.models import AccessLogEntry
from safehold.offenders.models import Offender
from safehold.offenders.risk_tools import default_config

pytestmark = pytest.mark.django_db
WHY = {"HTTP_X_JUSTIFICATION": "supervision", "HTTP_X_JUSTIFICATION_TEXT": "checking"}
TODAY = date.today().isoformat()


def _api(user: User) -> Client:
    _, raw = ApiToken.issue(user, "register tool")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _post(client: Client, path: str, body: dict[str, object]) -> int:
    return client.post(path, body, content_type="application/json").status_code


def test_records_through_the_api_and_reads_them_back(
    om: User, make_offender: Callable[..., Offender]
) -> None:
    offender = make_offender("medium")
    client = _api(om)
    base = f"/api/offenders/{offender.pk}"
    static = {"assessed_on": TODAY, "scales": {"S": "high", "V": "high"}}
    assert _post(client, f"{base}/risk/static", static) == 201
    factors = [{"factor": f.key, "score": 2} for f in default_config().risk_factors]
    factors += [{"factor": f.key, "score": 0} for f in default_config().protective_factors]
    assert _post(client, f"{base}/risk/arms", {"assessed_on": TODAY, "factors": factors}) == 201
    review = (date.today() + timedelta(days=90)).isoformat()
    plan = {
        "made_on": TODAY,
        "review_on": review,
        "visit_interval_months": 3,
        "actions": [{"action": "Check devices", "owner": "PC Dawson"}],
    }
    assert _post(client, f"{base}/risk/plan", plan) == 201
    body = client.get(f"{base}/risk", **WHY).json()
    assert body["derived_level"] == "high"
    assert body["risk_level"] == "high"
    assert body["arms"]["priority"] == "high"
    assert body["static"]["combined"] == "high"
    assert body["plan"]["actions"] == [
        {"action": "Check devices", "owner": "PC Dawson", "due_on": None}
    ]
    assert body["notifiable"] is True
    assert body["config_version"] == default_config().version
    assert AccessLogEntry.objects.filter(
        record_type="offender", record_id=str(offender.pk)
    ).exists()


def test_a_bad_rosh_is_refused_with_the_field(
    om: User, make_offender: Callable[..., Offender]
) -> None:
    offender = make_offender()
    response = _api(om).post(
        f"/api/offenders/{offender.pk}/risk/rosh",
        {"assessed_on": TODAY, "level": "high", "rationale": " "},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "rationale" in response.content.decode()
