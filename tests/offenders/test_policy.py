"""The visit policy's rules, one named rule per test (safehold.offenders.policy)."""

from __future__ import annotations

import dataclasses
import gc
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from safehold.offenders import policy as policy_module
from safehold.offenders.policy import (
    STANDARD_GROUPS,
    ForeignTravel,
    IntervalSource,
    NotificationKind,
    OffenderFacts,
    OffenderFactsError,
    OffenderStatus,
    PerRiskLevel,
    PolicyConfigError,
    PolicyError,
    PolicyResult,
    Reason,
    ReasonCode,
    RiskLevel,
    VisitAttempt,
    VisitKind,
    VisitOutcome,
    VisitPolicy,
    add_months,
    check_caseloads,
    default_policy,
    evaluate,
    evaluate_many,
    load_policy,
    order_backlog,
    summarise_backlog,
)

REGISTERED = date(2020, 1, 6)
TODAY = date(2026, 5, 15)
POLICY = default_policy()


def offender(**changes: Any) -> OffenderFacts:
    """A managed, assessed, notified offender registered in 2020; override any field."""
    values: dict[str, Any] = {
        "offender_id": 1,
        "registered_on": REGISTERED,
        "risk_level": RiskLevel.HIGH,
        "last_risk_assessment_on": date(2026, 1, 10),
        "last_notification_on": date(2026, 1, 10),
    }
    values.update(changes)
    return OffenderFacts(**values)


def codes(result: PolicyResult) -> list[ReasonCode]:
    """The reason codes of a result, in order."""
    return [r.code for r in result.reasons]


# ------------------------------------------------------------------- month arithmetic


def test_adding_a_month_to_31_january_gives_the_last_day_of_february() -> None:
    """31 January + 1 month is 28 February, or 29 February in a leap year."""
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_adding_twelve_months_to_29_february_gives_28_february() -> None:
    """A leap day a year on falls back to 28 February."""
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_adding_months_counts_from_the_original_day_not_a_clamped_one() -> None:
    """31 January + 2 months is 31 March, not 28 March."""
    assert add_months(date(2025, 1, 31), 2) == date(2025, 3, 31)
    assert add_months(add_months(date(2025, 1, 31), 1), 1) == date(2025, 3, 28)


def test_adding_negative_months_crosses_the_year_backwards() -> None:
    """Months may be subtracted, across a year boundary and a month end."""
    assert add_months(date(2026, 3, 31), -4) == date(2025, 11, 30)


def test_adding_months_crosses_december_into_the_next_year() -> None:
    """November + 3 months is February of the next year."""
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


# ------------------------------------------------------------------------- intervals


def test_very_high_risk_offender_is_due_one_month_after_last_visit() -> None:
    """Very high risk: the next home visit is one calendar month after the last."""
    result = evaluate(
        offender(risk_level=RiskLevel.VERY_HIGH, last_visit_seen_on=date(2026, 4, 20)),
        TODAY,
        POLICY,
    )
    assert result.next_visit_due == date(2026, 5, 20)
    assert result.interval_months == 1
    assert result.interval_source is IntervalSource.RISK_LEVEL_DEFAULT
    assert result.visit_kind is VisitKind.HOME_VISIT
    assert not result.is_overdue
    assert codes(result)[0] is ReasonCode.DEFAULT_INTERVAL_FOR_RISK_LEVEL


@pytest.mark.parametrize(
    ("level", "months"),
    [(RiskLevel.VERY_HIGH, 1), (RiskLevel.HIGH, 3), (RiskLevel.MEDIUM, 6), (RiskLevel.LOW, 12)],
)
def test_default_interval_follows_the_risk_level(level: RiskLevel, months: int) -> None:
    """Very high 1 month, high 3, medium 6, low 12 (DOMAIN.md §1.2)."""
    result = evaluate(
        offender(risk_level=level, last_visit_seen_on=date(2026, 1, 15)), TODAY, POLICY
    )
    assert result.interval_months == months
    assert result.next_visit_due == add_months(date(2026, 1, 15), months)


def test_interval_set_by_the_risk_management_plan_wins_over_the_risk_level() -> None:
    """A two-month plan interval replaces the high-risk default of three months."""
    result = evaluate(
        offender(interval_months_override=2, last_visit_seen_on=date(2026, 1, 15)), TODAY, POLICY
    )
    assert result.interval_months == 2
    assert result.interval_source is IntervalSource.RISK_MANAGEMENT_PLAN
    assert result.next_visit_due == date(2026, 3, 15)
    assert ReasonCode.INTERVAL_SET_BY_RMP in codes(result)


def test_never_risk_assessed_offender_is_visited_at_the_assumed_level_interval() -> None:
    """No risk level: visited as high risk (every 3 months) until assessed."""
    result = evaluate(
        offender(risk_level=None, last_visit_seen_on=date(2026, 1, 15)), TODAY, POLICY
    )
    assert result.interval_months == 3
    assert result.interval_source is IntervalSource.UNASSESSED_DEFAULT
    assert result.effective_risk_level is RiskLevel.HIGH
    assert ReasonCode.NEVER_RISK_ASSESSED in codes(result)


def test_offender_is_not_overdue_on_the_due_date_itself() -> None:
    """On the due date the visit is due, not overdue."""
    result = evaluate(offender(last_visit_seen_on=date(2026, 2, 15)), TODAY, POLICY)
    assert result.next_visit_due == TODAY
    assert (result.is_overdue, result.days_overdue, result.visits_missed) == (False, 0, 0)


