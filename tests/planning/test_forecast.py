"""The backlog-clearance forecast: hand-checked days and the what-if curve."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.planning.forecast import OffenderDue, days_to_clear_curve, forecast_clearance

MONDAY = date(2025, 3, 3)
FRIDAY = date(2025, 3, 7)


def overdue(
    n: int, *, risk: str = "low", interval: int = 365, today: date = MONDAY
) -> list[OffenderDue]:
    return [OffenderDue(f"O{i}", risk, interval, today - timedelta(days=10 + i)) for i in range(n)]


def test_three_overdue_visits_at_one_a_day_clear_on_wednesday() -> None:
    """One pair, one visit a day, three overdue: backlog 2, 1, 0; clear Wednesday."""
    result = forecast_clearance(overdue(3), today=MONDAY, pairs=1, visits_per_pair_day=1)
    assert result.backlog_today == 3
    assert result.backlog_by_day == (2, 1, 0)
    assert result.clear_date == date(2025, 3, 5)
    assert result.days_to_clear == 2
    assert result.visits_made == 3


def test_nobody_works_at_the_weekend_so_a_friday_backlog_clears_on_tuesday() -> None:
    """From Friday, three overdue, one a weekday: Fri 2, Sat 2, Sun 2, Mon 1, Tue 0."""
    result = forecast_clearance(
        overdue(3, today=FRIDAY), today=FRIDAY, pairs=1, visits_per_pair_day=1
    )
    assert result.backlog_by_day == (2, 2, 2, 1, 0)
    assert result.clear_date == date(2025, 3, 11)


def test_visits_falling_due_join_the_queue_and_delay_clearance() -> None:
    """Two overdue plus one due Tuesday, one visit a day: clear Wednesday, not Tuesday."""
    offenders = [*overdue(2), OffenderDue("NEW", "low", 365, MONDAY + timedelta(days=1))]
    result = forecast_clearance(offenders, today=MONDAY, pairs=1, visits_per_pair_day=1)
    assert result.backlog_by_day == (1, 1, 0)
    assert result.days_to_clear == 2


def test_a_visit_made_makes_the_offender_due_again_after_the_interval() -> None:
    """Monthly (28-day) very high risk visits with no capacity left: backlog never clears."""
    offenders = overdue(2, risk="very_high", interval=1)
    result = forecast_clearance(
        offenders, today=MONDAY, pairs=1, visits_per_pair_day=1, max_days=30
    )
    assert result.clear_date is None
    assert result.visits_made > 2


def test_with_no_backlog_it_is_clear_today() -> None:
    """Nothing overdue: clear today, zero days."""
    offenders = [OffenderDue("O1", "high", 91, MONDAY + timedelta(days=5))]
    result = forecast_clearance(offenders, today=MONDAY, pairs=1)
    assert (result.clear_date, result.days_to_clear) == (MONDAY, 0)


def test_with_no_pairs_the_backlog_never_clears() -> None:
    """Zero pairs: no clear date within the horizon."""
    result = forecast_clearance(overdue(3), today=MONDAY, pairs=0, max_days=50)
    assert result.clear_date is None
    assert result.backlog_by_day[-1] == 3


def test_half_a_visit_a_day_carries_over_to_make_one_every_other_day() -> None:
    """0.5 visits a pair-day: the first visit is made on day 1, the second on day 3."""
    result = forecast_clearance(overdue(2), today=MONDAY, pairs=1, visits_per_pair_day=0.5)
    assert result.backlog_by_day == (2, 1, 1, 0)


def test_an_unknown_risk_level_is_refused() -> None:
    """Only the four risk levels are understood."""
    with pytest.raises(ValueError, match="risk level"):
        OffenderDue("O1", "extreme", 30, MONDAY)


def test_the_curve_has_a_point_per_pair_count() -> None:
    """40 overdue at 5 a pair-day from Monday: 1 pair clears on day 9, 2 on day 3, 4 on day 1."""
    curve = days_to_clear_curve(
        overdue(40), today=MONDAY, pair_counts=[1, 2, 4], visits_per_pair_day=5
    )
    assert [(p.pairs, p.days_to_clear) for p in curve] == [(1, 9), (2, 3), (4, 1)]


offender_lists = st.lists(
    st.builds(
        lambda risk, interval, offset: (risk, interval, offset),
        st.sampled_from(["very_high", "high", "medium", "low"]),
        st.integers(1, 60),
        st.integers(-90, 30),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(offender_lists, st.integers(0, 5), st.sampled_from([0.5, 1.0, 2.5, 4.0]))
def test_more_pairs_never_clear_the_backlog_later(
    rows: list[tuple[str, int, int]], pairs: int, rate: float
) -> None:
    """Adding a pair never moves the clear date later (or loses it)."""
    offenders = [
        OffenderDue(f"O{i}", risk, interval, MONDAY + timedelta(days=offset))
        for i, (risk, interval, offset) in enumerate(rows)
    ]
    fewer, more = days_to_clear_curve(
        offenders,
        today=MONDAY,
        pair_counts=[pairs, pairs + 1],
        visits_per_pair_day=rate,
        max_days=200,
    )
    if fewer.days_to_clear is not None:
        assert more.days_to_clear is not None
        assert more.days_to_clear <= fewer.days_to_clear
