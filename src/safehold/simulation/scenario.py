"""Scenarios: versioned TOML files that set (or change) the simulation's inputs (pure).

A scenario may ``extends`` another (a packaged name or a file beside it); tables merge
key by key, so ``[response.shifts.late] add_units = 2`` is a whole scenario. The
packaged scenarios live in ``scenarios/*.toml``; docs/simulation.md describes every key.
A bad file raises :class:`ScenarioError` naming the key (and its line when it can).
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final

from .fit import FittedDemand
from .params import (
    HOURS_PER_WEEK,
    Distribution,
    GradeInputs,
    InputError,
    ModelInputs,
    ResolutionCentre,
    Shift,
)

SCENARIO_VERSION: Final = 1
PACKAGED: Final = ("today", "no-resolution-centre", "demand-plus-10", "late-shift-plus-2")


class ScenarioError(ValueError):
    """A scenario file is wrong: ``field`` is the TOML key, ``line`` its line when known."""

    def __init__(self, source: str, field: str, message: str, line: int | None = None) -> None:
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {field}: {message}")
        self.source = source
        self.field = field
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Scenario:
    """A loaded scenario: its name, title, whether it fits from records, and its merged table."""

    name: str
    title: str
    fit: bool
    data: dict[str, Any]
    source: str

    def inputs(self, fitted: FittedDemand | None = None) -> ModelInputs:
        """The model inputs; from ``fitted`` records where the scenario asks to fit."""
        try:
            return _build(self.data, fitted if self.fit else None)
        except InputError as exc:
            raise ScenarioError(self.source, exc.field, exc.message) from exc

    @property
    def uses_fitted(self) -> bool:
        return self.fit


def packaged_names() -> tuple[str, ...]:
    """The names of the packaged scenarios."""
    return PACKAGED


def _packaged_text(name: str) -> str | None:
    ref = resources.files("safehold.simulation") / "scenarios" / f"{name}.toml"
    return ref.read_text(encoding="utf-8") if ref.is_file() else None


def load_scenario(name_or_path: str) -> Scenario:
    """Load a packaged scenario by name, or a TOML file by path."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise ScenarioError(name_or_path, "file", "no such scenario file")
        return _load(path.read_text(encoding="utf-8"), str(path), path.parent, set())
    text = _packaged_text(name_or_path)
    if text is None:
        known = ", ".join(PACKAGED)
        raise ScenarioError(
            name_or_path, "scenario", f"no packaged scenario of that name; known: {known}"
        )
    return _load(text, name_or_path, None, set())


def parse_scenario(text: str, source: str = "scenario") -> Scenario:
    """Load a scenario from its TOML text (``extends`` may name a packaged scenario)."""
    return _load(text, source, None, set())


def _load(text: str, source: str, folder: Path | None, seen: set[str]) -> Scenario:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        raise ScenarioError(source, "toml", str(exc), line) from exc
    version = raw.get("version")
    if version != SCENARIO_VERSION:
        raise ScenarioError(
            source,
            "version",
            f"must be {SCENARIO_VERSION}, got {version!r}",
            _line(text, "version"),
        )
    data: dict[str, Any] = {}
    parent = raw.get("extends")
    if parent is not None:
        if not isinstance(parent, str):
            raise ScenarioError(source, "extends", "must be a scenario name or file")
        if parent in seen:
            raise ScenarioError(source, "extends", f"{parent!r} extends itself in a loop")
        base = _load_parent(parent, source, folder, {*seen, source}, text)
        data = base.data
    merged = _merge(data, {k: v for k, v in raw.items() if k not in ("extends", "name", "title")})
    name = raw.get("name", Path(source).stem)
    scenario = Scenario(
        name=str(name),
        title=str(raw.get("title", name)),
        fit=bool(merged.get("fit", "") == "last-year"),
        data=merged,
        source=source,
    )
    try:
        _build(merged, None)  # validate now, so errors name this file
    except InputError as exc:
        raise ScenarioError(source, exc.field, exc.message, _line(text, exc.field)) from exc
    except (TypeError, KeyError, ValueError) as exc:
        raise ScenarioError(source, "scenario", str(exc)) from exc
    return scenario


