"""The briefing's looks index the people it shows (issue 13, finding 7): before, the page
and the API logged offender ids only, so an auditor searching for a person did not find
the briefings that listed them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from tests.conftest import give_justification
from tests.factories import OffenderFactory

from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Role
from safehold.audit.log import naming
from safehold.audit.models import AccessLogEntry
from safehold.offenders.briefing import compute_briefing

pytestmark = pytest.mark.django_db


def _overdue_offender() -> int:
    offender = OffenderFactory(
        risk_level="very_high", last_visit_seen_on=date.today() - timedelta(days=200)
    )
    assert offender.pk in compute_briefing(date.today()).offender_ids
    return int(offender.person_id)


def test_the_briefing_page_logs_the_people_it_shows(users: dict[Role, User]) -> None:
    person = _overdue_offender()
    client = Client()
    client.force_login(users[Role.PRIORITIES_LEAD])
    give_justification(client, "briefing")
    assert client.get("/offenders/briefing/").status_code == 200
    [entry] = AccessLogEntry.objects.filter(naming(person), record_type="briefing")
    assert person in entry.detail["people"]


def test_the_briefing_api_logs_the_people_it_discloses(users: dict[Role, User]) -> None:
    person = _overdue_offender()
    _, raw = ApiToken.issue(users[Role.PRIORITIES_LEAD], "briefing tool")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    answer = client.get("/api/briefing", HTTP_X_JUSTIFICATION="case_management")
    assert answer.status_code == 200
    [entry] = AccessLogEntry.objects.filter(naming(person), record_type="briefing")
    assert entry.channel == "api"
