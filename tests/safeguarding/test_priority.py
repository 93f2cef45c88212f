"""The waiting queue: order, explanations, escalation and re-assessment with a frozen clock."""

from __future__ import annotations

import dataclasses
import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehold.safeguarding.priority import QueueEntry, prioritise
from safehold.safeguarding.queue_policy import PriorityWeights, QueueInputError, QueuePolicy
from safehold.safeguarding.reassessment import (
    DowngradeWithoutReasonError,
    DowngradeWithoutSupervisorError,
    SupervisorIsAssessorError,
    reassessment_change,
)
from safehold.safeguarding.rule_errors import BadGradeError
from safehold.safeguarding.vocabulary import Attendance, Grade
from safehold.safeguarding.waiting import WaitingVictim

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
POLICY = QueuePolicy(version="test-1")


def victim(minutes_ago: float = 0, grade: Grade = Grade.HIGH, **kwargs: object) -> WaitingVictim:
    """A waiting victim reported ``minutes_ago`` before NOW."""
    kwargs.setdefault("victim_id", "V1")
    return WaitingVictim(
        grade=grade,
        reported_at=NOW - timedelta(minutes=minutes_ago),
        **kwargs,  # type: ignore[arg-type]
    )


def entry_for(v: WaitingVictim, now: datetime = NOW, policy: QueuePolicy = POLICY) -> QueueEntry:
    """The queue entry of a queue holding only ``v``."""
    (entry,) = prioritise([v], now, policy)
    return entry


def codes(entry: QueueEntry) -> list[str]:
    """The reason codes of an entry."""
    return [r.code for r in entry.reasons]


# --- escalation with a frozen clock -------------------------------------------------------


def test_high_grade_victim_reported_fifty_minutes_ago_escalates_with_fifteen_minutes_margin() -> (
    None
):
    """10 minutes left of a 1-hour target is inside the 15-minute margin: escalate."""
    entry = entry_for(victim(50))
    assert entry.escalate_to_supervisor
    assert not entry.target_missed
    assert "target_will_be_missed" in codes(entry)
    assert entry.due_at == NOW + timedelta(minutes=10)


def test_high_grade_victim_at_sixty_one_minutes_is_overdue() -> None:
    """Past the 1-hour target: missed, escalated, and the overdue time is explained."""
    entry = entry_for(victim(61))
    assert entry.target_missed
    assert entry.escalate_to_supervisor
    assert {"overdue", "target_missed"} <= set(codes(entry))
    assert entry.fraction_of_target_used == pytest.approx(61 / 60)


def test_high_grade_victim_at_forty_four_minutes_does_not_escalate_yet() -> None:
    """16 minutes left is outside the margin: no escalation."""
    entry = entry_for(victim(44))
    assert not entry.escalate_to_supervisor
    assert "target_will_be_missed" not in codes(entry)


def test_victim_reported_exactly_at_the_target_is_escalated_but_not_yet_missed() -> None:
    """At exactly 60 minutes the target is not yet missed; escalation already stands."""
    entry = entry_for(victim(60))
    assert (entry.target_missed, entry.escalate_to_supervisor) == (False, True)


@pytest.mark.parametrize(
    ("grade", "hours"), [(Grade.HIGH, 1), (Grade.MEDIUM, 8), (Grade.STANDARD, 24)]
)
def test_due_time_is_the_report_plus_the_target_for_the_grade(grade: Grade, hours: int) -> None:
    """Default contact targets: high 1 h, medium 8 h, standard 24 h."""
    v = victim(0, grade)
    assert entry_for(v).due_at == v.reported_at + timedelta(hours=hours)


def test_a_victim_contacted_within_target_is_not_escalated() -> None:
    """Telephone contact at 30 minutes stops escalation at 70 minutes."""
    v = victim(70, last_contact_at=NOW - timedelta(minutes=40))
    entry = entry_for(v)
    assert not entry.escalate_to_supervisor
    assert not entry.target_missed
    assert "contact_made" in codes(entry)


def test_escalation_margins_are_configurable_per_grade() -> None:
    """With a 5-minute margin, 50 minutes of a 1-hour target does not escalate."""
    margins = dict(POLICY.escalation_margin) | {Grade.HIGH: timedelta(minutes=5)}
    policy = dataclasses.replace(POLICY, escalation_margin=margins)
    assert not entry_for(victim(50), policy=policy).escalate_to_supervisor


