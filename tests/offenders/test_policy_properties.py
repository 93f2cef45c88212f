"""Properties the visit policy keeps for every offender (Hypothesis)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from safehold.offenders.policy import (
    MAX_RELEASE_GRACE_DAYS,
    ForeignTravel,
    OffenderFacts,
    OffenderStatus,
    PerRiskLevel,
    PolicyResult,
    RiskLevel,
    VisitAttempt,
    VisitKind,
    VisitOutcome,
    VisitPolicy,
    add_months,
    default_policy,
    evaluate,
    load_policy,
)

POLICY = default_policy()
CENTRE = date(2026, 5, 15)
MONTH_ENDS = [date(2024, 2, 29), date(2025, 1, 31), date(2025, 12, 31), date(2026, 3, 31)]


def near(lo: int, hi: int) -> st.SearchStrategy[date]:
    """Dates from lo to hi days around CENTRE, with month ends mixed in."""
    around = st.integers(lo, hi).map(lambda n: CENTRE + timedelta(days=n))
    return around | st.sampled_from(MONTH_ENDS)


# Every date of an offender's history and every ``today`` falls within a few years of
# one centre, so that visits, releases and due dates meet often enough to test the rules.
days = near(-3000, 400)
maybe_days = st.none() | days
todays = near(-400, 400)
levels = st.sampled_from(list(RiskLevel))
# Statuses for which a visit or attendance can be due.
active_statuses = st.sampled_from(
    [
        OffenderStatus.MANAGED,
        OffenderStatus.WHEREABOUTS_UNKNOWN,
        OffenderStatus.REACTIVE_MANAGEMENT,
    ]
)


@st.composite
def offenders(
    draw: st.DrawFn, status: st.SearchStrategy[OffenderStatus] | None = None
) -> OffenderFacts:
    """Any plausible offender: dates near CENTRE, in any order the facts allow."""
    registered = draw(days)
    ends = draw(st.none() | days.filter(lambda d: d >= registered))
    return OffenderFacts(
        offender_id=draw(st.integers(min_value=1, max_value=10**6)),
        registered_on=registered,
        status=draw(status if status is not None else st.sampled_from(list(OffenderStatus))),
        risk_level=draw(st.none() | levels),
        registration_ends_on=ends,
        interval_months_override=draw(st.none() | st.integers(min_value=1, max_value=24)),
        last_visit_seen_on=draw(maybe_days),
        last_visit_attempt=draw(
            st.none() | st.builds(VisitAttempt, days, st.sampled_from(list(VisitOutcome)))
        ),
        released_from_custody_on=draw(maybe_days),
        last_risk_assessment_on=draw(maybe_days),
        risk_review_due_on=draw(maybe_days),
        last_notification_on=draw(maybe_days),
        no_fixed_abode=draw(st.booleans()),
        unnotified_change_on=draw(maybe_days),
        foreign_travel=tuple(
            draw(st.lists(st.builds(ForeignTravel, days, maybe_days), max_size=2))
        ),
        last_station_attendance_on=draw(maybe_days),
    )


def _ascending(values: list[int]) -> PerRiskLevel:
    """Four values arranged so that very high gets the smallest."""
    a, b, c, d = sorted(values)
    return PerRiskLevel(very_high=a, high=b, medium=c, low=d)


months_by_level = st.lists(st.integers(1, 36), min_size=4, max_size=4).map(_ascending)


@st.composite
def policies(draw: st.DrawFn) -> VisitPolicy:
    """Any valid force policy, the packaged one among them."""
    if draw(st.booleans()):
        return POLICY
    return VisitPolicy(
        version="prop-1",
        visit_interval_months=draw(months_by_level),
        risk_review_months=draw(months_by_level),
        unassessed_risk_level=draw(levels),
        first_visit_within_days=draw(st.integers(1, 400)),
        station_attendance_months=draw(st.integers(1, 24)),
        release_grace_days=draw(st.integers(0, MAX_RELEASE_GRACE_DAYS)),
    )


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 12, 31)), st.integers(-600, 600))
def test_adding_months_lands_in_the_right_month_on_the_same_or_last_day(
    day: date, months: int
) -> None:
    """add_months moves the month by exactly n and keeps the day unless the month is shorter."""
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (
        moved.day < day.day and (moved + timedelta(days=1)).month != moved.month
    )


@given(days, days, st.integers(0, 240))
def test_adding_months_never_reverses_the_order_of_two_dates(a: date, b: date, months: int) -> None:
    """A later date plus n months is never before an earlier date plus n months."""
    early, late = sorted((a, b))
    assert add_months(early, months) <= add_months(late, months)


@given(offenders(active_statuses), st.integers(0, 800), todays, policies())
def test_recording_a_visit_never_makes_an_offender_more_overdue(
    facts: OffenderFacts, days_back: int, today: date, policy: VisitPolicy
) -> None:
    """A seen visit on or after the last one (and by today) never adds lateness or misses."""
    previous = facts.last_visit_seen_on
    visit_on = today - timedelta(days=days_back)
    assume(previous is None or visit_on >= previous)
    before = evaluate(facts, today, policy)
    after = evaluate(
        dataclasses.replace(
            facts,
            last_visit_seen_on=visit_on,
            last_visit_attempt=VisitAttempt(visit_on, VisitOutcome.SEEN),
        ),
        today,
        policy,
    )
    assert after.days_overdue <= before.days_overdue
    assert after.visits_missed <= before.visits_missed
    assert not (after.is_overdue and not before.is_overdue)


@settings(max_examples=300)
@given(
    st.integers(0, MAX_RELEASE_GRACE_DAYS),
    st.integers(1, 6),
    st.integers(0, 120),
    st.integers(0, 120),
    st.none() | st.integers(0, 400),
)
def test_a_visit_after_release_never_makes_an_offender_more_overdue(
    grace_days: int,
    interval_months: int,
    released_days_ago: int,
    visit_days_after_release: int,
    previous_visit_days_before_release: int | None,
) -> None:
    """Seen after release: never more overdue than when the release grace set the date."""
    today = CENTRE
    released = today - timedelta(days=released_days_ago)
    visit_on = min(today, released + timedelta(days=visit_days_after_release))
    previous = (
        None
        if previous_visit_days_before_release is None
        else released - timedelta(days=previous_visit_days_before_release)
    )
    facts = OffenderFacts(
        offender_id=1,
        registered_on=released - timedelta(days=500),
        risk_level=RiskLevel.HIGH,
        interval_months_override=interval_months,
        last_visit_seen_on=previous,
        released_from_custody_on=released,
    )
    policy = dataclasses.replace(POLICY, release_grace_days=grace_days)
    before = evaluate(facts, today, policy)
    after = evaluate(dataclasses.replace(facts, last_visit_seen_on=visit_on), today, policy)
    assert after.days_overdue <= before.days_overdue
    assert after.visits_missed <= before.visits_missed


home_visited = st.sampled_from([OffenderStatus.MANAGED, OffenderStatus.WHEREABOUTS_UNKNOWN])


@given(offenders(home_visited), todays, policies())
def test_a_due_date_never_precedes_the_last_visit(
    facts: OffenderFacts, today: date, policy: VisitPolicy
) -> None:
    """The next home visit is always after the last visit that counted."""
    result = evaluate(facts, today, policy)
    seen = facts.last_visit_seen_on
    if result.next_visit_due is not None and seen is not None and seen >= facts.registered_on:
        assert result.next_visit_due > seen


@given(offenders(), todays, levels, levels, policies())
def test_raising_the_risk_level_never_lengthens_the_interval(
    facts: OffenderFacts, today: date, one: RiskLevel, other: RiskLevel, policy: VisitPolicy
) -> None:
    """A higher risk level gets an interval no longer and a due date no later."""
    lower, higher = sorted((one, other), key=lambda level: level.rank)
    facts = dataclasses.replace(facts, interval_months_override=None)
    low = evaluate(dataclasses.replace(facts, risk_level=lower), today, policy)
    high = evaluate(dataclasses.replace(facts, risk_level=higher), today, policy)
    if low.interval_months is not None and high.interval_months is not None:
        assert high.interval_months <= low.interval_months
    if low.next_visit_due is not None and high.next_visit_due is not None:
        assert high.next_visit_due <= low.next_visit_due
        assert high.visits_missed >= low.visits_missed


@given(offenders(st.just(OffenderStatus.REACTIVE_MANAGEMENT)), todays, policies())
def test_reactive_management_never_produces_a_home_visit_due_date(
    facts: OffenderFacts, today: date, policy: VisitPolicy
) -> None:
    """A reactively managed offender is never due a home visit."""
    result = evaluate(facts, today, policy)
    assert result.visit_kind is not VisitKind.HOME_VISIT
    if result.next_visit_due is not None:
        assert result.visit_kind is VisitKind.STATION_ATTENDANCE


@given(offenders(), todays, policies())
def test_visits_are_missed_exactly_when_overdue(
    facts: OffenderFacts, today: date, policy: VisitPolicy
) -> None:
    """visits_missed >= 1 iff overdue; the missed dates start at the due date and are past."""
    result = evaluate(facts, today, policy)
    assert (result.visits_missed >= 1) == result.is_overdue
    assert len(result.missed_visit_due_dates) == result.visits_missed
    if result.is_overdue:
        assert result.missed_visit_due_dates[0] == result.next_visit_due
        assert all(d < today for d in result.missed_visit_due_dates)
        assert list(result.missed_visit_due_dates) == sorted(set(result.missed_visit_due_dates))


@given(offenders(), todays, policies())
def test_days_overdue_is_zero_unless_today_is_after_the_due_date(
    facts: OffenderFacts, today: date, policy: VisitPolicy
) -> None:
    """days_overdue is 0 up to the due date and counts the days after it."""
    result = evaluate(facts, today, policy)
    due = result.next_visit_due
    if due is None or today <= due:
        assert (result.days_overdue, result.is_overdue) == (0, False)
    else:
        assert result.days_overdue == (today - due).days


@given(offenders(), todays, policies())
def test_lateness_flags_agree_with_the_dates_for_reviews_and_notifications(
    facts: OffenderFacts, today: date, policy: VisitPolicy
) -> None:
    """A risk review or notification is overdue exactly when today is after its due date."""
    result = evaluate(facts, today, policy)
    review = result.risk_review_due
    assert result.risk_review_overdue == (review is not None and today > review)
    for notice in result.notifications_due:
        assert notice.is_overdue == (today > notice.due_on)
        assert notice.days_overdue == max(0, (today - notice.due_on).days)


@given(offenders(st.sampled_from([OffenderStatus.DECEASED, OffenderStatus.EXPIRED])), todays)
def test_deceased_and_expired_offenders_never_have_anything_due(
    facts: OffenderFacts, today: date
) -> None:
    policy = POLICY
    """Nothing is due for an offender no longer on the register."""
    result = evaluate(facts, today, policy)
    assert (result.next_visit_due, result.risk_review_due, result.notifications_due) == (
        None,
        None,
        (),
    )


@given(offenders(), todays, policies())
def test_every_result_carries_the_policy_version_and_a_reason(
    facts: OffenderFacts, today: date, policy: VisitPolicy
) -> None:
    """The version is stored and at least one reason explains the result."""
    result = evaluate(facts, today, policy)
    assert result.policy_version == policy.version
    assert result.reasons
    assert all(reason.text for reason in result.reasons)
    assert (
        PolicyResult(**{f.name: getattr(result, f.name) for f in dataclasses.fields(result)})
        == result
    )


@given(
    st.lists(st.integers(1, 36), min_size=4, max_size=4),
    st.lists(st.integers(1, 36), min_size=4, max_size=4),
    st.lists(st.integers(1, 100), min_size=4, max_size=4),
    st.integers(1, 90),
    st.integers(0, 28),
    levels,
)
def test_any_valid_policy_round_trips_through_its_toml_shape(
    intervals: list[int],
    reviews: list[int],
    weights: list[int],
    first_visit_days: int,
    grace_days: int,
    assumed: RiskLevel,
) -> None:
    """load_policy(policy.to_dict()) gives the same policy back."""
    a, b, c, d = sorted(weights, reverse=True)
    policy = VisitPolicy(
        version="prop-1",
        visit_interval_months=_ascending(intervals),
        risk_review_months=_ascending(reviews),
        risk_weights=PerRiskLevel(very_high=a, high=b, medium=c, low=d),
        first_visit_within_days=first_visit_days,
        release_grace_days=grace_days,
        unassessed_risk_level=assumed,
    )
    assert load_policy(policy.to_dict()) == policy
