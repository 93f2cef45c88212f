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

Flags on each entry: ``escalate_to_supervisor`` when the contact target is missed or less
than the grade's margin is left; ``needs_telephone_reassessment`` when attendance is
delayed or not possible and the risk has not been re-assessed since (or not within the
grade's re-assessment interval).
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
from safehold.safeguarding.vocabulary import Attendance, Grade
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
        1 for the first victim to contact.
    score
        Priority score; the sum of the reasons' contributions.
    due_at
        ``reported_at`` plus the contact target for the grade.
    time_waited
        Time since the report (never negative).
    fraction_of_target_used
        ``time_waited`` divided by the target; above 1 means the target is missed.
    target_missed
        Past ``due_at`` without contact.
    needs_telephone_reassessment
        Attendance delayed or not possible and no re-assessment since (or not recently).
    escalate_to_supervisor
        The target is missed, or will be missed: less than the grade's margin left.
    assessed_at
        The ``now`` of the re-prioritisation.
    policy
        The policy that produced this entry (see :attr:`policy_version`).
    """

    victim: WaitingVictim
    position: int
    score: float
    due_at: datetime
    time_waited: timedelta
    fraction_of_target_used: float
    target_missed: bool
    needs_telephone_reassessment: bool
    escalate_to_supervisor: bool
    assessed_at: datetime
    policy: QueuePolicy

    @property
    def victim_id(self) -> str:
        """The victim's id."""
        return self.victim.victim_id

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
            "escalate_to_supervisor": self.escalate_to_supervisor,
            "needs_telephone_reassessment": self.needs_telephone_reassessment,
            "attendance": str(v.attendance),
            "reasons": [r.to_dict() for r in self.reasons],
            "policy_version": self.policy_version,
        }


@dataclass(frozen=True, slots=True)
class _Rules:
    """The policy flattened for the hot loop: per-grade constants and weights."""

    per_grade: Mapping[Grade, tuple[timedelta, float, float, timedelta, timedelta]]
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
                )
                for g in Grade
            },
            weights=policy.weights,
        )


_ZERO = timedelta(0)


def _assess(
    v: WaitingVictim, now: datetime, rules: _Rules, sink: list[RawReason] | None
) -> tuple[float, datetime, timedelta, float, bool, bool, bool]:
    """Score one victim; with a ``sink``, also record each reason in it.

    Returns ``(score, due_at, time_waited, fraction, missed, reassess, escalate)``.
    """
    w = rules.weights
    target, target_s, score, margin, interval = rules.per_grade[v.grade]
    if sink is not None:
        sink.append(("grade", score, (v.grade,)))
    waited = now - v.reported_at
    if waited < _ZERO:
        waited = _ZERO
    waited_s = waited.total_seconds()
    fraction = waited_s / target_s

    points = w.target_used * (fraction if fraction < 1.0 else 1.0)
    score += points
    if sink is not None:
        sink.append(("time_waited", points, (waited_s, target_s)))
    if fraction > 1.0:
        points = w.overdue_doubling * math.log2(fraction)
        score += points
        if sink is not None:
            sink.append(("overdue", points, (waited_s, target_s)))
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
    contact = v.last_contact_at
    if contact is not None and contact >= v.reported_at:
        missed = escalate = False
        if sink is not None:
            sink.append(("contact_made", 0.0, ((now - contact).total_seconds(), contact <= due_at)))
    else:
        missed = now > due_at
        escalate = now >= due_at - margin
        if sink is not None and missed:
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
        last = v.last_reassessed_at
        since_s: float | None = None
        if last is None or last < (v.attendance_changed_at or v.reported_at):
            reassess = True
        elif now - last >= interval:
            reassess = True
            since_s = (now - last).total_seconds()
        if sink is not None and reassess:
            sink.append(
                ("telephone_reassessment_due", 0.0, (attendance, since_s, interval.total_seconds()))
            )
    return score, due_at, waited, fraction, missed, reassess, escalate


def prioritise(
    waiting: Sequence[WaitingVictim],
    now: datetime,
    policy: QueuePolicy | None = None,
) -> list[QueueEntry]:
    """Order the waiting victims, highest priority first, with the reasons for each place.

    Parameters
    ----------
    waiting
        Victims awaiting contact.
    now
        The time of re-prioritisation, timezone-aware.
    policy
        Targets, margins and weights; ``None`` uses the packaged policy file.

    Returns
    -------
    list of QueueEntry
        One entry per victim, ``position`` 1 first; ties go to the earlier due time, then
        the smaller id. Each entry explains itself through :attr:`QueueEntry.reasons`.

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
        score, due_at, waited, fraction, missed, reassess, escalate = _assess(v, now, rules, None)
        # Sorted as plain tuples, without a key function: highest score, then earliest due,
        # then id; the index makes every row distinct so comparison never reaches the rest.
        rows.append(
            (-score, due_at, v.victim_id, index, waited, fraction, missed, reassess, escalate)
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
            missed,
            reassess,
            escalate,
            now,
            policy,
        )
        for position, (
            neg_score,
            due_at,
            _,
            index,
            waited,
            fraction,
            missed,
            reassess,
            escalate,
        ) in enumerate(rows, start=1)
    ]
