"""Which referrals an incident calls for, and why: children's social care and an IDVA.

* **Children's social care** is *required* where children live in the household (recorded
  at intake, or a child recorded as a party) or a risk-questionnaire answer about children
  is yes (for DASH-27, questions 10 to 12); it is *prompted* (to consider) where the
  answers raise a configured red flag such as pregnancy or a new baby.
* **An IDVA referral** is *required* for the grades the force lists (high, following
  SafeLives: every high-risk victim is offered an IDVA) and *prompted* for others (medium).

Each prompt carries its reasons and the policy version; the incident page shows it with
whether the referral has been made and what came of it. The grades and red flags are
configuration (``[referrals]`` in the policy file): local practice, not statute.
"""

from __future__ import annotations

from dataclasses import dataclass

from safehold.safeguarding.policy_file import PolicyDocument
from safehold.safeguarding.questionnaires import Questionnaire
from safehold.safeguarding.rule_errors import ConfigurationError
from safehold.safeguarding.vocabulary import ActionKind, Grade, Reason

__all__ = ["Prompt", "ReferralFacts", "ReferralPolicy", "prompted_referrals"]


@dataclass(frozen=True, slots=True)
class ReferralPolicy:
    """When a referral is required or prompted (``[referrals]`` in the policy file)."""

    version: str = "built-in"
    childrens_social_care_red_flags: tuple[str, ...] = ("pregnancy",)
    idva_required_grades: tuple[str, ...] = ("high",)
    idva_prompted_grades: tuple[str, ...] = ("medium",)

    def __post_init__(self) -> None:
        for name in ("idva_required_grades", "idva_prompted_grades"):
            bad = [g for g in getattr(self, name) if g not in Grade.values]
            if bad:
                raise ConfigurationError(
                    f"referrals.{name} has {bad}; use standard, medium or high",
                    field=f"referrals.{name}",
                )
        both = set(self.idva_required_grades) & set(self.idva_prompted_grades)
        if both:
            raise ConfigurationError(
                f"referrals: {sorted(both)} is both required and prompted; list it once",
                field="referrals.idva_prompted_grades",
            )

    @classmethod
    def from_document(cls, document: PolicyDocument) -> ReferralPolicy:
        if not document.has("referrals"):
            return cls(version=document.version)
        return cls(
            version=document.version,
            childrens_social_care_red_flags=document.texts(
                "referrals.childrens_social_care_red_flags"
            )
            if document.has("referrals.childrens_social_care_red_flags")
            else (),
            idva_required_grades=document.texts("referrals.idva_required_grades"),
            idva_prompted_grades=document.texts("referrals.idva_prompted_grades")
            if document.has("referrals.idva_prompted_grades")
            else (),
        )


@dataclass(frozen=True, slots=True)
class ReferralFacts:
    """What the rule reads about an incident.

    ``yes`` is the question numbers answered yes in the latest questionnaire (with that
    ``questionnaire``, or ``None`` if there is none); ``red_flags`` its red-flag codes.
    """

    grade: str
    children_in_household: bool = False
    questionnaire: Questionnaire | None = None
    yes: frozenset[int] = frozenset()
    red_flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Prompt:
    """A referral the incident calls for: required (must be made) or prompted (consider)."""

    kind: ActionKind
    required: bool
    reasons: tuple[Reason, ...]
    policy_version: str

    @property
    def label(self) -> str:
        return self.kind.label


def _children_reasons(facts: ReferralFacts, policy: ReferralPolicy) -> tuple[list[Reason], bool]:
    reasons: list[Reason] = []
    required = False
    if facts.children_in_household:
        reasons.append(Reason("children_in_household", "Children live in the household"))
        required = True
    if facts.questionnaire is not None:
        for question in facts.questionnaire.questions:
            if question.child_specific and question.number in facts.yes:
                reasons.append(
                    Reason(f"question_{question.number}", f"Q{question.number}: {question.text}")
                )
                required = True
    labels = {
        c.code: c.label for c in (facts.questionnaire.clusters if facts.questionnaire else ())
    }
    for flag in facts.red_flags:
        if flag in policy.childrens_social_care_red_flags:
            reasons.append(Reason(f"red_flag_{flag}", f"Red flag: {labels.get(flag, flag)}"))
    return reasons, required


def prompted_referrals(facts: ReferralFacts, policy: ReferralPolicy | None = None) -> list[Prompt]:
    """The referrals ``facts`` call for, required ones first, each with its reasons."""
    policy = policy or ReferralPolicy()
    prompts: list[Prompt] = []
    reasons, required = _children_reasons(facts, policy)
    if reasons:
        prompts.append(
            Prompt(ActionKind.CHILDRENS_SOCIAL_CARE, required, tuple(reasons), policy.version)
        )
    grade = Grade(facts.grade) if facts.grade in Grade.values else None
    if grade is not None and (
        grade in policy.idva_required_grades or grade in policy.idva_prompted_grades
    ):
        prompts.append(
            Prompt(
                ActionKind.IDVA_REFERRAL,
                grade in policy.idva_required_grades,
                (Reason(f"grade_{grade}", f"Graded {grade.label.lower()} risk"),),
                policy.version,
            )
        )
    return sorted(prompts, key=lambda p: not p.required)