def test_offender_is_one_day_overdue_the_day_after_the_due_date() -> None:
    """The day after the due date the visit is one day overdue and one visit is missed."""
    result = evaluate(offender(last_visit_seen_on=date(2026, 2, 14)), TODAY, POLICY)
    assert (result.is_overdue, result.days_overdue, result.visits_missed) == (True, 1, 1)
    assert ReasonCode.VISIT_OVERDUE in codes(result)


# ---------------------------------------------------------------------- missed visits


def test_monthly_offender_last_seen_three_and_a_half_months_ago_has_missed_three_visits() -> None:
    """Interval one month, last seen 3.5 months ago: three due dates have passed."""
    result = evaluate(
        offender(risk_level=RiskLevel.VERY_HIGH, last_visit_seen_on=date(2026, 1, 31)),
        TODAY,
        POLICY,
    )
    assert result.visits_missed == 3
    assert result.missed_visit_due_dates == (
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    )
    assert result.next_visit_due == date(2026, 2, 28)
    assert result.days_overdue == (TODAY - date(2026, 2, 28)).days


def test_low_risk_offender_two_years_unvisited_has_missed_two_visits() -> None:
    """Interval twelve months, last seen 2 years and 3 weeks ago: two visits missed."""
    result = evaluate(
        offender(risk_level=RiskLevel.LOW, last_visit_seen_on=date(2024, 4, 24)), TODAY, POLICY
    )
    assert result.missed_visit_due_dates == (date(2025, 4, 24), date(2026, 4, 24))


# ------------------------------------------------------------------------ first visit


def test_first_visit_is_due_28_days_after_registration() -> None:
    """Never visited: the first visit is due 28 days after registration starts."""
    registered = date(2026, 3, 1)
    result = evaluate(offender(registered_on=registered, risk_level=RiskLevel.LOW), TODAY, POLICY)
    assert result.next_visit_due == registered + timedelta(days=28)
    assert result.visits_missed == 1
    assert ReasonCode.NO_VISIT_SINCE_REGISTRATION in codes(result)


def test_first_visit_is_due_one_interval_after_registration_when_that_is_sooner() -> None:
    """With a 60-day first-visit rule, a monthly offender is still due one month on."""
    policy = dataclasses.replace(POLICY, first_visit_within_days=60)
    registered = date(2026, 4, 1)
    result = evaluate(
        offender(registered_on=registered, risk_level=RiskLevel.VERY_HIGH), TODAY, policy
    )
    assert result.next_visit_due == date(2026, 5, 1)


def test_never_visited_offender_misses_a_visit_every_interval_after_the_first() -> None:
    """Registered long ago and never seen: the first due date, then one per interval."""
    result = evaluate(
        offender(registered_on=date(2025, 1, 1), risk_level=RiskLevel.MEDIUM), TODAY, POLICY
    )
    assert result.missed_visit_due_dates == (
        date(2025, 1, 29),
        date(2025, 7, 29),
        date(2026, 1, 29),
    )


def test_visit_before_registration_start_does_not_count() -> None:
    """A visit seen under an earlier registration does not satisfy this one."""
    result = evaluate(
        offender(registered_on=date(2026, 4, 1), last_visit_seen_on=date(2026, 3, 1)),
        TODAY,
        POLICY,
    )
    assert result.next_visit_due == date(2026, 4, 29)
    assert ReasonCode.NO_VISIT_SINCE_REGISTRATION in codes(result)


# ------------------------------------------------------------------ unsuccessful visits


@pytest.mark.parametrize(
    "outcome", [VisitOutcome.NO_ACCESS, VisitOutcome.REFUSED_ENTRY, VisitOutcome.NOT_RESIDENT]
)
def test_unsuccessful_visit_does_not_satisfy_the_visit_but_is_reported(
    outcome: VisitOutcome,
) -> None:
    """No access, refused entry or not resident leaves the visit due and says so."""
    seen = date(2026, 1, 10)
    result = evaluate(
        offender(
            last_visit_seen_on=seen, last_visit_attempt=VisitAttempt(date(2026, 5, 1), outcome)
        ),
        TODAY,
        POLICY,
    )
    assert result.next_visit_due == date(2026, 4, 10)
    assert result.is_overdue
    assert result.has_reason(ReasonCode.LAST_VISIT_UNSUCCESSFUL)


def test_not_resident_visit_is_flagged_for_a_breach_check() -> None:
    """An offender not living at the notified address is flagged to pursue."""
    result = evaluate(
        offender(
            last_visit_seen_on=date(2026, 1, 10),
            last_visit_attempt=VisitAttempt(date(2026, 5, 1), VisitOutcome.NOT_RESIDENT),
        ),
        TODAY,
        POLICY,
    )
    assert result.has_reason(ReasonCode.NOT_RESIDENT_AT_NOTIFIED_ADDRESS)


def test_unsuccessful_visit_before_the_last_seen_visit_is_not_reported() -> None:
    """An old no-access visit followed by a successful one is history, not a reason."""
    result = evaluate(
        offender(
            last_visit_seen_on=date(2026, 3, 10),
            last_visit_attempt=VisitAttempt(date(2026, 3, 1), VisitOutcome.NO_ACCESS),
        ),
        TODAY,
        POLICY,
    )
    assert not result.has_reason(ReasonCode.LAST_VISIT_UNSUCCESSFUL)


