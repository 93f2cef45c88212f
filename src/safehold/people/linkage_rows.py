"""A person record as the linkage engine sees it, and the model's fixed settings.

No Splink here (the engine is :mod:`.linkage`): the cleaned row of each record (names and
postcodes cleaned by :mod:`.names`), the blocking keys that choose the candidate pairs (as
data, so the same keys make Splink's blocking SQL and the Python pre-filter of intake), the
rules that estimate the prior, and the default model's m and u probabilities.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

from .linkage_records import Blocking, PersonRecord
from .names import clean_name, clean_postcode, given_name_key

__all__ = [
    "BLOCKING_KEYS",
    "COLUMNS",
    "DEFAULT_M_U",
    "DEFAULT_PROBABILITY_TWO_RECORDS_MATCH",
    "DETERMINISTIC_RECALL",
    "DETERMINISTIC_RULES",
    "EM_BLOCKING_RULE",
    "as_arrow",
    "blocking_candidates",
    "blocking_rules",
    "row_of",
]


COLUMNS = (
    "unique_id", "given_name", "given_key", "family_name", "date_of_birth", "postcode", "sex",
    # Used only to block expectation maximisation, so that it may estimate m for
    # every comparison (it cannot for a column it blocks on).
    "given_initial", "family_initial", "birth_year", "birth_month",
)  # fmt: skip


# Intake scores each new person against the same held people again and again; the
# cache spares re-cleaning them (records are frozen, so they are safe keys).
@lru_cache(maxsize=50_000)
def row_of(record: PersonRecord) -> tuple[Any, ...]:
    """Return the record as Splink sees it, in ``COLUMNS`` order."""
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


def as_arrow(rows: Sequence[tuple[Any, ...]]) -> Any:
    """Return a pyarrow table of rows, typed explicitly so that empty columns compare."""
    import pyarrow as pa

    types = {"date_of_birth": pa.date32(), "birth_year": pa.int32(), "birth_month": pa.int32()}
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in COLUMNS]
    return pa.table(
        {
            name: pa.array(values, types.get(name, pa.string()))
            for name, values in zip(COLUMNS, columns, strict=True)
        }
    )


# Candidate pairs agree on every column of at least one of these keys. Kept as data
# so that the same keys make Splink's blocking SQL and the Python pre-filter of
# match_incoming.
BLOCKING_KEYS: dict[Blocking, tuple[tuple[str, ...], ...]] = {
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


def blocking_rules(blocking: Blocking) -> list[Any]:
    """Return Splink's blocking rules (as settings entries) for a choice of blocking."""
    return [
        {"blocking_rule": " AND ".join(f"l.{c} = r.{c}" for c in key), "sql_dialect": "duckdb"}
        for key in BLOCKING_KEYS[blocking]
    ]


def blocking_candidates(
    new: tuple[Any, ...], held: Iterable[tuple[Any, ...]], blocking: Blocking
) -> list[tuple[Any, ...]]:
    """Keep the held rows that share a blocking key with ``new`` (as Splink would)."""
    getters = [itemgetter(*(COLUMNS.index(c) for c in key)) for key in BLOCKING_KEYS[blocking]]
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
DETERMINISTIC_RULES = (
    "l.given_key = r.given_key AND l.date_of_birth = r.date_of_birth",
    "l.given_key = r.given_key AND l.family_name = r.family_name AND l.postcode = r.postcode",
    "l.given_key = r.given_key AND l.family_name = r.family_name AND l.birth_year = r.birth_year",
)
DETERMINISTIC_RECALL = 0.6

# Expectation maximisation cannot estimate m for a comparison whose columns it blocks
# on, and it drifts when the blocked pairs are mostly non-matches or leave only one or
# two fields free (blocked on names alone, a mother and daughter of one name look like
# one person). Blocking on initials and birth month, columns no comparison uses, keeps
# every field free and most blocked pairs true matches. Day/month swaps fall outside
# the block, so that level keeps its default m.
EM_BLOCKING_RULE = (
    "l.given_initial = r.given_initial AND l.family_initial = r.family_initial "
    "AND l.birth_year = r.birth_year AND l.birth_month = r.birth_month"
)

DEFAULT_PROBABILITY_TWO_RECORDS_MATCH = 2e-05

# m and u of each non-null level, in level order (best first, the catch-all last).
# Trained by train_model() on the synthetic force (``bench/linkage.py
# --print-default-model --people 20000 --duplicates 4000``, seed 0) and rounded. Two
# m values are assumptions, not estimates, because training never sees their level:
# dates of birth with day and month transposed (0.04) and more than a year apart
# (0.001). They stand in whenever there are too few records to train on, and are the
# starting point of every training run.
DEFAULT_M_U: dict[str, tuple[tuple[float, float], ...]] = {
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
