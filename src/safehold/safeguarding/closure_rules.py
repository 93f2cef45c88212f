"""Who may close an incident, and what must be on record when they do.

Closing an incident whose victim was never reached, or one graded high, takes the victim
out of sight: it needs a sergeant or above and a recorded contact outcome (spoke to the
victim, seen in person, declined support, or not reached despite repeated attempts). Such
closures carry the reasons the rule applied and show on the supervisors' worklist.

The grades the rule applies to are configuration (``[closure] oversight_grades``); a force
may add grades but never remove high. The not-contacted rule is not configurable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from safehold.safeguarding.policy_file import PolicyDocument, load_policy_document
from safehold.safeguarding.rule_errors import ConfigurationError
from safehold.safeguarding.vocabulary import ClosureContact, Grade, Reason, parse_grade

__all__ = ["ClosureOversight", "ClosurePolicy", "closure_oversight"]


@dataclass(frozen=True, slots=True)
class ClosurePolicy:
    """Which grades need a supervisor's closure, and how long the worklist looks back.

    Parameters
    ----------
    version
        The policy version stamped on every closure decision.
    oversight_grades
        Grades whose closure needs a sergeant and a contact outcome; must include high.
    worklist_days
        How many days of such closures the supervisors' worklist shows.
    """

    version: str = "built-in"
    oversight_grades: frozenset[Grade] = frozenset({Grade.HIGH})
    worklist_days: int = 28

    def __post_init__(self) -> None:
        grades = frozenset(
            parse_grade(g, field="closure.oversight_grades") for g in self.oversight_grades
        )
        if Grade.HIGH not in grades:
            raise ConfigurationError(
                "closure.oversight_grades must include high: closing a high-risk incident "
                "always needs a sergeant and a recorded contact outcome",
                field="closure.oversight_grades",
            )
        object.__setattr__(self, "oversight_grades", grades)
        if self.worklist_days < 1:
            raise ConfigurationError(
                "closure.worklist_days must be at least 1", field="closure.worklist_days"
            )

    @classmethod
    def from_document(cls, document: PolicyDocument) -> ClosurePolicy:
        """Read ``[closure]``; a policy file without it gets the defaults."""
        if not document.has("closure"):
            return cls(version=document.version)
        return cls(
            version=document.version,
            oversight_grades=frozenset(
                parse_grade(g, field="closure.oversight_grades")
                for g in document.texts("closure.oversight_grades")
            ),
            worklist_days=document.integer("closure.worklist_days", minimum=1),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> ClosurePolicy:
        """Read the policy from ``path`` or, by default, from the packaged policy file."""
        return cls.from_document(load_policy_document(path))


@dataclass(frozen=True, slots=True)
class ClosureOversight:
    """Whether a closure needs a supervisor and a contact outcome, and why."""

    required: bool
    reasons: tuple[Reason, ...]
    policy_version: str

    def to_list(self) -> list[dict[str, str]]:
        """The reasons as JSON-ready data, stored on the incident."""
        return [{"code": r.code, "text": r.text} for r in self.reasons]


def closure_oversight(
    *, grade: Grade | str, victim_contacted: bool, policy: ClosurePolicy
) -> ClosureOversight:
    """Decide whether closing needs a sergeant and a recorded contact outcome.

    Parameters
    ----------
    grade
        The incident's current grade.
    victim_contacted
        Whether the victim has been reached (by telephone or in person) since the report.
    policy
        The grades the rule applies to.
    """
    grade = parse_grade(grade)
    reasons = []
    if not victim_contacted:
        reasons.append(
            Reason(
                "victim_not_contacted",
                "The victim has not been contacted since the report",
            )
        )
    if grade in policy.oversight_grades:
        reasons.append(Reason("graded_for_oversight", f"The incident is graded {grade}"))
    return ClosureOversight(bool(reasons), tuple(reasons), policy.version)


def contact_outcome_label(value: str) -> str:
    """The contact outcome in words, for error messages and the worklist."""
    return {
        ClosureContact.SPOKE: "spoke to the victim",
        ClosureContact.SEEN: "victim seen in person",
        ClosureContact.DECLINED: "victim declined support",
        ClosureContact.NOT_REACHED: "victim not reached despite repeated attempts",
    }.get(ClosureContact(value), value)
