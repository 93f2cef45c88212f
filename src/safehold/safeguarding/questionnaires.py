"""Risk questionnaires as configuration: one TOML file per instrument.

Each file in ``config/questionnaires/`` holds plain-language paraphrases of the questions
(the official DASH and SafeLives wording is copyrighted and is never embedded), which
questions belong to which red-flag cluster, and which are about children. Any new file
there (for example ``dara.toml``) is picked up by :func:`available_questionnaires` without
code changes.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from safehold.safeguarding.follow_ups import available_follow_ups
from safehold.safeguarding.policy_file import CONFIG_DIR, PolicyDocument
from safehold.safeguarding.rule_errors import (
    ConfigurationError,
    UnknownQuestionError,
    UnknownQuestionnaireError,
)

__all__ = [
    "DEFAULT_QUESTIONNAIRE",
    "FollowUpTrigger",
    "Question",
    "Questionnaire",
    "RedFlagCluster",
    "available_questionnaires",
    "load_questionnaire",
]

DEFAULT_QUESTIONNAIRE = "dash-27"


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a questionnaire, in Safehold's own plain-language paraphrase."""

    number: int
    text: str
    section: str = ""
    red_flags: tuple[str, ...] = ()
    child_specific: bool = False


@dataclass(frozen=True, slots=True)
class RedFlagCluster:
    """A group of answers that, when yes, is a recognised red flag (e.g. strangulation).

    ``match`` is ``"any"`` (one yes is enough) or ``"all"`` (every member must be yes, as
    for separation together with coercive control).
    """

    code: str
    label: str
    questions: tuple[int, ...]
    match: str = "any"

    def present(self, yes: frozenset[int]) -> bool:
        """Return whether the cluster is present given the question numbers answered yes."""
        if self.match == "all":
            return all(n in yes for n in self.questions)
        return any(n in yes for n in self.questions)


@dataclass(frozen=True, slots=True)
class FollowUpTrigger:
    """A follow-up set (``follow_ups/<set_id>.toml``) called for by a yes to any of
    ``when_yes``."""

    set_id: str
    when_yes: tuple[int, ...]


