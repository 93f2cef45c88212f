"""The waiting queue on the database: re-prioritised as time passes, explained, and cheap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_incident

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry
from safehold.safeguarding import services
from safehold.safeguarding.queries import compute_queue

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


def _flags(now: datetime) -> tuple[bool, bool, bool]:
    [row] = compute_queue(now).rows
    e = row.entry
    return e.escalate_to_supervisor, e.target_missed, e.needs_telephone_reassessment


def test_a_delayed_high_victim_escalates_as_the_hour_runs_out(officer: User) -> None:
    """Frozen clock: re-assess at once; escalate with 15 minutes left; missed after an hour."""
    make_incident(grade="high", attendance="delayed", reported_at=T0)
    assert _flags(T0 + timedelta(minutes=10)) == (False, False, True)
    assert _flags(T0 + timedelta(minutes=46)) == (True, False, True)
    assert _flags(T0 + timedelta(minutes=61)) == (True, True, True)


def test_a_telephone_reassessment_clears_the_flag_until_the_interval_passes(
    officer: User,
) -> None:
    """Re-assessed at 20:10 (frozen): not due again until an hour later for a high grade."""
    incident = make_incident(grade="high", attendance="delayed", reported_at=T0)
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        services.record_reassessment(
            officer,
            incident.pk,
            services.ReassessmentInput(new_grade="high", advice_given="Stay with family"),
        )
    assert _flags(T0 + timedelta(minutes=30))[2] is False
    assert _flags(T0 + timedelta(minutes=71))[2] is True


def test_reaching_the_victim_by_telephone_stops_the_escalation(officer: User) -> None:
    """Contact made within the target: no escalation for the target later, still waiting to
    be seen (the re-assessment made with the call keeps that clock quiet too)."""
    incident = make_incident(grade="high", attendance="delayed", reported_at=T0)
    with time_machine.travel(T0 + timedelta(minutes=20), tick=False):
        services.record_contact(
            officer, incident.pk, services.ContactInput(outcome="spoke_to_victim")
        )
        services.record_reassessment(
            officer,
            incident.pk,
            services.ReassessmentInput(new_grade="high", advice_given="999 if he returns"),
        )
    escalate, missed, _ = _flags(T0 + timedelta(minutes=70))
    assert (escalate, missed) == (False, False)
    [row] = compute_queue(T0 + timedelta(hours=3)).rows
    assert "contact_made" in [r.code for r in row.entry.reasons]
    assert "target_missed" not in [r.code for r in row.entry.reasons]


def test_waiting_moves_a_medium_victim_above_a_newly_reported_high_one() -> None:
    """Twelve hours into an eight-hour target outranks a high victim reported a minute ago."""
    medium = make_incident(grade="medium", attendance="attended", reported_at=T0)
    high = make_incident(
        grade="high", attendance="attended", reported_at=T0 + timedelta(hours=11, minutes=59)
    )
    early = compute_queue(T0 + timedelta(hours=1))
    late = compute_queue(T0 + timedelta(hours=12))
    assert [r.incident.pk for r in early.rows] == [high.pk, medium.pk]
    assert [r.incident.pk for r in late.rows] == [medium.pk, high.pk]


def test_repeat_victimisation_counts_earlier_incidents_within_twelve_months() -> None:
    """Two earlier incidents in the year, one older: a repeat count of 2 in the reasons."""
    first = make_incident(reported_at=T0 - timedelta(days=400), seen_at=T0 - timedelta(days=400))
    victim = first.victim
    for days in (200, 30):
        make_incident(victim=victim, reported_at=T0 - timedelta(days=days),
                      seen_at=T0 - timedelta(days=days))  # fmt: skip
    make_incident(victim=victim, reported_at=T0)
    [row] = compute_queue(T0 + timedelta(minutes=5)).rows
    assert row.repeat_12m == 2
    assert "2 earlier incident(s)" in " ".join(r.text for r in row.entry.reasons)


def test_seen_and_closed_victims_leave_the_queue() -> None:
    """Only open incidents whose victim has not been seen are waiting."""
    waiting = make_incident()
    make_incident(seen_at=T0)
    make_incident(closure_status="closed")
    assert [r.incident.pk for r in compute_queue(T0).rows] == [waiting.pk]


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/safeguarding/", "/safeguarding/queue/rows/"])
@time_machine.travel(T0, tick=False)
def test_the_queue_page_costs_the_same_queries_at_any_length(officer: User, url: str) -> None:
    """5 waiting victims or 60 (repeats, red flags, pending downgrades): the same queries.

    The clock stands still: the scores grow with the wait, so two rows close in score can
    swap between two refreshes on a slow run, and a changed list is logged again (three
    more queries) as it should be."""

    def add(n: int) -> None:
        for i in range(n):
            first = make_incident(
                grade=("high", "medium", "standard")[i % 3],
                attendance=("delayed", "unable", "attended")[i % 3],
                minutes_ago=10 + i * 7,
                red_flags=["strangulation"] if i % 2 else [],
            )
            make_incident(victim=first.victim, minutes_ago=60 * 24 * 20, seen_at=T0)
            if i % 4 == 0:
                services.record_reassessment(
                    officer,
                    first.pk,
                    services.ReassessmentInput(
                        new_grade="standard",
                        reason="Suspect in custody",
                        advice_given="Refuge number given",
                    ),
                )

    client = signed_in(officer)
    add(5)
    _count(client, url)  # warm-up: the chain head, the session
    small = _count(client, url)
    add(55)
    _count(client, url)  # the refresh that logs the new list (the page logs every look)
    large = _count(client, url)
    assert small == large


def test_the_queue_page_refreshes_itself_with_htmx_and_says_why(officer: User) -> None:
    """hx-get to the rows every 30 s, no inline script; each row carries its reasons."""
    make_incident(grade="high", attendance="delayed", minutes_ago=70)
    page = signed_in(officer).get("/safeguarding/").content.decode()
    assert 'hx-get="/safeguarding/queue/rows/"' in page
    assert 'hx-trigger="every 30s"' in page
    assert "onclick" not in page
    assert "<script>" not in page
    assert "Graded high" in page
    assert "Attendance delayed" in page
    assert 'data-testid="flag-escalate"' in page
    assert "Telephone re-assessment due" in page


def test_a_refresh_is_logged_only_when_the_victims_shown_change(officer: User) -> None:
    """The same list again is not a new look; a new victim on it is."""
    make_incident()
    client = signed_in(officer)
    client.get("/safeguarding/")
    before = AccessLogEntry.objects.count()
    client.get("/safeguarding/queue/rows/")
    assert AccessLogEntry.objects.count() == before
    make_incident()
    client.get("/safeguarding/queue/rows/")
    assert AccessLogEntry.objects.count() == before + 1
    assert AccessLogEntry.objects.order_by("-id").first().detail["refresh"] is True  # type: ignore[union-attr]