# ---------------------------------------------------------------- reactive management


def test_reactively_managed_offender_gets_a_station_attendance_not_a_home_visit() -> None:
    """Reactive management: no home visit; station attendance 12 months after the last."""
    result = evaluate(
        offender(
            status=OffenderStatus.REACTIVE_MANAGEMENT,
            risk_level=RiskLevel.LOW,
            last_notification_on=None,
            last_station_attendance_on=date(2025, 9, 1),
            last_visit_seen_on=date(2020, 2, 1),
        ),
        TODAY,
        POLICY,
    )
    assert result.visit_kind is VisitKind.STATION_ATTENDANCE
    assert result.next_visit_due == date(2026, 9, 1)
    assert result.interval_source is IntervalSource.REACTIVE_MANAGEMENT
    assert ReasonCode.REACTIVE_MANAGEMENT in codes(result)


def test_reactive_management_counts_a_notification_as_a_station_attendance() -> None:
    """Notification is made in person at a station, so it restarts the attendance clock."""
    result = evaluate(
        offender(
            status=OffenderStatus.REACTIVE_MANAGEMENT,
            risk_level=RiskLevel.LOW,
            last_station_attendance_on=date(2024, 1, 1),
            last_notification_on=date(2026, 1, 10),
        ),
        TODAY,
        POLICY,
    )
    assert result.next_visit_due == date(2027, 1, 10)


def test_reactively_managed_offender_above_low_risk_is_flagged_for_review() -> None:
    """A reactively managed offender assessed high risk is flagged for a status review."""
    result = evaluate(
        offender(status=OffenderStatus.REACTIVE_MANAGEMENT, risk_level=RiskLevel.HIGH),
        TODAY,
        POLICY,
    )
    assert result.has_reason(ReasonCode.REACTIVE_MANAGEMENT_NOT_LOW_RISK)


# --------------------------------------------------------------------------- custody


def test_offender_in_custody_has_no_visit_or_notification_due() -> None:
    """In custody: visits and notifications are suspended; the risk review still runs."""
    result = evaluate(
        offender(status=OffenderStatus.IN_CUSTODY, last_visit_seen_on=date(2024, 1, 1)),
        TODAY,
        POLICY,
    )
    assert result.visit_kind is VisitKind.NONE
    assert result.next_visit_due is None
    assert (result.is_overdue, result.visits_missed, result.notifications_due) == (False, 0, ())
    assert result.risk_review_due == date(2026, 7, 10)
    assert ReasonCode.IN_CUSTODY_SUSPENDED in codes(result)


def test_released_offender_is_due_a_visit_within_the_grace_period_of_release() -> None:
    """Released after the normal due date passed: due 7 days after release."""
    result = evaluate(
        offender(last_visit_seen_on=date(2025, 1, 10), released_from_custody_on=date(2026, 5, 1)),
        TODAY,
        POLICY,
    )
    assert result.next_visit_due == date(2026, 5, 8)
    assert result.visits_missed == 1
    assert ReasonCode.RELEASED_FROM_CUSTODY in codes(result)


def test_released_offender_keeps_the_normal_due_date_when_it_is_later() -> None:
    """A short remand just after a visit leaves the normal due date in place."""
    result = evaluate(
        offender(last_visit_seen_on=date(2026, 4, 1), released_from_custody_on=date(2026, 4, 20)),
        TODAY,
        POLICY,
    )
    assert result.next_visit_due == date(2026, 7, 1)
    assert ReasonCode.RELEASED_FROM_CUSTODY not in codes(result)


def test_visits_falling_due_in_custody_are_not_counted_as_missed() -> None:
    """Two years inside: only the visits due since release count as missed."""
    result = evaluate(
        offender(
            risk_level=RiskLevel.VERY_HIGH,
            last_visit_seen_on=date(2024, 1, 10),
            released_from_custody_on=date(2026, 3, 1),
        ),
        TODAY,
        POLICY,
    )
    assert result.missed_visit_due_dates == (date(2026, 3, 8), date(2026, 4, 8), date(2026, 5, 8))


def test_visit_after_release_restarts_the_normal_interval() -> None:
    """Once seen after release, the next visit is one interval after that visit."""
    result = evaluate(
        offender(last_visit_seen_on=date(2026, 5, 3), released_from_custody_on=date(2026, 5, 1)),
        TODAY,
        POLICY,
    )
    assert result.next_visit_due == date(2026, 8, 3)


def test_expected_release_in_the_future_does_not_move_the_due_date() -> None:
    """A release date after today has not happened yet and changes nothing."""
    facts = offender(last_visit_seen_on=date(2026, 4, 1))
    later = dataclasses.replace(facts, released_from_custody_on=date(2026, 6, 1))
    assert (
        evaluate(later, TODAY, POLICY).next_visit_due
        == evaluate(facts, TODAY, POLICY).next_visit_due
    )


# ------------------------------------------------------------- deceased and expired


def test_deceased_offender_has_nothing_due() -> None:
    """Deceased: no visit, no risk review, no notification."""
    result = evaluate(
        offender(status=OffenderStatus.DECEASED, last_visit_seen_on=date(2020, 2, 1)), TODAY, POLICY
    )
    assert (result.visit_kind, result.next_visit_due, result.risk_review_due) == (
        VisitKind.NONE,
        None,
        None,
    )
    assert result.notifications_due == ()
    assert codes(result) == [ReasonCode.DECEASED]


