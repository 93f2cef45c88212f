"""The queue page a shift can work from: calls apart from deployments, compact rows with the
heaviest reasons, the full explanation one click away, filters that survive the refresh, and
the contact targets with their source."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_incident

from safehold.accounts.models import Station, User
from safehold.people.models import Location
from safehold.safeguarding import services
from safehold.safeguarding.queries import compute_queue
from safehold.safeguarding.queue_view import QueueFilters, nearest_station, queue_page

pytestmark = pytest.mark.django_db


def _stations() -> list[Station]:
    return [
        Station.objects.create(
            code="STF",
            name="Stafford",
            town="Stafford",
            district="Stafford",
            lat=52.806,
            lon=-2.117,
        ),
        Station.objects.create(
            code="THAN", name="Test Hanley", town="Stoke", district="Stoke", lat=53.024, lon=-2.176
        ),
    ]


def _section(page: str, testid: str) -> str:
    match = re.search(rf'<table[^>]*data-testid="{testid}".*?</table>', page, re.S)
    assert match, testid
    return match.group(0)


def test_the_queue_separates_calls_from_deployments(officer: User) -> None:
    uncontacted = make_incident(grade="high", attendance="attended", minutes_ago=20)
    contacted = make_incident(grade="medium", attendance="attended", minutes_ago=40)
    services.record_contact(officer, contacted.pk, services.ContactInput(outcome="spoke_to_victim"))
    page = signed_in(officer).get("/safeguarding/").content.decode()
    assert uncontacted.reference in _section(page, "calls")
    assert contacted.reference in _section(page, "deployments")
    assert contacted.reference not in _section(page, "calls")


def test_an_empty_deployments_list_does_not_claim_no_contacted_victim_awaits_attendance(
    officer: User,
) -> None:
    """Contacted victims awaiting attendance can be under Needs a call (a re-assessment is
    due), so the empty text of Needs a deployment says where they are instead."""
    page = signed_in(officer).get("/safeguarding/").content.decode()
    assert "No contacted victim waits for officers to attend" not in page
    assert "No victim needs officers sent now." in page
    assert "awaiting attendance who are due a call are under Needs a call" in page


def test_a_row_shows_the_heaviest_reasons_and_keeps_the_rest_one_click_away(officer: User) -> None:
    incident = make_incident(
        grade="high",
        attendance="unable",
        minutes_ago=30,
        suspect_at_large=True,
        children_present=True,
        red_flags=["strangulation", "threats_to_kill", "weapons"],
    )
    [line] = queue_page(compute_queue(timezone.now()), QueueFilters(), []).calls
    assert [r.code for r in line.top_reasons] == [
        "suspect_at_large",
        "attendance",
        "escalation_marker",
    ]
    assert all(r.code not in {"grade", "time_waited"} for r in line.top_reasons)
    page = signed_in(officer).get("/safeguarding/").content.decode()
    assert f'<details class="safehold-why" id="why-{incident.pk}">' in page
    assert "Graded high" in page  # in the explanation, folded


def test_filters_narrow_the_lists_and_ride_along_with_the_refresh(officer: User) -> None:
    stafford, hanley = _stations()
    # Close enough to the test stations that no real one is nearer.
    near_stafford = Location.objects.create(lat=stafford.lat, lon=stafford.lon)
    near_hanley = Location.objects.create(lat=hanley.lat, lon=hanley.lon)
    high = make_incident(grade="high", location=near_stafford)
    medium = make_incident(grade="medium", location=near_hanley)
    client = signed_in(officer)
    page = client.get("/safeguarding/?grade=high").content.decode()
    assert high.reference in page
    assert medium.reference not in page
    assert 'hx-get="/safeguarding/queue/rows/?grade=high"' in page
    page = client.get("/safeguarding/?station=THAN").content.decode()
    assert medium.reference in page
    assert high.reference not in page
    fragment = client.get("/safeguarding/queue/rows/?station=THAN").content.decode()
    assert medium.reference in fragment
    assert high.reference not in fragment
    assert nearest_station(52.80, -2.12, [stafford, hanley]) == stafford
    assert nearest_station(52.80, -2.12, list(Station.objects.all())) is not None


def test_flag_filter_and_unknown_values_are_ignored(officer: User) -> None:
    late = make_incident(grade="high", attendance="attended", minutes_ago=120)
    fresh = make_incident(grade="high", attendance="attended", minutes_ago=5)
    client = signed_in(officer)
    page = client.get("/safeguarding/?flag=target_missed").content.decode()
    assert late.reference in page
    assert fresh.reference not in page
    page = client.get("/safeguarding/?flag=nonsense&grade=purple").content.decode()
    assert late.reference in page
    assert fresh.reference in page


def test_the_page_shows_the_contact_targets_with_their_source(officer: User) -> None:
    page = signed_in(officer).get("/safeguarding/").content.decode()
    targets = re.search(r'data-testid="targets">(.*?)</p>', page, re.S)
    assert targets
    assert "high 1 h, medium 8 h, standard 24 h" in targets.group(1)
    assert "local choice" in targets.group(1)


def test_a_contacted_victim_shows_the_target_outcome_kept(officer: User) -> None:
    incident = make_incident(grade="high", attendance="delayed", minutes_ago=90)
    services.record_contact(officer, incident.pk, services.ContactInput(outcome="spoke_to_victim"))
    [row] = compute_queue(timezone.now() + timedelta(hours=2)).rows
    assert row.entry.target_missed
    page = signed_in(officer).get("/safeguarding/").content.decode()
    assert "Missed" in page
