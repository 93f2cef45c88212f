"""Risk assessments on the record: the latest sets the offender's risk level, and a lower
level waits for a DS's sign-off (``oversight.propose``) while the higher one stays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import InvalidInput

from . import oversight, oversight_rules
from .models import ChangeKind, RiskAssessment, RiskLevel, RiskTool
from .risk_plan import review_on_change
from .vocabulary import RiskLevel as PlainRiskLevel
from .writes import locked as _locked
from .writes import log as _log
from .writes import not_future as _not_future
from .writes import touch as _touch

__all__ = ["AssessmentInput", "record_risk_assessment"]


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    tool: str
    level: str
    assessed_on: date
    next_review_due: date | None = None
    assessor_name: str = ""
    notes: str = ""


def record_risk_assessment(
    actor: User, offender_id: int, data: AssessmentInput, *, clock: Clock = SYSTEM_CLOCK
) -> RiskAssessment:
    """Record a risk assessment; the latest sets the offender's risk level."""
    if data.tool not in RiskTool.values:
        raise InvalidInput(f"Tool must be one of: {', '.join(RiskTool.values)}", field="tool")
    if data.level not in RiskLevel.values:
        raise InvalidInput(
            f"Risk level must be one of: {', '.join(RiskLevel.values)}", field="level"
        )
    _not_future(data.assessed_on, "assessed_on", "The assessment date", clock=clock)
    if data.next_review_due is not None and data.next_review_due <= data.assessed_on:
        raise InvalidInput(
            "The next review must be after the assessment date", field="next_review_due"
        )
    with transaction.atomic():
        offender = _locked(actor, offender_id)
        assessment = RiskAssessment.objects.create(
            offender=offender,
            tool=data.tool,
            level=data.level,
            assessed_on=data.assessed_on,
            next_review_due=data.next_review_due,
            assessor=actor,
            assessor_name=data.assessor_name or actor.get_full_name(),
            notes=data.notes,
            created_by=actor,
            modified_by=actor,
        )
        latest = offender.last_risk_assessment_on
        if latest is None or data.assessed_on >= latest:
            previous = offender.risk_level
            offender.last_risk_assessment_on = data.assessed_on
            offender.risk_review_due_on = data.next_review_due
            offender.risk_review_reason = ""
            fields = ["last_risk_assessment_on", "risk_review_due_on", "risk_review_reason"]
            if oversight_rules.lowers_risk(
                PlainRiskLevel(previous) if previous else None,
                PlainRiskLevel(data.level),
            ):
                # A lower level waits for a DS's sign-off; the higher level stays till then.
                _touch(offender, actor, fields)
                oversight.propose(
                    actor,
                    offender,
                    ChangeKind.LOWER_RISK,
                    from_value=previous,
                    to_value=data.level,
                    reason=data.notes or f"Risk assessment ({data.tool}) on {data.assessed_on}",
                    assessment=assessment,
                    clock=clock,
                )
            else:
                offender.risk_level = data.level
                _touch(offender, actor, [*fields, "risk_level"])
                oversight.withdraw(
                    offender,
                    ChangeKind.LOWER_RISK,
                    actor,
                    "A later assessment replaced it",
                    clock=clock,
                )
                _log(
                    actor,
                    Operation.ALTERATION,
                    "offender",
                    offender.pk,
                    offender,
                    {"risk_level": {"from": previous, "to": data.level}},
                )
        if data.tool != RiskTool.OVERALL:
            review_on_change(
                actor, offender, f"New {RiskTool(data.tool).label} assessment", data.assessed_on
            )
        _log(
            actor,
            Operation.COLLECTION,
            "risk_assessment",
            assessment.pk,
            offender,
            {"tool": data.tool, "level": data.level},
        )
    return assessment
