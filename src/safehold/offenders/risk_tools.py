"""The risk tools as they define risk: pure rules over ``config/risk-tools.toml``.

- the static actuarial tool (Risk Matrix 2000 or its successor): a category per scale
  and the combined category (:func:`combined_category`);
- ARMS: seven risk and four protective factors, each scored, giving a *priority for work*
  (:func:`arms_priority`), never a risk level;
- RoSH: a level with its rationale (recorded, nothing to compute);
- the overall level: the highest of the static combined category and the RoSH level,
  with its reasons and the configuration's version (:func:`overall_level`).

No Django; the register's services store the inputs and the results.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from .vocabulary import LEVEL_KEYS, RiskLevel

DEFAULT_FILE: Final = Path(__file__).with_name("config") / "risk-tools.toml"
PRIORITIES: Final = ("low", "medium", "high")


class RiskToolsConfigError(ValueError):
    """The risk-tools configuration is wrong; the message names the key to fix."""

    code = "invalid_risk_tools"


@dataclass(frozen=True, slots=True)
class StaticTool:
    key: str
    name: str
    scales: tuple[tuple[str, str], ...]  # (code, label)
    combine: str  # "points" or "highest"
    points: tuple[tuple[str, int], ...] = ()
    bands: tuple[tuple[int, str], ...] = ()  # (highest sum, level), ascending


@dataclass(frozen=True, slots=True)
class Factor:
    key: str
    label: str
    protective: bool


@dataclass(frozen=True, slots=True)
class RiskTools:
    version: str
    static_tool: str
    tools: tuple[StaticTool, ...]
    arms_name: str
    max_score: int
    factors: tuple[Factor, ...]
    high_from: int
    medium_from: int
    protective_lowers_from: int
    review_after_change_days: int

    def tool(self, key: str) -> StaticTool:
        for t in self.tools:
            if t.key == key:
                return t
        raise KeyError(key)

    @property
    def risk_factors(self) -> tuple[Factor, ...]:
        return tuple(f for f in self.factors if not f.protective)

    @property
    def protective_factors(self) -> tuple[Factor, ...]:
        return tuple(f for f in self.factors if f.protective)


def _need(raw: dict[str, Any], key: str, where: str, kind: type) -> Any:
    value = raw.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise RiskToolsConfigError(f"{where}{key} must be given as a {kind.__name__}")
    return value


def _pairs(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not value:
        raise RiskToolsConfigError(f"{where} must be a list of [key, label] pairs")
    out = []
    for i, item in enumerate(value, start=1):
        if not (
            isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)
        ):
            raise RiskToolsConfigError(f"{where} item {i} must be [key, label]")
        out.append((item[0], item[1]))
    if len({k for k, _ in out}) != len(out):
        raise RiskToolsConfigError(f"{where} repeats a key")
    return tuple(out)


def _static(key: str, raw: Any) -> StaticTool:
    where = f"static.tools.{key}."
    if not isinstance(raw, dict):
        raise RiskToolsConfigError(f"{where[:-1]} must be a table")
    combine = raw.get("combine")
    if combine not in ("points", "highest"):
        raise RiskToolsConfigError(f"{where}combine must be 'points' or 'highest'")
    tool = StaticTool(
        key, _need(raw, "name", where, str), _pairs(raw.get("scales"), f"{where}scales"), combine
    )
    if combine == "highest":
        return tool
    points = _need(raw, "points", where, dict)
    if set(points) != set(LEVEL_KEYS) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in points.values()
    ):
        raise RiskToolsConfigError(
            f"{where}points must give a whole number for each of {', '.join(LEVEL_KEYS)}"
        )
    bands = raw.get("bands")
    if not isinstance(bands, list) or not bands:
        raise RiskToolsConfigError(f"{where}bands must list [highest sum, level] pairs")
    parsed: list[tuple[int, str]] = []
    for i, band in enumerate(bands, start=1):
        if not (
            isinstance(band, list)
            and len(band) == 2
            and isinstance(band[0], int)
            and band[1] in LEVEL_KEYS
        ):
            raise RiskToolsConfigError(f"{where}bands item {i} must be [highest sum, level]")
        parsed.append((band[0], band[1]))
    if [b for b, _ in parsed] != sorted(b for b, _ in parsed):
        raise RiskToolsConfigError(f"{where}bands must rise")
    most = max(points.values()) * len(tool.scales)
    if parsed[-1][0] < most:
        raise RiskToolsConfigError(f"{where}bands must reach the highest sum ({most})")
    return StaticTool(
        key,
        tool.name,
        tool.scales,
        combine,
        tuple((k, int(points[k])) for k in LEVEL_KEYS),
        tuple(parsed),
    )


def parse_config(text: str) -> RiskTools:
    """The configuration from TOML text; :class:`RiskToolsConfigError` names the key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RiskToolsConfigError(f"not valid TOML: {exc}") from None
    version = _need(raw, "version", "", str)
    static = _need(raw, "static", "", dict)
    tools_raw = _need(static, "tools", "static.", dict)
    tools = tuple(_static(k, v) for k, v in tools_raw.items())
    chosen = _need(static, "tool", "static.", str)
    if chosen not in tools_raw:
        raise RiskToolsConfigError(f"static.tool must be one of {', '.join(tools_raw)}")
    arms = _need(raw, "arms", "", dict)
    max_score = _need(arms, "max_score", "arms.", int)
    risk = _pairs(arms.get("risk_factors"), "arms.risk_factors")
    protective = _pairs(arms.get("protective_factors"), "arms.protective_factors")
    factors = tuple(Factor(k, v, False) for k, v in risk) + tuple(
        Factor(k, v, True) for k, v in protective
    )
    if len({f.key for f in factors}) != len(factors):
        raise RiskToolsConfigError("arms factors repeat a key")
    priority = _need(arms, "priority", "arms.", dict)
    high_from = _need(priority, "high_from", "arms.priority.", int)
    medium_from = _need(priority, "medium_from", "arms.priority.", int)
    if not 0 < medium_from <= high_from:
        raise RiskToolsConfigError("arms.priority.medium_from must be above 0 and <= high_from")
    overall = _need(raw, "overall", "", dict)
    if overall.get("rule") != "highest":
        raise RiskToolsConfigError("overall.rule must be 'highest' (the only rule so far)")
    plan = _need(raw, "plan", "", dict)
    days = _need(plan, "review_after_change_days", "plan.", int)
    if days < 0:
        raise RiskToolsConfigError("plan.review_after_change_days must be 0 or more")
    return RiskTools(
        version=version,
        static_tool=chosen,
        tools=tools,
        arms_name=_need(arms, "name", "arms.", str),
        max_score=max_score,
        factors=factors,
        high_from=high_from,
        medium_from=medium_from,
        protective_lowers_from=_need(priority, "protective_lowers_from", "arms.priority.", int),
        review_after_change_days=days,
    )


