"""Person record linkage: which records describe the same person.

The only module that imports Splink (and it does so lazily, inside functions, so that
importing this module stays cheap for the web process and for ``synth``). Plain
dataclasses in, plain dataclasses out: no Splink or DuckDB type leaves this module.

Two entry points:

- :func:`find_matches` deduplicates a set of person records. It trains a
  Fellegi-Sunter model on the records themselves (u by random sampling, m by
  expectation maximisation) when there are at least ``min_records_to_train`` of
  them, and otherwise scores with :func:`default_model`, whose m and u
  probabilities are fixed values (estimated once from the synthetic force and
  written below), because training on a few dozen records fails or means nothing.
- :func:`match_incoming` scores one incoming person against the people already
  held, for intake, with a previously trained :class:`LinkageModel` (saved as
  Splink's JSON settings) or the default one.

Each pair at or above ``link_threshold`` is a confident match (link automatically);
each pair at or above ``review_threshold`` but below ``link_threshold`` is
uncertain (a person confirms or rejects it), and so is any pair whose given names
differ outright, however probable (twins; see ``hold_when_given_names_differ``).
Every pair carries its explanation: what each field's comparison found, and the
weight it added. docs/linkage.md explains the model and its measured accuracy.
The cleaning of names and postcodes and the table of nicknames are in ``names.py``.

Errors
------
``LinkageError`` (a ``ValueError``) is the base, with a stable ``code``:

- ``InvalidLinkageParams`` (``code="invalid_linkage_params"``): a parameter is out
  of range; the message says which and what is allowed.
- ``InvalidPersonRecords`` (``code="invalid_person_records"``): an input record is
  unusable (empty or repeated id, unknown sex).
- ``InvalidLinkageModel`` (``code="invalid_linkage_model"``): a saved model is not
  a Splink model for these fields.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Literal

from .names import clean_name, clean_postcode, given_name_key

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "HOLD_GIVEN_NAMES_DIFFER",
    "Blocking",
    "FieldEvidence",
    "InvalidLinkageModel",
    "InvalidLinkageParams",
    "InvalidPersonRecords",
    "LinkageError",
    "LinkageModel",
    "LinkageParams",
    "LinkageResult",
    "MatchBand",
    "MatchPair",
    "PersonRecord",
    "cluster_pairs",
    "default_model",
    "find_matches",
    "match_incoming",
    "train_model",
]

# Splink reports every step at INFO and "level not observed" at WARNING; on a web
# request or in a test run that is noise. Quietened here unless the deployment has
# already given the "splink" logger a level of its own (e.g. in Django LOGGING).
_SPLINK_LOGGER = logging.getLogger("splink")
if _SPLINK_LOGGER.level == logging.NOTSET:
    _SPLINK_LOGGER.setLevel(logging.ERROR)


class LinkageError(ValueError):
    """Base of the linkage errors; ``code`` is stable for APIs and the CLI."""

    code = "linkage_error"


class InvalidLinkageParams(LinkageError):
    """A linkage parameter is out of range."""

    code = "invalid_linkage_params"


class InvalidPersonRecords(LinkageError):
    """An input person record cannot be linked as given."""

    code = "invalid_person_records"


class InvalidLinkageModel(LinkageError):
    """A saved linkage model cannot be used."""

    code = "invalid_linkage_model"


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One record of a person as it was written down (a nominal on some record).

    Parameters
    ----------
    id
        The record's identifier; unique within one call.
    given_name, family_name
        As recorded; case, spacing and punctuation do not matter.
    date_of_birth
        ``None`` when not known.
    postcode
        A UK postcode, with or without its space; ``None`` when not known.
    sex
        ``"F"``, ``"M"`` or ``None`` when not recorded.
    """

    id: str
    given_name: str | None
    family_name: str | None
    date_of_birth: date | None
    postcode: str | None
    sex: str | None = None

    def __post_init__(self) -> None:
        if not self.id or not self.id.strip():
            raise InvalidPersonRecords("a person record needs a non-empty id")
        if self.sex not in (None, "F", "M"):
            raise InvalidPersonRecords(
                f"record {self.id!r}: sex must be 'F', 'M' or None, not {self.sex!r}"
            )


