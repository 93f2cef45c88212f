"""The clocks services take: the system's time, and a frozen one for tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from safehold.clock import SYSTEM_CLOCK, FrozenClock


def test_a_frozen_clock_stands_still_until_advanced() -> None:
    """now() is the moment given; today() is its London date; advance moves it on."""
    clock = FrozenClock(datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    assert clock.now() == clock.now() == datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert clock.today() == date(2026, 7, 1)  # 00:30 in London (summer time)
    clock.advance(timedelta(hours=2))
    assert clock.now() == datetime(2026, 7, 1, 1, 30, tzinfo=UTC)


def test_a_frozen_clock_refuses_a_naive_moment() -> None:
    """A moment without a time zone is ambiguous: refused, naming it."""
    with pytest.raises(ValueError, match="timezone-aware"):
        FrozenClock(datetime(2026, 1, 1, 9))


def test_the_system_clock_is_the_real_time() -> None:
    """SYSTEM_CLOCK reads Django's time: aware, and today in the local zone."""
    before = timezone.now()
    assert before <= SYSTEM_CLOCK.now() <= timezone.now()
    assert SYSTEM_CLOCK.today() == timezone.localdate()