@cache
def default_config() -> RiskTools:
    return parse_config(DEFAULT_FILE.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------ rules


def combined_category(tool: StaticTool, categories: dict[str, str]) -> tuple[str, str]:
    """The combined category from one category per scale, and how it was reached.

    Raises ``ValueError`` naming the scale whose category is missing or unknown.
    """
    for code, label in tool.scales:
        if categories.get(code) not in LEVEL_KEYS:
            raise ValueError(f"Give the {label} category ({', '.join(LEVEL_KEYS)})")
    if tool.combine == "highest":
        best = max((RiskLevel(categories[c]) for c, _ in tool.scales), key=lambda r: r.rank)
        return (
            best.value,
            f"{tool.name}: the combined category is the highest scale ({best.label}).",
        )
    points = dict(tool.points)
    total = sum(points[categories[c]] for c, _ in tool.scales)
    level = next(lvl for top, lvl in tool.bands if total <= top)
    return level, (
        f"{tool.name}: the scales give {total} points "
        f"({' + '.join(f'{c} {points[categories[c]]}' for c, _ in tool.scales)}), "
        f"so the combined category is {RiskLevel(level).label.lower()}."
    )


@dataclass(frozen=True, slots=True)
class ArmsResult:
    risk_total: int
    protective_total: int
    priority: str  # one of PRIORITIES
    reasons: tuple[str, ...]


def arms_priority(config: RiskTools, scores: dict[str, int]) -> ArmsResult:
    """The priority for work that ARMS factor scores give (never a risk level).

    Raises ``ValueError`` naming the factor whose score is missing or out of range.
    """
    for f in config.factors:
        value = scores.get(f.key)
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or not 0 <= value <= config.max_score
        ):
            raise ValueError(f"Score '{f.label}' from 0 to {config.max_score}")
    risk = sum(scores[f.key] for f in config.risk_factors)
    protective = sum(scores[f.key] for f in config.protective_factors)
    band = 2 if risk >= config.high_from else 1 if risk >= config.medium_from else 0
    reasons = [
        (
            f"Risk factors score {risk} of {config.max_score * len(config.risk_factors)}: "
            f"{PRIORITIES[band]} priority (high from {config.high_from}, medium from "
            f"{config.medium_from})."
        )
    ]
    lowers = config.protective_lowers_from
    if band > 0 and lowers and protective >= lowers:
        band -= 1
        reasons.append(
            f"Protective factors score {protective} (at least {lowers}): one band lower, "
            f"{PRIORITIES[band]}."
        )
    else:
        reasons.append(f"Protective factors score {protective}.")
    return ArmsResult(risk, protective, PRIORITIES[band], tuple(reasons))


@dataclass(frozen=True, slots=True)
class Overall:
    level: str | None
    reasons: tuple[str, ...]
    version: str


def overall_level(
    config: RiskTools,
    *,
    static: tuple[str, str] | None,
    rosh: str | None,
    arms: str | None = None,
) -> Overall:
    """The overall level from the latest static combined category and RoSH level.

    ``static`` is (tool name, combined category); ``arms`` the latest priority for
    work, which is reported but never changes the level. None when neither is recorded.
    """
    reasons: list[str] = []
    levels: list[RiskLevel] = []
    if static is not None:
        levels.append(RiskLevel(static[1]))
        reasons.append(f"{static[0]} combined category: {RiskLevel(static[1]).label.lower()}.")
    else:
        reasons.append("No static actuarial assessment recorded.")
    if rosh is not None:
        levels.append(RiskLevel(rosh))
        reasons.append(f"Risk of serious harm (RoSH): {RiskLevel(rosh).label.lower()}.")
    else:
        reasons.append("No RoSH level recorded.")
    if arms is not None:
        reasons.append(
            f"{config.arms_name} priority for work: {arms} (sets the work, not the level)."
        )
    if not levels:
        return Overall(None, tuple(reasons), config.version)
    best = max(levels, key=lambda r: r.rank)
    reasons.append(f"Overall: {best.label.lower()}, the highest of these ({config.version}).")
    return Overall(best.value, tuple(reasons), config.version)
