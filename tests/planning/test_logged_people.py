"""The plan pages, exports and API answer index the people they show (issue 13, finding 7):
before, they logged offender ids only, so an auditor searching for a person did not find
the plans that listed their home visit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safehold.accounts.models import ApiToken
from safehold.audit.log import naming
from safehold.audit.models import AccessLogEntry
from safehold.offenders.models import Offender
from safehold.planning.models import PlanRun
from safehold.planning.run_display import run_view
from tests.planning.force import Force
from tests.planning.test_pages import _busy_pair, _client, _content

pytestmark = pytest.mark.django_db


def _people(run: PlanRun, pair_id: str | None = None, day: int | None = None) -> set[int]:
    offenders = {
        s.offender_id
        for r in run_view(run).routes
        if (pair_id is None or r.pair_id == pair_id) and (day is None or r.day == day)
        for s in r.stops
    }
    assert offenders
    return set(Offender.objects.filter(id__in=offenders).values_list("person_id", flat=True))


def _named(record_type: str) -> set[int]:
    entry = AccessLogEntry.objects.filter(record_type=record_type).latest("id")
    assert entry.people_named.count() == len(entry.detail["people"])
    return set(entry.detail["people"])


def test_every_plan_page_logs_the_people_it_shows(force: Force, plan_run: PlanRun) -> None:
    lead = _client(force.lead)
    pair_id, day = _busy_pair(plan_run)
    base = f"/planning/{plan_run.pk}"
    assert lead.get(f"{base}/").status_code == 200
    assert _people(plan_run) <= _named("plan_run")
    assert lead.get(f"{base}/days/{day}/").status_code == 200
    assert _named("plan_day") == _people(plan_run, day=day)
    assert lead.get(f"{base}/pairs/{pair_id}/days/{day}/").status_code == 200
    assert _named("plan_pair_day") == _people(plan_run, pair_id, day)
    _content(lead.get(f"{base}/plan.csv"))
    assert _people(plan_run) <= _named("plan_export")
    assert lead.get(f"{base}/pairs/{pair_id}/calendar.ics").status_code == 200
    assert _named("plan_calendar") == _people(plan_run, pair_id)
    someone = next(iter(_people(plan_run, pair_id, day)))
    found = {e.record_type for e in AccessLogEntry.objects.filter(naming(someone))}
    assert found == {"plan_run", "plan_day", "plan_pair_day", "plan_export", "plan_calendar"}


def test_the_plan_api_logs_the_people_it_discloses(force: Force, plan_run: PlanRun) -> None:
    _, raw = ApiToken.issue(force.lead, "planning tool")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    answer: Any = client.get(f"/api/planning/runs/{plan_run.pk}", HTTP_X_JUSTIFICATION="planning")
    assert answer.status_code == 200
    assert _people(plan_run) <= _named("plan_run")
