"""The supervisor's review of visits that raised concerns: the worklist of those not
yet reviewed, and the review itself (a sergeant or above records the outcome)."""

from __future__ import annotations

from django.db import transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Rank
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, Forbidden, InvalidInput, NotFound

from .models import Visit, VisitReview, VisitReviewOutcome
from .writes import locked, log, require, touch

MAX_WORKLIST = 200


def awaiting_review(limit: int = MAX_WORKLIST) -> list[Visit]:
    """Visits that raised concerns and have no supervisor's review, oldest first."""
    return list(
        Visit.objects.filter(raised_concern=True, supervisor_review__isnull=True)
        .exclude(outcome="")
        .select_related("offender__person", "offender__offender_manager", "officer_1")
        .order_by("visited_at", "id")[:limit]
    )


def review_visit(
    actor: User, visit_id: int, *, outcome: str, note: str, clock: Clock = SYSTEM_CLOCK
) -> VisitReview:
    """Record a sergeant's review of a visit that raised concerns."""
    if outcome not in VisitReviewOutcome.values:
        raise InvalidInput(
            f"Outcome must be one of: {', '.join(VisitReviewOutcome.values)}", field="outcome"
        )
    note = note.strip()
    require(note, "note", "Say what was decided and why")
    if len(note) > 500:
        raise InvalidInput("The note is at most 500 characters", field="note")
    if not Rank(actor.rank).is_supervisor:
        raise Forbidden("Only a detective sergeant or above reviews visits", code="needs_sergeant")
    with transaction.atomic():
        visit = Visit.objects.select_for_update().filter(pk=visit_id).first()
        if visit is None or not visit.raised_concern:
            raise NotFound(f"No visit {visit_id} that raised concerns")
        offender = locked(actor, visit.offender_id)
        if VisitReview.objects.filter(visit=visit).exists():
            raise Conflict("This visit has been reviewed already", code="visit_reviewed")
        review = VisitReview.objects.create(
            visit=visit,
            reviewed_by=actor,
            reviewed_at=clock.now(),
            outcome=outcome,
            note=note,
            created_by=actor,
            modified_by=actor,
        )
        touch(offender, actor, [])
        log(
            actor,
            Operation.ALTERATION,
            "visit",
            visit.pk,
            offender,
            {"review": outcome},
        )
    return review
