"""Scoring one waiting victim: the priority score, the target outcome and the flags.

The rules behind the queue's order (see :mod:`.priority` for the order itself and the
entries it returns). Each victim's priority score is a sum of explained contributions
(weights in the ``[queue.weights]`` table of the policy file):

* the grade (standard, medium, high);
* time waited against the contact target for that grade (default 1 h, 8 h, 24 h): points
  rise linearly until the target, then by a fixed amount each time the wait doubles, so an
  overdue victim keeps rising without swamping the grades;
* repeat victimisation in the last 12 months (capped count);
* escalation markers (the red flags: strangulation, threats to kill, ...);
* suspect at large, children present;
* attendance delayed or not possible;
* contact attempts that did not reach the victim (capped count).

Every weight is non-negative and the policy checks that a higher grade has a larger weight
and a shorter target, so the score is monotone: more time waited, a higher grade or one more
risk factor never lowers it. Ties are broken by the earlier due time, then by id, so the
order is deterministic.

Once the victim has been reached, the wait stops adding points (it is counted up to the
first contact) and the score is held at most at the grade's on-target level (grade points
plus ``target_used``), so a victim not yet contacted past the target always comes before a
contacted one of the same grade; on equal scores the victim not yet contacted comes first.

Flags on each entry: ``target_outcome`` (met / missed / pending, decided by the first contact
or by the target passing, and kept); ``next_step`` (``call`` until the victim is reached or
while a telephone re-assessment is due, then ``deploy``); ``needs_telephone_reassessment``
when attendance is delayed or not possible and the risk has not been re-assessed since (or
not within the grade's interval); ``escalate_to_supervisor`` when the contact target is
missed or less than the grade's margin is left without contact, when a re-assessment is
overdue by the grade's threshold, or when attendance has been outstanding for the grade's
threshold (all in the ``[queue]`` tables of the policy file).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from safehold.safeguarding.queue_policy import PriorityWeights, QueuePolicy
from safehold.safeguarding.queue_reasons import RawReason
from safehold.safeguarding.vocabulary import Attendance, Grade, TargetOutcome
from safehold.safeguarding.waiting import WaitingVictim

__all__ = ["ScoreRules", "assess"]


# Per grade: target, target seconds, grade points, escalation margin, re-assessment
# interval, re-assessment overdue threshold, attendance outstanding threshold.
PerGrade = tuple[timedelta, float, float, timedelta, timedelta, timedelta | None, timedelta | None]


@dataclass(frozen=True, slots=True)
class ScoreRules:
    """The policy flattened for the hot loop: per-grade constants and weights."""

    per_grade: Mapping[Grade, PerGrade]
    weights: PriorityWeights

    @staticmethod
    def of(policy: QueuePolicy) -> ScoreRules:
        return ScoreRules(
            per_grade={
                g: (
                    policy.contact_target[g],
                    policy.contact_target[g].total_seconds(),
                    policy.weights.grade[g],
                    policy.escalation_margin[g],
                    policy.reassessment_interval[g],
                    policy.escalate_reassessment_overdue.get(g),
                    policy.escalate_attendance_outstanding.get(g),
                )
                for g in Grade
            },
            weights=policy.weights,
        )


_ZERO = timedelta(0)
_MET, _MISSED, _PENDING = TargetOutcome.MET, TargetOutcome.MISSED, TargetOutcome.PENDING


def assess(
    v: WaitingVictim, now: datetime, rules: ScoreRules, sink: list[RawReason] | None
) -> tuple[float, datetime, timedelta, float, TargetOutcome, bool, bool, bool]:
    """Score one victim; with a ``sink``, also record each reason in it.

    Returns ``(score, due_at, time_waited, fraction, outcome, reassess, escalate,
    contacted)``.
    """
    w = rules.weights
    target, target_s, grade_points, margin, interval, late_reassess, long_attendance = (
        rules.per_grade[v.grade]
    )
    score = grade_points
    if sink is not None:
        sink.append(("grade", score, (v.grade,)))
    waited = now - v.reported_at
    if waited < _ZERO:
        waited = _ZERO
    waited_s = waited.total_seconds()
    fraction = waited_s / target_s
    contact = v.first_contact_at
    contacted = contact is not None and contact >= v.reported_at
    # The wait adds points until the victim is first reached, not after.
    scored_s = (contact - v.reported_at).total_seconds() if contacted else waited_s  # type: ignore[operator]
    scored_fraction = scored_s / target_s

    points = w.target_used * (scored_fraction if scored_fraction < 1.0 else 1.0)
    score += points
    if sink is not None:
        sink.append(("time_waited", points, (scored_s, target_s, contacted)))
    if scored_fraction > 1.0:
        points = w.overdue_doubling * math.log2(scored_fraction)
        score += points
        if sink is not None:
            sink.append(("overdue", points, (scored_s, target_s)))
    count = v.repeat_victimisation_12m
    if count:
        counted = min(count, w.repeat_victimisation_max_counted)
        points = w.repeat_victimisation_per_incident * counted
        score += points
        if sink is not None:
            sink.append(("repeat_victimisation", points, (count, counted)))
    for marker in v.escalation_markers:
        points = w.escalation_markers.get(marker, w.escalation_marker_default)
        score += points
        if sink is not None:
            sink.append(("escalation_marker", points, (marker,)))
    if v.suspect_at_large:
        score += w.suspect_at_large
        if sink is not None:
            sink.append(("suspect_at_large", w.suspect_at_large, ()))
    if v.children_present:
        score += w.children_present
        if sink is not None:
            sink.append(("children_present", w.children_present, ()))
    attendance = v.attendance
    outstanding = attendance is not Attendance.ATTENDED
    if outstanding:
        points = w.attendance[attendance]
        score += points
        if sink is not None:
            sink.append(("attendance", points, (attendance,)))
    count = v.contact_attempts
    if count:
        counted = min(count, w.contact_attempts_max_counted)
        points = w.contact_attempt * counted
        score += points
        if sink is not None:
            sink.append(("contact_attempts", points, (count, counted)))

    due_at = v.reported_at + target
    recorded = v.target_recorded
    if contacted:
        outcome = recorded or (_MET if contact <= due_at else _MISSED)  # type: ignore[operator]
        escalate = False
        held = grade_points + w.target_used
        if score > held:
            if sink is not None:
                sink.append(("held_after_contact", held - score, ()))
            score = held
        if sink is not None:
            sink.append(("contact_made", 0.0, ((now - contact).total_seconds(), outcome is _MET)))  # type: ignore[operator]
    else:
        outcome = recorded or (_MISSED if now > due_at else _PENDING)
        escalate = now >= due_at - margin
        if sink is not None and now > due_at:
            sink.append(("target_missed", 0.0, ((now - due_at).total_seconds(),)))
        elif sink is not None and escalate:
            sink.append(
                (
                    "target_will_be_missed",
                    0.0,
                    ((due_at - now).total_seconds(), margin.total_seconds()),
                )
            )

    reassess = False
    if outstanding:
        start = v.attendance_changed_at or v.reported_at
        last = v.last_reassessed_at
        since_s: float | None = None
        if last is None or last < start:
            reassess, base = True, start
        elif now - last >= interval:
            reassess, base = True, last
            since_s = (now - last).total_seconds()
        if reassess:
            if sink is not None:
                sink.append(
                    (
                        "telephone_reassessment_due",
                        0.0,
                        (attendance, since_s, interval.total_seconds()),
                    )
                )
            late = now - (base + interval)
            if late_reassess is not None and late >= late_reassess and late >= _ZERO:
                escalate = True
                if sink is not None:
                    sink.append(("reassessment_overdue", 0.0, (late.total_seconds(),)))
        if long_attendance is not None and now - start >= long_attendance:
            escalate = True
            if sink is not None:
                sink.append(
                    (
                        "attendance_outstanding",
                        0.0,
                        (
                            attendance,
                            (now - start).total_seconds(),
                            long_attendance.total_seconds(),
                        ),
                    )
                )
    return score, due_at, waited, fraction, outcome, reassess, escalate, contacted
