"""Domestic-abuse risk questionnaires (DASH-27, SafeLives-24, ...) and how they are scored.

A questionnaire is configuration: one TOML file per instrument in
``config/questionnaires/``, each holding plain-language paraphrases of the questions (the
official DASH and SafeLives wording is copyrighted and is never embedded), which questions
belong to which red-flag cluster, and which are about children. Any new file there (for
example ``dara.toml``) is picked up by :func:`available_questionnaires` without code changes.

Scoring counts the "yes" answers and places the count in a band from the force policy
(``config/policy.toml``, default standard 0-9, medium 10-13, high 14+). Professional
judgement may raise the grade, with a reason, and never lowers it: a lower judgement is kept
on the record but ignored, and the result says so in its reasons.

Exceptions
----------
Every error a caller can cause is a :class:`SafeguardingRuleError` (a ``ValueError``) with a
stable ``code``, a ``message`` that says what to fix and the ``field`` at fault::

    SafeguardingRuleError
    ├── DashInputError
    │   ├── UnknownQuestionnaireError   code "unknown_questionnaire"
    │   ├── UnknownQuestionError        code "unknown_question"
    │   ├── BadAnswerError              code "bad_answer"
    │   ├── BadGradeError               code "bad_grade"
    │   ├── MissingReasonError          code "missing_reason"
    │   └── BadDocumentError            code "bad_document"
    ├── ConfigurationError               code "bad_configuration" (a broken TOML file)
    ├── marac.MaracInputError            code "marac_input_error"
    ├── priority.QueueInputError         code "queue_input_error"
    ├── priority.ReassessmentError
    │   ├── DowngradeWithoutReasonError     code "downgrade_needs_reason"
    │   ├── DowngradeWithoutSupervisorError code "downgrade_needs_supervisor"
    │   └── SupervisorIsAssessorError       code "supervisor_is_assessor"
    └── clocks.ProtectiveActionError     code per instance: "unknown_action", "bad_time",
                                         "missing_order_days", "bad_order_days",
                                         "unknown_rank", "rank_too_low",
                                         "perpetrator_too_young", "bad_outcome_type",
                                         "bad_configuration"

The CLI and the API map ``SafeguardingRuleError`` to a non-zero exit / HTTP 400 in one
place each, printing ``to_dict()``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from safehold.safeguarding.marac import MaracPolicy, VictimHistory

__all__ = [
    "Answer",
    "BadAnswerError",
    "BadDocumentError",
    "BadGradeError",
    "ConfigurationError",
    "DashInputError",
    "DashPolicy",
    "DashResult",
    "Grade",
    "MissingReasonError",
    "PolicyDocument",
    "ProfessionalJudgement",
    "Question",
    "Questionnaire",
    "Reason",
    "RedFlagCluster",
    "SafeguardingRuleError",
    "UnknownQuestionError",
    "UnknownQuestionnaireError",
    "available_questionnaires",
    "load_policy_document",
    "load_questionnaire",
    "parse_grade",
    "score",
    "score_document",
]

DEFAULT_QUESTIONNAIRE = "dash-27"


# --- errors ------------------------------------------------------------------------------


class SafeguardingRuleError(ValueError):
    """Base of every error a caller of the safeguarding rules can cause.

    Parameters
    ----------
    message
        What is wrong and what to do about it.
    field
        Where the problem is, as a dotted path into the input (``"answers.28"``), or
        ``None`` when it concerns the whole input.
    """

    code: str = "safeguarding_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_dict(self) -> dict[str, str | None]:
        """Return the error as JSON-ready data for the CLI and the API."""
        return {"code": self.code, "message": self.message, "field": self.field}


class ConfigurationError(SafeguardingRuleError):
    """A questionnaire or policy file is malformed; ``field`` names the file and key."""

    code = "bad_configuration"


class DashInputError(SafeguardingRuleError):
    """Bad input to DASH scoring."""

    code = "dash_input_error"


class UnknownQuestionnaireError(DashInputError):
    """No questionnaire file has the given id."""

    code = "unknown_questionnaire"


class UnknownQuestionError(DashInputError):
    """An answer was given for a question number the questionnaire does not have."""

    code = "unknown_question"


class BadAnswerError(DashInputError):
    """An answer is not one of "yes", "no" or "not known"."""

    code = "bad_answer"


class BadGradeError(DashInputError):
    """A grade is not one of "standard", "medium" or "high"."""

    code = "bad_grade"


class MissingReasonError(DashInputError):
    """Professional judgement (or a downgrade) was given without a reason."""

    code = "missing_reason"


class BadDocumentError(DashInputError):
    """The scoring document does not have the expected shape."""

    code = "bad_document"


# --- grades and answers ------------------------------------------------------------------


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


# --- the policy file ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PolicyDocument:
    """The force's safeguarding policy file, read once, with typed access to its keys.

    Each rules module reads its own table (``[dash]``, ``[marac]``, ``[queue]``,
    ``[clocks]``) into its own parameter object; all share the top-level ``version``, which
    every automated decision carries.
    """

    data: Mapping[str, Any]
    source: str

    @property
    def version(self) -> str:
        """The policy version string stamped on every decision."""
        return self.text("version")

    def _lookup(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise ConfigurationError(
                    f"{self.source}: missing key {key!r}; add it (see docs/safeguarding-rules.md)",
                    field=key,
                )
            node = node[part]
        return node

    def _bad(self, key: str, wanted: str, value: object) -> ConfigurationError:
        return ConfigurationError(
            f"{self.source}: {key} must be {wanted}, not {value!r}", field=key
        )

    def has(self, key: str) -> bool:
        """Return whether ``key`` (dotted) is present."""
        try:
            self._lookup(key)
        except ConfigurationError:
            return False
        return True

    def text(self, key: str) -> str:
        """Return the non-empty string at ``key``."""
        value = self._lookup(key)
        if not isinstance(value, str) or not value.strip():
            raise self._bad(key, "a non-empty string", value)
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        """Return the list of non-empty strings at ``key``."""
        value = self._lookup(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self._bad(key, "a list of non-empty strings", value)
        return tuple(value)

    def integer(self, key: str, *, minimum: int = 0) -> int:
        """Return the integer at ``key``, at least ``minimum``."""
        value = self._lookup(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self._bad(key, f"a whole number of at least {minimum}", value)
        return value

    def integers(self, key: str) -> tuple[int, ...]:
        """Return the list of integers at ``key``."""
        value = self._lookup(key)
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            raise self._bad(key, "a list of whole numbers", value)
        return tuple(value)

    def number(self, key: str, *, minimum: float = 0.0) -> float:
        """Return the number at ``key``, at least ``minimum``."""
        value = self._lookup(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self._bad(key, f"a number of at least {minimum:g}", value)
        return float(value)

    def numbers(self, key: str, *, minimum: float = 0.0) -> dict[str, float]:
        """Return the table of numbers at ``key`` as a dict."""
        value = self._lookup(key)
        if not isinstance(value, Mapping):
            raise self._bad(key, "a table", value)
        return {name: self.number(f"{key}.{name}", minimum=minimum) for name in value}


_CONFIG: Traversable = files("safehold.safeguarding").joinpath("config")


def load_policy_document(path: Path | None = None) -> PolicyDocument:
    """Read the safeguarding policy file.

    Parameters
    ----------
    path
        A force's own policy file; ``None`` reads the one shipped in the package
        (``safehold/safeguarding/config/policy.toml``), cached after the first read.

    Raises
    ------
    ConfigurationError
        If the file is not valid TOML or has no ``version``.
    """
    if path is None:
        return _packaged_policy_document()
    return _parse_policy(path.read_text(encoding="utf-8"), str(path))


@cache
def _packaged_policy_document() -> PolicyDocument:
    source = _CONFIG.joinpath("policy.toml")
    return _parse_policy(source.read_text(encoding="utf-8"), "policy.toml")


def _parse_policy(text: str, source: str) -> PolicyDocument:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{source}: not valid TOML: {exc}", field=source) from exc
    document = PolicyDocument(MappingProxyType(data), source)
    document.version  # noqa: B018 -- fail at load time, not at the first decision
    return document


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


# --- questionnaires ----------------------------------------------------------------------


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


_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_SCORING_METHODS = frozenset({"yes_count"})


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
        How answers are scored; only ``"yes_count"`` exists today.
    notice
        Provenance and licensing note shown with the form.
    """

    id: str
    version: str
    title: str
    questions: tuple[Question, ...]
    clusters: tuple[RedFlagCluster, ...] = ()
    scoring: str = "yes_count"
    notice: str = ""
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
        object.__setattr__(
            self, "_by_number", MappingProxyType({q.number: q for q in self.questions})
        )

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
    return _CONFIG.joinpath("questionnaires") if directory is None else directory


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
    )