# --- telephone re-assessment --------------------------------------------------------------


def test_delayed_attendance_without_reassessment_asks_for_a_telephone_reassessment() -> None:
    """Attendance delayed and never re-assessed: the entry asks for a call."""
    entry = entry_for(victim(10, attendance=Attendance.DELAYED))
    assert entry.needs_telephone_reassessment
    reason = next(r for r in entry.reasons if r.code == "telephone_reassessment_due")
    assert "safeguarding advice" in reason.text


def test_a_reassessment_after_the_delay_clears_the_request_until_the_interval_passes() -> None:
    """Re-assessed 20 minutes ago (high: every hour) is fine; 70 minutes ago is due again."""
    recent = victim(
        90, attendance=Attendance.UNABLE, last_reassessed_at=NOW - timedelta(minutes=20)
    )
    stale = victim(90, attendance=Attendance.UNABLE, last_reassessed_at=NOW - timedelta(minutes=70))
    assert not entry_for(recent).needs_telephone_reassessment
    assert entry_for(stale).needs_telephone_reassessment


def test_a_reassessment_before_attendance_was_delayed_does_not_count() -> None:
    """Re-assessed at 5 minutes, delayed at 10 minutes: a new re-assessment is needed."""
    v = victim(
        15,
        attendance=Attendance.DELAYED,
        last_reassessed_at=NOW - timedelta(minutes=10),
        attendance_changed_at=NOW - timedelta(minutes=5),
    )
    assert entry_for(v).needs_telephone_reassessment


def test_attended_victims_are_never_asked_for_a_telephone_reassessment() -> None:
    """Attendance happened: no telephone re-assessment flag."""
    assert not entry_for(victim(300, attendance=Attendance.ATTENDED)).needs_telephone_reassessment


# --- order and explanation ----------------------------------------------------------------


def test_high_grade_comes_before_standard_reported_at_the_same_time() -> None:
    """Same wait, different grades: high first, positions 1 and 2."""
    queue = prioritise(
        [victim(30, Grade.STANDARD, victim_id="S"), victim(30, Grade.HIGH, victim_id="H")],
        NOW,
        POLICY,
    )
    assert [(e.position, e.victim_id) for e in queue] == [(1, "H"), (2, "S")]


def test_a_long_overdue_medium_victim_overtakes_a_fresh_high_one() -> None:
    """Waiting counts: medium at 12 h (target 8 h) ranks above high reported a minute ago."""
    queue = prioritise(
        [victim(1, Grade.HIGH, victim_id="H"), victim(12 * 60, Grade.MEDIUM, victim_id="M")],
        NOW,
        POLICY,
    )
    assert [e.victim_id for e in queue] == ["M", "H"]


def test_equal_scores_are_ordered_by_due_time_then_id() -> None:
    """Ties are deterministic: the same input gives the same order."""
    same = [victim(10, Grade.MEDIUM, victim_id=i) for i in ("C", "A", "B")]
    assert [e.victim_id for e in prioritise(same, NOW, POLICY)] == ["A", "B", "C"]


def test_reasons_explain_every_point_of_the_score() -> None:
    """Contributions of the reasons add up to the score, one reason per factor present."""
    v = victim(
        90,
        Grade.MEDIUM,
        repeat_victimisation_12m=2,
        escalation_markers=("strangulation", "stalking"),
        suspect_at_large=True,
        children_present=True,
        attendance=Attendance.DELAYED,
        contact_attempts=1,
    )
    entry = entry_for(v)
    assert sum(r.contribution for r in entry.reasons) == pytest.approx(entry.score)
    assert codes(entry)[:10] == [
        "grade",
        "time_waited",
        "repeat_victimisation",
        "escalation_marker",
        "escalation_marker",
        "suspect_at_large",
        "children_present",
        "attendance",
        "contact_attempts",
        "telephone_reassessment_due",
    ]
    assert all(r.text for r in entry.reasons)
    assert entry.policy_version == "test-1"


def test_the_time_reason_says_how_long_the_victim_has_waited_against_the_target() -> None:
    """The page shows "Waited 2 h 30 min of the 8 h contact target (31%)"."""
    entry = entry_for(victim(150, Grade.MEDIUM))
    text = next(r.text for r in entry.reasons if r.code == "time_waited")
    assert text == "Waited 2 h 30 min of the 8 h contact target (31%)"


