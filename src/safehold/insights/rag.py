"""Inspection readiness: PEEL areas, thresholds and each measure's RAG status.

The configuration (``config/inspection.toml``, with a version) says which PEEL 2023-25
area each measure is evidence for and where green, amber and red begin. Pure: no Django.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .rates import Measure

PACKAGED = Path(__file__).with_name("config") / "inspection.toml"


class ConfigError(ValueError):
    """The configuration is wrong; the message names the key."""


@dataclass(frozen=True, slots=True)
class Threshold:
    green: float
    amber: float
    higher_is_better: bool
    afi: str


@dataclass(frozen=True, slots=True)
class Area:
    key: str
    title: str
    measures: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InspectionConfig:
    version: str
    areas: tuple[Area, ...]
    thresholds: dict[str, Threshold]


def load_config(path: Path | None = None) -> InspectionConfig:
    """Read and check the configuration (the packaged copy without ``path``)."""
    where = path or PACKAGED
    try:
        doc: dict[str, Any] = tomllib.loads(where.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    version = doc.get("version")
    if not isinstance(version, str) or not version:
        raise ConfigError(f"{where}: 'version' is required (a string)")
    thresholds = {}
    for key, t in (doc.get("thresholds") or {}).items():
        try:
            thresholds[key] = Threshold(
                float(t["green"]),
                float(t["amber"]),
                bool(t.get("higher_is_better", True)),
                str(t.get("afi", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: thresholds.{key} needs numbers green and amber") from exc
        th = thresholds[key]
        if (th.green < th.amber) if th.higher_is_better else (th.green > th.amber):
            raise ConfigError(f"{where}: thresholds.{key}: green must be better than amber")
    areas = []
    for i, a in enumerate(doc.get("areas") or []):
        if "key" not in a or "title" not in a:
            raise ConfigError(f"{where}: areas[{i}] needs key and title")
        measures = tuple(a.get("measures", []))
        for m in measures:
            if m not in thresholds:
                raise ConfigError(f"{where}: areas[{i}] names {m!r}, which has no thresholds")
        areas.append(Area(a["key"], a["title"], measures))
    return InspectionConfig(version, tuple(areas), thresholds)


@dataclass(frozen=True, slots=True)
class Rag:
    status: str  # green, amber, red or grey (no data)
    reasons: tuple[str, ...]
    afi: str


def assess(measure: Measure, threshold: Threshold) -> Rag:
    """The RAG status of a measure's overall value, moved by a significant trend."""
    value = measure.overall
    if value is None:
        return Rag("grey", ("No data in the period (or too few cases to show).",), "")

    def better_or_equal(a: float, b: float) -> bool:
        return a >= b if threshold.higher_is_better else a <= b

    if better_or_equal(value, threshold.green):
        status = "green"
    elif better_or_equal(value, threshold.amber):
        status = "amber"
    else:
        status = "red"
    word = "at least" if threshold.higher_is_better else "at most"
    reasons = [
        (
            f"{value:.1f} {measure.unit} over the period; green is {word} {threshold.green:g}, "
            f"amber {word} {threshold.amber:g}."
        )
    ]
    trend = measure.trend
    if trend.significant:
        improving = (trend.per_month > 1) == threshold.higher_is_better
        if not improving and status == "green":
            status = "amber"
            reasons.append("Green on its level, but significantly worsening: " + trend.describe())
        else:
            reasons.append(("Improving: " if improving else "Worsening: ") + trend.describe())
    else:
        reasons.append("Trend: " + trend.describe() + ".")
    return Rag(status, tuple(reasons), "" if status == "green" else threshold.afi)
