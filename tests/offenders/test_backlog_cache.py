"""The backlog's cache (issue 14, load): served from the cache, never stale after a write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safehold.accounts.models import User
from safehold.offenders import services
from safehold.offenders.backlog_queries import compute_backlog
from safehold.offenders.models import Offender

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture(autouse=True)
def _cache_on(settings: Any) -> None:
    settings.SAFEHOLD_BACKLOG_CACHE_SECONDS = 60


def _cached() -> dict[str, object]:
    return compute_backlog(TODAY, trend_days=0, cached=True).to_dict()


def _fresh() -> dict[str, object]:
    return compute_backlog(TODAY, trend_days=0).to_dict()


def _queries(read: Callable[[], object]) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        read()
    return [q["sql"] for q in ctx.captured_queries]


def test_a_second_look_reuses_the_verdict_instead_of_reading_every_offender(
    make_offender: Callable[..., Offender],
) -> None:
    make_offender("very_high", seen_days_ago=60)
    first = _queries(_cached)
    second = _queries(_cached)
    reads_offender_rows = [q for q in second if "register_reference" in q]
    assert any("register_reference" in q for q in first)
    assert reads_offender_rows == []
    assert _cached() == _fresh()


def test_recording_a_visit_shows_on_the_very_next_look(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    offender = make_offender("very_high", seen_days_ago=60)
    assert _cached()["overdue_visits"] == 1
    services.record_visit(
        om,
        offender.pk,
        services.VisitInput(
            visited_at=timezone.now() - timedelta(minutes=5),
            outcome="seen",
            officer_1_id=om.pk,
            officer_2_id=lead.pk,
        ),  # type: ignore[call-arg]
    )
    assert _cached()["overdue_visits"] == 0
    assert _cached() == _fresh()


def test_a_new_or_removed_offender_changes_the_figures_at_once(
    make_offender: Callable[..., Offender],
) -> None:
    make_offender("very_high", seen_days_ago=60)
    assert _cached()["overdue_visits"] == 1
    second = make_offender("high", seen_days_ago=400)
    assert _cached()["overdue_visits"] == 2
    Offender.objects.filter(pk=second.pk).update(risk_level="low", version=second.version + 1)
    assert _cached() == _fresh()
    Offender.objects.filter(pk=second.pk).delete()
    assert _cached()["overdue_visits"] == 1


def test_a_zero_lifetime_turns_the_cache_off(
    settings: Any, make_offender: Callable[..., Offender]
) -> None:
    settings.SAFEHOLD_BACKLOG_CACHE_SECONDS = 0
    make_offender("very_high", seen_days_ago=60)
    _cached()
    assert any("register_reference" in q for q in _queries(_cached))


def test_the_offender_list_from_the_kept_evaluation_equals_a_fresh_one(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    """Filtered, sorted and after a write: the same rows in the same order."""
    from safehold.offenders.queries import OffenderFilters, offender_list

    make_offender("very_high", seen_days_ago=60)
    second = make_offender("low", seen_days_ago=5, offender_manager=lead)
    for filters in (
        OffenderFilters(),
        OffenderFilters(risk=("low",)),
        OffenderFilters(manager=om.pk),
    ):
        for cached in (True, True, False):
            rows = offender_list(
                filters, sort="overdue", descending=True, today=TODAY, cached=cached
            )
            fresh = offender_list(filters, sort="overdue", descending=True, today=TODAY)
            assert [e.row["id"] for e in rows] == [e.row["id"] for e in fresh]
    services.assign_manager(lead, second.pk, om.pk)
    mine = offender_list(
        OffenderFilters(manager=om.pk), sort="name", descending=False, today=TODAY, cached=True
    )
    assert second.pk in [e.row["id"] for e in mine]


def test_the_briefing_from_the_kept_evaluation_equals_a_fresh_one_after_a_write(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    from safehold.offenders.briefing import compute_briefing

    def overdue_high() -> list[int]:
        [section] = [
            s for s in compute_briefing(TODAY, cached=True).sections if s.key == "overdue_high"
        ]
        return [line.offender_id for line in section.lines]

    offender = make_offender("very_high", seen_days_ago=60)
    assert compute_briefing(TODAY, cached=True).to_dict() == compute_briefing(TODAY).to_dict()
    assert overdue_high() == [offender.pk]
    services.record_visit(
        om,
        offender.pk,
        services.VisitInput(
            visited_at=timezone.now() - timedelta(minutes=5),
            outcome="seen",
            officer_1_id=om.pk,
            officer_2_id=lead.pk,
        ),  # type: ignore[call-arg]
    )
    assert overdue_high() == []
    assert compute_briefing(TODAY, cached=True).to_dict() == compute_briefing(TODAY).to_dict()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("keep", ["memo_by_register_stamp", "by_register_stamp"])
def test_threads_missing_the_answer_at_once_compute_it_once(keep: str) -> None:
    """A worker's threads arriving together (first requests, after a write) wait for the
    one computing the answer instead of all computing it side by side."""
    import threading
    import time

    from django.core.cache import cache
    from django.db import connections

    from safehold.offenders import backlog_cache

    cache.clear()
    calls: list[int] = []
    answers: list[object] = []
    barrier = threading.Barrier(4)

    def compute() -> dict[str, int]:
        calls.append(1)
        time.sleep(0.3)
        return {"answer": 42}

    def ask() -> None:
        try:
            barrier.wait(timeout=30)
            answers.append(getattr(backlog_cache, keep)(f"test-{keep}", TODAY, "v1", compute))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(calls) == 1
    assert answers == [{"answer": 42}] * 4
