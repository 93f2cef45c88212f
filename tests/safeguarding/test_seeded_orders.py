"""The seeded notices and orders read as a force's would: an authoriser named without a
rank (the page adds it) at a rank the policy knows, and hearings in court sitting hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from safehold.safeguarding import policies
from safehold.safeguarding.court_days import hearing_deadline, load_calendar
from safehold.synth.safeguarding_orders import INSPECTORS, SUPERINTENDENTS, in_court_hours
from safehold.synth.safeguarding_plan import LONDON

RANK_WORDS = ("insp", "supt", "ch ", "inspector", "superintendent")


def test_authorisers_are_named_without_a_rank_and_hold_one_the_policy_allows() -> None:
    policy = policies.current()
    ranks = policy.clocks.ranks
    minimum = {id(INSPECTORS): policy.orders.dapn_min_rank, id(SUPERINTENDENTS): "superintendent"}
    for people in (INSPECTORS, SUPERINTENDENTS):
        for name, rank in people:
            assert not name.lower().startswith(RANK_WORDS), name
            assert rank in ranks
            assert ranks.index(rank) >= ranks.index(minimum[id(people)])


@given(
    served=st.datetimes(
        # Served by 20 Dec 2027: 48 counted hours later is still within the packaged
        # calendar's years (2024-2027), which the deadline refuses to count past.
        min_value=datetime(2026, 1, 1),
        max_value=datetime(2027, 12, 20),
        timezones=st.just(UTC),
    ),
    hours=st.floats(min_value=18, max_value=46),
    fraction=st.floats(min_value=0, max_value=1),
)
def test_hearings_fall_in_sitting_hours_on_a_counted_weekday_within_the_deadline(
    served: datetime, hours: float, fraction: float
) -> None:
    calendar = load_calendar()
    made = in_court_hours(served, served + timedelta(hours=hours), fraction, calendar=calendar)
    local = made.astimezone(LONDON)
    assert local.weekday() < 5
    assert not calendar.excluded(local.date())
    assert (10, 0) <= (local.hour, local.minute) <= (16, 0)
    assert made >= served + timedelta(hours=4)
    assert made <= hearing_deadline(served, 48, calendar)


def test_a_notice_before_a_bank_holiday_weekend_is_heard_on_the_next_sitting_day() -> None:
    """Served on the Friday before the Easter Monday of 2027 at 15:00: no court sits on the
    Saturday, Sunday or Monday, so the hearing is on the Tuesday, within 48 counted hours
    (Friday 9 h, Saturday 24 h, Tuesday 15 h)."""
    served = datetime(2027, 3, 26, 15, tzinfo=LONDON).astimezone(UTC)
    made = in_court_hours(served, served + timedelta(hours=46), 0.5).astimezone(LONDON)
    assert made == datetime(2027, 3, 30, 13, tzinfo=LONDON)
