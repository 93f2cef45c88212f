"""The waiting queue: victims not yet seen or contacted, re-prioritised as they wait.

:func:`prioritise` scores every waiting victim (the rules are in :mod:`.queue_score`: the
grade, time waited against the contact target, repeat victimisation, escalation markers,
suspect at large, children present, attendance and failed contact attempts, each an explained
contribution) and orders them. Ties are broken by the earlier due time, then by id, so the
order is deterministic; on equal scores the victim not yet contacted comes first.

Each :class:`QueueEntry` carries the score, the target outcome, the flags (next step,
telephone re-assessment due, escalate to a supervisor) and, on access, the reasons for its
place.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from safehold.safeguarding.queue_policy import QueuePolicy, aware, default_queue_policy
from safehold.safeguarding.queue_reasons import QueueReason, RawReason
from safehold.safeguarding.queue_score import ScoreRules, assess
from safehold.safeguarding.vocabulary import NextStep, TargetOutcome
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
        assess(self.victim, self.assessed_at, ScoreRules.of(self.policy), sink)
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
    rules = ScoreRules.of(policy)
    victims = list(waiting)
    rows = []
    for index, v in enumerate(victims):
        score, due_at, waited, fraction, outcome, reassess, escalate, contacted = assess(
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
