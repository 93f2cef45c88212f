"""What person linkage takes and gives: plain records, parameters, pairs and the model.

No Splink here (the engine is :mod:`.linkage`): the person record, the tunables
(:class:`LinkageParams`, loaded from the ``[linkage]`` table of the force's TOML), a scored
pair and its per-field explanation, the saved model (Splink's JSON settings, with a version
digest), the result of a deduplication and the clustering of linked records into people.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from .linkage_errors import InvalidLinkageModel, InvalidLinkageParams, InvalidPersonRecords

__all__ = [
    "FIELDS",
    "Blocking",
    "FieldEvidence",
    "LinkageModel",
    "LinkageParams",
    "LinkageResult",
    "MatchBand",
    "MatchPair",
    "Outcome",
    "PersonRecord",
    "check_unique_ids",
    "cluster_pairs",
]

# The fields a model compares (its comparisons' output columns).
FIELDS = ("given_name", "family_name", "date_of_birth", "postcode", "sex")


def check_unique_ids(records: Sequence[PersonRecord]) -> None:
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            raise InvalidPersonRecords(
                f"record id {record.id!r} appears more than once; ids must be unique"
            )
        seen.add(record.id)


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
        if columns != set(FIELDS):
            raise InvalidLinkageModel(
                f"the model compares {sorted(columns)}, but person linkage needs "
                f"{sorted(FIELDS)}; retrain it with train_model()"
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
