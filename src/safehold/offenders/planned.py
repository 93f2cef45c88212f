"""Planned visits on the register: place, move and cancel them.

The register owns the ``Visit`` table. Planning (accepting or re-planning a visit plan)
asks for planned visits here instead of writing the rows itself; a person on the record
page cancels one here too. A planned visit is never deleted: cancelling records when,
by whom and why, and the visit stays on the record as cancelled.

Each function checks permission, writes in the caller's transaction (or its own) and
logs every visit it touches in the access log in that same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.log import Justification, PendingEntry, record_many
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Forbidden, InvalidInput, NotFound

from .models import Offender, Visit, VisitKind
from .writes import RECORDING, can_edit

PLANNING = Justification("planning", "visit plan accepted onto the register")
MAX_REASON = 300


@dataclass(frozen=True, slots=True)
class PlannedStop:
    """One planned home visit to put on the register."""

    offender_id: int
    planned_for: datetime
    officer_1_id: int | None = None
    officer_2_id: int | None = None


@dataclass(frozen=True, slots=True)
class CancelledVisit:
    """A planned visit that was cancelled, for the caller's report."""

    visit_id: int
    offender_id: int
    person_id: int | None
    planned_for: datetime | None
    plan_run_id: int | None


def _may_plan(actor: User) -> None:
    if not actor.can(Capability.PLAN_VISITS):
        raise Forbidden("Only the priorities team plans visits", code="cannot_plan_visits")


def open_planned() -> QuerySet[Visit]:
    """Planned home visits still open: no outcome and not cancelled (a queryset)."""
    return Visit.objects.filter(kind=VisitKind.HOME, outcome="", cancelled_at__isnull=True)


def place_planned_visits(
    actor: User,
    stops: Sequence[PlannedStop],
    *,
    plan_run_id: int | None,
    justification: Justification = PLANNING,
    channel: str = "page",
) -> list[Visit]:
    """Put planned home visits on the register in one go (a plan being accepted)."""
    _may_plan(actor)
    for stop in stops:
        if timezone.is_naive(stop.planned_for):
            raise InvalidInput("Give the planned time with its time zone", field="planned_for")
        if stop.officer_1_id and stop.officer_1_id == stop.officer_2_id:
            raise InvalidInput("The two officers must be different people", field="officer_2")
    ids = sorted({s.offender_id for s in stops})
    person_of = dict(Offender.objects.filter(pk__in=ids).values_list("id", "person_id"))
    missing = [i for i in ids if i not in person_of]
    if missing:
        raise NotFound(f"No offender with id {missing[0]}")
    with transaction.atomic():
        created = Visit.objects.bulk_create(
            [
                Visit(
                    offender_id=s.offender_id,
                    kind=VisitKind.HOME,
                    planned_for=s.planned_for,
                    officer_1_id=s.officer_1_id,
                    officer_2_id=s.officer_2_id,
                    plan_run_id=plan_run_id,
                    created_by=actor,
                    modified_by=actor,
                )
                for s in stops
            ],
            batch_size=500,
        )
        record_many(
            actor,
            [
                PendingEntry(
                    Operation.COLLECTION,
                    "planned_visit",
                    v.pk,
                    person_of.get(v.offender_id),
                    {
                        "plan_run": plan_run_id,
                        "planned_for": v.planned_for.isoformat() if v.planned_for else None,
                        "offender_id": v.offender_id,
                    },
                )
                for v in created
            ],
            justification=justification,
            channel=channel,
        )
    return created