def test_expired_registration_has_nothing_due() -> None:
    """Status expired: nothing is due."""
    result = evaluate(offender(status="expired"), TODAY, POLICY)
    assert result.next_visit_due is None
    assert codes(result) == [ReasonCode.REGISTRATION_EXPIRED]


def test_offender_past_the_registration_end_date_has_nothing_due() -> None:
    """A managed offender whose registration ended yesterday is treated as expired."""
    result = evaluate(offender(registration_ends_on=TODAY - timedelta(days=1)), TODAY, POLICY)
    assert result.next_visit_due is None
    assert codes(result) == [ReasonCode.REGISTRATION_EXPIRED]


def test_visit_falling_due_after_registration_ends_is_dropped() -> None:
    """Registration ends before the next visit would fall due: no visit is due."""
    result = evaluate(
        offender(last_visit_seen_on=date(2026, 4, 1), registration_ends_on=date(2026, 6, 1)),
        TODAY,
        POLICY,
    )
    assert result.next_visit_due is None
    assert ReasonCode.REGISTRATION_ENDS_BEFORE_NEXT_VISIT in codes(result)


# ---------------------------------------------------------------- whereabouts unknown


def test_whereabouts_unknown_offender_is_still_overdue_and_flagged_to_pursue() -> None:
    """Whereabouts unknown: the home visit stays due and overdue, with a pursue flag."""
    result = evaluate(
        offender(status=OffenderStatus.WHEREABOUTS_UNKNOWN, last_visit_seen_on=date(2025, 6, 1)),
        TODAY,
        POLICY,
    )
    assert result.is_overdue
    assert result.visit_kind is VisitKind.HOME_VISIT
    assert result.has_reason(ReasonCode.WHEREABOUTS_UNKNOWN)
    assert "pursue" in Reason(ReasonCode.WHEREABOUTS_UNKNOWN).text


# ----------------------------------------------------------------------- risk review


def test_risk_review_date_on_the_assessment_wins_over_the_default() -> None:
    """The assessment's own next-review date is used when it is given."""
    result = evaluate(offender(risk_review_due_on=date(2026, 12, 1)), TODAY, POLICY)
    assert result.risk_review_due == date(2026, 12, 1)
    assert ReasonCode.REVIEW_DATE_SET_BY_ASSESSMENT in codes(result)


@pytest.mark.parametrize(
    ("level", "months"),
    [(RiskLevel.VERY_HIGH, 3), (RiskLevel.HIGH, 6), (RiskLevel.MEDIUM, 12), (RiskLevel.LOW, 12)],
)
def test_risk_review_defaults_to_months_after_the_assessment_by_risk_level(
    level: RiskLevel, months: int
) -> None:
    """Without a review date: very high 3 months, high 6, medium and low 12."""
    result = evaluate(offender(risk_level=level), TODAY, POLICY)
    assert result.risk_review_due == add_months(date(2026, 1, 10), months)


def test_never_assessed_offender_is_due_a_first_assessment_28_days_after_registration() -> None:
    """No assessment recorded: due 28 days after registration, and overdue after that."""
    result = evaluate(offender(risk_level=None, last_risk_assessment_on=None), TODAY, POLICY)
    assert result.risk_review_due == REGISTERED + timedelta(days=28)
    assert result.risk_review_overdue
    assert result.risk_review_days_overdue == (TODAY - result.risk_review_due).days
    assert ReasonCode.FIRST_RISK_ASSESSMENT_DUE in codes(result)
    assert ReasonCode.RISK_REVIEW_OVERDUE in codes(result)


def test_risk_review_falling_due_after_registration_ends_is_dropped() -> None:
    """No review is owed, and none is explained, after the register ends."""
    result = evaluate(
        offender(risk_review_due_on=date(2026, 9, 1), registration_ends_on=date(2026, 8, 1)),
        TODAY,
        POLICY,
    )
    assert (result.risk_review_due, result.risk_review_overdue) == (None, False)
    assert ReasonCode.REVIEW_DATE_SET_BY_ASSESSMENT not in codes(result)


def test_risk_review_is_not_overdue_on_its_due_date() -> None:
    """A review due today is not yet overdue."""
    result = evaluate(offender(risk_review_due_on=TODAY), TODAY, POLICY)
    assert (result.risk_review_overdue, result.risk_review_days_overdue) == (False, 0)


# ---------------------------------------------------------------------- notifications


def test_initial_notification_is_due_three_days_after_registration() -> None:
    """Never notified: the initial notification is due within 3 days (s83)."""
    registered = date(2026, 5, 1)
    result = evaluate(offender(registered_on=registered, last_notification_on=None), TODAY, POLICY)
    (notice,) = result.notifications_due
    assert (notice.kind, notice.due_on) == (NotificationKind.INITIAL, date(2026, 5, 4))
    assert (notice.is_overdue, notice.days_overdue) == (True, 11)
    assert notice.reason.code is ReasonCode.INITIAL_NOTIFICATION


def test_initial_notification_runs_from_release_when_registered_in_custody() -> None:
    """Time in custody does not count: the 3 days start at release."""
    result = evaluate(
        offender(last_notification_on=None, released_from_custody_on=date(2026, 5, 14)),
        TODAY,
        POLICY,
    )
    assert [(n.kind, n.due_on) for n in result.notifications_due] == [
        (NotificationKind.INITIAL, date(2026, 5, 17))
    ]


