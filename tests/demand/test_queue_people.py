"""The demand queues' looks index the people involved in the incidents they show (issue 13,
finding 7): before, they logged incident ids only, so an auditor searching for a caller
did not find the queue looks that listed the call."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safehold.accounts.models import User
from safehold.audit.log import naming
from safehold.audit.models import AccessLogEntry
from tests.demand.conftest import signed_in
from tests.demand.factories import make_incident

pytestmark = pytest.mark.django_db


def _caller(incident: object) -> int:
    return int(incident.people.get().person_id)  # type: ignore[attr-defined]


def test_the_dispatch_queue_logs_the_people_of_the_incidents_it_shows(sergeant: User) -> None:
    now = timezone.now()
    incident = make_incident(
        route="response", grade=1, rc_status="", target_at=now + timedelta(minutes=10)
    )
    assert signed_in(sergeant).get("/demand/dispatch/").status_code == 200
    [entry] = AccessLogEntry.objects.filter(naming(_caller(incident)))
    assert entry.record_type == "dispatch_queue"


def test_the_resolution_centre_queue_and_its_refresh_log_the_people(investigator: User) -> None:
    incident = make_incident()
    client = signed_in(investigator)
    assert client.get("/demand/resolution-centre/").status_code == 200
    second = make_incident()
    assert client.get("/demand/resolution-centre/rows/").status_code == 200
    assert AccessLogEntry.objects.filter(naming(_caller(incident))).count() == 2
    [refresh] = AccessLogEntry.objects.filter(naming(_caller(second)))
    assert refresh.detail["refresh"] is True
