"""The risk management plan's inputs and checks, and its review falling due when something
changes (a new assessment, a breach, a visit that raised concerns, intelligence).

Recording a plan is in ``plan_services``. The plan's review date is the risk review the
visit policy tracks (``risk_review_due_on``, with ``risk_review_reason`` saying why), so
the backlog, the briefing and the record show it with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.datetext import long_date
from safehold.errors import InvalidInput

from .models import Offender
from .risk_models import RiskPlan
from .risk_tools import default_config
from .writes import log, not_future, require, touch

MAX_ACTIONS = 20


@dataclass(frozen=True, slots=True)
class ActionInput:
    action: str
    owner: str
    due_on: date | None = None


@dataclass(frozen=True, slots=True)
class PlanInput:
    made_on: date
    review_on: date
    visit_interval_months: int
    summary: str = ""
    actions: tuple[ActionInput, ...] = field(default_factory=tuple)


def review_on_change(actor: User, offender: Offender, why: str, day: date) -> bool:
    """Bring the current plan's review forward after a change (record locked, inside the
    caller's transaction). True when the review date moved."""
    plan = RiskPlan.objects.filter(offender=offender, made_on__lte=day).first()
    if plan is None:
        return False
    due = day + timedelta(days=default_config().review_after_change_days)
    current = offender.risk_review_due_on
    if current is not None and current <= due:
        return False
    offender.risk_review_due_on = due
    offender.risk_review_reason = (
        f"{why} after the risk management plan of {long_date(plan.made_on)}: review the plan"
    )[:200]
    touch(offender, actor, ["risk_review_due_on", "risk_review_reason"])
    log(
        actor,
        Operation.ALTERATION,
        "offender",
        offender.pk,
        offender,
        {"risk_review_due_on": due.isoformat(), "reason": offender.risk_review_reason},
    )
    return True


def check_plan(data: PlanInput) -> None:
    not_future(data.made_on, "made_on", "The date the plan was made")
    if data.review_on <= data.made_on:
        raise InvalidInput(
            "The review date must be after the date the plan was made", field="review_on"
        )
    if not 1 <= data.visit_interval_months <= 24:
        raise InvalidInput(
            "The visit interval must be between 1 and 24 months", field="visit_interval_months"
        )
    if not data.actions:
        raise InvalidInput("Give at least one action with its owner", field="actions")
    if len(data.actions) > MAX_ACTIONS:
        raise InvalidInput(f"Give at most {MAX_ACTIONS} actions", field="actions")
    for n, a in enumerate(data.actions, start=1):
        require(a.action.strip(), "actions", f"Action {n}: say what is to be done")
        require(a.owner.strip(), "actions", f"Action {n}: say who owns it")
        if len(a.action) > 300 or len(a.owner) > 120:
            raise InvalidInput(
                f"Action {n}: at most 300 characters, owner at most 120", field="actions"
            )
