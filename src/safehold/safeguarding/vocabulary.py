"""The safeguarding rules' vocabulary: grades, answers, attendance and reasons.

Each enum is defined here once; the Django choices in ``models.py`` are derived from these.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from safehold.safeguarding.rule_errors import BadAnswerError, BadGradeError

__all__ = [
    "Answer",
    "Attendance",
    "ClosureContact",
    "Grade",
    "NextStep",
    "Reason",
    "TargetOutcome",
    "parse_answer",
    "parse_grade",
]


class Grade(StrEnum):
    """Domestic-abuse risk grade, lowest to highest."""

    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """Order of the grade: 0 standard, 1 medium, 2 high (never compare the strings)."""
        return _GRADE_RANK[self]


_GRADE_RANK: dict[Grade, int] = {Grade.STANDARD: 0, Grade.MEDIUM: 1, Grade.HIGH: 2}


def parse_grade(value: object, *, field: str = "grade") -> Grade:
    """Return the :class:`Grade` for ``value`` (case and surrounding space ignored).

    Raises
    ------
    BadGradeError
        If ``value`` is not "standard", "medium" or "high".
    """
    if isinstance(value, Grade):
        return value
    if isinstance(value, str):
        try:
            return Grade(" ".join(value.split()).lower())
        except ValueError:
            pass
    raise BadGradeError(
        f"{field}: {value!r} is not a grade; use one of standard, medium, high", field=field
    )


class Answer(StrEnum):
    """An answer to one question. "not known" counts as not yes."""

    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not known"


def parse_answer(value: object, *, field: str) -> Answer:
    """Return the :class:`Answer` for ``value``.

    Case and whitespace are ignored, and ``_`` or ``-`` may stand for the space in
    "not known" (``NOT_KNOWN`` and ``not-known`` are accepted).

    Raises
    ------
    BadAnswerError
        For anything else, naming the question and the value.
    """
    if isinstance(value, Answer):
        return value
    if isinstance(value, str):
        normalised = " ".join(value.replace("_", " ").replace("-", " ").split()).lower()
        try:
            return Answer(normalised)
        except ValueError:
            pass
    raise BadAnswerError(
        f"{field}: {value!r} is not an answer; use one of yes, no, not known", field=field
    )


class Attendance(StrEnum):
    """Whether officers attended the incident."""

    ATTENDED = "attended"
    DELAYED = "delayed"
    UNABLE = "unable"


class TargetOutcome(StrEnum):
    """Whether the victim was first contacted within the contact target for their grade.

    Decided once — by the first contact, or by the target passing without one — and kept:
    a later contact never turns a missed target into a met one.
    """

    PENDING = "pending"
    MET = "met"
    MISSED = "missed"


class NextStep(StrEnum):
    """What a waiting victim needs next: a telephone call, or officers to attend."""

    CALL = "call"
    DEPLOY = "deploy"


class ClosureContact(StrEnum):
    """The contact outcome recorded when an incident is closed."""

    SPOKE = "spoke_to_victim"
    SEEN = "seen_in_person"
    DECLINED = "declined_support"
    NOT_REACHED = "not_reached"


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason behind an automated decision: a stable ``code`` and a sentence."""

    code: str
    text: str