class Blocking(StrEnum):
    """Which candidate pairs are scored at all (Splink's blocking rules).

    ``STANDARD`` compares records sharing a date of birth; or a family name and a
    given name (a nickname counts as the name); or a family name and a postcode; or a
    given name and a postcode; or a family name and a birth year. ``WIDE`` adds a
    given name and a birth year, and a postcode and a birth year: on the synthetic
    force it finds two in a hundred more duplicates (mistyped names with a mistyped
    date) for 15-35% more pairs scored.
    """

    STANDARD = "standard"
    WIDE = "wide"


@dataclass(frozen=True, slots=True)
class LinkageParams:
    """Tunables of person linkage.

    Parameters
    ----------
    link_threshold
        Match probability at or above which a pair is confident and linked
        automatically. Default 0.95.
    review_threshold
        Match probability at or above which (and below ``link_threshold``) a pair
        is uncertain and queued for a person to confirm or reject. Default 0.5.
    blocking
        Which candidate pairs are scored; see :class:`Blocking`.
    seed
        Seed for the random sample of pairs used to estimate u probabilities.
    max_pairs
        How many random pairs estimate the u probabilities. Default 1,000,000.
    min_records_to_train
        Below this many records :func:`find_matches` uses :func:`default_model`
        instead of training. Default 500; at least 200.
    hold_when_given_names_differ
        When true (the default) a pair whose given names differ outright (not a
        nickname, not a close spelling) is never linked automatically, however high
        its probability: twins share a family name, a birthday and an address, and
        the model, which weighs fields independently, cannot tell them apart. Such
        a pair is queued as uncertain with ``hold_reason="given_names_differ"``.
    """

    link_threshold: float = 0.95
    review_threshold: float = 0.5
    blocking: Blocking = Blocking.STANDARD
    seed: int = 0
    max_pairs: int = 1_000_000
    min_records_to_train: int = 500
    hold_when_given_names_differ: bool = True

    def __post_init__(self) -> None:
        if not 0.0 < self.review_threshold < 1.0:
            raise InvalidLinkageParams(
                f"review_threshold must be above 0 and below 1, not {self.review_threshold}"
            )
        if not 0.0 < self.link_threshold <= 1.0:
            raise InvalidLinkageParams(
                f"link_threshold must be above 0 and at most 1, not {self.link_threshold}"
            )
        if self.review_threshold >= self.link_threshold:
            raise InvalidLinkageParams(
                f"review_threshold ({self.review_threshold}) must be below link_threshold "
                f"({self.link_threshold}); lower review_threshold or raise link_threshold"
            )
        if isinstance(self.blocking, str) and not isinstance(self.blocking, Blocking):
            try:
                object.__setattr__(self, "blocking", Blocking(self.blocking))
            except ValueError:
                allowed = ", ".join(b.value for b in Blocking)
                raise InvalidLinkageParams(
                    f"blocking must be one of {allowed}, not {self.blocking!r}"
                ) from None
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise InvalidLinkageParams(f"seed must be a whole number 0 or more, not {self.seed!r}")
        if self.max_pairs < 10_000:
            raise InvalidLinkageParams(
                f"max_pairs must be at least 10000 for u estimates to mean anything, "
                f"not {self.max_pairs}"
            )
        if not isinstance(self.hold_when_given_names_differ, bool):
            raise InvalidLinkageParams(
                f"hold_when_given_names_differ must be true or false, "
                f"not {self.hold_when_given_names_differ!r}"
            )
        if self.min_records_to_train < 200:
            raise InvalidLinkageParams(
                f"min_records_to_train must be at least 200 (training on fewer fails or "
                f"means nothing), not {self.min_records_to_train}"
            )

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> LinkageParams:
        """Build from a mapping such as the ``[linkage]`` table of the force's TOML."""
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(values) - known)
        if unknown:
            raise InvalidLinkageParams(
                f"unknown linkage setting(s) {', '.join(unknown)}; "
                f"known are {', '.join(sorted(known))}"
            )
        return cls(**values)


class MatchBand(StrEnum):
    """What to do with a scored pair."""

    CONFIDENT = "confident"
    UNCERTAIN = "uncertain"


Outcome = Literal["agree", "partial", "disagree", "missing"]


