"""The waiting queue: victims not yet seen or contacted, re-prioritised as they wait.

Each victim's priority score is a sum of explained contributions (weights in the
``[queue.weights]`` table of the policy file):

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from safehold.safeguarding.queue_policy import (
    PriorityWeights,
    QueuePolicy,
    aware,
    default_queue_policy,
)
from safehold.safeguarding.queue_reasons import QueueReason, RawReason
from safehold.safeguarding.vocabulary import Attendance, Grade, NextStep, TargetOutcome
from safehold.safeguarding.waiting import WaitingVictim

__all__ = ["QueueEntry", "prioritise"]


class QueueEntry(NamedTuple):
    """One victim's place in the queue and why.

    Immutable like the other records here, but a named tuple rather than a frozen
    dataclass: a frozen dataclass sets each field through ``object.__setattr__``, and
    building 50,000 of them was a fifth of the time to re-prioritise the queue.

    Attributes
    ----------
    victim
        The input record.
    position
        1 for the first victim in the queue.
    score
        Priority score; the sum of the reasons' contributions.
    due_at
        ``reported_at`` plus the contact target for the grade.
    time_waited
        Time since the report (never negative).
    fraction_of_target_used
        ``time_waited`` divided by the target.
    target_outcome
        Met, missed or pending: decided by the first contact or by the target passing
        without one, and never changed back (see :mod:`.contact_target`).
    needs_telephone_reassessment
        Attendance delayed or not possible and no re-assessment since (or not recently).
    escalate_to_supervisor
        See the module notes: target (about to be) missed without contact, re-assessment
        overdue, or attendance outstanding too long.
    assessed_at
        The ``now`` of the re-prioritisation.
    policy
        The policy that produced this entry (see :attr:`policy_version`).
    contacted
        The victim has been reached since the report.
    """

    victim: WaitingVictim
    position: int
    score: float
    due_at: datetime
    time_waited: timedelta
    fraction_of_target_used: float
    target_outcome: TargetOutcome
    needs_telephone_reassessment: bool
    escalate_to_supervisor: bool
    assessed_at: datetime
    policy: QueuePolicy
    contacted: bool

    @property
    def victim_id(self) -> str:
        """The victim's id."""
        return self.victim.victim_id

    @property
    def target_missed(self) -> bool:
        """The contact target was missed (and stays missed after a late contact)."""
        return self.target_outcome is TargetOutcome.MISSED

    @property
    def next_step(self) -> NextStep:
        """A call until the victim is reached or while a re-assessment is due; then attend."""
        if not self.contacted or self.needs_telephone_reassessment:
            return NextStep.CALL
        return NextStep.DEPLOY

    @property
    def policy_version(self) -> str:
        """Version of the policy that produced this entry."""
        return self.policy.version

    @property
    def reasons(self) -> tuple[QueueReason, ...]:
        """Why the victim is at this position: contributions first, then flags.

        Built on access by the same computation that produced :attr:`score` (so they always
        agree): keeping ~8 reason objects per victim alive for a 50,000-victim queue made the
        garbage collector the largest cost of re-prioritising.
        """
        sink: list[RawReason] = []
        _assess(self.victim, self.assessed_at, _Rules.of(self.policy), sink)
        return tuple(QueueReason(code, points, facts) for code, points, facts in sink)

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data (``safehold safeguarding queue --json``)."""
        v = self.victim
        return {
            "position": self.position,
            "victim_id": v.victim_id,
            "grade": str(v.grade),
            "score": round(self.score, 2),
            "reported_at": v.reported_at.isoformat(),
            "due_at": self.due_at.isoformat(),
            "time_waited_minutes": round(self.time_waited.total_seconds() / 60, 1),
            "fraction_of_target_used": round(self.fraction_of_target_used, 3),
            "target_missed": self.target_missed,
            "target_outcome": str(self.target_outcome),
            "contacted": self.contacted,
            "next_step": str(self.next_step),
            "escalate_to_supervisor": self.escalate_to_supervisor,
            "needs_telephone_reassessment": self.needs_telephone_reassessment,
            "attendance": str(v.attendance),
            "reasons": [r.to_dict() for r in self.reasons],
            "policy_version": self.policy_version,
        }


# Per grade: target, target seconds, grade points, escalation margin, re-assessment
# interval, re-assessment overdue threshold, attendance outstanding threshold.
_PerGrade = tuple[timedelta, float, float, timedelta, timedelta, timedelta | None, timedelta | None]


@dataclass(frozen=True, slots=True)
class _Rules:
    """The policy flattened for the hot loop: per-grade constants and weights."""

    per_grade: Mapping[Grade, _PerGrade]
    weights: PriorityWeights

    @staticmethod
    def of(policy: QueuePolicy) -> _Rules:
        return _Rules(
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


def _assess(
    v: WaitingVictim, now: datetime, rules: _Rules, sink: list[RawReason] | None
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


def prioritise(
    waiting: Sequence[WaitingVictim],
    now: datetime,
    policy: QueuePolicy | None = None,
) -> list[QueueEntry]:
    """Order the waiting victims, highest priority first, with the reasons for each place.

    Parameters
    ----------
    waiting
        Victims awaiting contact or attendance.
    now
        The time of re-prioritisation, timezone-aware.
    policy
        Targets, margins and weights; ``None`` uses the packaged policy file.

    Returns
    -------
    list of QueueEntry
        One entry per victim, ``position`` 1 first; on equal scores a victim not yet
        contacted comes first, then the earlier due time, then the smaller id. Each entry
        explains itself through :attr:`QueueEntry.reasons`.

    Notes
    -----
    One pass over the victims plus one sort (``bench/safeguarding_queue.py`` measures 50,000).
    """
    policy = policy or default_queue_policy()
    aware(now, "now")
    rules = _Rules.of(policy)
    victims = list(waiting)
    rows = []
    for index, v in enumerate(victims):
        score, due_at, waited, fraction, outcome, reassess, escalate, contacted = _assess(
            v, now, rules, None
        )
        # Sorted as plain tuples, without a key function: highest score, then not yet
        # contacted, then earliest due, then id; the index makes every row distinct so
        # comparison never reaches the rest.
        rows.append(
            (
                -score,
                contacted,
                due_at,
                v.victim_id,
                index,
                waited,
                fraction,
                outcome,
                reassess,
                escalate,
            )
        )
    rows.sort()
    return [
        QueueEntry(
            victims[index],
            position,
            -neg_score,
            due_at,
            waited,
            fraction,
            outcome,
            reassess,
            escalate,
            now,
            policy,
            contacted,
        )
        for position, (
            neg_score,
            contacted,
            due_at,
            _,
            index,
            waited,
            fraction,
            outcome,
            reassess,
            escalate,
        ) in enumerate(rows, start=1)
    ]
