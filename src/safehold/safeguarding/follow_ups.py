"""Follow-up question sets asked when a risk questionnaire's answers call for them.

Two sets ship in ``config/follow_ups/``: stalking and harassment (``s-dash``, 11 questions)
and honour-based abuse and forced marriage (``hba``). A main questionnaire names its
triggers in ``[[follow_ups]]`` tables (``set`` and ``when_yes``: the question numbers whose
yes calls for the set; DASH-27 question 8 calls for S-DASH, question 4 for HBA). The
answers are recorded on the assessment with the set's result: a level (standard, medium,
high) from configurable bands, and the prompts that level calls for (a specialist referral,
a stalking protection order, a forced marriage protection order), which join the
assessment's reasons. A follow-up result never changes the grade by itself; its prompt asks
the officer to consider professional judgement.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from safehold.safeguarding.policy_file import CONFIG_DIR, PolicyDocument
from safehold.safeguarding.rule_errors import (
    ConfigurationError,
    UnknownQuestionError,
    UnknownQuestionnaireError,
)
from safehold.safeguarding.vocabulary import Answer, Grade, Reason, parse_answer, parse_grade

__all__ = [
    "FollowUpResult",
    "FollowUpSet",
    "Prompt",
    "available_follow_ups",
    "follow_ups_for",
    "load_follow_up",
    "score_follow_up",
]


@dataclass(frozen=True, slots=True)
class Prompt:
    """What the officer should consider once a set's result reaches ``at_least``."""

    at_least: Grade
    code: str
    text: str


@dataclass(frozen=True, slots=True)
class FollowUpSet:
    """A follow-up question set as configured (questions numbered 1..n, bands, prompts)."""

    id: str
    version: str
    title: str
    questions: Mapping[int, str]
    medium_min_yes: int
    high_min_yes: int
    high_if_yes: tuple[int, ...] = ()
    prompts: tuple[Prompt, ...] = ()
    notice: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        where = f"follow_ups/{self.id}.toml"
        if list(self.questions) != list(range(1, len(self.questions) + 1)):
            raise ConfigurationError(
                f"{where}: questions must be numbered 1 to {len(self.questions)} in order",
                field="questions",
            )
        if not 1 <= self.medium_min_yes <= self.high_min_yes:
            raise ConfigurationError(
                f"{where}: result.medium_min_yes ({self.medium_min_yes}) must be at least 1 and "
                f"at most result.high_min_yes ({self.high_min_yes})",
                field="result",
            )
        stray = [n for n in self.high_if_yes if n not in self.questions]
        if stray:
            raise ConfigurationError(
                f"{where}: result.high_if_yes names question(s) {stray} it does not have",
                field="result.high_if_yes",
            )

    def level_for(self, yes: frozenset[int]) -> Grade:
        """The set's result for the questions answered yes (more yes never lowers it)."""
        if len(yes) >= self.high_min_yes or any(n in yes for n in self.high_if_yes):
            return Grade.HIGH
        if len(yes) >= self.medium_min_yes:
            return Grade.MEDIUM
        return Grade.STANDARD


@dataclass(frozen=True, slots=True)
class FollowUpResult:
    """A follow-up set as asked (or called for and not asked) on one assessment."""

    set_id: str
    version: str
    title: str
    triggered_by: tuple[int, ...]
    asked: bool
    answers: Mapping[int, Answer]
    yes_count: int
    question_count: int
    level: Grade
    reasons: tuple[Reason, ...]

    def as_record(self) -> dict[str, Any]:
        """JSON-ready, as stored on the assessment."""
        return {
            "set": self.set_id,
            "version": self.version,
            "title": self.title,
            "triggered_by": list(self.triggered_by),
            "asked": self.asked,
            "answers": {str(n): str(a) for n, a in self.answers.items()},
            "yes_count": self.yes_count,
            "question_count": self.question_count,
            "level": str(self.level) if self.asked else "",
            "reasons": [{"code": r.code, "text": r.text} for r in self.reasons],
        }