@dataclass(frozen=True, slots=True)
class FieldEvidence:
    """What one field's comparison found for a pair.

    ``outcome`` is ``agree`` for the exact-match level, ``disagree`` for the
    catch-all level, ``missing`` when either side is blank and ``partial``
    otherwise; ``level`` names the comparison level (e.g. "day and month
    transposed"); ``match_weight`` is the log2 Bayes factor it contributed.
    """

    field: str
    level: str
    outcome: Outcome
    match_weight: float


@dataclass(frozen=True, slots=True)
class MatchPair:
    """Two records scored as possibly the same person.

    In :func:`find_matches` ``left_id < right_id``; in :func:`match_incoming`
    ``left_id`` is the incoming record and ``right_id`` the person already held.
    ``probability`` is Splink's match probability and ``match_weight`` its log2
    odds; ``hold_reason`` says why a pair at or above the link threshold is
    nevertheless uncertain (``"given_names_differ"``), else ``None``.
    """

    left_id: str
    right_id: str
    probability: float
    match_weight: float
    band: MatchBand
    explanation: tuple[FieldEvidence, ...]
    model_version: str
    hold_reason: str | None = None


@dataclass(frozen=True, slots=True)
class LinkageModel:
    """A linkage model: Splink's JSON settings with the trained m and u probabilities.

    Store ``settings_json`` (e.g. in the database) and pass the model back to
    :func:`match_incoming` or :func:`find_matches`. ``version`` is a short digest
    of the settings, to log beside each decision taken on its scores.
    """

    settings_json: str = field(repr=False)
    trained_on_records: int = 0

    @property
    def version(self) -> str:
        """Return the first 12 hex digits of the SHA-256 of the settings."""
        return hashlib.sha256(self.settings_json.encode()).hexdigest()[:12]

    @property
    def is_default(self) -> bool:
        """Say whether this is the built-in model with fixed m and u probabilities."""
        return self.trained_on_records == 0

    def settings(self) -> dict[str, Any]:
        """Return the Splink settings as a fresh dictionary."""
        loaded: dict[str, Any] = json.loads(self.settings_json)
        return loaded

    def to_json(self) -> str:
        """Serialise, with how many records trained it, for storage."""
        return json.dumps(
            {"trained_on_records": self.trained_on_records, "splink": self.settings()},
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> LinkageModel:
        """Load a model written by :meth:`to_json`, checking it compares our fields."""
        try:
            data = json.loads(text)
            settings = data["splink"]
            trained_on = int(data["trained_on_records"])
            columns = {c["output_column_name"] for c in settings["comparisons"]}
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidLinkageModel(
                f"not a saved linkage model ({exc}); save one with LinkageModel.to_json()"
            ) from None
        if columns != set(_FIELDS):
            raise InvalidLinkageModel(
                f"the model compares {sorted(columns)}, but person linkage needs "
                f"{sorted(_FIELDS)}; retrain it with train_model()"
            )
        return cls(
            settings_json=json.dumps(settings, sort_keys=True), trained_on_records=trained_on
        )


@dataclass(frozen=True, slots=True)
class LinkageResult:
    """The pairs found among a set of records, and the model that scored them.

    ``model_source`` is ``trained`` (trained on these records), ``default`` (too
    few records, or nothing to learn from: fixed m and u) or ``supplied`` (a model
    passed in).
    """

    confident: list[MatchPair]
    uncertain: list[MatchPair]
    model: LinkageModel
    model_source: Literal["trained", "default", "supplied"]
    record_ids: tuple[str, ...] = field(repr=False, default=())

    def clusters(self) -> list[frozenset[str]]:
        """Group the records into people using the confident pairs only."""
        return cluster_pairs(self.confident, self.record_ids)


# ------------------------------------------------------------------ normalising

_FIELDS = ("given_name", "family_name", "date_of_birth", "postcode", "sex")


def _check_unique_ids(records: Sequence[PersonRecord]) -> None:
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            raise InvalidPersonRecords(
                f"record id {record.id!r} appears more than once; ids must be unique"
            )
        seen.add(record.id)


_COLUMNS = (
    "unique_id", "given_name", "given_key", "family_name", "date_of_birth", "postcode", "sex",
    # Used only to block expectation maximisation, so that it may estimate m for
    # every comparison (it cannot for a column it blocks on).
    "given_initial", "family_initial", "birth_year", "birth_month",
)  # fmt: skip


# Intake scores each new person against the same held people again and again; the
# cache spares re-cleaning them (records are frozen, so they are safe keys).
@lru_cache(maxsize=50_000)
def _row(record: PersonRecord) -> tuple[Any, ...]:
    """Return the record as Splink sees it, in ``_COLUMNS`` order."""
    given = clean_name(record.given_name)
    family = clean_name(record.family_name)
    dob = record.date_of_birth
    return (
        record.id,
        given,
        given_name_key(given),
        family,
        dob,
        clean_postcode(record.postcode),
        record.sex,
        given[0] if given else None,
        family[0] if family else None,
        dob.year if dob else None,
        dob.month if dob else None,
    )


def _as_arrow(rows: Sequence[tuple[Any, ...]]) -> Any:
    """Return a pyarrow table of rows, typed explicitly so that empty columns compare."""
    import pyarrow as pa

    types = {"date_of_birth": pa.date32(), "birth_year": pa.int32(), "birth_month": pa.int32()}
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in _COLUMNS]
    return pa.table(
        {
            name: pa.array(values, types.get(name, pa.string()))
            for name, values in zip(_COLUMNS, columns, strict=True)
        }
    )