def test_entries_serialise_to_json_for_the_queue_command() -> None:
    """to_dict gives JSON with position, flags and reasons."""
    data = entry_for(victim(61)).to_dict()
    assert json.loads(json.dumps(data))["reasons"][0]["code"] == "grade"
    assert data["target_missed"] is True


def test_a_report_in_the_future_counts_as_no_wait() -> None:
    """Clock skew does not give negative waits."""
    entry = entry_for(victim(-30))
    assert entry.time_waited == timedelta(0)


# --- validation ---------------------------------------------------------------------------


def test_a_waiting_victim_without_a_timezone_is_refused() -> None:
    """A naive reported_at is refused, naming the field."""
    with pytest.raises(QueueInputError) as caught:
        WaitingVictim("V1", Grade.HIGH, datetime(2026, 1, 1))
    assert caught.value.field == "reported_at"


def test_a_negative_weight_is_refused_because_it_would_break_monotonicity() -> None:
    """A negative weight for children present is refused, naming it."""
    with pytest.raises(QueueInputError) as caught:
        PriorityWeights(children_present=-1.0)
    assert caught.value.field == "queue.weights.children_present"


def test_a_higher_grade_with_a_longer_target_is_refused() -> None:
    """High may not have a longer contact target than medium."""
    targets = {
        Grade.HIGH: timedelta(hours=9),
        Grade.MEDIUM: timedelta(hours=8),
        Grade.STANDARD: timedelta(hours=24),
    }
    with pytest.raises(QueueInputError, match="longer target"):
        QueuePolicy(contact_target=targets)


def test_packaged_policy_holds_the_documented_defaults() -> None:
    """policy.toml and the QueuePolicy defaults agree."""
    loaded = QueuePolicy.load()
    assert loaded == QueuePolicy(
        version=loaded.version, contact_target_source=loaded.contact_target_source
    )
    assert "local choice" in loaded.contact_target_source


# --- re-assessment ------------------------------------------------------------------------


def test_a_downgrade_without_a_reason_is_refused() -> None:
    """High to medium with no reason: downgrade_needs_reason."""
    with pytest.raises(DowngradeWithoutReasonError) as caught:
        reassessment_change(Grade.HIGH, Grade.MEDIUM, reason=" ", supervisor="sgt.1")
    assert (caught.value.code, caught.value.field) == ("downgrade_needs_reason", "reason")


def test_a_downgrade_without_a_supervisor_is_refused() -> None:
    """High to standard with a reason but no sign-off: downgrade_needs_supervisor."""
    with pytest.raises(DowngradeWithoutSupervisorError) as caught:
        reassessment_change("high", "standard", reason="Suspect remanded in custody")
    assert caught.value.code == "downgrade_needs_supervisor"


def test_an_officer_cannot_sign_off_their_own_downgrade() -> None:
    """The supervisor must be someone other than the re-assessing officer."""
    with pytest.raises(SupervisorIsAssessorError):
        reassessment_change(
            "medium", "standard", reason="Moved away", supervisor="ps42", assessed_by="ps42"
        )


def test_a_downgrade_with_a_reason_and_a_supervisor_is_accepted() -> None:
    """Both present: the change is returned as a downgrade."""
    change = reassessment_change(
        Grade.HIGH, Grade.MEDIUM, reason="Suspect remanded", supervisor="ps42", assessed_by="pc7"
    )
    assert change.is_downgrade
    assert (change.reason, change.supervisor) == ("Suspect remanded", "ps42")


def test_an_upgrade_needs_no_sign_off() -> None:
    """Raising the grade is never held up for paperwork."""
    assert reassessment_change("standard", "high").direction == "raised"


def test_a_reassessment_to_an_unknown_grade_is_refused() -> None:
    """ "critical" is not a grade."""
    with pytest.raises(BadGradeError):
        reassessment_change("high", "critical", reason="x", supervisor="y")


# --- monotonicity properties --------------------------------------------------------------

