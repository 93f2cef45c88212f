"""Forms read the time from a clock: their checks and initial values follow the one given."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from safehold.clock import SYSTEM_CLOCK, FrozenClock
from safehold.forms import ClockedForm
from safehold.offenders.models import NotificationKind
from safehold.offenders.notification_forms import NotificationForm
from safehold.safeguarding.forms import now_initial

FUTURE = "The notification date must be today or in the past"


@pytest.mark.django_db
def test_a_notification_date_is_checked_against_the_forms_clock() -> None:
    clock = FrozenClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    data = {"kind": NotificationKind.PERIODIC, "notified_on": "2026-03-03"}
    tomorrow = NotificationForm(data, clock=clock)
    tomorrow.is_valid()
    assert FUTURE in tomorrow.errors.get("notified_on", [])
    today = NotificationForm({**data, "notified_on": "2026-03-02"}, clock=clock)
    today.is_valid()
    assert FUTURE not in today.errors.get("notified_on", [])


def test_a_clocked_form_reads_the_system_clock_unless_given_one() -> None:
    assert ClockedForm().clock is SYSTEM_CLOCK
    clock = FrozenClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    assert ClockedForm(clock=clock).clock is clock


def test_a_date_and_time_pair_starts_at_the_clocks_local_now() -> None:
    # 23:05 UTC on 3 July is 00:05 on 4 July in London (British Summer Time).
    clock = FrozenClock(datetime(2026, 7, 3, 23, 5, tzinfo=UTC))
    assert now_initial("at", clock) == {"at_date": date(2026, 7, 4), "at_time": "00:05"}
    winter = FrozenClock(datetime(2026, 12, 1, 23, 5, tzinfo=UTC))
    assert now_initial("reported", winter) == {
        "reported_date": date(2026, 12, 1),
        "reported_time": "23:05",
    }