def test_annual_renotification_is_due_a_year_after_the_last() -> None:
    """Periodic notification within one year of the last (s85)."""
    result = evaluate(offender(last_notification_on=date(2025, 5, 10)), TODAY, POLICY)
    (notice,) = result.notifications_due
    assert (notice.kind, notice.due_on, notice.days_overdue) == (
        NotificationKind.PERIODIC,
        date(2026, 5, 10),
        5,
    )
    assert result.notifications_overdue == (notice,)


def test_offender_of_no_fixed_abode_renotifies_weekly() -> None:
    """No fixed abode: re-notification 7 days after the last."""
    result = evaluate(
        offender(no_fixed_abode=True, last_notification_on=date(2026, 5, 12)), TODAY, POLICY
    )
    (notice,) = result.notifications_due
    assert (notice.kind, notice.due_on, notice.is_overdue) == (
        NotificationKind.WEEKLY,
        date(2026, 5, 19),
        False,
    )


def test_change_of_details_must_be_notified_within_three_days() -> None:
    """A change of notified details not yet notified is due 3 days after the change (s84)."""
    result = evaluate(offender(unnotified_change_on=date(2026, 5, 10)), TODAY, POLICY)
    change = [n for n in result.notifications_due if n.kind is NotificationKind.CHANGE_OF_DETAILS]
    assert [(n.due_on, n.is_overdue, n.days_overdue) for n in change] == [
        (date(2026, 5, 13), True, 2)
    ]


def test_change_already_notified_is_not_due_again() -> None:
    """A change dated before the last notification has been notified."""
    result = evaluate(offender(unnotified_change_on=date(2026, 1, 5)), TODAY, POLICY)
    assert [n.kind for n in result.notifications_due] == [NotificationKind.PERIODIC]


def test_foreign_travel_must_be_notified_seven_days_before_departure() -> None:
    """Travel abroad on 20 May must be notified by 13 May; on 15 May it is overdue."""
    result = evaluate(
        offender(foreign_travel=(ForeignTravel(departs_on=date(2026, 5, 20)),)), TODAY, POLICY
    )
    travel = [n for n in result.notifications_due if n.kind is NotificationKind.FOREIGN_TRAVEL]
    assert [(n.due_on, n.days_overdue) for n in travel] == [(date(2026, 5, 13), 2)]


def test_notified_foreign_travel_is_not_due() -> None:
    """A trip already notified owes nothing."""
    trip = ForeignTravel(departs_on=date(2026, 6, 20), notified_on=date(2026, 5, 1))
    result = evaluate(offender(foreign_travel=[trip]), TODAY, POLICY)
    assert [n.kind for n in result.notifications_due] == [NotificationKind.PERIODIC]


def test_release_from_custody_notification_replaces_the_periodic_one() -> None:
    """Released and not yet notified: a release notification is due, not the periodic one."""
    result = evaluate(
        offender(last_notification_on=date(2024, 1, 1), released_from_custody_on=date(2026, 5, 10)),
        TODAY,
        POLICY,
    )
    (notice,) = result.notifications_due
    assert (notice.kind, notice.due_on) == (NotificationKind.CHANGE_OF_DETAILS, date(2026, 5, 13))
    assert notice.reason.code is ReasonCode.RELEASE_FROM_CUSTODY_NOTIFICATION


def test_notifications_are_listed_soonest_first() -> None:
    """Several notifications owed come soonest first."""
    result = evaluate(
        offender(
            unnotified_change_on=date(2026, 5, 14),
            foreign_travel=(ForeignTravel(date(2026, 5, 19)),),
        ),
        TODAY,
        POLICY,
    )
    dues = [n.due_on for n in result.notifications_due]
    assert dues == sorted(dues)
    assert len(dues) == 3


def test_notification_due_after_registration_ends_is_dropped() -> None:
    """The annual re-notification after the register ends is not owed."""
    result = evaluate(offender(registration_ends_on=date(2026, 6, 1)), TODAY, POLICY)
    assert result.notifications_due == ()


# -------------------------------------------------------------------- configuration


def test_packaged_policy_has_the_national_default_intervals_and_a_version() -> None:
    """The packaged TOML gives 1/3/6/12 months, a cap of 50 and a version string."""
    assert POLICY.version == "staffs-2026.2"
    assert POLICY.visit_interval_months == PerRiskLevel(1, 3, 6, 12)
    assert POLICY.caseload_cap == 50


def test_packaged_policy_matches_the_code_defaults() -> None:
    """The TOML spells out exactly the defaults VisitPolicy has in code."""
    assert VisitPolicy(version=POLICY.version, description=POLICY.description) == POLICY


def test_policy_version_is_stored_with_every_result() -> None:
    """Every result names the policy version that produced it."""
    policy = dataclasses.replace(POLICY, version="test-9.9")
    assert evaluate(offender(), TODAY, policy).policy_version == "test-9.9"


def test_zero_interval_is_rejected_naming_the_key() -> None:
    """An interval of 0 months names intervals.very_high and what to give."""
    text = 'version = "x"\n[intervals]\nvery_high = 0\nhigh = 3\nmedium = 6\nlow = 12\n'
    with pytest.raises(PolicyConfigError) as caught:
        load_policy(text)
    assert str(caught.value) == (
        "visit-policy.toml: intervals.very_high must be a positive whole number of months, got 0"
    )
    assert caught.value.key == "intervals.very_high"
    assert caught.value.code == "invalid_visit_policy"


