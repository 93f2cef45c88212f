"""Properties of the pure procedure rules: notifications, lateness, the qualifying
period, the whereabouts-unknown clock and routing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from safehold.offenders.notification_rules import (
    assess_lateness,
    later_notification,
    qualifying_date,
    restarts_periodic,
)
from safehold.offenders.procedure_config import WhereaboutsRules
from safehold.offenders.whereabouts_rules import next_task, routing_block, tasks

DAYS = st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 31))
KINDS = st.sampled_from(
    ["initial", "change", "periodic", "weekly_nfa", "foreign_travel", "release"]
)
SUBJECTS = st.sampled_from(
    ["", "name", "home_address", "other_address", "bank_card", "vehicle", "contact"]
)
STATUSES = st.sampled_from(
    ["managed", "reactive_management", "whereabouts_unknown", "in_custody", "expired"]
)


@given(st.lists(st.tuples(DAYS, KINDS, SUBJECTS), max_size=12), st.none() | DAYS)
def test_a_notification_never_moves_the_periodic_date_backwards(
    notes: list[tuple[date, str, str]], first: date | None
) -> None:
    """Whatever arrives, in any order, the date the annual clock counts from only rises."""
    last = first
    for on, kind, subject in notes:
        new = later_notification(
            last, on, restarts=restarts_periodic(kind, subject, ("name", "home_address"))
        )
        if last is not None:
            assert new is not None
            assert new >= last
        last = new


@given(DAYS, st.integers(0, 30), st.integers(1, 10))
def test_a_change_is_late_exactly_when_notified_after_the_deadline(
    changed: date, after: int, within: int
) -> None:
    result = assess_lateness(
        kind="change",
        notified_on=changed + timedelta(days=after),
        changed_on=changed,
        within_days=within,
    )
    assert result.possible_s91 == (after > within)
    assert result.days_late == max(0, after - within)


@given(DAYS, st.integers(0, 30), st.booleans())
def test_short_notice_of_travel_is_flagged_only_without_a_reason(
    departs: date, notice: int, reason: bool
) -> None:
    result = assess_lateness(
        kind="foreign_travel",
        notified_on=departs - timedelta(days=notice),
        departs_on=departs,
        excuse="Family funeral, booked the day before" if reason else "",
    )
    assert result.possible_s91 == (notice < 7 and not reason)


@given(st.lists(st.tuples(DAYS, st.integers(0, 20)), max_size=6))
def test_the_qualifying_date_needs_seven_days_within_a_year(
    stays: list[tuple[date, int]],
) -> None:
    periods = [(a, a + timedelta(days=n)) for a, n in stays]
    reached = qualifying_date(periods)
    if reached is not None:
        window = reached - timedelta(days=364)
        days = {a + timedelta(days=i) for a, b in periods for i in range((b - a).days + 1)}
        assert len({d for d in days if window <= d <= reached}) >= 7
    if any((b - a).days >= 6 for a, b in periods):
        assert reached is not None


@given(STATUSES)
def test_an_offender_with_an_open_procedure_is_never_routed(status: str) -> None:
    assert routing_block(status, True) == "whereabouts_unknown"


@given(
    st.lists(
        st.tuples(st.sampled_from(["pnc", "enquiry", "no_breach", "review"]), st.integers(0, 900)),
        max_size=8,
    ),
    st.integers(0, 2000),
)
def test_an_open_procedure_always_has_a_next_step(done: list[tuple[str, int]], hours: int) -> None:
    """A DS review is always still to come, so the briefing always has a next step."""
    opened = datetime(2026, 12, 1, 9, tzinfo=UTC)
    all_tasks = tasks(
        opened_at=opened,
        done=[(k, opened + timedelta(hours=h)) for k, h in done],
        now=opened + timedelta(hours=hours),
        rules=WhereaboutsRules(),
    )
    step = next_task(all_tasks)
    assert step is not None
    assert all(t.done or t.due_at >= step.due_at for t in all_tasks)
