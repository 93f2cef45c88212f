"""Scoring a domestic-abuse risk questionnaire (DASH-27, SafeLives-24, DARA).

Scoring counts the "yes" answers and places the count in a band from the force policy
(``config/policy.toml``, default standard 0-9, medium 10-13, high 14+); a questionnaire
scored ``"dara"`` is graded by the force's DARA rule instead (:mod:`.dara`). Professional
judgement may raise the grade, with a reason, and never lowers it: a lower judgement is kept
on the record but ignored, and the result says so in its reasons.

The questionnaires themselves are in :mod:`.questionnaires`, the grades in
:mod:`.vocabulary`, the errors in :mod:`.rule_errors`; the JSON document the CLI and the API
score is in :mod:`.dash_document`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from safehold.safeguarding.dara import DaraPolicy, default_dara_policy
from safehold.safeguarding.policy_file import PolicyDocument, load_policy_document
from safehold.safeguarding.questionnaires import Questionnaire
from safehold.safeguarding.rule_errors import (
    BadAnswerError,
    ConfigurationError,
    MissingReasonError,
    UnknownQuestionError,
)
from safehold.safeguarding.vocabulary import Answer, Grade, Reason, parse_answer, parse_grade

__all__ = [
    "DashPolicy",
    "DashResult",
    "JudgementEffect",
    "ProfessionalJudgement",
    "normalise_answers",
    "score",
]


@dataclass(frozen=True, slots=True)
class DashPolicy:
    """The scoring bands: how many "yes" answers make medium and high.

    Defaults follow common local practice (standard 0-9, medium 10-13, high 14+); the
    medium band is a local convention, 14 for high is the SafeLives threshold.

    Parameters
    ----------
    version
        The policy version stamped on every result.
    medium_min_yes
        Fewest "yes" answers graded medium (at least 1).
    high_min_yes
        Fewest "yes" answers graded high (at least ``medium_min_yes``; equal means there
        is no medium band).
    """

    version: str = "built-in"
    medium_min_yes: int = 10
    high_min_yes: int = 14

    def __post_init__(self) -> None:
        if not self.version.strip():
            raise ConfigurationError("dash policy: version must not be empty", field="version")
        if self.medium_min_yes < 1:
            raise ConfigurationError(
                f"dash.bands.medium_min_yes is {self.medium_min_yes}; it must be at least 1 "
                "so that a questionnaire with no yes is standard",
                field="dash.bands.medium_min_yes",
            )
        if self.high_min_yes < self.medium_min_yes:
            raise ConfigurationError(
                f"dash.bands.high_min_yes ({self.high_min_yes}) is below medium_min_yes "
                f"({self.medium_min_yes}); high must start at or above medium",
                field="dash.bands.high_min_yes",
            )

    @classmethod
    def from_document(cls, document: PolicyDocument) -> DashPolicy:
        """Build the policy from the ``[dash.bands]`` table of a policy file."""
        return cls(
            version=document.version,
            medium_min_yes=document.integer("dash.bands.medium_min_yes", minimum=1),
            high_min_yes=document.integer("dash.bands.high_min_yes", minimum=1),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> DashPolicy:
        """Read the policy from ``path`` or, by default, from the packaged policy file."""
        return cls.from_document(load_policy_document(path))

    def grade_for(self, yes_count: int) -> Grade:
        """Return the actuarial grade for a count of "yes" answers."""
        if yes_count >= self.high_min_yes:
            return Grade.HIGH
        if yes_count >= self.medium_min_yes:
            return Grade.MEDIUM
        return Grade.STANDARD

    def band_text(self, grade: Grade) -> str:
        """Describe the band of ``grade`` in words, e.g. "10 to 13 yes"."""
        if grade is Grade.HIGH:
            return f"{self.high_min_yes} or more yes"
        if grade is Grade.MEDIUM:
            upper = self.high_min_yes - 1
            if upper == self.medium_min_yes:
                return f"{upper} yes"
            return f"{self.medium_min_yes} to {upper} yes"
        return f"{self.medium_min_yes - 1} or fewer yes"


@dataclass(frozen=True, slots=True)
class ProfessionalJudgement:
    """The assessing officer's own grade, with the reason for it.

    Raises
    ------
    BadGradeError
        If ``grade`` is not a grade.
    MissingReasonError
        If ``reason`` is empty: judgement must always be explained.
    """

    grade: Grade
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "grade", parse_grade(self.grade, field="professional_judgement.grade")
        )
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise MissingReasonError(
                "professional_judgement.reason: explain the judgement in a sentence; a "
                "professional judgement without a reason is not accepted",
                field="professional_judgement.reason",
            )
        object.__setattr__(self, "reason", self.reason.strip())


class JudgementEffect(StrEnum):
    """What professional judgement did to the actuarial grade."""

    RAISED = "raised"
    AGREES = "agrees"
    IGNORED_LOWER = "ignored_lower"


@dataclass(frozen=True, slots=True)
class DashResult:
    """A scored questionnaire: the grade and why.

    Attributes
    ----------
    grade
        The final grade: the actuarial grade, raised by professional judgement if given.
    actuarial_grade
        The grade from the count of "yes" alone.
    yes_count
        Number of questions answered yes.
    red_flags
        Codes of the red-flag clusters present, in questionnaire order.
    reasons
        Why the grade is what it is, and prompts for the officer.
    unanswered
        Question numbers with no answer (a victim may decline to answer).
    not_known
        Question numbers answered "not known".
    answers
        The normalised answers given, by question number.
    professional_judgement, judgement_effect
        The judgement recorded, if any, and what it did.
    questionnaire_id, questionnaire_version, policy_version
        What produced this result.
    scoring
        The questionnaire's scoring method (``"yes_count"`` or ``"dara"``).
    """

    grade: Grade
    actuarial_grade: Grade
    yes_count: int
    red_flags: tuple[str, ...]
    reasons: tuple[Reason, ...]
    unanswered: tuple[int, ...]
    not_known: tuple[int, ...]
    answers: Mapping[int, Answer]
    professional_judgement: ProfessionalJudgement | None
    judgement_effect: JudgementEffect | None
    questionnaire_id: str
    questionnaire_version: str
    policy_version: str
    scoring: str = "yes_count"


def normalise_answers(
    questionnaire: Questionnaire, answers: Mapping[Any, object]
) -> dict[int, Answer]:
    """Validate and normalise raw answers keyed by question number (int or digit string).

    Raises
    ------
    UnknownQuestionError
        For a key that is not a question number of ``questionnaire``.
    BadAnswerError
        For a value that is not yes / no / not known, or a question answered twice.
    """
    normalised: dict[int, Answer] = {}
    for key, value in answers.items():
        number = _question_number(questionnaire, key)
        field_name = f"answers.{number}"
        if number in normalised:
            raise BadAnswerError(
                f"question {number} is answered twice; give one answer", field=field_name
            )
        normalised[number] = parse_answer(value, field=field_name)
    return normalised


def _question_number(questionnaire: Questionnaire, key: object) -> int:
    if isinstance(key, int) and not isinstance(key, bool):
        number = key
    elif isinstance(key, str) and key.strip().isdecimal():
        number = int(key.strip())
    else:
        raise UnknownQuestionError(
            f"answers.{key}: {key!r} is not a question number; {questionnaire.id} has "
            f"questions 1 to {len(questionnaire.questions)}",
            field=f"answers.{key}",
        )
    questionnaire.question(number)
    return number


@cache
def _default_dash_policy() -> DashPolicy:
    return DashPolicy.load()


def score(
    questionnaire: Questionnaire,
    answers: Mapping[Any, object],
    professional_judgement: ProfessionalJudgement | None = None,
    *,
    policy: DashPolicy | None = None,
    dara_policy: DaraPolicy | None = None,
) -> DashResult:
    """Score a completed (or partly completed) questionnaire.

    Parameters
    ----------
    questionnaire
        The instrument used.
    answers
        Question number (int or digit string) to "yes" / "no" / "not known". Questions
        left out are recorded as unanswered and, like "not known", count as not yes.
    professional_judgement
        The officer's own grade and reason. It raises the grade when higher than the
        actuarial grade, and is recorded but ignored when lower: judgement never lowers
        the grade.
    policy, dara_policy
        Scoring bands and the DARA rule; ``None`` uses the packaged policy file.

    Returns
    -------
    DashResult
        The grade with its reasons, red flags and the versions that produced it.

    Raises
    ------
    UnknownQuestionError, BadAnswerError
        For bad answers, naming the question.
    """
    policy = policy or _default_dash_policy()
    given = normalise_answers(questionnaire, answers)
    yes = frozenset(n for n, a in given.items() if a is Answer.YES)
    unanswered = tuple(q.number for q in questionnaire.questions if q.number not in given)
    not_known = tuple(sorted(n for n, a in given.items() if a is Answer.NOT_KNOWN))
    if questionnaire.scoring == "dara":
        dara = dara_policy or default_dara_policy()
        actuarial, reasons = dara.grade(questionnaire, yes)
        version = dara.version
    else:
        actuarial, version = policy.grade_for(len(yes)), policy.version
        reasons = [
            Reason(
                "yes_count_band",
                f"{len(yes)} of {len(questionnaire.questions)} questions answered yes: "
                f"{actuarial} ({policy.band_text(actuarial)})",
            )
        ]
    if unanswered:
        reasons.append(
            Reason(
                "unanswered_questions",
                f"{len(unanswered)} question(s) not answered ({_numbers(unanswered)}); "
                "they count as not yes",
            )
        )
    if not_known:
        reasons.append(
            Reason(
                "not_known_answers",
                f"{len(not_known)} question(s) answered not known ({_numbers(not_known)}); "
                "they count as not yes",
            )
        )

    grade = actuarial
    effect: JudgementEffect | None = None
    if professional_judgement is not None:
        pj = professional_judgement
        if pj.grade.rank > actuarial.rank:
            grade, effect = pj.grade, JudgementEffect.RAISED
            reasons.append(
                Reason(
                    "professional_judgement_raised",
                    f"Professional judgement raised the grade from {actuarial} to {pj.grade}: "
                    f"{pj.reason}",
                )
            )
        elif pj.grade is actuarial:
            effect = JudgementEffect.AGREES
            reasons.append(
                Reason(
                    "professional_judgement_agrees",
                    f"Professional judgement agrees with the actuarial grade ({actuarial}): "
                    f"{pj.reason}",
                )
            )
        else:
            effect = JudgementEffect.IGNORED_LOWER
            reasons.append(
                Reason(
                    "professional_judgement_cannot_lower",
                    f"Professional judgement of {pj.grade} was recorded but not applied: "
                    f"judgement may raise the grade, never lower it below the actuarial "
                    f"{actuarial}",
                )
            )

    flags = tuple(c.code for c in questionnaire.clusters if c.present(yes))
    if flags:
        labels = ", ".join(questionnaire.cluster(code).label for code in flags)
        prompt = (
            "; consider whether professional judgement should raise the grade"
            if grade is not Grade.HIGH
            else ""
        )
        reasons.append(Reason("red_flags_present", f"Red flags present: {labels}{prompt}"))
    child_yes = tuple(
        q.number for q in questionnaire.questions if q.child_specific and q.number in yes
    )
    if child_yes:
        reasons.append(
            Reason(
                "child_concern",
                f"Yes to question(s) about children or dependants ({_numbers(child_yes)}): "
                "consider a referral to children's services",
            )
        )

    return DashResult(
        grade=grade,
        actuarial_grade=actuarial,
        yes_count=len(yes),
        red_flags=flags,
        reasons=tuple(reasons),
        unanswered=unanswered,
        not_known=not_known,
        answers=MappingProxyType(dict(sorted(given.items()))),
        professional_judgement=professional_judgement,
        judgement_effect=effect,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        policy_version=version,
        scoring=questionnaire.scoring,
    )


def _numbers(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in numbers)
