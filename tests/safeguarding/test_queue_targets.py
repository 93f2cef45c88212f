"""Safety fault 2: missed targets stay missed, overdue re-assessments and long-outstanding
attendance escalate, calls are told from deployments, and contact never ranks a victim above
one of the same grade still waiting past target for a first call.

Written to fail on the code before the fix (a contact after the target cleared the miss and
the escalation; contacted victims kept gaining points).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.safeguarding.factories import make_incident
from tests.safeguarding.test_priority import ORDERED_GRADES, entry_for, policies, victims

from safehold.accounts.models import User
from safehold.safeguarding import services
from safehold.safeguarding.contact_target import target_outcome
from safehold.safeguarding.priority import prioritise
from safehold.safeguarding.queries import compute_queue
from safehold.safeguarding.queue_policy import QueuePolicy
from safehold.safeguarding.vocabulary import Attendance, Grade, NextStep, TargetOutcome
from safehold.safeguarding.waiting import WaitingVictim

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
POLICY = QueuePolicy(version="test-1")


def waiting(minutes_ago: float, grade: Grade = Grade.HIGH, **kwargs: object) -> WaitingVictim:
    kwargs.setdefault("victim_id", "V1")
    return WaitingVictim(
        grade=grade,
        reported_at=NOW - timedelta(minutes=minutes_ago),
        **kwargs,  # type: ignore[arg-type]
    )


# --- met or missed, decided once ----------------------------------------------------------


def test_a_contact_after_the_target_leaves_it_missed() -> None:
    """High risk reported 3 h ago, first reached 70 minutes after (the target is 1 h)."""
    entry = entry_for(waiting(180, first_contact_at=NOW - timedelta(minutes=110)), NOW, POLICY)
    assert entry.target_outcome is TargetOutcome.MISSED
    assert entry.target_missed


def test_a_contact_within_the_target_meets_it_and_a_later_grade_does_not_change_that() -> None:
    v = waiting(600, Grade.MEDIUM, first_contact_at=NOW - timedelta(minutes=300))
    assert entry_for(v, NOW, POLICY).target_outcome is TargetOutcome.MET
    raised = dataclasses.replace(v, grade=Grade.HIGH, target_recorded=TargetOutcome.MET)
    assert entry_for(raised, NOW, POLICY).target_outcome is TargetOutcome.MET


def test_a_recorded_miss_survives_a_downgrade_that_would_lengthen_the_target() -> None:
    """High missed at 1 h, downgraded to medium at 2 h (8 h target): still missed."""
    v = waiting(120, Grade.MEDIUM, target_recorded=TargetOutcome.MISSED)
    assert entry_for(v, NOW, POLICY).target_missed


def test_the_target_rule_itself() -> None:
    start, hour = NOW - timedelta(hours=3), timedelta(hours=1)
    args = {"reported_at": start, "target": hour, "recorded": None, "now": NOW}
    assert target_outcome(first_contact_at=None, **args) is TargetOutcome.MISSED  # type: ignore[arg-type]
    assert target_outcome(first_contact_at=start + hour, **args) is TargetOutcome.MET  # type: ignore[arg-type]
    late = start + 2 * hour
    assert target_outcome(first_contact_at=late, **args) is TargetOutcome.MISSED  # type: ignore[arg-type]
    early = {**args, "now": start + hour / 2}
    assert target_outcome(first_contact_at=None, **early) is TargetOutcome.PENDING  # type: ignore[arg-type]


# --- points stop rising at contact; ordering -----------------------------------------------


def test_a_contacted_victims_points_stop_rising() -> None:
    v = waiting(600, first_contact_at=NOW - timedelta(minutes=550), attendance=Attendance.UNABLE)
    later = NOW + timedelta(hours=10)
    assert entry_for(v, later, POLICY).score == entry_for(v, NOW, POLICY).score


def test_the_reported_case_an_uncontacted_high_victim_past_target_comes_first() -> None:
    """The review's top two: high, unable to attend 21-24 h, suspect at large, contacted;
    below them an uncontacted high-risk victim past target. Now the uncontacted one leads."""
    contacted = [
        waiting(
            minutes,
            victim_id=f"C{minutes}",
            attendance=Attendance.UNABLE,
            suspect_at_large=True,
            children_present=True,
            escalation_markers=("strangulation", "threats_to_kill"),
            repeat_victimisation_12m=4,
            first_contact_at=NOW - timedelta(minutes=minutes - 50),
            last_reassessed_at=NOW - timedelta(minutes=minutes - 50),
        )
        for minutes in (21 * 60, 24 * 60)
    ]
    uncontacted = waiting(70, victim_id="U")
    queue = prioritise([*contacted, uncontacted], NOW, POLICY)
    assert queue[0].victim_id == "U"
    assert queue[0].next_step is NextStep.CALL


# --- escalation ------------------------------------------------------------------------


def test_an_overdue_reassessment_escalates_even_after_contact() -> None:
    """High risk, contacted, unable to attend, re-assessed 2 h ago (due hourly): escalate."""
    v = waiting(
        300,
        attendance=Attendance.UNABLE,
        first_contact_at=NOW - timedelta(minutes=280),
        last_reassessed_at=NOW - timedelta(minutes=120),
        attendance_changed_at=NOW - timedelta(minutes=300),
    )
    entry = entry_for(v, NOW, POLICY)
    assert entry.needs_telephone_reassessment
    assert entry.escalate_to_supervisor
    assert "reassessment_overdue" in [r.code for r in entry.reasons]


def test_long_outstanding_attendance_escalates_for_high_risk_only() -> None:
    """Re-assessed 10 min ago, contacted, but officers unable to attend for 5 h."""
    kwargs = {
        "attendance": Attendance.UNABLE,
        "first_contact_at": NOW - timedelta(minutes=290),
        "last_reassessed_at": NOW - timedelta(minutes=10),
    }
    high = entry_for(waiting(300, **kwargs), NOW, POLICY)  # type: ignore[arg-type]
    assert high.escalate_to_supervisor
    assert "attendance_outstanding" in [r.code for r in high.reasons]
    medium = entry_for(waiting(300, Grade.MEDIUM, **kwargs), NOW, POLICY)  # type: ignore[arg-type]
    assert not medium.escalate_to_supervisor


def test_the_thresholds_are_configuration() -> None:
    v = waiting(
        300,
        attendance=Attendance.UNABLE,
        first_contact_at=NOW - timedelta(minutes=290),
        last_reassessed_at=NOW - timedelta(minutes=10),
    )
    relaxed = dataclasses.replace(POLICY, escalate_attendance_outstanding={})
    assert not entry_for(v, NOW, relaxed).escalate_to_supervisor
    packaged = QueuePolicy.load()
    assert packaged.escalate_attendance_outstanding == {Grade.HIGH: timedelta(hours=4)}
    assert packaged.escalate_reassessment_overdue[Grade.HIGH] == timedelta(0)


# --- call or deployment --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "step"),
    [
        ({}, NextStep.CALL),
        ({"first_contact_at": NOW - timedelta(minutes=20)}, NextStep.DEPLOY),
        (
            {
                "first_contact_at": NOW - timedelta(minutes=200),
                "attendance": Attendance.DELAYED,
                "last_reassessed_at": NOW - timedelta(minutes=200),
            },
            NextStep.CALL,
        ),
        (
            {
                "first_contact_at": NOW - timedelta(minutes=30),
                "attendance": Attendance.DELAYED,
                "last_reassessed_at": NOW - timedelta(minutes=30),
            },
            NextStep.DEPLOY,
        ),
    ],
)
def test_each_victim_needs_a_call_or_a_deployment(
    kwargs: dict[str, object], step: NextStep
) -> None:
    assert entry_for(waiting(240, **kwargs), NOW, POLICY).next_step is step  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------


@given(victims, policies, st.integers(0, 5 * 24 * 60), st.integers(0, 5 * 24 * 60))
def test_a_missed_target_never_becomes_met(
    v: WaitingVictim, policy: QueuePolicy, contact_after: int, later: int
) -> None:
    """Missed at NOW without contact; reached any time after; looked at any time after."""
    if not entry_for(v, NOW, policy).target_missed:
        return
    contact = NOW + timedelta(minutes=contact_after)
    reached = dataclasses.replace(v, first_contact_at=contact, last_contact_at=contact)
    assert entry_for(reached, contact + timedelta(minutes=later), policy).target_missed


@given(victims, victims, policies, st.integers(0, 5 * 24 * 60))
def test_contact_never_ranks_a_victim_above_an_uncontacted_one_of_the_same_grade_past_target(
    u: WaitingVictim, c: WaitingVictim, policy: QueuePolicy, contacted_after: int
) -> None:
    c = dataclasses.replace(
        c,
        victim_id="C",
        grade=u.grade,
        first_contact_at=c.reported_at + timedelta(minutes=contacted_after),
    )
    u = dataclasses.replace(u, victim_id="U")
    if c.first_contact_at > NOW or not entry_for(u, NOW, policy).target_missed:  # type: ignore[operator]
        return
    order = [e.victim_id for e in prioritise([c, u], NOW, policy)]
    assert order == ["U", "C"]


@given(victims, policies)
def test_a_higher_grade_still_never_lowers_a_contacted_victims_priority(
    v: WaitingVictim, policy: QueuePolicy
) -> None:
    v = dataclasses.replace(v, first_contact_at=v.reported_at + timedelta(minutes=30))
    rank = ORDERED_GRADES.index(v.grade)
    if rank < 2 and v.first_contact_at <= NOW:  # type: ignore[operator]
        higher = dataclasses.replace(v, grade=ORDERED_GRADES[rank + 1])
        assert entry_for(higher, NOW, policy).score >= entry_for(v, NOW, policy).score


# --- the record keeps it --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_late_contact_is_recorded_as_a_missed_target_and_counted_on_the_home_tile(
    officer: User,
) -> None:
    incident = make_incident(grade="high", minutes_ago=180)
    services.record_contact(officer, incident.pk, services.ContactInput(outcome="spoke_to_victim"))
    incident.refresh_from_db()
    assert incident.target_outcome == "missed"
    assert incident.first_contact_at is not None
    queue = compute_queue(incident.reported_at + timedelta(hours=6))
    assert queue.targets_missed == 1
    [row] = queue.rows
    assert row.entry.next_step is NextStep.DEPLOY or row.entry.needs_telephone_reassessment


@pytest.mark.django_db
def test_a_later_contact_keeps_the_first_one(officer: User) -> None:
    incident = make_incident(grade="medium", minutes_ago=120)
    services.record_contact(officer, incident.pk, services.ContactInput(outcome="spoke_to_victim"))
    first = type(incident).objects.get(pk=incident.pk).first_contact_at
    services.record_contact(officer, incident.pk, services.ContactInput(outcome="spoke_to_victim"))
    incident.refresh_from_db()
    assert (incident.first_contact_at, incident.target_outcome) == (first, "met")


@pytest.mark.django_db
def test_a_downgrade_signed_off_after_a_miss_keeps_the_miss(officer: User, sergeant: User) -> None:
    incident = make_incident(grade="high", minutes_ago=120, grade_source="dash")
    services.record_reassessment(
        officer,
        incident.pk,
        services.ReassessmentInput(
            new_grade="medium", reason="Suspect in custody", advice_given="999 if released"
        ),
    )
    services.sign_off_downgrade(sergeant, incident.pk, approve=True, note="Custody checked")
    incident.refresh_from_db()
    assert (incident.grade, incident.target_outcome) == ("medium", "missed")