def _load_parent(
    parent: str, source: str, folder: Path | None, seen: set[str], text: str
) -> Scenario:
    if folder is not None and (folder / parent).is_file():
        path = folder / parent
        return _load(path.read_text(encoding="utf-8"), str(path), path.parent, seen)
    packaged = _packaged_text(parent)
    if packaged is None:
        raise ScenarioError(
            source,
            "extends",
            f"no scenario {parent!r} (a packaged name or a file beside this one)",
            _line(text, "extends"),
        )
    return _load(packaged, parent, None, seen)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _line(text: str, dotted: str) -> int | None:
    """The line of ``dotted`` (e.g. ``response.shifts.late.units``) in the TOML text, if found."""
    parts = dotted.split(".")
    table = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("["):
            table = line.strip("[] ")
            if table == dotted:
                return number
            continue
        key = line.split("=", 1)[0].strip()
        full = f"{table}.{key}" if table else key
        if "=" in line and (full == dotted or dotted.startswith(f"{full}.")):
            return number
        if "=" in line and table and parts[-1] == key and dotted.startswith(table):
            return number
    return None


# --- from the merged table to ModelInputs -------------------------------------------------


def _get(
    table: dict[str, Any], key: str, path: str, kind: type | tuple[type, ...], default: Any = None
) -> Any:
    if key not in table:
        if default is not None:
            return default
        raise InputError(f"{path}.{key}" if path else key, "is missing")
    value = table[key]
    if isinstance(value, bool) and kind is not bool:
        raise InputError(f"{path}.{key}", f"must be a number, got {value!r}")
    if not isinstance(value, kind):
        raise InputError(f"{path}.{key}" if path else key, f"has the wrong type: {value!r}")
    return value


def _dist(table: Any, path: str) -> Distribution:
    if not isinstance(table, dict):
        raise InputError(
            path, "must be a table: { kind = ..., mean_minutes = ..., sd_minutes = ... }"
        )
    try:
        return Distribution(
            kind=table.get("kind", "lognormal"),
            mean_minutes=float(_get(table, "mean_minutes", path, (int, float))),
            sd_minutes=float(table.get("sd_minutes", 0.0)),
        )
    except InputError as exc:
        raise InputError(f"{path}.{exc.field}", exc.message) from exc


def _clock(value: Any, path: str) -> int:
    try:
        hh, mm = str(value).split(":")
        minutes = int(hh) * 60 + int(mm)
    except ValueError:
        raise InputError(path, f"must be a time HH:MM, got {value!r}") from None
    if not 0 <= minutes <= 1440:
        raise InputError(path, f"must be a time HH:MM, got {value!r}")
    return minutes


def _weights(value: Any, n: int, path: str) -> list[float]:
    if not (isinstance(value, list) and len(value) == n):
        raise InputError(path, f"needs {n} numbers")
    if any(isinstance(v, bool) or not isinstance(v, int | float) or v < 0 for v in value):
        raise InputError(path, "needs numbers ≥ 0")
    total = math.fsum(value)
    if total <= 0:
        raise InputError(path, "needs at least one number > 0")
    return [v / total for v in value]


def _profile(demand: dict[str, Any]) -> list[float]:
    """168 weights summing to 1, Monday 00:00 first."""
    if "hour_of_week" in demand:
        return _weights(demand["hour_of_week"], HOURS_PER_WEEK, "demand.hour_of_week")
    days = _weights(demand.get("day_of_week", [1] * 7), 7, "demand.day_of_week")
    hours = _weights(demand.get("hour_of_day", [1] * 24), 24, "demand.hour_of_day")
    return [d * h for d in days for h in hours]


