"""When an offender's risk assessment is next due for review, and why.

Pure (no Django, no models): the assessment's own next-review date (or one the risk
management plan set); else ``risk_review.months`` after the assessment by risk level;
never assessed: ``risk_review.first_within_days`` after registration.
"""

from __future__ import annotations

from datetime import date, timedelta

from .dates import add_months
from .policy_config import VisitPolicy
from .policy_facts import OffenderFacts
from .policy_result import Reason, ReasonCode
from .vocabulary import RiskLevel

__all__ = ["risk_review_due"]


def risk_review_due(
    facts: OffenderFacts, effective: RiskLevel, policy: VisitPolicy
) -> tuple[date, Reason]:
    assessed = facts.last_risk_assessment_on
    if facts.risk_review_due_on is not None:
        due = facts.risk_review_due_on
        if facts.risk_review_why:
            return due, Reason(
                ReasonCode.REVIEW_DATE_SET_BY_PLAN,
                (("due_on", due), ("why", facts.risk_review_why)),
            )
        return due, Reason(
            ReasonCode.REVIEW_DATE_SET_BY_ASSESSMENT,
            (("due_on", due), ("assessed_on", assessed or due)),
        )
    if assessed is None:
        days = policy.first_risk_assessment_within_days
        return facts.registered_on + timedelta(days=days), Reason(
            ReasonCode.FIRST_RISK_ASSESSMENT_DUE, (("days", days),)
        )
    months = policy.risk_review_months.for_level(effective)
    return add_months(assessed, months), Reason(
        ReasonCode.DEFAULT_REVIEW_INTERVAL_FOR_RISK_LEVEL,
        (("months", months), ("assessed_on", assessed), ("level", effective)),
    )