# --- scoring -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason behind an automated decision: a stable ``code`` and a sentence."""

    code: str
    text: str


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
    policy
        Scoring bands; ``None`` uses the packaged policy file.

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
    actuarial = policy.grade_for(len(yes))
    total = len(questionnaire.questions)
    reasons = [
        Reason(
            "yes_count_band",
            f"{len(yes)} of {total} questions answered yes: {actuarial} "
            f"({policy.band_text(actuarial)})",
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
        policy_version=policy.version,
    )


def _numbers(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in numbers)


# --- the CLI / API document --------------------------------------------------------------

_DOCUMENT_KEYS = frozenset({"questionnaire", "answers", "professional_judgement"})


def parse_document(
    doc: object,
) -> tuple[Questionnaire, Mapping[Any, object], ProfessionalJudgement | None]:
    """Validate a scoring document and return its questionnaire, answers and judgement.

    The document is ``{"questionnaire": "dash-27", "answers": {"1": "yes", ...},
    "professional_judgement": {"grade": "high", "reason": "..."} or null}``;
    ``questionnaire`` defaults to ``"dash-27"`` and ``professional_judgement`` to null.

    Raises
    ------
    BadDocumentError
        If the document, its answers or its judgement is not an object, or it has keys
        other than those three.
    UnknownQuestionnaireError, BadGradeError, MissingReasonError
        As named.
    """
    if not isinstance(doc, Mapping):
        raise BadDocumentError(
            "the document must be a JSON object with questionnaire, answers and "
            "professional_judgement",
            field=None,
        )
    extra = sorted(str(k) for k in doc if k not in _DOCUMENT_KEYS)
    if extra:
        raise BadDocumentError(
            f"unexpected key(s) {extra}; the document has only questionnaire, answers and "
            "professional_judgement",
            field=extra[0],
        )
    questionnaire = load_questionnaire(doc.get("questionnaire", DEFAULT_QUESTIONNAIRE))
    answers = doc.get("answers")
    if not isinstance(answers, Mapping):
        raise BadDocumentError(
            'answers must be an object of question number to answer, e.g. {"1": "yes"}',
            field="answers",
        )
    raw_pj = doc.get("professional_judgement")
    judgement: ProfessionalJudgement | None = None
    if raw_pj is not None:
        if not isinstance(raw_pj, Mapping):
            raise BadDocumentError(
                'professional_judgement must be null or {"grade": ..., "reason": ...}',
                field="professional_judgement",
            )
        judgement = ProfessionalJudgement(
            grade=parse_grade(raw_pj.get("grade"), field="professional_judgement.grade"),
            reason=raw_pj.get("reason", ""),
        )
    return questionnaire, answers, judgement


def score_document(
    doc: object,
    *,
    history: VictimHistory | None = None,
    now: datetime | None = None,
    dash_policy: DashPolicy | None = None,
    marac_policy: MaracPolicy | None = None,
) -> dict[str, Any]:
    """Score a JSON scoring document and decide MARAC referral; return JSON-ready data.

    This is what ``safehold dash score FILE.json`` prints.

    Parameters
    ----------
    doc
        The parsed JSON document (see :func:`parse_document`).
    history
        The victim's earlier incidents and MARAC referrals. Without it the potential
        escalation and repeat criteria cannot be assessed, and the result says so.
    now
        The time of assessment, timezone-aware; required when ``history`` is given.
    dash_policy, marac_policy
        ``None`` uses the packaged policy file.

    Returns
    -------
    dict
        ``grade``, ``actuarial_grade``, ``yes_count``, ``marac_referral``,
        ``marac_criteria`` (list of ``{code, text}``), ``marac_notes``, ``reasons``
        (list of ``{code, text}``), ``red_flags`` (list of ``{code, label, questions}``),
        ``unanswered``, ``not_known``, ``professional_judgement``
        (``{grade, reason, effect}`` or null), ``questionnaire`` (``{id, version}``) and
        ``policy_version``.

    Raises
    ------
    DashInputError
        For bad input; its ``code`` and ``field`` say what and where.
    """
    # Imported here because marac builds on this module's results.
    from safehold.safeguarding.marac import decide_marac

    questionnaire, answers, judgement = parse_document(doc)
    result = score(questionnaire, answers, judgement, policy=dash_policy)
    decision = decide_marac(result, history, now=now, policy=marac_policy)
    return {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "grade": str(result.grade),
        "actuarial_grade": str(result.actuarial_grade),
        "yes_count": result.yes_count,
        "question_count": len(questionnaire.questions),
        "unanswered": list(result.unanswered),
        "not_known": list(result.not_known),
        "red_flags": [
            {
                "code": code,
                "label": questionnaire.cluster(code).label,
                "questions": list(questionnaire.cluster(code).questions),
            }
            for code in result.red_flags
        ],
        "professional_judgement": None
        if judgement is None
        else {
            "grade": str(judgement.grade),
            "reason": judgement.reason,
            "effect": str(result.judgement_effect),
        },
        "reasons": [{"code": r.code, "text": r.text} for r in result.reasons],
        "marac_referral": decision.refer,
        "marac_criteria": [{"code": c.code, "text": c.text} for c in decision.criteria],
        "marac_notes": [{"code": c.code, "text": c.text} for c in decision.notes],
        "policy_version": result.policy_version,
    }