def test_fractional_interval_is_rejected_naming_the_key() -> None:
    """1.5 months is not a whole number of months."""
    with pytest.raises(PolicyConfigError, match=r"intervals\.high .* got 1\.5"):
        load_policy(
            {"version": "x", "intervals": {"very_high": 1, "high": 1.5, "medium": 6, "low": 12}}
        )


def test_unknown_key_is_rejected_with_the_allowed_keys() -> None:
    """A misspelt key names itself and lists the keys allowed."""
    with pytest.raises(PolicyConfigError) as caught:
        load_policy('version = "x"\n[intervals]\nvery_hihg = 1\n')
    assert caught.value.key == "intervals.very_hihg"
    assert "allowed: very_high, high, medium, low" in str(caught.value)


def test_unknown_top_level_key_is_rejected() -> None:
    """An unknown section names itself."""
    with pytest.raises(PolicyConfigError, match=r"visit-policy\.toml: interval is not a known key"):
        load_policy('version = "x"\n[interval]\nlow = 1\n')


def test_missing_level_in_a_table_is_rejected_naming_the_level() -> None:
    """A level table must give all four levels."""
    with pytest.raises(PolicyConfigError, match=r"risk_weights\.low is missing"):
        load_policy({"version": "x", "risk_weights": {"very_high": 4, "high": 3, "medium": 2}})


def test_unknown_assumed_risk_level_is_rejected_with_the_allowed_levels() -> None:
    """The unassessed level must be one of the four levels."""
    with pytest.raises(PolicyConfigError) as caught:
        load_policy('version = "x"\n[unassessed]\nassume_risk_level = "severe"\n')
    assert caught.value.key == "unassessed.assume_risk_level"
    assert "very_high, high, medium, low" in str(caught.value)


def test_intervals_that_lengthen_as_risk_rises_are_rejected() -> None:
    """High risk may not be visited less often than medium risk."""
    with pytest.raises(PolicyConfigError, match=r"intervals\.high \(9\) must not be longer"):
        load_policy(
            {"version": "x", "intervals": {"very_high": 1, "high": 9, "medium": 6, "low": 12}}
        )


def test_weights_that_fall_as_risk_rises_are_rejected() -> None:
    """Very high risk may not weigh less than high risk."""
    with pytest.raises(PolicyConfigError, match=r"risk_weights\.very_high"):
        load_policy(
            {"version": "x", "risk_weights": {"very_high": 1, "high": 8, "medium": 2, "low": 1}}
        )


def test_missing_version_is_rejected() -> None:
    """A policy without a version cannot be traced, so it is refused."""
    with pytest.raises(PolicyConfigError, match="version is missing"):
        load_policy({"intervals": {"very_high": 1, "high": 3, "medium": 6, "low": 12}})


def test_empty_version_is_rejected() -> None:
    """A blank version is as bad as none."""
    with pytest.raises(PolicyConfigError, match="version must be a non-empty string"):
        load_policy('version = " "\n')


def test_release_grace_longer_than_28_days_is_rejected() -> None:
    """The release grace is capped at 28 days, below the shortest interval."""
    with pytest.raises(PolicyConfigError, match=r"custody\.release_grace_days .* 0 to 28, got 29"):
        load_policy('version = "x"\n[custody]\nrelease_grace_days = 29\n')


def test_non_positive_notification_period_is_rejected() -> None:
    """Notification periods must be positive."""
    with pytest.raises(PolicyConfigError, match=r"notifications\.change_within_days"):
        load_policy('version = "x"\n[notifications]\nchange_within_days = -3\n')


def test_broken_toml_is_rejected_naming_the_file(tmp_path: Path) -> None:
    """A file that is not TOML is named in the error."""
    path = tmp_path / "force-policy.toml"
    path.write_text('version = "x\n', encoding="utf-8")
    with pytest.raises(PolicyConfigError, match=r"force-policy\.toml: is not valid TOML"):
        load_policy(path)


def test_policy_loads_from_a_file_path_given_as_a_string(tmp_path: Path) -> None:
    """A string with no newline or '=' is read as a path."""
    path = tmp_path / "policy.toml"
    path.write_text('version = "file-1"\n', encoding="utf-8")
    assert load_policy(str(path)).version == "file-1"


def test_missing_sections_take_the_defaults() -> None:
    """Only the version is required; every section has a default."""
    assert load_policy('version = "minimal"').visit_interval_months == PerRiskLevel(1, 3, 6, 12)


def test_policy_round_trips_through_its_toml_shape() -> None:
    """to_dict gives the TOML's shape, which loads back to the same policy."""
    assert load_policy(POLICY.to_dict()) == POLICY


def test_errors_from_code_built_policies_name_the_same_key() -> None:
    """A VisitPolicy built in code reports the TOML key too."""
    with pytest.raises(PolicyConfigError, match=r"caseload\.cap must be a positive"):
        VisitPolicy(version="x", caseload_cap=0)


# -------------------------------------------------------------------------- the facts


def test_facts_accept_risk_level_and_status_as_strings() -> None:
    """Database strings are converted to the enums."""
    facts = offender(risk_level="very_high", status="whereabouts_unknown")
    assert facts.risk_level is RiskLevel.VERY_HIGH
    assert facts.status is OffenderStatus.WHEREABOUTS_UNKNOWN


