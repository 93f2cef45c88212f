"""Closing an incident with its Home Office outcome type, and the supervisor's review that
outcomes 15 and 16 (no further action, evidential difficulties) need before they close.

Closing an incident whose victim was never reached, or one graded high, needs a sergeant
or above and a recorded contact outcome (see ``closure_rules``); the reasons are kept on
the incident and the closure shows on the supervisors' worklist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Rank
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, Forbidden, InvalidInput

from . import policies
from .clocks import needs_supervisor_review
from .closure_rules import closure_oversight
from .models import (
    ClosureReview,
    ClosureStatus,
    CrimeType,
    Incident,
    ReviewDecision,
)
from .support import (
    choice,
    locked,
    log,
    require_open,
    require_supervisor,
    rule_errors,
    settle_target,
    text,
    touch,
    victim_contacted,
)
from .vocabulary import ClosureContact


@dataclass(frozen=True, slots=True)
class CloseInput:
    reason: str
    crime_recorded: bool = False
    crime_type: str = ""
    outcome_type: int | None = None
    expected_version: int | None = None
    contact_outcome: str = ""


def close_incident(
    actor: User, incident_id: int, data: CloseInput, *, clock: Clock = SYSTEM_CLOCK
) -> Incident:
    """Close the incident with its outcome; outcome 15 or 16 waits for a supervisor's review."""
    reason = text(data.reason, "reason", "Give the reason for closing")
    outcome = data.outcome_type
    if data.crime_recorded:
        choice(data.crime_type, CrimeType.values, "crime_type", "Crime type")
        if outcome is None:
            raise InvalidInput("Select the Home Office outcome type", field="outcome_type")
        if outcome == 0:
            raise InvalidInput(
                "Outcome 0 means no outcome yet; select the outcome the crime is closed with",
                field="outcome_type",
            )
    elif outcome is not None or data.crime_type:
        raise InvalidInput(
            "An outcome type applies to a recorded crime; tick 'A crime was recorded' or "
            "clear the outcome",
            field="outcome_type" if outcome is not None else "crime_type",
        )
    review = None
    if outcome is not None:
        with rule_errors():
            review = needs_supervisor_review(outcome, policy=policies.current().clocks)
    if data.contact_outcome:
        choice(data.contact_outcome, list(ClosureContact), "contact_outcome", "Contact outcome")
    with transaction.atomic():
        incident = locked(actor, incident_id, expected_version=data.expected_version)
        require_open(incident)
        now = clock.now()
        settled = settle_target(incident, now)
        oversight = closure_oversight(
            grade=incident.grade,
            victim_contacted=victim_contacted(incident),
            policy=policies.current().closure,
        )
        if oversight.required:
            why = "; ".join(r.text.lower() for r in oversight.reasons)
            if not Rank(actor.rank).is_supervisor:
                raise Forbidden(
                    f"Only a sergeant or above may close this incident ({why}); ask a supervisor",
                    code="closure_needs_supervisor",
                )
            if not data.contact_outcome:
                raise InvalidInput(
                    f"Record the contact outcome before closing ({why}): spoke to the "
                    "victim, seen in person, declined support, or not reached",
                    field="contact_outcome",
                )
        incident.closure_contact = data.contact_outcome
        incident.closure_oversight = oversight.to_list() if oversight.required else []
        incident.crime_recorded, incident.crime_type = data.crime_recorded, data.crime_type
        incident.outcome_type, incident.closure_reason = outcome, reason
        incident.closed_at, incident.closed_by = now, actor
        incident.closure_status = (
            ClosureStatus.AWAITING_REVIEW if review and review.required else ClosureStatus.CLOSED
        )
        touch(
            incident,
            actor,
            [
                "crime_recorded",
                "crime_type",
                "outcome_type",
                "closure_reason",
                "closed_at",
                "closed_by",
                "closure_status",
                "closure_contact",
                "closure_oversight",
                *settled,
            ],
        )
        log(
            actor,
            Operation.ALTERATION,
            "da_incident",
            incident.pk,
            incident,
            {
                "closed": incident.closure_status,
                "outcome_type": outcome,
                "review": review.code if review else None,
                "contact_outcome": data.contact_outcome or None,
                "oversight": [r.code for r in oversight.reasons] if oversight.required else [],
                "policy_version": oversight.policy_version,
            },
        )
    return incident


def review_closure(
    actor: User,
    incident_id: int,
    *,
    agree: bool,
    note: str,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ClosureReview:
    """A supervisor reviews a no-further-action closure: agree, or reopen the case."""
    require_supervisor(actor, "review a no-further-action closure")
    note = text(note, "note", "Record your review: what you checked and why you decided")
    with transaction.atomic():
        incident = locked(actor, incident_id, expected_version=expected_version)
        if incident.closure_status != ClosureStatus.AWAITING_REVIEW:
            raise Conflict(
                "No closure on this incident is awaiting review", code="nothing_to_review"
            )
        if incident.closed_by_id == actor.pk:
            raise Forbidden(
                "The supervisor reviewing a closure must not be the officer who "
                "closed it; ask another supervisor",
                code="reviewer_closed_it",
            )
        assert incident.outcome_type is not None
        now = clock.now()
        review = ClosureReview.objects.create(
            incident=incident,
            outcome_type=incident.outcome_type,
            reviewer=actor,
            decision=ReviewDecision.AGREED if agree else ReviewDecision.REOPENED,
            note=note,
            at=now,
            policy_version=policies.current().version,
            created_by=actor,
            modified_by=actor,
        )
        if agree:
            incident.closure_status = ClosureStatus.CLOSED
        else:
            incident.closure_status = ClosureStatus.OPEN
            incident.outcome_type, incident.closed_at, incident.closed_by = None, None, None
            incident.closure_contact, incident.closure_oversight = "", []
        touch(
            incident,
            actor,
            [
                "closure_status",
                "outcome_type",
                "closed_at",
                "closed_by",
                "closure_contact",
                "closure_oversight",
            ],
        )
        log(
            actor,
            Operation.ALTERATION,
            "closure_review",
            review.pk,
            incident,
            {"decision": review.decision, "outcome_type": review.outcome_type},
        )
    return review
