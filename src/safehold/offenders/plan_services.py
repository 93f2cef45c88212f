"""Recording a risk management plan: its actions, its review date (the risk review the
visit policy tracks) and the visit interval it sets, which goes through
``managing.set_visit_interval`` so a longer interval waits for a DS's sign-off.
"""

from __future__ import annotations

from django.db import transaction

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.datetext import long_date

from . import managing
from .risk_models import PlanAction, RiskPlan
from .risk_plan import PlanInput, check_plan
from .writes import locked, log, touch


def record_plan(actor: User, offender_id: int, data: PlanInput) -> RiskPlan:
    """Record a risk management plan: its actions, its review date, the interval it sets."""
    check_plan(data)
    with transaction.atomic():
        offender = locked(actor, offender_id)
        plan = RiskPlan.objects.create(
            offender=offender,
            made_on=data.made_on,
            review_on=data.review_on,
            visit_interval_months=data.visit_interval_months,
            summary=data.summary.strip(),
            made_by=actor,
            created_by=actor,
            modified_by=actor,
        )
        PlanAction.objects.bulk_create(
            PlanAction(plan=plan, action=a.action.strip(), owner=a.owner.strip(), due_on=a.due_on)
            for a in data.actions
        )
        offender.risk_review_due_on = data.review_on
        offender.risk_review_reason = (
            f"the risk management plan of {long_date(data.made_on)} sets its review"
        )
        touch(offender, actor, ["risk_review_due_on", "risk_review_reason"])
        log(
            actor,
            Operation.COLLECTION,
            "risk_plan",
            plan.pk,
            offender,
            {
                "review_on": data.review_on.isoformat(),
                "interval_months": data.visit_interval_months,
                "actions": len(data.actions),
            },
        )
        n = data.visit_interval_months
        managing.set_visit_interval(
            actor,
            offender.pk,
            months=n,
            reason=f"RMP of {long_date(data.made_on)} sets {n}-monthly",
        )
    return plan
