"""Whether the contact target was met or missed: decided once, then kept.

The target for a victim is the report time plus the contact target for their grade (see
``queue_policy``). It is *met* when the first contact that reached the victim came by then,
and *missed* when that first contact came later or the target passed with no contact at all.
Once a write to the incident has recorded the outcome it is kept: a later contact, or a
downgrade that would lengthen the target, never turns a missed target into a met one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from safehold.safeguarding.vocabulary import TargetOutcome

__all__ = ["target_outcome"]


def target_outcome(
    *,
    reported_at: datetime,
    target: timedelta,
    first_contact_at: datetime | None,
    recorded: TargetOutcome | None,
    now: datetime,
) -> TargetOutcome:
    """Return the contact-target outcome at ``now``.

    Parameters
    ----------
    reported_at, target
        When the clock started and how long the grade allows.
    first_contact_at
        The first contact that reached the victim, if any (one before the report is
        ignored: it cannot answer this incident).
    recorded
        The outcome already recorded on the incident, if any; a recorded met or missed is
        returned as it is.
    now
        The time of the decision.
    """
    if recorded is not None and recorded is not TargetOutcome.PENDING:
        return recorded
    due_at = reported_at + target
    if first_contact_at is not None and first_contact_at >= reported_at:
        return TargetOutcome.MET if first_contact_at <= due_at else TargetOutcome.MISSED
    return TargetOutcome.MISSED if now > due_at else TargetOutcome.PENDING