# ------------------------------------------------------------------ the model

# Candidate pairs agree on every column of at least one of these keys. Kept as data
# so that the same keys make Splink's blocking SQL and the Python pre-filter of
# match_incoming.
_BLOCKING_KEYS: dict[Blocking, tuple[tuple[str, ...], ...]] = {
    Blocking.STANDARD: (
        ("date_of_birth",),
        ("family_name", "given_key"),
        ("family_name", "postcode"),
        ("given_key", "postcode"),
        ("family_name", "birth_year"),
    ),
    Blocking.WIDE: (
        ("date_of_birth",),
        ("family_name", "given_key"),
        ("family_name", "postcode"),
        ("given_key", "postcode"),
        ("family_name", "birth_year"),
        ("given_key", "birth_year"),
        ("postcode", "birth_year"),
    ),
}


def _blocking_rules(blocking: Blocking) -> list[Any]:
    """Return Splink's blocking rules (as settings entries) for a choice of blocking."""
    return [
        {"blocking_rule": " AND ".join(f"l.{c} = r.{c}" for c in key), "sql_dialect": "duckdb"}
        for key in _BLOCKING_KEYS[blocking]
    ]


def _candidates(
    new: tuple[Any, ...], held: Iterable[tuple[Any, ...]], blocking: Blocking
) -> list[tuple[Any, ...]]:
    """Keep the held rows that share a blocking key with ``new`` (as Splink would)."""
    getters = [itemgetter(*(_COLUMNS.index(c) for c in key)) for key in _BLOCKING_KEYS[blocking]]
    # itemgetter of one column gives the value itself, of several a tuple.
    wanted = [
        (get, value)
        for get, value in ((get, get(new)) for get in getters)
        if None not in (value if isinstance(value, tuple) else (value,))
    ]
    return [row for row in held if any(get(row) == value for get, value in wanted)]


# Records agreeing on these are almost surely one person. Splink counts them and
# divides by the share of true matches they are assumed to catch (the recall) to
# estimate the prior; 0.6 is what they catch in the synthetic force (measured by
# bench/linkage.py), whose noise is deliberately heavy.
_DETERMINISTIC_RULES = (
    "l.given_key = r.given_key AND l.date_of_birth = r.date_of_birth",
    "l.given_key = r.given_key AND l.family_name = r.family_name AND l.postcode = r.postcode",
    "l.given_key = r.given_key AND l.family_name = r.family_name AND l.birth_year = r.birth_year",
)
_DETERMINISTIC_RECALL = 0.6

# Expectation maximisation cannot estimate m for a comparison whose columns it blocks
# on, and it drifts when the blocked pairs are mostly non-matches or leave only one or
# two fields free (blocked on names alone, a mother and daughter of one name look like
# one person). Blocking on initials and birth month, columns no comparison uses, keeps
# every field free and most blocked pairs true matches. Day/month swaps fall outside
# the block, so that level keeps its default m.
_EM_BLOCKING_RULE = (
    "l.given_initial = r.given_initial AND l.family_initial = r.family_initial "
    "AND l.birth_year = r.birth_year AND l.birth_month = r.birth_month"
)