def cancel_plan_visits(
    actor: User,
    plan_run_ids: Sequence[int],
    *,
    from_time: datetime,
    keep: Iterable[int] = (),
    reason: str,
    now: datetime | None = None,
    justification: Justification = PLANNING,
    channel: str = "page",
    clock: Clock = SYSTEM_CLOCK,
) -> list[CancelledVisit]:
    """Cancel the open planned visits of these plans from ``from_time`` on (except ``keep``).

    A superseded plan's future visits are cancelled this way, with the reason naming the
    plan that replaces it; visits already made or under way are not touched. ``now`` is
    when they are cancelled: the caller's moment (planning's own clock) or ``clock``'s.
    """
    _may_plan(actor)
    reason = reason.strip()[:MAX_REASON]
    if not reason:
        raise InvalidInput("Say why the visits are cancelled", field="reason")
    now = now or clock.now()
    with transaction.atomic():
        rows = list(
            Visit.objects.select_for_update()
            .filter(
                kind=VisitKind.HOME,
                outcome="",
                cancelled_at__isnull=True,
                plan_run_id__in=list(plan_run_ids),
                planned_for__gte=from_time,
            )
            .exclude(pk__in=list(keep))
            .values_list("pk", "offender_id", "offender__person_id", "planned_for", "plan_run_id")
        )
        cancelled = [CancelledVisit(*row) for row in rows]
        Visit.objects.filter(pk__in=[c.visit_id for c in cancelled]).update(
            cancelled_at=now, cancelled_by=actor, cancel_reason=reason, modified_by=actor
        )
        record_many(
            actor,
            [
                PendingEntry(
                    Operation.ALTERATION,
                    "planned_visit",
                    c.visit_id,
                    c.person_id,
                    {
                        "cancelled": reason,
                        "plan_run": c.plan_run_id,
                        "planned_for": c.planned_for.isoformat() if c.planned_for else None,
                        "offender_id": c.offender_id,
                    },
                )
                for c in cancelled
            ],
            justification=justification,
            channel=channel,
        )
    return cancelled


def check_planned_slot(
    planned_for: datetime,
    officer_1_id: int | None,
    officer_2_id: int | None,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """A planned visit's time is zoned and not in the past, and its two officers differ."""
    if timezone.is_naive(planned_for):
        raise InvalidInput("Give the planned time with its time zone", field="planned_for")
    if timezone.localdate(planned_for) < clock.today():
        raise InvalidInput("A planned visit must be today or later", field="planned_for")
    if officer_1_id and officer_1_id == officer_2_id:
        raise InvalidInput("The two officers must be different people", field="officer_2")


def _log_change(actor: User, visit: Visit, detail: dict[str, Any], channel: str) -> None:
    """Log a change to one planned visit against its offender."""
    record_many(
        actor,
        [
            PendingEntry(
                Operation.ALTERATION,
                "planned_visit",
                visit.pk,
                visit.offender.person_id,
                {**detail, "offender": visit.offender.register_reference},
            )
        ],
        justification=RECORDING,
        channel=channel,
    )


def _open_visit(actor: User, visit_id: int) -> Visit:
    visit = (
        Visit.objects.select_for_update()
        .select_related("offender")
        .filter(pk=visit_id, outcome="", cancelled_at__isnull=True)
        .first()
    )
    if visit is None or not actor.can(Capability.VIEW_OFFENDERS):
        raise NotFound(
            "That planned visit is not open on the register", code="planned_visit_not_found"
        )
    if not (can_edit(actor, visit.offender) or actor.can(Capability.PLAN_VISITS)):
        raise Forbidden(
            "Only the offender's manager or the priorities team can change this visit",
            code="not_your_caseload",
        )
    return visit


def move_planned_visit(
    actor: User,
    visit_id: int,
    *,
    planned_for: datetime,
    officer_1_id: int | None = None,
    officer_2_id: int | None = None,
    channel: str = "page",
    clock: Clock = SYSTEM_CLOCK,
) -> Visit:
    """Move an open planned visit to another time (and pair of officers, if given)."""
    check_planned_slot(planned_for, officer_1_id, officer_2_id, clock=clock)
    with transaction.atomic():
        visit = _open_visit(actor, visit_id)
        before = visit.planned_for
        visit.planned_for = planned_for
        if officer_1_id is not None:
            visit.officer_1_id = officer_1_id
            visit.officer_2_id = officer_2_id
        visit.modified_by = actor
        visit.save()
        _log_change(
            actor,
            visit,
            {
                "planned_for": {
                    "from": before.isoformat() if before else None,
                    "to": planned_for.isoformat(),
                }
            },
            channel,
        )
    return visit


def cancel_planned_visit(
    actor: User, visit_id: int, *, reason: str, channel: str = "page", clock: Clock = SYSTEM_CLOCK
) -> Visit:
    """Cancel one open planned visit, with the reason (it stays on the record, cancelled)."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Say why the visit is cancelled", field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"Keep the reason under {MAX_REASON} characters", field="reason")
    with transaction.atomic():
        visit = _open_visit(actor, visit_id)
        visit.cancelled_at = clock.now()
        visit.cancelled_by = actor
        visit.cancel_reason = reason
        visit.modified_by = actor
        visit.save()
        _log_change(actor, visit, {"cancelled": reason}, channel)
    return visit