MARKERS = ("strangulation", "threats_to_kill", "stalking", "pregnancy", "weapons", "other")
ORDERED_GRADES = [Grade.STANDARD, Grade.MEDIUM, Grade.HIGH]
ORDERED_ATTENDANCE = [Attendance.ATTENDED, Attendance.DELAYED, Attendance.UNABLE]

victims = st.builds(
    WaitingVictim,
    victim_id=st.just("V"),
    grade=st.sampled_from(ORDERED_GRADES),
    reported_at=st.integers(0, 5 * 24 * 60).map(lambda m: NOW - timedelta(minutes=m)),
    attendance=st.sampled_from(ORDERED_ATTENDANCE),
    repeat_victimisation_12m=st.integers(0, 10),
    escalation_markers=st.lists(st.sampled_from(MARKERS), max_size=4).map(tuple),
    suspect_at_large=st.booleans(),
    children_present=st.booleans(),
    contact_attempts=st.integers(0, 6),
)
weight = st.floats(0, 500, allow_nan=False)
policies = st.builds(
    lambda g, a, t, o, r, m, s, c, k: QueuePolicy(
        version="random",
        weights=PriorityWeights(
            grade={Grade.STANDARD: g[0], Grade.MEDIUM: g[0] + g[1], Grade.HIGH: sum(g)},
            attendance={
                Attendance.ATTENDED: a[0],
                Attendance.DELAYED: a[0] + a[1],
                Attendance.UNABLE: sum(a),
            },
            target_used=t,
            overdue_doubling=o,
            repeat_victimisation_per_incident=r,
            escalation_marker_default=m,
            escalation_markers={"strangulation": m * 2},
            suspect_at_large=s,
            children_present=c,
            contact_attempt=k,
        ),
    ),
    st.tuples(weight, weight, weight),
    st.tuples(weight, weight, weight),
    weight,
    weight,
    weight,
    weight,
    weight,
    weight,
    weight,
)


def score_of(v: WaitingVictim, policy: QueuePolicy, now: datetime = NOW) -> float:
    """The priority score of ``v``."""
    return entry_for(v, now, policy).score


@given(victims, policies, st.integers(1, 10_000))
def test_more_time_waited_never_lowers_priority(
    v: WaitingVictim, policy: QueuePolicy, later_minutes: int
) -> None:
    """The same victim scored later scores at least as high."""
    later = NOW + timedelta(minutes=later_minutes)
    assert score_of(v, policy, later) >= score_of(v, policy)


@given(victims, policies)
def test_a_higher_grade_never_lowers_priority(v: WaitingVictim, policy: QueuePolicy) -> None:
    """Raising the grade by one step never lowers the score."""
    rank = ORDERED_GRADES.index(v.grade)
    if rank < 2:
        higher = dataclasses.replace(v, grade=ORDERED_GRADES[rank + 1])
        assert score_of(higher, policy) >= score_of(v, policy)


@given(victims, policies, st.sampled_from(MARKERS))
def test_each_added_risk_factor_never_lowers_priority(
    v: WaitingVictim, policy: QueuePolicy, marker: str
) -> None:
    """One more repeat, marker, attempt, suspect at large, children, worse attendance."""
    base = score_of(v, policy)
    worse = [
        dataclasses.replace(v, repeat_victimisation_12m=v.repeat_victimisation_12m + 1),
        dataclasses.replace(v, escalation_markers=(*v.escalation_markers, marker)),
        dataclasses.replace(v, contact_attempts=v.contact_attempts + 1),
        dataclasses.replace(v, suspect_at_large=True),
        dataclasses.replace(v, children_present=True),
        dataclasses.replace(
            v, attendance=ORDERED_ATTENDANCE[min(ORDERED_ATTENDANCE.index(v.attendance) + 1, 2)]
        ),
    ]
    for w in worse:
        assert score_of(w, policy) >= base


@given(st.lists(victims, max_size=20), policies)
def test_the_queue_is_ordered_by_score_and_numbered_from_one(
    waiting: list[WaitingVictim], policy: QueuePolicy
) -> None:
    """Scores never rise down the queue and positions run 1..n."""
    waiting = [dataclasses.replace(v, victim_id=f"V{i}") for i, v in enumerate(waiting)]
    queue = prioritise(waiting, NOW, policy)
    assert [e.position for e in queue] == list(range(1, len(waiting) + 1))
    assert all(a.score >= b.score for a, b in itertools.pairwise(queue))