_DEFAULT_PROBABILITY_TWO_RECORDS_MATCH = 2e-05

# m and u of each non-null level, in level order (best first, the catch-all last).
# Trained by train_model() on the synthetic force (``bench/linkage.py
# --print-default-model --people 20000 --duplicates 4000``, seed 0) and rounded. Two
# m values are assumptions, not estimates, because training never sees their level:
# dates of birth with day and month transposed (0.04) and more than a year apart
# (0.001). They stand in whenever there are too few records to train on, and are the
# starting point of every training run.
_DEFAULT_M_U: dict[str, tuple[tuple[float, float], ...]] = {
    "given_name": (
        (0.51, 0.0057), (0.035, 0.00027), (0.27, 0.0011), (0.042, 0.0059), (0.143, 0.987),
    ),
    "family_name": ((0.58, 0.0088), (0.26, 0.0012), (0.026, 0.0044), (0.134, 0.986)),
    "date_of_birth": (
        (0.655, 6.0e-05), (0.04, 1.8e-05), (0.268, 0.0011), (0.036, 0.029), (0.001, 0.97),
    ),
    "postcode": (
        (0.62, 0.00014), (0.0013, 0.0027), (0.0088, 0.025), (0.136, 0.351), (0.233, 0.622),
    ),
    "sex": ((0.94, 0.51), (0.06, 0.49)),
}  # fmt: skip