_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_SCORING_METHODS = frozenset({"yes_count", "dara"})


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """A risk questionnaire as configured: its questions and red-flag clusters.

    Parameters
    ----------
    id
        Short identifier, also the file name (``dash-27``).
    version
        Version of this paraphrase set; stored with every assessment.
    title
        Human title shown on forms.
    questions
        The questions, numbered 1..n in order.
    clusters
        The red-flag clusters that questions refer to.
    scoring
        How answers are scored: ``"yes_count"`` (bands on the count of yes, DASH) or
        ``"dara"`` (the force's configurable DARA rule, :mod:`.dara`).
    notice
        Provenance and licensing note shown with the form.
    section_titles
        Optional headings for the sections, from the ``[sections]`` table.
    follow_ups
        The follow-up sets its answers may call for (``[[follow_ups]]``).
    """

    id: str
    version: str
    title: str
    questions: tuple[Question, ...]
    clusters: tuple[RedFlagCluster, ...] = ()
    scoring: str = "yes_count"
    notice: str = ""
    section_titles: Mapping[str, str] = field(default_factory=dict)
    follow_ups: tuple[FollowUpTrigger, ...] = ()
    _by_number: Mapping[int, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        where = f"questionnaire {self.id!r}"
        if not _ID_PATTERN.match(self.id):
            raise ConfigurationError(
                f"{where}: id must be lower-case letters, digits and hyphens", field="id"
            )
        if not self.version.strip() or not self.title.strip():
            raise ConfigurationError(f"{where}: give a version and a title", field="version")
        if self.scoring not in _SCORING_METHODS:
            raise ConfigurationError(
                f"{where}: scoring {self.scoring!r} is not supported; use one of "
                f"{', '.join(sorted(_SCORING_METHODS))}",
                field="scoring",
            )
        numbers = [q.number for q in self.questions]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ConfigurationError(
                f"{where}: questions must be numbered 1 to {len(numbers)} in order, "
                f"found {numbers}",
                field="questions",
            )
        known_clusters = {c.code for c in self.clusters}
        for q in self.questions:
            if not q.text.strip():
                raise ConfigurationError(
                    f"{where}: question {q.number} has no text", field=f"questions.{q.number}"
                )
            unknown = set(q.red_flags) - known_clusters
            if unknown:
                raise ConfigurationError(
                    f"{where}: question {q.number} names red flag(s) {sorted(unknown)} with no "
                    "[red_flags.<code>] table; define them",
                    field=f"questions.{q.number}.red_flags",
                )
        for cluster in self.clusters:
            if not cluster.questions:
                raise ConfigurationError(
                    f"{where}: red flag {cluster.code!r} has no questions",
                    field=f"red_flags.{cluster.code}",
                )
            if cluster.match not in ("any", "all"):
                raise ConfigurationError(
                    f"{where}: red flag {cluster.code!r} match must be 'any' or 'all'",
                    field=f"red_flags.{cluster.code}.match",
                )
        for trigger in self.follow_ups:
            stray = [n for n in trigger.when_yes if n not in numbers]
            if not trigger.when_yes or stray:
                raise ConfigurationError(
                    f"{where}: follow-up {trigger.set_id!r} must be called for by questions "
                    f"1 to {len(numbers)}, not {list(trigger.when_yes)}",
                    field="follow_ups",
                )
        object.__setattr__(
            self, "_by_number", MappingProxyType({q.number: q for q in self.questions})
        )

    def triggered(self, yes: frozenset[int]) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """The follow-up sets the yes answers call for, each with the questions that did."""
        calls = []
        for trigger in self.follow_ups:
            by = tuple(n for n in trigger.when_yes if n in yes)
            if by:
                calls.append((trigger.set_id, by))
        return tuple(calls)

    def section_title(self, section: str) -> str:
        """The heading of ``section`` (its code in words when the file gives none)."""
        return self.section_titles.get(section) or section.replace("_", " ").capitalize()

    @property
    def question_texts(self) -> dict[int, str]:
        """Question number to paraphrased text."""
        return {q.number: q.text for q in self.questions}

    def question(self, number: int) -> Question:
        """Return question ``number``.

        Raises
        ------
        UnknownQuestionError
            If there is no such question.
        """
        try:
            return self._by_number[number]
        except KeyError:
            raise UnknownQuestionError(
                f"{self.id} has questions 1 to {len(self.questions)}; there is no question "
                f"{number}",
                field=f"answers.{number}",
            ) from None

    def cluster(self, code: str) -> RedFlagCluster:
        """Return the red-flag cluster ``code``."""
        for c in self.clusters:
            if c.code == code:
                return c
        raise KeyError(code)


def _questionnaire_dir(directory: Traversable | Path | None) -> Traversable | Path:
    return CONFIG_DIR.joinpath("questionnaires") if directory is None else directory


def available_questionnaires(directory: Traversable | Path | None = None) -> tuple[str, ...]:
    """Return the ids of every questionnaire file, sorted.

    Parameters
    ----------
    directory
        Where to look; ``None`` is the packaged ``config/questionnaires`` folder. Any
        ``<id>.toml`` there is a questionnaire, so a new instrument (DARA, say) needs a file,
        not code.
    """
    folder = _questionnaire_dir(directory)
    return tuple(
        sorted(
            entry.name.removesuffix(".toml")
            for entry in folder.iterdir()
            if entry.name.endswith(".toml") and _ID_PATTERN.match(entry.name.removesuffix(".toml"))
        )
    )


def load_questionnaire(
    questionnaire_id: str, *, directory: Traversable | Path | None = None
) -> Questionnaire:
    """Load a questionnaire by id.

    Parameters
    ----------
    questionnaire_id
        The id, e.g. ``"dash-27"`` or ``"safelives-24"``; case and surrounding space are
        ignored.
    directory
        Where to look; ``None`` is the packaged folder (cached after the first read).

    Raises
    ------
    UnknownQuestionnaireError
        If no file has that id (ids with anything but letters, digits and hyphens never
        reach the file system).
    ConfigurationError
        If the file is malformed.
    """
    if not isinstance(questionnaire_id, str):
        raise UnknownQuestionnaireError(
            f"questionnaire must be a string such as {DEFAULT_QUESTIONNAIRE!r}, "
            f"not {questionnaire_id!r}",
            field="questionnaire",
        )
    wanted = questionnaire_id.strip().lower()
    if directory is None:
        return _load_packaged(wanted)
    return _load_from(wanted, directory)


@cache
def _load_packaged(questionnaire_id: str) -> Questionnaire:
    return _load_from(questionnaire_id, _questionnaire_dir(None))


def _load_from(questionnaire_id: str, directory: Traversable | Path) -> Questionnaire:
    available = available_questionnaires(directory)
    if questionnaire_id not in available:
        raise UnknownQuestionnaireError(
            f"there is no questionnaire {questionnaire_id!r}; available: {', '.join(available)}",
            field="questionnaire",
        )
    source = directory.joinpath(f"{questionnaire_id}.toml")
    name = f"questionnaires/{questionnaire_id}.toml"
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{name}: not valid TOML: {exc}", field=name) from exc
    return _questionnaire_from_toml(data, name, questionnaire_id)


def _questionnaire_from_toml(data: Mapping[str, Any], name: str, expected_id: str) -> Questionnaire:
    doc = PolicyDocument(data, name)
    file_id = doc.text("id")
    if file_id != expected_id:
        raise ConfigurationError(
            f"{name}: id is {file_id!r} but the file is named {expected_id!r}; make them match",
            field="id",
        )
    clusters_table = data.get("red_flags", {})
    if not isinstance(clusters_table, Mapping):
        raise ConfigurationError(f"{name}: [red_flags] must be a table", field="red_flags")
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise ConfigurationError(
            f"{name}: add the questions as [[questions]] tables", field="questions"
        )
    questions: list[Question] = []
    for index, raw in enumerate(raw_questions):
        q = PolicyDocument(raw if isinstance(raw, Mapping) else {}, f"{name} question {index + 1}")
        questions.append(
            Question(
                number=q.integer("number", minimum=1),
                text=q.text("text"),
                section=q.text("section") if q.has("section") else "",
                red_flags=q.texts("red_flags") if q.has("red_flags") else (),
                child_specific=bool(raw.get("child_specific", False)),
            )
        )
    clusters = []
    for code in clusters_table:
        c = PolicyDocument(clusters_table, name)
        members = tuple(q.number for q in questions if code in q.red_flags)
        clusters.append(
            RedFlagCluster(
                code=code,
                label=c.text(f"{code}.label"),
                questions=members,
                match=c.text(f"{code}.match") if c.has(f"{code}.match") else "any",
            )
        )
    return Questionnaire(
        id=file_id,
        version=doc.text("version"),
        title=doc.text("title"),
        questions=tuple(questions),
        clusters=tuple(clusters),
        scoring=doc.text("scoring") if doc.has("scoring") else "yes_count",
        notice=doc.text("notice") if doc.has("notice") else "",
        section_titles=MappingProxyType(_section_titles(data, name)),
        follow_ups=_follow_up_triggers(data, name),
    )


def _follow_up_triggers(data: Mapping[str, Any], name: str) -> tuple[FollowUpTrigger, ...]:
    triggers = []
    for index, raw in enumerate(data.get("follow_ups", []), start=1):
        t = PolicyDocument(raw if isinstance(raw, Mapping) else {}, f"{name} follow_ups {index}")
        set_id = t.text("set")
        if set_id not in available_follow_ups():
            raise ConfigurationError(
                f"{name}: follow_ups {index} names set {set_id!r}; available: "
                f"{', '.join(available_follow_ups())}",
                field="follow_ups",
            )
        triggers.append(FollowUpTrigger(set_id, t.integers("when_yes")))
    return tuple(triggers)


def _section_titles(data: Mapping[str, Any], name: str) -> dict[str, str]:
    table = data.get("sections", {})
    if not isinstance(table, Mapping) or not all(
        isinstance(v, str) and v.strip() for v in table.values()
    ):
        raise ConfigurationError(
            f"{name}: [sections] must map each section code to a heading", field="sections"
        )
    return dict(table)
