"""A change of grade at re-assessment: raising is free, lowering needs a reason and a sign-off."""

from __future__ import annotations

from dataclasses import dataclass

from safehold.safeguarding.rule_errors import SafeguardingRuleError
from safehold.safeguarding.vocabulary import Grade, parse_grade

__all__ = [
    "DowngradeWithoutReasonError",
    "DowngradeWithoutSupervisorError",
    "GradeChange",
    "ReassessmentError",
    "SupervisorIsAssessorError",
    "reassessment_change",
]


class ReassessmentError(SafeguardingRuleError):
    """A change of grade at re-assessment is not allowed as given."""

    code = "reassessment_error"


class DowngradeWithoutReasonError(ReassessmentError):
    """A lower grade was given without a reason."""

    code = "downgrade_needs_reason"


class DowngradeWithoutSupervisorError(ReassessmentError):
    """A lower grade was given without a supervisor's sign-off."""

    code = "downgrade_needs_supervisor"


class SupervisorIsAssessorError(ReassessmentError):
    """The officer who lowered the grade tried to sign it off themselves."""

    code = "supervisor_is_assessor"


@dataclass(frozen=True, slots=True)
class GradeChange:
    """An accepted re-assessment: old and new grade, direction, reason and sign-off."""

    old_grade: Grade
    new_grade: Grade
    direction: str
    reason: str
    supervisor: str | None
    assessed_by: str | None

    @property
    def is_downgrade(self) -> bool:
        """True when the new grade is lower than the old one."""
        return self.direction == "lowered"


def reassessment_change(
    old_grade: Grade | str,
    new_grade: Grade | str,
    *,
    reason: str = "",
    supervisor: str | None = None,
    assessed_by: str | None = None,
) -> GradeChange:
    """Check a change of grade at re-assessment and return it, or say what is missing.

    Raising or keeping a grade needs nothing more: delaying an upgrade for paperwork would
    leave a victim under-protected. Lowering one needs a reason and a supervisor's sign-off,
    and the supervisor must not be the officer who re-assessed.

    Parameters
    ----------
    old_grade, new_grade
        The grade before and after re-assessment.
    reason
        Why the grade changes; required for a downgrade.
    supervisor
        Who signs the downgrade off (user id or collar number).
    assessed_by
        Who re-assessed, to check the sign-off is independent.

    Raises
    ------
    DowngradeWithoutReasonError, DowngradeWithoutSupervisorError, SupervisorIsAssessorError
        For a downgrade missing what it needs.
    BadGradeError
        If a grade is not a grade.
    """
    old = parse_grade(old_grade, field="old_grade")
    new = parse_grade(new_grade, field="new_grade")
    reason = (reason or "").strip()
    supervisor = (supervisor or "").strip() or None
    assessed_by = (assessed_by or "").strip() or None
    if new.rank > old.rank:
        direction = "raised"
    elif new.rank == old.rank:
        direction = "unchanged"
    else:
        direction = "lowered"
        if not reason:
            raise DowngradeWithoutReasonError(
                f"lowering the grade from {old} to {new} needs a reason; say what has changed",
                field="reason",
            )
        if supervisor is None:
            raise DowngradeWithoutSupervisorError(
                f"lowering the grade from {old} to {new} needs a supervisor's sign-off; ask a "
                "supervisor to review it",
                field="supervisor",
            )
        if assessed_by is not None and supervisor == assessed_by:
            raise SupervisorIsAssessorError(
                "the supervisor signing off a downgrade must not be the officer who "
                "re-assessed; ask another supervisor",
                field="supervisor",
            )
    return GradeChange(
        old_grade=old,
        new_grade=new,
        direction=direction,
        reason=reason,
        supervisor=supervisor,
        assessed_by=assessed_by,
    )