def _comparisons() -> list[Any]:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def name(column: str, nickname_level: bool) -> Any:
        levels: list[Any] = [
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(label_for_charts="exact match"),
        ]
        if nickname_level:
            levels.append(
                cll.ExactMatchLevel("given_key").configure(label_for_charts="same name or nickname")
            )
        levels += [
            cll.JaroWinklerLevel(column, 0.92).configure(label_for_charts="spelling close"),
            cll.JaroWinklerLevel(column, 0.8).configure(label_for_charts="spelling similar"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ]
        return cl.CustomComparison(levels, output_column_name=column)

    l_dob, r_dob = "date_of_birth_l", "date_of_birth_r"
    date_of_birth = cl.CustomComparison(
        [
            cll.NullLevel("date_of_birth"),
            cll.ExactMatchLevel("date_of_birth").configure(label_for_charts="exact match"),
            cll.CustomLevel(
                f"year({l_dob}) = year({r_dob}) AND month({l_dob}) = day({r_dob}) "
                f"AND day({l_dob}) = month({r_dob})",
                label_for_charts="day and month transposed",
            ),
            cll.CustomLevel(
                f"abs(date_diff('day', {l_dob}, {r_dob})) <= 1 OR levenshtein("
                f"strftime({l_dob}, '%Y-%m-%d'), strftime({r_dob}, '%Y-%m-%d')) <= 1",
                label_for_charts="a day apart or one digit different",
            ),
            # Without it the catch-all would lump a few weeks out with decades out,
            # and a father and son of one name at one address would look alike.
            cll.CustomLevel(
                f"abs(date_diff('day', {l_dob}, {r_dob})) <= 366",
                label_for_charts="within a year",
            ),
            cll.ElseLevel().configure(label_for_charts="more than a year apart"),
        ],
        output_column_name="date_of_birth",
    )
    postcode = cl.CustomComparison(
        [
            cll.NullLevel("postcode"),
            cll.ExactMatchLevel("postcode").configure(label_for_charts="exact match"),
            cll.CustomLevel(
                "split_part(postcode_l, ' ', 1) = split_part(postcode_r, ' ', 1) AND "
                "left(split_part(postcode_l, ' ', 2), 1) = left(split_part(postcode_r, ' ', 2), 1)",
                label_for_charts="same sector",
            ),
            cll.CustomLevel(
                "split_part(postcode_l, ' ', 1) = split_part(postcode_r, ' ', 1)",
                label_for_charts="same district",
            ),
            cll.CustomLevel(
                "regexp_extract(postcode_l, '^[A-Z]{1,2}') = "
                "regexp_extract(postcode_r, '^[A-Z]{1,2}')",
                label_for_charts="same area",
            ),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
        output_column_name="postcode",
    )
    sex = cl.CustomComparison(
        [
            cll.NullLevel("sex"),
            cll.ExactMatchLevel("sex").configure(label_for_charts="exact match"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
        output_column_name="sex",
    )
    return [name("given_name", True), name("family_name", False), date_of_birth, postcode, sex]


def _settings_dict(
    blocking: Blocking, m_u: Mapping[str, tuple[tuple[float, float], ...]]
) -> dict[str, Any]:
    """Return Splink settings for our comparisons, starting from the given m and u."""
    from splink import SettingsCreator

    comparisons = _comparisons()
    for comparison in comparisons:
        values = m_u[comparison.create_output_column_name()]
        comparison.configure(
            m_probabilities=[m for m, _ in values], u_probabilities=[u for _, u in values]
        )
    creator = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=_blocking_rules(blocking),
        probability_two_random_records_match=_DEFAULT_PROBABILITY_TWO_RECORDS_MATCH,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=[],
    )
    settings: dict[str, Any] = creator.create_settings_dict(sql_dialect_str="duckdb")
    return settings


def _with_blocking(settings: dict[str, Any], blocking: Blocking) -> dict[str, Any]:
    settings = dict(settings)
    settings["blocking_rules_to_generate_predictions"] = _blocking_rules(blocking)
    # Splink 5 writes the gamma (level) columns only with the matching columns, and
    # the per-comparison weights only with the intermediate ones: both explain a pair.
    settings["retain_matching_columns"] = True
    settings["retain_intermediate_calculation_columns"] = True
    return settings


@cache
def default_model() -> LinkageModel:
    """Return the built-in model: fixed m and u probabilities, no training.

    Returns
    -------
    LinkageModel
        With ``trained_on_records == 0``.
    """
    settings = _settings_dict(Blocking.STANDARD, _DEFAULT_M_U)
    return LinkageModel(json.dumps(settings, sort_keys=True), trained_on_records=0)


@contextmanager
def _duckdb() -> Iterator[duckdb.DuckDBPyConnection]:
    import duckdb

    # Splink's SQL needs only DuckDB's built-in functions; refusing to install
    # extensions means nothing is ever fetched from the network at run time. One
    # thread keeps floating-point sums in one order, so a seed gives one model.
    con = duckdb.connect(
        ":memory:",
        config={"autoinstall_known_extensions": False, "threads": 1},
    )
    try:
        yield con
    finally:
        con.close()


def _linker(con: duckdb.DuckDBPyConnection, table: Any, settings: dict[str, Any]) -> Any:
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(connection=con)
    frame = db_api.register(table, dataset_display_name="people")
    return Linker(frame, settings, log_level=None)


def train_model(records: Sequence[PersonRecord], params: LinkageParams) -> LinkageModel:
    """Train a model on the records themselves.

    u probabilities come from ``params.max_pairs`` random pairs (seeded); the prior
    from pairs agreeing on given name and date of birth, or on both names and the
    postcode or birth year (assumed to catch 60% of true matches); m probabilities
    from one expectation-maximisation session blocked on initials and birth month.
    Levels the session never sees keep the default model's values.

    Parameters
    ----------
    records
        At least ``params.min_records_to_train`` records with unique ids.
    params
        Linkage parameters; ``seed``, ``max_pairs`` and ``blocking`` are used here.

    Returns
    -------
    LinkageModel

    Raises
    ------
    InvalidPersonRecords
        If there are too few records, the ids repeat, or the records give Splink
        nothing to learn from (e.g. no dates of birth, so no training pairs).
    """
    from splink.internals.exceptions import SplinkException

    _check_unique_ids(records)
    if len(records) < params.min_records_to_train:
        raise InvalidPersonRecords(
            f"{len(records)} records are too few to train on "
            f"(min_records_to_train is {params.min_records_to_train}); use default_model()"
        )
    settings = _settings_dict(params.blocking, _DEFAULT_M_U)
    with _duckdb() as con:
        linker = _linker(con, _as_arrow([_row(r) for r in records]), settings)
        try:
            linker.training.estimate_probability_two_random_records_match(
                list(_DETERMINISTIC_RULES), recall=_DETERMINISTIC_RECALL
            )
            linker.training.estimate_u_using_random_sampling(
                max_pairs=params.max_pairs, seed=params.seed
            )
            linker.training.estimate_parameters_using_expectation_maximisation(_EM_BLOCKING_RULE)
        except (SplinkException, ZeroDivisionError) as exc:
            first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InvalidPersonRecords(
                f"these {len(records)} records cannot train a model ({first_line}); "
                "use default_model()"
            ) from exc
        trained: dict[str, Any] = linker.misc.save_model_to_json()
    # A random id Splink gives each linker; kept, it would make every model unique.
    trained["linker_uid"] = None
    return LinkageModel(json.dumps(trained, sort_keys=True), trained_on_records=len(records))


# ------------------------------------------------------------------ scoring

HOLD_GIVEN_NAMES_DIFFER = "given_names_differ"


@dataclass(frozen=True, slots=True)
class _Level:
    label: str
    outcome: Outcome


def _levels_by_gamma(settings: Mapping[str, Any]) -> dict[str, dict[int, _Level]]:
    """Map each comparison's gamma values to level labels, as Splink numbers them."""
    table: dict[str, dict[int, _Level]] = {}
    for comparison in settings["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [lv for lv in levels if not lv.get("is_null_level", False)]
        by_gamma: dict[int, _Level] = {}
        counter = len(non_null) - 1
        for level in levels:
            label = str(level.get("label_for_charts") or level["sql_condition"])
            if level.get("is_null_level", False):
                by_gamma[-1] = _Level("missing", "missing")
                continue
            if counter == len(non_null) - 1:
                outcome: Outcome = "agree"
            elif counter == 0:
                outcome = "disagree"
            else:
                outcome = "partial"
            by_gamma[counter] = _Level(label, outcome)
            counter -= 1
        table[comparison["output_column_name"]] = by_gamma
    return table


def _pairs_from_rows(
    rows: Iterable[Mapping[str, Any]],
    settings: Mapping[str, Any],
    params: LinkageParams,
    model_version: str,
    *,
    incoming_id: str | None = None,
) -> list[MatchPair]:
    levels = _levels_by_gamma(settings)
    pairs: list[MatchPair] = []
    for row in rows:
        probability = float(row["match_probability"])
        if probability < params.review_threshold:
            continue
        evidence = tuple(
            FieldEvidence(
                field=column,
                level=by_gamma[int(row[f"gamma_{column}"])].label,
                outcome=by_gamma[int(row[f"gamma_{column}"])].outcome,
                match_weight=round(float(row[f"mw_{column}"]), 4),
            )
            for column, by_gamma in levels.items()
        )
        left, right = str(row["unique_id_l"]), str(row["unique_id_r"])
        if incoming_id is not None:
            left, right = (left, right) if left == incoming_id else (right, left)
        elif right < left:
            left, right = right, left
        band = MatchBand.UNCERTAIN
        hold_reason = None
        if probability >= params.link_threshold:
            band = MatchBand.CONFIDENT
            given = next(e for e in evidence if e.field == "given_name")
            if params.hold_when_given_names_differ and given.outcome == "disagree":
                band, hold_reason = MatchBand.UNCERTAIN, HOLD_GIVEN_NAMES_DIFFER
        pairs.append(
            MatchPair(
                left_id=left,
                right_id=right,
                probability=probability,
                match_weight=float(row["match_weight"]),
                band=band,
                explanation=evidence,
                model_version=model_version,
                hold_reason=hold_reason,
            )
        )
    pairs.sort(key=lambda p: (-p.probability, p.left_id, p.right_id))
    return pairs


def find_matches(
    records: Sequence[PersonRecord],
    params: LinkageParams | None = None,
    *,
    model: LinkageModel | None = None,
) -> LinkageResult:
    """Find the pairs of records that may be the same person.

    Parameters
    ----------
    records
        Records with unique ids. Any number, including none.
    params
        Thresholds, blocking, seed; defaults to ``LinkageParams()``.
    model
        A model to score with. When ``None``, a model is trained on ``records`` if
        there are at least ``params.min_records_to_train`` and they can train one
        (see :func:`train_model`); otherwise the default model is used.

    Returns
    -------
    LinkageResult
        Confident pairs (probability at or above ``link_threshold``) and uncertain
        pairs (at or above ``review_threshold``), best first.
    """
    params = params or LinkageParams()
    _check_unique_ids(records)
    source: Literal["trained", "default", "supplied"]
    if model is not None:
        source = "supplied"
    elif len(records) >= params.min_records_to_train:
        try:
            model, source = train_model(records, params), "trained"
        except InvalidPersonRecords:
            # Nothing to learn from (say, no dates of birth at all): the fixed m and
            # u still score what the records do hold.
            model, source = default_model(), "default"
    else:
        model, source = default_model(), "default"
    ids = tuple(r.id for r in records)
    if len(records) < 2:
        return LinkageResult([], [], model, source, ids)
    settings = _with_blocking(model.settings(), params.blocking)
    with _duckdb() as con:
        linker = _linker(con, _as_arrow([_row(r) for r in records]), settings)
        predictions = linker.inference.predict(
            threshold_match_probability=params.review_threshold, warning_mode="never"
        )
        rows = predictions.as_record_list()
    pairs = _pairs_from_rows(rows, settings, params, model.version)
    return LinkageResult(
        confident=[p for p in pairs if p.band is MatchBand.CONFIDENT],
        uncertain=[p for p in pairs if p.band is MatchBand.UNCERTAIN],
        model=model,
        model_source=source,
        record_ids=ids,
    )


def match_incoming(
    new: PersonRecord,
    existing: Sequence[PersonRecord],
    params: LinkageParams | None = None,
    model: LinkageModel | None = None,
) -> list[MatchPair]:
    """Score an incoming person against the people already held.

    Parameters
    ----------
    new
        The person being recorded now.
    existing
        The people already held; a record with the same id as ``new`` is skipped.
    params
        Thresholds and blocking; defaults to ``LinkageParams()``.
    model
        A trained model (see :func:`train_model`); the default model when ``None``.

    Returns
    -------
    list of MatchPair
        Pairs at or above ``review_threshold``, best first, with ``left_id`` the
        incoming record's id; ``band`` says which are confident.
    """
    params = params or LinkageParams()
    model = model or default_model()
    others = [r for r in existing if r.id != new.id]
    if not others:
        return []
    _check_unique_ids(others)
    new_row = _row(new)
    # Blocking is done here, in Python, with the same keys Splink's blocking rules
    # are made from; Splink then scores only the few candidates. Splink's
    # compare_records (its real-time scorer) caches the scoring SQL per model, which
    # saves re-building and re-parsing it on every request: about 5x faster than
    # Linker.inference.predict_between. It sits in splink.internals, so the version
    # is pinned and a test checks that intake and batch scores agree.
    candidates = _candidates(new_row, (_row(r) for r in others), params.blocking)
    if not candidates:
        return []
    settings = model.settings()
    with _duckdb() as con:
        from splink import DuckDBAPI
        from splink.internals.realtime import compare_records

        predictions = compare_records(
            _as_arrow([new_row]),
            _as_arrow(candidates),
            settings,
            DuckDBAPI(connection=con),
            sql_cache_key=f"safehold-people-{model.version}",
        )
        rows = predictions.as_record_list()
    return _pairs_from_rows(rows, settings, params, model.version, incoming_id=new.id)


# ------------------------------------------------------------------ clustering


def cluster_pairs(
    links: Iterable[MatchPair | tuple[str, str]], record_ids: Iterable[str] = ()
) -> list[frozenset[str]]:
    """Join linked records into people (connected components of the links).

    Parameters
    ----------
    links
        Match pairs (usually the confident ones) or plain ``(id, id)`` pairs; every
        one given is taken as a link.
    record_ids
        All record ids, so that unlinked records come back as people of one record.

    Returns
    -------
    list of frozenset of str
        One set of record ids per person, largest first, then by smallest id.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for record_id in record_ids:
        root(record_id)
    for link in links:
        left, right = (link.left_id, link.right_id) if isinstance(link, MatchPair) else link
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, set[str]] = {}
    for node in parent:
        groups.setdefault(root(node), set()).add(node)
    return sorted((frozenset(g) for g in groups.values()), key=lambda g: (-len(g), min(g)))
