"""The THRIVE headings and the structured questions under each (DOMAIN.md §3.1).

Every question's options are ordered from least to most serious; the grade rules in the
demand policy say "this answer *or a more serious one*", which is what makes the suggested
grade monotone (a more serious answer never makes the suggestion less urgent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["HEADINGS", "QUESTIONS", "Heading", "Question", "question"]


@dataclass(frozen=True, slots=True)
class Question:
    """One structured question: its key, wording and options, least serious first."""

    key: str
    heading: str
    text: str
    options: tuple[str, ...]
    labels: tuple[str, ...]

    def rank(self, option: str) -> int:
        """How serious ``option`` is (0 = least)."""
        return self.options.index(option)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return list(zip(self.options, self.labels, strict=True))


@dataclass(frozen=True, slots=True)
class Heading:
    key: str
    title: str
    prompt: str


HEADINGS: Final[tuple[Heading, ...]] = (
    Heading("threat", "Threat", "Is anyone threatening harm, and how soon could it happen?"),
    Heading("harm", "Harm", "What harm has been done or could be done?"),
    Heading("risk", "Risk", "How likely is harm, and is it escalating?"),
    Heading("investigation", "Investigation", "What evidence or arrest chance is lost by delay?"),
    Heading("vulnerability", "Vulnerability", "Is anyone unable to protect themselves?"),
    Heading("engagement", "Engagement", "Can and will the caller engage with us?"),
)

_YES_NO = (("no", "yes"), ("No", "Yes"))

QUESTIONS: Final[tuple[Question, ...]] = (
    Question(
        "threat_level",
        "threat",
        "Threat now",
        ("none", "past", "possible", "ongoing", "immediate"),
        ("None", "In the past only", "Possible", "Ongoing", "Immediate threat to life or safety"),
    ),
    Question("weapon", "threat", "A weapon is mentioned", *_YES_NO),
    Question(
        "injury",
        "harm",
        "Injury",
        ("none", "minor", "serious", "life_threatening"),
        ("None", "Minor", "Serious", "Life-threatening"),
    ),
    Question(
        "escalation",
        "risk",
        "Likelihood of harm",
        ("low", "medium", "high"),
        ("Low", "Medium (could escalate)", "High (escalating)"),
    ),
    Question("suspect_present", "risk", "The suspect is still there", *_YES_NO),
    Question(
        "da_risk",
        "risk",
        "Domestic-abuse risk (not domestic abuse: standard)",
        ("standard", "medium", "high"),
        ("Standard or not domestic abuse", "Medium", "High"),
    ),
    Question(
        "evidence_at_risk", "investigation", "Evidence will be lost without attendance", *_YES_NO
    ),
    Question("suspect_nearby", "investigation", "A chance to arrest the suspect nearby", *_YES_NO),
    Question("vulnerable_person", "vulnerability", "A vulnerable person is involved", *_YES_NO),
    Question(
        "needs_attendance",
        "vulnerability",
        "The vulnerable person needs officers to attend",
        *_YES_NO,
    ),
    Question("repeat_victim", "vulnerability", "Repeat caller or repeat victim", *_YES_NO),
    Question("children_present", "vulnerability", "Children in the household", *_YES_NO),
    Question(
        "caller",
        "engagement",
        "The caller",
        ("willing", "reluctant", "cannot_speak"),
        ("Willing to engage", "Reluctant", "Cannot speak freely (silent or overheard)"),
    ),
)

_BY_KEY: Final = {q.key: q for q in QUESTIONS}


def question(key: str) -> Question:
    """The question called ``key``; KeyError naming the known keys otherwise."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"no THRIVE question {key!r}; known: {', '.join(_BY_KEY)}") from None


def least_serious() -> dict[str, str]:
    """Every question answered with its least serious option."""
    return {q.key: q.options[0] for q in QUESTIONS}