def _build(data: dict[str, Any], fitted: FittedDemand | None) -> ModelInputs:
    run = data.get("run", {})
    demand = _get(data, "demand", "", dict)
    factor = float(_get(demand, "factor", "demand", (int, float), 1.0))
    if not factor > 0:
        raise InputError("demand.factor", f"must be > 0, got {factor}")
    grades_table = _get(data, "grades", "", dict)
    per_year = float(_get(demand, "incidents_per_year", "demand", (int, float)))
    if not per_year > 0:
        raise InputError("demand.incidents_per_year", "must be > 0")
    profile = _profile(demand)
    shares = {}
    for key, g in grades_table.items():
        if not key.isdigit() or not isinstance(g, dict):
            raise InputError(f"grades.{key}", "grades are tables named by number: [grades.1]")
        shares[int(key)] = float(_get(g, "share", f"grades.{key}", (int, float)))
    total_share = math.fsum(shares.values())
    if abs(total_share - 1.0) > 0.01:
        raise InputError("grades", f"the grades' shares must add up to 1, not {total_share:.3f}")
    grades = []
    for key, g in sorted(grades_table.items(), key=lambda kv: int(kv[0])):
        path = f"grades.{key}"
        number = int(key)
        fg = fitted.grades.get(number) if fitted else None
        if fg is not None:
            rates = tuple(r * factor for r in fg.arrivals_per_hour)
        else:
            weekly = per_year / 52.0 * shares[number] * factor
            rates = tuple(weekly * w for w in profile)
        urban_default = fg.urban_share if fg else None
        handling = (
            fg.handling if fg and fg.handling else _dist(g.get("handling"), f"{path}.handling")
        )
        rc_share = (
            fg.resolution_centre_share if fg else float(g.get("resolution_centre_share", 0.0))
        )
        target_u = g.get("target_urban_minutes")
        target_r = g.get("target_rural_minutes", target_u)
        grades.append(
            GradeInputs(
                grade=number,
                name=str(g.get("name", f"Grade {number}")),
                arrivals_per_hour=rates,
                attended=bool(_get(g, "attended", path, bool)),
                target_urban_minutes=float(target_u) if target_u is not None else None,
                target_rural_minutes=float(target_r) if target_r is not None else None,
                urban_share=urban_default
                if urban_default is not None
                else float(_get(g, "urban_share", path, (int, float))),
                handling=handling,
                resolution_centre_share=rc_share,
                double_crew_share=float(g.get("double_crew_share", 0.0)),
            )
        )
    travel = _get(data, "travel", "", dict)
    travel_urban = (
        fitted.travel_urban
        if fitted and fitted.travel_urban
        else _dist(travel.get("urban"), "travel.urban")
    )
    travel_rural = (
        fitted.travel_rural
        if fitted and fitted.travel_rural
        else _dist(travel.get("rural"), "travel.rural")
    )
    response = _get(data, "response", "", dict)
    shifts_table = _get(response, "shifts", "response", dict)
    shifts = []
    for name, s in shifts_table.items():
        path = f"response.shifts.{name}"
        if not isinstance(s, dict):
            raise InputError(path, "must be a table")
        units = int(_get(s, "units", path, int)) + int(s.get("add_units", 0))
        double = int(s.get("double_crewed_units", 0)) + int(s.get("add_double_crewed_units", 0))
        shifts.append(
            Shift(
                name=name,
                start_minute=_clock(_get(s, "start", path, str), f"{path}.start"),
                hours=float(_get(s, "hours", path, (int, float))),
                units=units,
                double_crewed_units=min(double, units),
            )
        )
    rc_table = data.get("resolution_centre", {"enabled": False})
    rc = ResolutionCentre(
        enabled=bool(rc_table.get("enabled", True)),
        investigators=int(rc_table.get("investigators", 0))
        + int(rc_table.get("add_investigators", 0)),
        opens_minute=_clock(rc_table.get("opens", "08:00"), "resolution_centre.opens"),
        closes_minute=_clock(rc_table.get("closes", "22:00"), "resolution_centre.closes"),
        handling=_dist(
            rc_table.get("handling", {"kind": "lognormal", "mean_minutes": 60, "sd_minutes": 40}),
            "resolution_centre.handling",
        ),
        fallback_grade=int(rc_table.get("fallback_grade", 3)),
    )
    return ModelInputs(
        grades=tuple(grades),
        shifts=tuple(shifts),
        travel_urban=travel_urban,
        travel_rural=travel_rural,
        resolution_centre=rc,
        weeks=float(run.get("weeks", 52)),
        warmup_days=float(run.get("warmup_days", 7)),
        cooldown_days=float(run.get("cooldown_days", 3)),
        clock_start=run.get("clock_start", "call"),
    )
