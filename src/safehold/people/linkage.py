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
  written in ``linkage_rows.py``), because training on a few dozen records fails or means nothing.
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

The records, parameters, pairs and model it takes and gives are in ``linkage_records.py``,
its errors in ``linkage_errors.py`` (``LinkageError`` and its subclasses, each with a stable
``code``), the rows it builds and the model's fixed settings in ``linkage_rows.py``, and the
reading of scored rows into explained pairs in ``linkage_pairs.py``; none of them imports
Splink. They are re-exported here, the documented import path (docs/linkage.md).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from .linkage_errors import (
    InvalidLinkageModel,
    InvalidLinkageParams,
    InvalidPersonRecords,
    LinkageError,
)
from .linkage_pairs import HOLD_GIVEN_NAMES_DIFFER, pairs_from_rows
from .linkage_records import (
    Blocking,
    FieldEvidence,
    LinkageModel,
    LinkageParams,
    LinkageResult,
    MatchBand,
    MatchPair,
    PersonRecord,
    check_unique_ids,
    cluster_pairs,
)
from .linkage_rows import (
    DEFAULT_M_U,
    DEFAULT_PROBABILITY_TWO_RECORDS_MATCH,
    DETERMINISTIC_RECALL,
    DETERMINISTIC_RULES,
    EM_BLOCKING_RULE,
    as_arrow,
    blocking_candidates,
    blocking_rules,
    row_of,
)

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
        blocking_rules_to_generate_predictions=blocking_rules(blocking),
        probability_two_random_records_match=DEFAULT_PROBABILITY_TWO_RECORDS_MATCH,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=[],
    )
    settings: dict[str, Any] = creator.create_settings_dict(sql_dialect_str="duckdb")
    return settings


def _with_blocking(settings: dict[str, Any], blocking: Blocking) -> dict[str, Any]:
    settings = dict(settings)
    settings["blocking_rules_to_generate_predictions"] = blocking_rules(blocking)
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
    settings = _settings_dict(Blocking.STANDARD, DEFAULT_M_U)
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

    check_unique_ids(records)
    if len(records) < params.min_records_to_train:
        raise InvalidPersonRecords(
            f"{len(records)} records are too few to train on "
            f"(min_records_to_train is {params.min_records_to_train}); use default_model()"
        )
    settings = _settings_dict(params.blocking, DEFAULT_M_U)
    with _duckdb() as con:
        linker = _linker(con, as_arrow([row_of(r) for r in records]), settings)
        try:
            linker.training.estimate_probability_two_random_records_match(
                list(DETERMINISTIC_RULES), recall=DETERMINISTIC_RECALL
            )
            linker.training.estimate_u_using_random_sampling(
                max_pairs=params.max_pairs, seed=params.seed
            )
            linker.training.estimate_parameters_using_expectation_maximisation(EM_BLOCKING_RULE)
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
    check_unique_ids(records)
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
        linker = _linker(con, as_arrow([row_of(r) for r in records]), settings)
        predictions = linker.inference.predict(
            threshold_match_probability=params.review_threshold, warning_mode="never"
        )
        rows = predictions.as_record_list()
    pairs = pairs_from_rows(rows, settings, params, model.version)
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
    check_unique_ids(others)
    new_row = row_of(new)
    # Blocking is done here, in Python, with the same keys Splink's blocking rules
    # are made from; Splink then scores only the few candidates. Splink's
    # compare_records (its real-time scorer) caches the scoring SQL per model, which
    # saves re-building and re-parsing it on every request: about 5x faster than
    # Linker.inference.predict_between. It sits in splink.internals, so the version
    # is pinned and a test checks that intake and batch scores agree.
    candidates = blocking_candidates(new_row, (row_of(r) for r in others), params.blocking)
    if not candidates:
        return []
    settings = model.settings()
    with _duckdb() as con:
        from splink import DuckDBAPI
        from splink.internals.realtime import compare_records

        predictions = compare_records(
            as_arrow([new_row]),
            as_arrow(candidates),
            settings,
            DuckDBAPI(connection=con),
            sql_cache_key=f"safehold-people-{model.version}",
        )
        rows = predictions.as_record_list()
    return pairs_from_rows(rows, settings, params, model.version, incoming_id=new.id)