def score_follow_up(
    follow_up: FollowUpSet, answers: Mapping[Any, object], triggered_by: tuple[int, ...]
) -> FollowUpResult:
    """Score the answers to a set called for by the main questions ``triggered_by``.

    With no answers at all the set is recorded as called for but not asked, with a reason
    saying so. Raises ``UnknownQuestionError`` / ``BadAnswerError`` (field
    ``follow_ups.<set>.<n>``) for a bad question number or answer.
    """
    given = _normalise(follow_up, answers)
    called = f"question {', '.join(str(n) for n in triggered_by)} answered yes"
    if not given:
        reason = Reason(
            f"follow_up_{follow_up.id}_not_asked",
            f"{follow_up.title}: called for ({called}) but not asked; ask them",
        )
        return FollowUpResult(
            follow_up.id,
            follow_up.version,
            follow_up.title,
            triggered_by,
            False,
            MappingProxyType({}),
            0,
            len(follow_up.questions),
            Grade.STANDARD,
            (reason,),
        )
    yes = frozenset(n for n, a in given.items() if a is Answer.YES)
    level = follow_up.level_for(yes)
    reasons = [
        Reason(
            f"follow_up_{follow_up.id}",
            f"{follow_up.title} ({called}): {len(yes)} of {len(follow_up.questions)} yes, {level}",
        )
    ]
    reasons += [
        Reason(f"follow_up_{follow_up.id}_{p.code}", p.text)
        for p in follow_up.prompts
        if level.rank >= p.at_least.rank
    ]
    return FollowUpResult(
        follow_up.id,
        follow_up.version,
        follow_up.title,
        triggered_by,
        True,
        MappingProxyType(dict(sorted(given.items()))),
        len(yes),
        len(follow_up.questions),
        level,
        tuple(reasons),
    )


def follow_ups_for(
    calls: tuple[tuple[str, tuple[int, ...]], ...],
    answers_by_set: Mapping[str, Mapping[Any, object]],
) -> tuple[FollowUpResult, ...]:
    """Score every set the main answers call for (``Questionnaire.triggered``).

    Answers to a set that was not called for are not recorded (the officer may have filled
    it before changing the triggering answer to no); a set called for without answers is
    recorded as not asked. Raises ``UnknownQuestionnaireError`` for a set id that does not
    exist.
    """
    for set_id in answers_by_set:
        load_follow_up(str(set_id))
    return tuple(
        score_follow_up(load_follow_up(set_id), answers_by_set.get(set_id) or {}, by)
        for set_id, by in calls
    )


def _normalise(follow_up: FollowUpSet, answers: Mapping[Any, object]) -> dict[int, Answer]:
    out: dict[int, Answer] = {}
    for key, value in answers.items():
        text = str(key).strip()
        field = f"follow_ups.{follow_up.id}.{text}"
        if not text.isdecimal() or int(text) not in follow_up.questions:
            raise UnknownQuestionError(
                f"{follow_up.title} has questions 1 to {len(follow_up.questions)}; there is no "
                f"question {key!r}",
                field=field,
            )
        out[int(text)] = parse_answer(value, field=field)
    return out


@cache
def available_follow_ups() -> tuple[str, ...]:
    """The ids of the packaged follow-up sets."""
    folder = CONFIG_DIR.joinpath("follow_ups")
    return tuple(
        sorted(e.name.removesuffix(".toml") for e in folder.iterdir() if e.name.endswith(".toml"))
    )


def load_follow_up(set_id: str) -> FollowUpSet:
    """Load a packaged follow-up set.

    Raises
    ------
    UnknownQuestionnaireError
        If there is no such set.
    ConfigurationError
        If its file is malformed.
    """
    if set_id not in available_follow_ups():
        raise UnknownQuestionnaireError(
            f"there is no follow-up set {set_id!r}; available: {', '.join(available_follow_ups())}",
            field="follow_ups",
        )
    return _load(set_id)


@cache
def _load(set_id: str) -> FollowUpSet:
    name = f"follow_ups/{set_id}.toml"
    try:
        data = tomllib.loads(CONFIG_DIR.joinpath(name).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{name}: not valid TOML: {exc}", field=name) from exc
    doc = PolicyDocument(data, name)
    if doc.text("id") != set_id:
        raise ConfigurationError(f"{name}: id must be {set_id!r}", field="id")
    questions: dict[int, str] = {}
    for index, raw in enumerate(data.get("questions", []), start=1):
        q = PolicyDocument(raw if isinstance(raw, Mapping) else {}, f"{name} question {index}")
        questions[q.integer("number", minimum=1)] = q.text("text")
    prompts = []
    for index, raw in enumerate(data.get("prompts", []), start=1):
        p = PolicyDocument(raw if isinstance(raw, Mapping) else {}, f"{name} prompt {index}")
        at_least = parse_grade(p.text("at_least"), field=f"prompts.{index}.at_least")
        prompts.append(Prompt(at_least, p.text("code"), p.text("text")))
    return FollowUpSet(
        id=set_id,
        version=doc.text("version"),
        title=doc.text("title"),
        questions=MappingProxyType(questions),
        medium_min_yes=doc.integer("result.medium_min_yes", minimum=1),
        high_min_yes=doc.integer("result.high_min_yes", minimum=1),
        high_if_yes=doc.integers("result.high_if_yes") if doc.has("result.high_if_yes") else (),
        prompts=tuple(prompts),
        notice=doc.text("notice") if doc.has("notice") else "",
        source=doc.text("result.source") if doc.has("result.source") else "",
    )
