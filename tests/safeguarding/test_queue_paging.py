"""The queue page at scale: a fixed number of queries and at most one page of rows, whatever
the number of waiting victims; later pages carry on in the force-wide order and the
refresh keeps both the filters and the page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_incident

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry
from safehold.people.models import Person
from safehold.safeguarding import services
from safehold.safeguarding.models import Incident
from safehold.safeguarding.queue_view import PAGE_SIZE

pytestmark = pytest.mark.django_db

_made = 0


def _waiting(count: int) -> None:
    """``count`` more waiting victims, each with an earlier incident (bulk: fast at 600)."""
    global _made
    now = timezone.now()
    people = Person.objects.bulk_create(
        Person(reference=f"Q{_made + i:07d}", given_name="Test", family_name=f"Victim{i}")
        for i in range(count)
    )
    rows = []
    for i, person in enumerate(people):
        common = {
            "source": "call",
            "victim": person,
            "grade": ("standard", "medium", "high")[i % 3],
            "grade_source": "call_handler",
            "red_flags": ["strangulation"] if i % 3 == 0 else [],
        }
        rows.append(
            Incident(
                reported_at=now - timedelta(days=20 + i % 200),
                attendance="attended",
                seen_at=now,
                **common,
            )
        )
        rows.append(
            Incident(
                reported_at=now - timedelta(minutes=1 + i % 1400),
                attendance=("attended", "delayed", "unable")[i % 3],
                suspect_at_large=i % 4 == 0,
                **common,
            )
        )
    Incident.objects.bulk_create(rows, batch_size=500)
    _made += count


def _get(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _rows(page: str) -> list[str]:
    return re.findall(r'data-testid="queue-row" data-incident="(\d+)"', page)


@pytest.mark.parametrize("url", ["/safeguarding/", "/safeguarding/queue/rows/"])
def test_the_same_queries_and_one_page_of_rows_for_3_or_600_victims(
    officer: User, url: str
) -> None:
    """600 waiting victims once cost one insert of logged people per ~500 (SQLite's batch)
    and rendered every row; now a page shows and logs at most PAGE_SIZE, in the same queries."""
    client = signed_in(officer)
    _waiting(3)
    _get(client, url)  # warm-up: the chain head, the session
    _waiting(1)
    small, page = _get(client, url)  # a changed list: logged
    assert len(_rows(page)) == 4
    _waiting(596)
    large, page = _get(client, url)  # a changed list: logged
    assert small == large
    assert len(_rows(page)) == PAGE_SIZE
    look = AccessLogEntry.objects.order_by("-id").first()
    assert look is not None
    assert look.people_named.count() == PAGE_SIZE  # the victims shown, not all 600
    assert "<strong>600</strong> waiting" in page  # the totals stay force-wide


def test_later_pages_carry_on_in_order_and_keep_the_filters(officer: User) -> None:
    _waiting(3 * PAGE_SIZE + 5)  # 51 or more of each grade
    client = signed_in(officer)
    first = _rows(client.get("/safeguarding/").content.decode())
    second_page = client.get("/safeguarding/?page=2").content.decode()
    second = _rows(second_page)
    assert len(first) == len(second) == PAGE_SIZE
    assert not set(first) & set(second)
    positions = [int(p) for p in re.findall(r'numeric">(\d+)</td>', second_page)]
    assert positions == list(range(PAGE_SIZE + 1, 2 * PAGE_SIZE + 1))  # force-wide places
    assert 'rel="next"' in second_page
    assert 'rel="prev"' in second_page
    # The refresh asks for the same page; a page past the end shows the last.
    assert 'hx-get="/safeguarding/queue/rows/?page=2"' in second_page
    last = _rows(client.get("/safeguarding/queue/rows/?page=99").content.decode())
    assert len(last) == 5
    # Filters ride along with the page links; the filter form starts again at page 1.
    filtered = client.get("/safeguarding/?grade=high").content.decode()
    assert "?grade=high&amp;page=2" in filtered
    assert len(_rows(filtered)) == PAGE_SIZE
    assert "match the filters" in filtered


def _section(page: str, testid: str) -> str:
    match = re.search(rf'<table[^>]*data-testid="{testid}".*?</table>', page, re.S)
    assert match, testid
    return match.group(0)


def test_a_list_with_its_rows_on_other_pages_says_so(officer: User) -> None:
    """Calls fill page 1; the deployments heading still counts its row and points on."""
    _waiting(PAGE_SIZE)
    contacted = make_incident(grade="standard", attendance="attended", minutes_ago=5)
    services.record_contact(officer, contacted.pk, services.ContactInput(outcome="spoke_to_victim"))
    client = signed_in(officer)
    first = client.get("/safeguarding/").content.decode()
    assert "1 on later pages." in _section(first, "deployments")
    assert contacted.reference not in first
    second = client.get("/safeguarding/?page=2").content.decode()
    assert contacted.reference in _section(second, "deployments")
    assert f"{PAGE_SIZE} on earlier pages." in _section(second, "calls")
