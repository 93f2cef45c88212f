"""Oversight of changes that lower the attention an offender gets, and the way back.

- :func:`propose` records a change (lower risk, longer interval, reactive management)
  awaiting a detective sergeant's sign-off; nothing on the record changes yet;
- :func:`sign_off_change` lets a sergeant or above, not the proposer, approve (the
  change applies) or refuse it;
- :func:`return_to_active` puts a reactively managed offender back to active management
  pending a review when a breach, a visit that raised concerns or new intelligence
  arrives (called inside the recording service's transaction);
- :func:`close_review` records the review's outcome; :func:`record_intelligence`.

Each write is logged in the access log in its transaction. The rules are in
``oversight_rules.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Capability, Rank
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, Forbidden, InvalidInput, NotFound

from . import oversight_rules as rules
from .facts import current_policy
from .models import (
    ChangeKind,
    ChangeState,
    IntelligenceReport,
    ManagementReview,
    Offender,
    ReviewTrigger,
    RiskAssessment,
    RiskChange,
    Status,
)
from .risk_plan import review_on_change
from .vocabulary import RiskLevel
from .writes import locked, log, not_future, require, touch


def effective_interval(offender: Offender, months: int | None) -> int:
    """The visit interval in months that ``months`` (or the risk level's default) gives."""
    if months:
        return months
    policy = current_policy()
    level = RiskLevel(offender.risk_level) if offender.risk_level else policy.unassessed_risk_level
    return policy.visit_interval_months.for_level(level)


def reactive_eligibility(offender: Offender, today: date) -> rules.Eligibility:
    """Whether the offender's assessments allow reactive management without an override."""
    history = [
        (on, RiskLevel(level))
        for on, level in RiskAssessment.objects.filter(offender=offender).values_list(
            "assessed_on", "level"
        )
    ]
    return rules.reactive_eligibility(history, today, current_policy().reactive_years_at_low_risk)


def withdraw(
    offender: Offender, kind: str, actor: User, note: str, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    RiskChange.objects.filter(offender=offender, kind=kind, state=ChangeState.AWAITING).update(
        state=ChangeState.WITHDRAWN,
        decided_at=clock.now(),
        decided_by=actor,
        decision_note=note[:500],
        modified_by=actor,
    )


def propose(
    actor: User,
    offender: Offender,
    kind: ChangeKind,
    *,
    from_value: str,
    to_value: str,
    reason: str,
    override_reason: str = "",
    eligibility: str = "",
    assessment: RiskAssessment | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> RiskChange:
    """Record a change awaiting sign-off (inside the caller's transaction, record locked)."""
    withdraw(offender, kind, actor, "A later proposal replaced it", clock=clock)
    change = RiskChange.objects.create(
        offender=offender,
        kind=kind,
        from_value=from_value,
        to_value=to_value,
        reason=reason.strip()[:500],
        override_reason=override_reason.strip()[:500],
        eligibility=eligibility[:300],
        assessment=assessment,
        proposed_by=actor,
        proposed_at=clock.now(),
        policy_version=current_policy().version,
        created_by=actor,
        modified_by=actor,
    )
    touch(offender, actor, [])
    log(
        actor,
        Operation.COLLECTION,
        "risk_change",
        change.pk,
        offender,
        {"kind": kind.value, "from": from_value, "to": to_value, "awaiting_sign_off": True},
    )
    return change


def _apply(change: RiskChange, offender: Offender, actor: User) -> list[str]:
    """Make an approved change on the record; the fields changed."""
    stale = Conflict(
        "The record changed since this was proposed (it no longer starts from "
        f"{change.from_value or 'the default'}); refuse it and propose again.",
        code="stale_change",
    )
    if change.kind == ChangeKind.LOWER_RISK:
        if offender.risk_level != change.from_value:
            raise stale
        offender.risk_level = change.to_value
        return ["risk_level"]
    if change.kind == ChangeKind.LONGER_INTERVAL:
        if str(offender.interval_months_override or "") != change.from_value:
            raise stale
        offender.interval_months_override = int(change.to_value) if change.to_value else None
        offender.interval_override_reason = change.reason if change.to_value else ""
        return ["interval_months_override", "interval_override_reason"]
    if offender.status != change.from_value:
        raise stale
    offender.status = Status.REACTIVE
    return ["status"]


def sign_off_change(
    actor: User,
    change_id: int,
    *,
    approve: bool,
    note: str,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> RiskChange:
    """A sergeant or above, not the proposer, approves (applies) or refuses a change."""
    if not actor.can(Capability.EDIT_OFFENDERS):
        raise Forbidden("You cannot change offender records")
    note = note.strip()
    require(note, "note", "Say why you approve or refuse the change")
    with transaction.atomic():
        change = RiskChange.objects.select_for_update().filter(pk=change_id).first()
        if change is None:
            raise NotFound(f"No change {change_id} awaiting sign-off")
        offender = locked(actor, change.offender_id, expected_version=expected_version)
        if change.state != ChangeState.AWAITING:
            raise Conflict(
                f"This change is {change.get_state_display().lower()} already",
                code="nothing_to_sign_off",
            )
        try:
            rules.check_sign_off(
                proposer_id=change.proposed_by_id,
                signer_id=actor.pk,
                signer_is_supervisor=Rank(actor.rank).is_supervisor,
            )
        except rules.SignOffRefused as exc:
            raise Forbidden(exc.message, code=exc.code) from exc
        fields = _apply(change, offender, actor) if approve else []
        change.state = ChangeState.APPROVED if approve else ChangeState.REFUSED
        change.decided_by, change.decided_at, change.decision_note = actor, clock.now(), note
        change.modified_by = actor
        change.save()
        touch(offender, actor, fields)
        log(
            actor,
            Operation.ALTERATION,
            "risk_change",
            change.pk,
            offender,
            {"kind": change.kind, "state": change.state, "to": change.to_value},
        )
    return change


def return_to_active(
    actor: User,
    offender: Offender,
    trigger: ReviewTrigger,
    why: str,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> ManagementReview | None:
    """Back to active management pending a review, if reactively managed (record locked).

    An awaiting proposal to move to reactive management is withdrawn as well, and the
    risk management plan's review falls due (``risk_plan.review_on_change``).
    """
    review_on_change(actor, offender, trigger.label, clock.today())
    withdraw(
        offender, ChangeKind.REACTIVE_MANAGEMENT, actor, f"{trigger.label}: {why}", clock=clock
    )
    if offender.status != Status.REACTIVE:
        return None
    review = ManagementReview.objects.create(
        offender=offender,
        trigger=trigger,
        why=f"{trigger.label}: {why}"[:500],
        opened_at=clock.now(),
        created_by=actor,
        modified_by=actor,
    )
    offender.status = Status.MANAGED
    touch(offender, actor, ["status"])
    log(
        actor,
        Operation.ALTERATION,
        "offender",
        offender.pk,
        offender,
        {
            "status": {"from": Status.REACTIVE, "to": Status.MANAGED},
            "reason": review.why,
            "review": review.pk,
        },
    )
    return review


def close_review(
    actor: User, review_id: int, *, outcome: str, clock: Clock = SYSTEM_CLOCK
) -> ManagementReview:
    """Record the review's outcome (a sergeant or above); reactive management again needs
    a new proposal and its sign-off."""
    outcome = outcome.strip()
    require(outcome, "outcome", "Say what the review decided")
    if not Rank(actor.rank).is_supervisor:
        raise Forbidden(
            "Only a detective sergeant or above completes the review", code="needs_sergeant"
        )
    with transaction.atomic():
        review = ManagementReview.objects.select_for_update().filter(pk=review_id).first()
        if review is None:
            raise NotFound(f"No review {review_id}")
        offender = locked(actor, review.offender_id)
        if review.closed_at is not None:
            raise Conflict("This review is closed already", code="review_closed")
        review.closed_at, review.closed_by, review.outcome = clock.now(), actor, outcome[:500]
        review.modified_by = actor
        review.save()
        touch(offender, actor, [])
        log(actor, Operation.ALTERATION, "management_review", review.pk, offender, {"closed": True})
    return review


@dataclass(frozen=True, slots=True)
class IntelligenceInput:
    received_on: date
    summary: str
    reference: str = ""


def record_intelligence(
    actor: User, offender_id: int, data: IntelligenceInput, *, clock: Clock = SYSTEM_CLOCK
) -> IntelligenceReport:
    """Record intelligence about an offender; reactive management returns to active."""
    summary = data.summary.strip()
    require(summary, "summary", "Summarise the intelligence")
    if len(summary) > 500:
        raise InvalidInput("Keep the summary under 500 characters", field="summary")
    not_future(data.received_on, "received_on", "The date received", clock=clock)
    with transaction.atomic():
        offender = locked(actor, offender_id)
        report = IntelligenceReport.objects.create(
            offender=offender,
            received_on=data.received_on,
            summary=summary,
            reference=data.reference.strip()[:40],
            created_by=actor,
            modified_by=actor,
        )
        return_to_active(actor, offender, ReviewTrigger.INTELLIGENCE, summary, clock=clock)
        log(actor, Operation.COLLECTION, "intelligence", report.pk, offender)
    return report