def test_facts_reject_an_unknown_status_naming_the_allowed_values() -> None:
    """An unknown status lists the statuses allowed."""
    with pytest.raises(OffenderFactsError, match="status must be one of managed, reactive"):
        offender(status="missing")


def test_facts_reject_an_unknown_risk_level() -> None:
    """An unknown risk level lists the levels allowed."""
    with pytest.raises(
        OffenderFactsError, match="risk_level must be one of very_high, high, medium, low"
    ):
        offender(risk_level="severe")


def test_facts_reject_a_datetime_where_a_date_is_needed() -> None:
    """A datetime is refused with the field's name."""
    with pytest.raises(OffenderFactsError, match="last_visit_seen_on must be a calendar date"):
        offender(last_visit_seen_on=datetime(2026, 1, 1, 9, 0))


def test_visit_attempt_accepts_its_outcome_as_a_string() -> None:
    """A database outcome string becomes a VisitOutcome."""
    assert VisitAttempt(TODAY, "refused_entry").outcome is VisitOutcome.REFUSED_ENTRY  # type: ignore[arg-type]


def test_visit_attempt_rejects_an_unknown_outcome_naming_the_allowed_values() -> None:
    """An unknown outcome lists the outcomes allowed."""
    with pytest.raises(OffenderFactsError, match="outcome must be one of seen, no_access"):
        VisitAttempt(TODAY, "absent")  # type: ignore[arg-type]


def test_trip_abroad_rejects_a_datetime_departure() -> None:
    """A departure must be a calendar date."""
    with pytest.raises(
        OffenderFactsError,
        match=r"departs_on must be a calendar date \(datetime\.date\) for a trip",
    ):
        ForeignTravel(datetime(2026, 6, 1, 7, 30))


def test_facts_reject_a_missing_registration_date() -> None:
    """The registration start is required."""
    with pytest.raises(OffenderFactsError, match="registered_on must be a calendar date"):
        offender(registered_on=None)


@pytest.mark.parametrize("months", [0, -1, True, 1.5])
def test_facts_reject_an_interval_override_that_is_not_a_positive_whole_number(
    months: object,
) -> None:
    """The plan's interval must be a positive whole number of months."""
    with pytest.raises(OffenderFactsError, match="interval_months_override must be a positive"):
        offender(interval_months_override=months)


def test_facts_reject_registration_ending_before_it_starts() -> None:
    """The end of registration cannot precede its start."""
    with pytest.raises(OffenderFactsError, match="registration_ends_on"):
        offender(registration_ends_on=REGISTERED - timedelta(days=1))


def test_evaluate_rejects_a_datetime_for_today() -> None:
    """today must be a local calendar date, not a datetime."""
    with pytest.raises(PolicyError, match="today must be a calendar date"):
        evaluate(offender(), datetime(2026, 5, 15, 12, 0), POLICY)


# ------------------------------------------------------------------------- the results


def test_fast_built_result_equals_one_built_by_the_dataclass_constructor() -> None:
    """The hot-path builder gives exactly the object the constructor would."""
    result = evaluate(offender(last_visit_seen_on=date(2025, 1, 31)), TODAY, POLICY)
    rebuilt = PolicyResult(**{f.name: getattr(result, f.name) for f in dataclasses.fields(result)})
    assert rebuilt == result
    assert vars(rebuilt) == vars(result)


