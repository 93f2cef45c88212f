"""THRIVE: the suggested grade from the answers, what a chosen grade needs, the targets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehold.demand.policy import default_policy
from safehold.demand.questions import QUESTIONS, least_serious, question
from safehold.demand.thrive import (
    ThriveError,
    assess_change,
    check_answers,
    suggest_grade,
    target_for,
)
from safehold.demand.vocabulary import IncidentType

POLICY = default_policy()


def answers(**changes: str) -> dict[str, str]:
    return {**least_serious(), **changes}


def test_a_theft_with_nothing_serious_is_grade_three_for_its_type() -> None:
    """With every answer at its least serious the type's baseline grade stands."""
    s = suggest_grade(POLICY, "theft", answers())
    assert s.grade == 3
    assert s.reasons == ("Theft: grade 3 for this type of incident",)
    assert s.policy_version == POLICY.version


def test_an_immediate_threat_makes_any_incident_grade_one_with_the_reason() -> None:
    """The rule that sets the grade is named in the reasons."""
    s = suggest_grade(POLICY, "lost_found", answers(threat_level="immediate"))
    assert s.grade == 1
    assert "Immediate threat to life or safety: grade 1" in s.reasons


def test_a_caller_who_cannot_speak_is_grade_one() -> None:
    """A silent or overheard caller gets an immediate response."""
    assert suggest_grade(POLICY, "advice", answers(caller="cannot_speak")).grade == 1


def test_a_weapon_needs_an_ongoing_threat_to_reach_grade_one() -> None:
    """Two answers together make a rule: a weapon alone is grade 2."""
    assert suggest_grade(POLICY, "theft", answers(weapon="yes")).grade == 2
    assert suggest_grade(POLICY, "theft", answers(weapon="yes", threat_level="ongoing")).grade == 1


def test_every_matching_rule_at_the_grade_is_a_reason() -> None:
    """Reasons list each rule that reaches the suggested grade."""
    s = suggest_grade(POLICY, "theft", answers(weapon="yes", escalation="high"))
    assert s.grade == 2
    assert set(s.reasons) == {
        "A weapon is mentioned: grade 2",
        "Harm is likely and escalating: grade 2",
    }


def test_a_missing_answer_names_the_question() -> None:
    """Every question must be answered; the error names the one missing."""
    partial = answers()
    del partial["injury"]
    with pytest.raises(ThriveError) as err:
        check_answers(partial)
    assert err.value.field == "injury"


def test_an_answer_not_among_the_options_is_refused_with_the_options() -> None:
    """A bad option says which options the question has."""
    with pytest.raises(ThriveError, match="none, minor, serious, life_threatening"):
        check_answers(answers(injury="bad"))


def test_an_unknown_question_is_refused() -> None:
    """Keys that are not questions are not silently ignored."""
    with pytest.raises(ThriveError, match="not a THRIVE question"):
        check_answers({**answers(), "mood": "grumpy"})


answer_sets = st.fixed_dictionaries({q.key: st.sampled_from(q.options) for q in QUESTIONS})


@given(
    kind=st.sampled_from(list(IncidentType)),
    base=answer_sets,
    key=st.sampled_from([q.key for q in QUESTIONS]),
    steps=st.integers(min_value=1, max_value=4),
)
def test_a_more_serious_answer_never_lowers_the_suggested_grade(
    kind: IncidentType, base: dict[str, str], key: str, steps: int
) -> None:
    """Making any one answer more serious never makes the suggestion less urgent."""
    q = question(key)
    more = q.options[min(len(q.options) - 1, q.rank(base[key]) + steps)]
    before = suggest_grade(POLICY, kind, base).grade
    after = suggest_grade(POLICY, kind, {**base, key: more}).grade
    assert after <= before


@given(kind=st.sampled_from(list(IncidentType)), given_answers=answer_sets)
def test_the_suggestion_is_a_grade_with_at_least_one_reason(
    kind: IncidentType, given_answers: dict[str, str]
) -> None:
    """Whatever the answers, a grade 1 to 5 with its reasons and the version."""
    s = suggest_grade(POLICY, kind, given_answers)
    assert 1 <= s.grade <= 5
    assert s.reasons
    assert all(r.endswith(f"grade {s.grade}") or "for this type" in r for r in s.reasons)


def test_confirming_the_suggestion_needs_nothing_more() -> None:
    change = assess_change(3, 3)
    assert (change.kind, change.needs_reason, change.needs_supervisor) == (
        "confirm",
        False,
        False,
    )


def test_a_more_urgent_grade_needs_a_reason_but_no_supervisor() -> None:
    change = assess_change(3, 2)
    assert (change.kind, change.needs_reason, change.needs_supervisor) == ("upgrade", True, False)


def test_a_less_urgent_grade_than_suggested_is_a_downgrade_for_a_supervisor() -> None:
    change = assess_change(2, 3)
    assert (change.kind, change.needs_reason, change.needs_supervisor) == ("downgrade", True, True)


def test_a_re_thrive_below_the_grade_in_force_is_a_downgrade_even_if_suggested() -> None:
    """New information may lower the suggestion; lowering the incident still needs sign-off."""
    change = assess_change(suggested=4, chosen=4, previous=2)
    assert change.kind == "downgrade"
    assert change.needs_supervisor


@given(
    suggested=st.integers(1, 5),
    chosen=st.integers(1, 5),
    previous=st.one_of(st.none(), st.integers(1, 5)),
)
def test_any_grade_less_urgent_than_the_suggestion_or_grade_in_force_needs_a_supervisor(
    suggested: int, chosen: int, previous: int | None
) -> None:
    """No path lowers urgency without a supervisor."""
    change = assess_change(suggested, chosen, previous)
    lowers = chosen > suggested or (previous is not None and chosen > previous)
    assert change.needs_supervisor == lowers
    if chosen != suggested:
        assert change.needs_reason


def test_grade_one_targets_are_fifteen_minutes_urban_and_twenty_rural() -> None:
    """The default targets, from the call."""
    start = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    urban, rural = target_for(POLICY, 1, "urban"), target_for(POLICY, 1, "rural")
    assert (urban.minutes, rural.minutes, urban.clock_start) == (15, 20, "call")
    assert urban.deadline(start) == datetime(2026, 12, 7, 9, 15, tzinfo=UTC)
    assert urban.escalate_at(start) == datetime(2026, 12, 7, 9, 10, tzinfo=UTC)


def test_grades_four_and_five_have_no_attendance_clock() -> None:
    assert target_for(POLICY, 4, "urban").minutes is None
    assert target_for(POLICY, 5, "rural").deadline(datetime.now(UTC)) is None
