"""The whereabouts-unknown procedure and the `wanted` marker.

- :func:`open_procedure` (status becomes whereabouts unknown; the offender is pursued);
  opened at once by a visit that finds the offender not resident (configurable);
- :func:`record_step`: PNC circulation, an enquiry, the decision not to record a breach,
  a DS review (a breach itself is recorded with ``record_breach``, which links it);
- :func:`clear_procedure` by a sighting, an arrest or a new notification (a notification
  clears it by itself: :func:`clear_on_contact`);
- :func:`clear_wanted`.

The clock and the tasks are in ``whereabouts_rules.py``.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Rank
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.datetext import long_date
from safehold.errors import Conflict, Forbidden, InvalidInput

from . import whereabouts_rules as rules
from .facts import current_policy
from .models import (
    ClearedBy,
    Offender,
    Status,
    StepKind,
    WhereaboutsProcedure,
    WhereaboutsStep,
    WhereaboutsTrigger,
)
from .writes import locked, log, require, touch


def open_of(offender: Offender) -> WhereaboutsProcedure | None:
    return (
        WhereaboutsProcedure.objects.select_for_update()
        .filter(offender=offender, closed_at__isnull=True)
        .first()
    )


def start(
    actor: User,
    offender: Offender,
    *,
    since: date,
    trigger: str,
    reason: str,
    clock: Clock = SYSTEM_CLOCK,
) -> WhereaboutsProcedure:
    """Open the procedure on a locked record (inside the caller's transaction)."""
    existing = open_of(offender)
    if existing is not None:
        return existing
    procedure = WhereaboutsProcedure.objects.create(
        offender=offender,
        since=since,
        opened_at=clock.now(),
        trigger=trigger,
        reason=reason[:300],
        created_by=actor,
        modified_by=actor,
    )
    previous = offender.status
    offender.status = Status.WHEREABOUTS_UNKNOWN
    offender.pursued = True
    offender.pursued_since = offender.pursued_since or clock.now()
    offender.pursued_reason = offender.pursued_reason or f"Whereabouts unknown: {reason}"[:300]
    touch(offender, actor, ["status", "pursued", "pursued_since", "pursued_reason"])
    log(
        actor,
        Operation.COLLECTION,
        "whereabouts_procedure",
        procedure.pk,
        offender,
        {"status": {"from": previous, "to": offender.status}, "since": since.isoformat()},
    )
    return procedure


def open_procedure(
    actor: User, offender_id: int, *, since: date, reason: str, clock: Clock = SYSTEM_CLOCK
) -> WhereaboutsProcedure:
    """Open the whereabouts-unknown procedure for an offender."""
    reason = reason.strip()
    require(reason, "reason", "Say why the whereabouts are unknown")
    if since > clock.today():
        raise InvalidInput("'Last known' must be today or earlier", field="since")
    with transaction.atomic():
        offender = locked(actor, offender_id)
        return start(
            actor,
            offender,
            since=since,
            trigger=WhereaboutsTrigger.STATUS,
            reason=reason,
            clock=clock,
        )


def record_step(
    actor: User,
    offender_id: int,
    *,
    kind: str,
    note: str,
    reference: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> WhereaboutsStep:
    """Record a step of the open procedure (a DS review needs a sergeant or above)."""
    if kind not in StepKind.values or kind == StepKind.BREACH:
        raise InvalidInput(
            "Choose PNC circulation, an enquiry, a decision not to record a breach or a DS "
            "review (record a breach with 'Record a breach')",
            field="kind",
        )
    note = note.strip()
    require(note, "note", "Say what was done")
    if kind == StepKind.REVIEW and not Rank(actor.rank).is_supervisor:
        raise Forbidden("A DS review is recorded by a sergeant or above", code="needs_sergeant")
    if kind == StepKind.PNC and not reference.strip():
        raise InvalidInput("Give the PNC circulation reference", field="reference")
    with transaction.atomic():
        offender = locked(actor, offender_id)
        procedure = open_of(offender)
        if procedure is None:
            raise Conflict("No whereabouts-unknown procedure is open", code="no_procedure")
        step = WhereaboutsStep.objects.create(
            procedure=procedure,
            kind=kind,
            done_at=clock.now(),
            done_by=actor,
            note=note[:500],
            reference=reference.strip()[:40],
            created_by=actor,
            modified_by=actor,
        )
        touch(offender, actor, [])
        log(actor, Operation.COLLECTION, "whereabouts_step", step.pk, offender, {"kind": kind})
    return step


def link_breach(
    actor: User, offender: Offender, breach_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    """A breach recorded while the procedure is open is its breach record."""
    procedure = open_of(offender)
    if procedure is not None:
        WhereaboutsStep.objects.create(
            procedure=procedure,
            kind=StepKind.BREACH,
            done_at=clock.now(),
            done_by=actor,
            note=f"Breach {breach_id}",
            reference=str(breach_id),
            created_by=actor,
            modified_by=actor,
        )


def _close(
    actor: User,
    offender: Offender,
    procedure: WhereaboutsProcedure,
    how: str,
    note: str,
    clock: Clock,
) -> None:
    procedure.closed_at, procedure.closed_by = clock.now(), actor
    procedure.cleared_by, procedure.clear_note = how, note[:300]
    procedure.modified_by = actor
    procedure.save()
    fields = []
    if offender.status == Status.WHEREABOUTS_UNKNOWN:
        offender.status = Status.MANAGED
        fields.append("status")
    if how == ClearedBy.ARREST and offender.wanted:
        offender.wanted = False
        fields.append("wanted")
    touch(offender, actor, fields)
    log(
        actor,
        Operation.ALTERATION,
        "whereabouts_procedure",
        procedure.pk,
        offender,
        {"cleared_by": how, "note": note},
    )


def clear_procedure(
    actor: User, offender_id: int, *, how: str, note: str, clock: Clock = SYSTEM_CLOCK
) -> WhereaboutsProcedure:
    """Close the open procedure: the offender was seen, arrested or notified."""
    if how not in ClearedBy.values:
        raise InvalidInput("Choose sighting, arrest or new notification", field="how")
    note = note.strip()
    require(note, "note", "Say where and when the offender was found")
    with transaction.atomic():
        offender = locked(actor, offender_id)
        procedure = open_of(offender)
        if procedure is None:
            raise Conflict("No whereabouts-unknown procedure is open", code="no_procedure")
        _close(actor, offender, procedure, how, note, clock)
    return procedure


def clear_on_contact(
    actor: User, offender: Offender, how: str, note: str, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    """A new notification clears an open procedure (record locked, caller's transaction)."""
    procedure = open_of(offender)
    if procedure is not None:
        _close(actor, offender, procedure, ClearedBy.NOTIFICATION, f"{how}: {note}", clock)


def on_visit(
    actor: User, offender: Offender, outcome: str, day: date, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    """Keep the no-access streak; open the procedure when the offender is not resident."""
    fields: list[str] = []
    if outcome == "seen":
        if offender.no_access_streak:
            offender.no_access_streak = 0
            fields.append("no_access_streak")
    elif outcome in ("no_access", "refused_entry"):
        offender.no_access_streak += 1
        fields.append("no_access_streak")
    if fields:
        offender.save(update_fields=fields)
    if outcome == "not_resident":
        if offender.unnotified_change_on is None:
            offender.unnotified_change_on = day
            offender.save(update_fields=["unnotified_change_on"])
        if current_policy().whereabouts.open_on_not_resident:
            start(
                actor,
                offender,
                since=offender.last_visit_seen_on or day,
                trigger=WhereaboutsTrigger.NOT_RESIDENT,
                reason=f"Not resident at the notified address on {long_date(day)}",
                clock=clock,
            )


def clear_wanted(actor: User, offender_id: int, *, reason: str) -> Offender:
    """The offender is no longer circulated as wanted."""
    reason = reason.strip()
    require(reason, "reason", "Say why the offender is no longer wanted")
    with transaction.atomic():
        offender = locked(actor, offender_id)
        if not offender.wanted:
            raise Conflict("The offender is not marked as wanted", code="not_wanted")
        offender.wanted = False
        touch(offender, actor, ["wanted"])
        log(
            actor,
            Operation.ALTERATION,
            "offender",
            offender.pk,
            offender,
            {"wanted": False, "reason": reason},
        )
    return offender


def procedure_tasks(
    procedure: WhereaboutsProcedure, *, clock: Clock = SYSTEM_CLOCK
) -> list[rules.Task]:
    """The tasks of a procedure (uses its prefetched steps)."""
    return rules.tasks(
        opened_at=procedure.opened_at,
        done=[(s.kind, s.done_at) for s in procedure.steps.all()],
        now=clock.now(),
        rules=current_policy().whereabouts,
    )