def test_result_is_frozen() -> None:
    """A result cannot be changed after it is made."""
    result = evaluate(offender(), TODAY, POLICY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.days_overdue = 0  # type: ignore[misc]


def test_result_to_dict_is_json_ready() -> None:
    """to_dict gives plain JSON with ISO dates and reason texts."""
    result = evaluate(
        offender(last_visit_seen_on=date(2025, 1, 31), foreign_travel=(ForeignTravel(TODAY),)),
        TODAY,
        POLICY,
    )
    data = json.loads(json.dumps(result.to_dict()))
    assert data["next_visit_due"] == "2025-04-30"
    assert data["policy_version"] == POLICY.version
    assert data["reasons"][0]["code"] == "default_interval_for_risk_level"
    assert data["reasons"][0]["details"] == {"months": 3, "level": "high"}


def test_reason_text_reads_as_plain_english() -> None:
    """Reason texts fill in their values, with dates written out."""
    result = evaluate(offender(last_visit_seen_on=date(2026, 3, 2)), TODAY, POLICY)
    texts = [r.text for r in result.reasons]
    assert texts[0] == "Home visit every 3 months: the force default for high risk."
    assert texts[1] == "Last seen at home on 2 March 2026."


def test_every_reason_code_has_a_text() -> None:
    """No code is missing its sentence."""
    assert set(policy_module._TEXTS) == set(ReasonCode)


def test_evaluate_many_keeps_input_order_and_matches_evaluate() -> None:
    """evaluate_many gives evaluate's result for each offender, in order."""
    many = [offender(offender_id=i, last_visit_seen_on=date(2026, 1, i)) for i in range(1, 6)]
    assert evaluate_many(many, TODAY, POLICY) == [evaluate(f, TODAY, POLICY) for f in many]


def test_evaluate_many_leaves_garbage_collection_as_it_found_it() -> None:
    """The collector is paused during evaluation and restored after, even on error."""
    assert gc.isenabled()
    evaluate_many([offender()], TODAY, POLICY)
    assert gc.isenabled()
    with pytest.raises(AttributeError):
        evaluate_many([None], TODAY, POLICY)  # type: ignore[list-item]
    assert gc.isenabled()


# --------------------------------------------------------------------------- backlog


def _pairs(facts: list[OffenderFacts]) -> list[tuple[OffenderFacts, PolicyResult]]:
    return list(zip(facts, evaluate_many(facts, TODAY, POLICY), strict=True))


def _caseload() -> list[OffenderFacts]:
    return [
        # very high, 3 missed, oldest (76 days)
        offender(
            offender_id=1,
            risk_level=RiskLevel.VERY_HIGH,
            last_visit_seen_on=date(2026, 1, 31),
            station="HAN",
            offender_manager="om1",
        ),
        # high, 1 missed, whereabouts unknown
        offender(
            offender_id=2,
            status=OffenderStatus.WHEREABOUTS_UNKNOWN,
            last_visit_seen_on=date(2026, 1, 1),
            station="HAN",
            offender_manager="om2",
        ),
        # low, not overdue
        offender(
            offender_id=3,
            risk_level=RiskLevel.LOW,
            last_visit_seen_on=date(2026, 1, 1),
            station="BUR",
            offender_manager="om1",
        ),
        # never assessed, no station, review overdue
        offender(
            offender_id=4, risk_level=None, last_risk_assessment_on=None, last_visit_seen_on=TODAY
        ),
        # deceased: not on anyone's caseload
        offender(
            offender_id=5, status=OffenderStatus.DECEASED, station="BUR", offender_manager="om1"
        ),
        # reactive, station attendance overdue
        offender(
            offender_id=6,
            status=OffenderStatus.REACTIVE_MANAGEMENT,
            risk_level=RiskLevel.LOW,
            last_notification_on=date(2025, 1, 1),
            station="BUR",
            offender_manager="om2",
        ),
    ]


def test_backlog_counts_overdue_offenders_and_missed_visits_by_risk_level() -> None:
    """Overdue home visits are counted once per offender; missed visits are summed."""
    summary = summarise_backlog(_pairs(_caseload()), policy=POLICY, today=TODAY)
    assert (summary.overdue_visits, summary.missed_visits, summary.oldest_overdue_days) == (
        2,
        4,
        76,
    )
    assert summary.by_risk["very_high"].missed_visits == 3
    assert summary.by_risk["high"].overdue_visits == 1
    assert summary.by_risk["unassessed"].risk_reviews_overdue == 1
    assert summary.by_risk["medium"].offenders == 0
    assert summary.totals.overdue_station_attendances == 1
    assert summary.totals.whereabouts_unknown == 1
    assert summary.totals.notifications_overdue == 1
    assert summary.policy_version == POLICY.version


def test_backlog_groups_by_station_and_manager_with_unassigned() -> None:
    """Caller groupings count per label; a missing label counts as unassigned."""
    summary = summarise_backlog(
        _pairs(_caseload()), policy=POLICY, today=TODAY, group_by=STANDARD_GROUPS
    )
    stations = summary.groups["station"]
    assert list(stations) == ["BUR", "HAN", "unassigned"]
    assert stations["HAN"].overdue_visits == 2
    assert stations["BUR"].offenders == 2  # the deceased offender is not counted
    assert summary.groups["manager"]["om1"].offenders == 2


def test_backlog_to_dict_has_the_keys_the_cli_prints() -> None:
    """The JSON has overdue_visits, missed_visits, by_risk, by_station and the version."""
    summary = summarise_backlog(
        _pairs(_caseload()), policy=POLICY, today=TODAY, group_by=STANDARD_GROUPS
    )
    data = json.loads(json.dumps(summary.to_dict()))
    assert {"overdue_visits", "missed_visits", "by_risk", "by_station", "by_manager"} <= set(data)
    assert (data["oldest_overdue_days"], data["policy_version"]) == (76, POLICY.version)


def test_backlog_rejects_results_from_another_policy_version() -> None:
    """Counting results from two policies together is refused."""
    pairs = _pairs(_caseload())
    other = dataclasses.replace(POLICY, version="other")
    with pytest.raises(PolicyError, match="evaluate every offender with one policy"):
        summarise_backlog(pairs, policy=other, today=TODAY)


def test_backlog_rejects_a_result_paired_with_the_wrong_facts() -> None:
    """A result must sit beside its own offender's facts."""
    facts = _caseload()
    results = evaluate_many(facts, TODAY, POLICY)
    with pytest.raises(PolicyError, match="pair each result with its own facts"):
        summarise_backlog(zip(facts, reversed(results), strict=True), policy=POLICY, today=TODAY)


def test_backlog_order_puts_overdue_very_high_risk_first() -> None:
    """Overdue before not overdue, heavier risk first, then the longest overdue."""
    ordered = order_backlog(evaluate_many(_caseload(), TODAY, POLICY))
    assert [r.offender_id for r in ordered][:3] == [1, 2, 6]
    assert ordered[-1].offender_id == 5  # deceased: nothing due


def test_caseload_over_the_cap_is_flagged() -> None:
    """Merseyside's 100 per manager is twice the default cap of 50."""
    loads = check_caseloads({"om1": 100, "om2": 50, "om3": 12}, POLICY)
    assert [(c.manager, c.over_cap, c.excess) for c in loads] == [
        ("om1", True, 50),
        ("om2", False, 0),
        ("om3", False, 0),
    ]
