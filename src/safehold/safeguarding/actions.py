"""Protective actions and their clocks: arrest, DVPN (a superintendent's authority, with the
victim's views, the children's welfare and the suspect's representations) and DVPO, Clare's
Law, IDVA and children's social care referrals and safety planning; stopping a clock when
it is done, with a referral's outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.datetext import short_date
from safehold.errors import Conflict, InvalidInput, NotFound

from . import policies
from .models import ProtectiveAction
from .notices import Considerations, check_considerations
from .protection_orders import (
    OrderPolicy,
    action_clock,
    check_notice_authority,
    check_regime,
    order_clock,
)
from .support import (
    choice,
    locked,
    log,
    rule_errors,
    text,
    touch,
    when,
)
from .vocabulary import ActionKind, ReferralOutcome


@dataclass(frozen=True, slots=True)
class ActionInput:
    kind: str
    started_at: datetime | None = None
    order_days: int | None = None
    authorised_by_name: str = ""
    authorised_by_rank: str = ""
    details: str = ""
    victim_views: str = ""
    children_welfare: str = ""
    suspect_representations: str = ""
    # A DAPO: positive requirements (one per line) and whether it imposes the notification
    # requirements (name and address within the policy's days).
    positive_requirements: str = ""
    notification_requirements: bool = False


SUSPECT_ACTIONS = {
    ActionKind.ARREST,
    ActionKind.DVPN,
    ActionKind.DVPO,
    ActionKind.DAPN,
    ActionKind.DAPO,
    ActionKind.DAPO_NOTIFICATION,
    ActionKind.DVDS_RIGHT_TO_ASK,
    ActionKind.DVDS_RIGHT_TO_KNOW,
}
# Kinds the form offers (a DAPO's notification clock is started by the DAPO).
RECORDABLE = [k for k in ActionKind if k is not ActionKind.DAPO_NOTIFICATION]


def record_protective_action(
    actor: User, incident_id: int, data: ActionInput, *, clock: Clock = SYSTEM_CLOCK
) -> ProtectiveAction:
    """Record a protective action and start its clock (a DVPN needs a superintendent, a
    DAPN an inspector, each the three considerations the law asks for; the force's regime
    decides which; a DAPO with notification requirements starts their clock too)."""
    kind = ActionKind(choice(data.kind, [k.value for k in RECORDABLE], "kind", "The action"))
    considered = Considerations(
        data.victim_views.strip(),
        data.children_welfare.strip(),
        data.suspect_representations.strip(),
    )
    policy = policies.current().clocks
    orders = policies.current().orders
    with transaction.atomic():
        incident = locked(actor, incident_id)
        started = when(
            data.started_at,
            "started_at",
            "the start time",
            after=incident.reported_at - timedelta(days=1),
            clock=clock,
        )
        subject = incident.suspect if kind in SUSPECT_ACTIONS else incident.victim
        if subject is None:
            raise InvalidInput("Record the suspect on the incident first", field="kind")
        day = timezone.localdate(started)
        if kind is not ActionKind.DVPO:
            with rule_errors():
                check_regime(kind, day, orders)
        if kind.is_notice:
            text(
                data.authorised_by_name,
                "authorised_by_name",
                f"Enter the name of the officer who authorised the {kind.value.upper()}",
            )
            with rule_errors(
                {"perpetrator_age_years": "kind", "authorising_rank": "authorised_by_rank"}
            ):
                check_notice_authority(
                    kind,
                    data.authorised_by_rank,
                    perpetrator_age_years=subject.age_on(day),
                    clocks=policy,
                    orders=orders,
                )
        with rule_errors():
            check_considerations(kind, considered)
        with rule_errors({"action": "kind"}):
            started_clock = action_clock(kind, started, policy, orders, order_days=data.order_days)
            if kind is ActionKind.DVPO:
                has_dvpn = incident.actions.filter(kind=ActionKind.DVPN).exists()
                check_regime(kind, day, orders, has_dvpn=has_dvpn)
        requirements = _requirements(kind, data, orders.dapo_notification_days)
        action = ProtectiveAction.objects.create(
            incident=incident,
            kind=kind,
            started_at=started,
            due_at=started_clock.due_at,
            clock_text=started_clock.description,
            on_expiry=started_clock.on_expiry,
            policy_version=started_clock.policy_version,
            subject=subject,
            authorised_by_name=data.authorised_by_name.strip(),
            authorised_by_rank=data.authorised_by_rank.strip().lower(),
            order_days=data.order_days,
            details=data.details.strip(),
            victim_views=considered.victim_views,
            children_welfare=considered.children_welfare,
            suspect_representations=considered.suspect_representations,
            requirements=requirements,
            created_by=actor,
            modified_by=actor,
        )
        if kind is ActionKind.DAPO and data.notification_requirements:
            _notification_clock(actor, action, orders)
        fields: list[str] = []
        if kind == ActionKind.ARREST and incident.suspect_at_large:
            incident.suspect_at_large = False
            fields.append("suspect_at_large")
        touch(incident, actor, fields)
        log(
            actor,
            Operation.COLLECTION,
            "protective_action",
            action.pk,
            incident,
            {"kind": kind, "due_at": started_clock.due_at.isoformat()},
            person_id=subject.pk,
        )
    return action


def _requirements(kind: ActionKind, data: ActionInput, days: int) -> list[dict[str, str]]:
    lines = [line.strip() for line in data.positive_requirements.splitlines() if line.strip()]
    if kind is not ActionKind.DAPO:
        if lines or data.notification_requirements:
            raise InvalidInput(
                "Requirements belong to a DAPO only; leave them blank",
                field="positive_requirements",
            )
        return []
    made = [{"kind": "positive", "text": line[:500]} for line in lines[:20]]
    if data.notification_requirements:
        made.append({"kind": "notification", "text": f"Notify name and address within {days} days"})
    return made


def _notification_clock(actor: User, dapo: ProtectiveAction, orders: OrderPolicy) -> None:
    """Start the clock for the DAPO's notification requirements (in the DAPO's transaction)."""
    clock = order_clock(ActionKind.DAPO_NOTIFICATION, dapo.started_at, orders)
    ProtectiveAction.objects.create(
        incident=dapo.incident,
        kind=ActionKind.DAPO_NOTIFICATION,
        started_at=dapo.started_at,
        due_at=clock.due_at,
        clock_text=clock.description,
        on_expiry=clock.on_expiry,
        policy_version=clock.policy_version,
        subject=dapo.subject,
        details=(
            "Notification requirements of the DAPO made "
            f"{short_date(timezone.localtime(dapo.started_at))}"
        ),
        created_by=actor,
        modified_by=actor,
    )


def complete_protective_action(
    actor: User,
    incident_id: int,
    action_id: int,
    *,
    note: str,
    completed_at: datetime | None = None,
    outcome: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> ProtectiveAction:
    """Stop an action's clock: the hearing held, the decision made, the plan agreed; a
    referral (IDVA, children's social care) with what the service did with it."""
    note = text(note, "note", "Say what was done")
    if outcome:
        choice(outcome, ReferralOutcome.values, "outcome", "The referral's outcome")
    with transaction.atomic():
        incident = locked(actor, incident_id)
        action = incident.actions.select_for_update().filter(pk=action_id).first()
        if action is None:
            raise NotFound(
                f"No protective action {action_id} on {incident.reference}", code="action_not_found"
            )
        if action.completed_at is not None:
            raise Conflict("That action is already complete", code="already_complete")
        if ActionKind(action.kind).is_referral and not outcome:
            raise InvalidInput(
                "Select the referral's outcome (accepted, declined, unable to contact...)",
                field="outcome",
            )
        if outcome and not ActionKind(action.kind).is_referral:
            raise InvalidInput("Only a referral has an outcome; leave it blank", field="outcome")
        at = when(
            completed_at,
            "completed_at",
            "the completion time",
            after=action.started_at,
            clock=clock,
        )
        action.completed_at, action.completion_note = at, note
        action.outcome = outcome
        action.modified_by, action.version = actor, action.version + 1
        action.save()
        touch(incident, actor, [])
        log(
            actor,
            Operation.ALTERATION,
            "protective_action",
            action.pk,
            incident,
            {"completed": True, "late": at > action.due_at, "outcome": outcome},
        )
    return action
