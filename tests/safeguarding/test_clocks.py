"""Protective actions: their clocks, DVPN authority, and supervisor review of NFA closures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from safehold.safeguarding.clocks import (
    ClockPolicy,
    ProtectiveActionError,
    check_dvpn,
    clock_for,
    needs_supervisor_review,
)
from safehold.safeguarding.vocabulary import ActionKind

SERVED = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
POLICY = ClockPolicy(version="test-1")


def test_dvpo_hearing_is_due_48_counted_hours_after_the_dvpn_is_served() -> None:
    """DVPN served 09:30 Friday: Sunday is not counted, so the DVPO hearing is due 09:30
    Monday, or the notice lapses."""
    clock = clock_for(ActionKind.DVPN, SERVED, POLICY)
    assert clock.due_at == SERVED + timedelta(hours=72)
    assert "Sundays" in clock.description
    assert "lapses" in clock.on_expiry
    assert clock.policy_version == "test-1"


def test_the_dvpn_clock_is_overdue_only_after_48_counted_hours() -> None:
    """At exactly the due time the hearing is in time; a second later it is overdue."""
    clock = clock_for("dvpn", SERVED, POLICY)
    assert not clock.overdue(SERVED + timedelta(hours=72))
    assert clock.overdue(SERVED + timedelta(hours=72, seconds=1))
    assert clock.remaining(SERVED + timedelta(hours=71)) == timedelta(hours=1)


@pytest.mark.parametrize("days", [14, 21, 28])
def test_a_dvpo_expires_after_the_days_the_court_ordered(days: int) -> None:
    """A DVPO made for 14 to 28 days expires that many days after it is made."""
    clock = clock_for(ActionKind.DVPO, SERVED, POLICY, order_days=days)
    assert clock.due_at == SERVED + timedelta(days=days)


@pytest.mark.parametrize(
    ("days", "code"), [(None, "missing_order_days"), (13, "bad_order_days"), (29, "bad_order_days")]
)
def test_a_dvpo_needs_a_length_between_14_and_28_days(days: int | None, code: str) -> None:
    """No length, or one outside 14-28 days, is refused with a code saying which."""
    with pytest.raises(ProtectiveActionError) as caught:
        clock_for(ActionKind.DVPO, SERVED, POLICY, order_days=days)
    assert (caught.value.code, caught.value.field) == (code, "order_days")


@pytest.mark.parametrize("action", ["dvds_right_to_ask", "dvds_right_to_know"])
def test_clares_law_decisions_are_due_within_28_days(action: str) -> None:
    """Both Clare's Law routes run a 28-day clock."""
    clock = clock_for(action, SERVED, POLICY)
    assert clock.due_at == SERVED + timedelta(days=28)
    assert "Clare's Law" in clock.description


@pytest.mark.parametrize(
    ("action", "hours"),
    [
        (ActionKind.ARREST, 24),
        (ActionKind.IDVA_REFERRAL, 24),
        (ActionKind.SAFETY_PLANNING, 24),
    ],
)
def test_arrest_idva_referral_and_safety_planning_clocks(action: ActionKind, hours: int) -> None:
    """Detention 24 h from the relevant time; IDVA referral and safety plan within 24 h."""
    assert clock_for(action, SERVED, POLICY).due_at == SERVED + timedelta(hours=hours)


def test_clock_lengths_come_from_the_policy() -> None:
    """A force setting IDVA referral to 48 h gets a 48-hour clock."""
    policy = ClockPolicy(version="local", idva_referral_hours=48)
    clock = clock_for(ActionKind.IDVA_REFERRAL, SERVED, policy)
    assert clock.due_at == SERVED + timedelta(hours=48)


def test_an_unknown_action_is_refused() -> None:
    """ "curfew" is not a protective action here."""
    with pytest.raises(ProtectiveActionError) as caught:
        clock_for("curfew", SERVED, POLICY)
    assert caught.value.code == "unknown_action"


def test_a_clock_started_without_a_timezone_is_refused() -> None:
    """A naive start time is refused."""
    with pytest.raises(ProtectiveActionError) as caught:
        clock_for(ActionKind.DVPN, datetime(2026, 11, 27, 9, 30), POLICY)
    assert caught.value.code == "bad_time"


@pytest.mark.parametrize(
    "rank",
    ["superintendent", "Chief Superintendent", "detective superintendent", "CHIEF CONSTABLE"],
)
def test_a_superintendent_or_above_may_authorise_a_dvpn(rank: str) -> None:
    """Superintendent and every rank above it (detective or not) may authorise."""
    check_dvpn(rank, perpetrator_age_years=30, policy=POLICY)


@pytest.mark.parametrize("rank", ["inspector", "chief inspector", "Detective Sergeant"])
def test_a_rank_below_superintendent_may_not_authorise_a_dvpn(rank: str) -> None:
    """Chief inspector and below are refused with rank_too_low."""
    with pytest.raises(ProtectiveActionError) as caught:
        check_dvpn(rank, policy=POLICY)
    assert (caught.value.code, caught.value.field) == ("rank_too_low", "authorising_rank")


def test_an_unknown_rank_is_refused() -> None:
    """ "commander" is not in this force's rank list."""
    with pytest.raises(ProtectiveActionError) as caught:
        check_dvpn("commander", policy=POLICY)
    assert caught.value.code == "unknown_rank"


def test_a_dvpn_may_not_be_given_to_a_person_under_18() -> None:
    """A 17-year-old cannot be given a DVPN."""
    with pytest.raises(ProtectiveActionError) as caught:
        check_dvpn("superintendent", perpetrator_age_years=17, policy=POLICY)
    assert caught.value.code == "perpetrator_too_young"


@pytest.mark.parametrize("outcome", [15, 16])
def test_closing_with_outcome_15_or_16_needs_a_supervisors_review(outcome: int) -> None:
    """Evidential-difficulty NFA closures need a supervisor's review."""
    review = needs_supervisor_review(outcome, policy=POLICY)
    assert review.required
    assert review.code == "nfa_outcome_review"


@pytest.mark.parametrize("outcome", [0, 1, 8, 14, 18, 22])
def test_other_outcomes_do_not_need_a_supervisors_review(outcome: int) -> None:
    """Charge, community resolution and the rest close without this review."""
    assert not needs_supervisor_review(outcome, policy=POLICY).required


@pytest.mark.parametrize("outcome", [-1, 23, True, "15", 15.0])
def test_an_outcome_type_outside_0_to_22_is_refused(outcome: object) -> None:
    """Only whole numbers 0-22 are Home Office outcome types."""
    with pytest.raises(ProtectiveActionError) as caught:
        needs_supervisor_review(outcome, policy=POLICY)  # type: ignore[arg-type]
    assert caught.value.code == "bad_outcome_type"


def test_a_minimum_rank_missing_from_the_rank_list_is_a_configuration_error() -> None:
    """dvpn_min_rank must be one of the ranks."""
    with pytest.raises(ProtectiveActionError) as caught:
        ClockPolicy(dvpn_min_rank="commander")
    assert caught.value.field == "clocks.dvpn_min_rank"


def test_packaged_policy_holds_the_documented_defaults() -> None:
    """policy.toml and the ClockPolicy defaults agree (48 h, 14-28 days, 28 days, 15/16)."""
    loaded = ClockPolicy.load()
    assert loaded == ClockPolicy(version=loaded.version)
