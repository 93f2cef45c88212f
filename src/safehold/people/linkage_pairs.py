"""Reading the engine's scored rows into explained, banded pairs.

No Splink here (the engine is :mod:`.linkage`): each scored row becomes a
:class:`~.linkage_records.MatchPair` with its per-field evidence, confident at or above the
link threshold, uncertain at or above the review threshold, and held as uncertain when the
given names differ outright (twins; see ``hold_when_given_names_differ``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .linkage_records import FieldEvidence, LinkageParams, MatchBand, MatchPair, Outcome

__all__ = ["HOLD_GIVEN_NAMES_DIFFER", "pairs_from_rows"]


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


def pairs_from_rows(
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
