"""The planner's tunables: `PlannerParams`, with the force's defaults and its TOML table.

Prizes, service times by risk level, the search budget and seed, the time bands used to
vary visit times, and PyVRP's neighbourhood sizes. `PlannerParams` validates itself
when made; `PlannerParams.from_dict` reads the ``[planner]`` table of a force's TOML and
`PlannerParams.to_dict` writes it back. A bad value raises `PlannerParamsError`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import time
from typing import Any

from safehold.offenders.vocabulary import PerRiskLevel
from safehold.planning.problem import (
    PlanInputError,
    PlannerParamsError,
    RiskLevel,
    Visit,
    hhmm,
)

__all__ = ["MAX_ITERATIONS", "MAX_RUNTIME_S", "PerRiskLevel", "PlannerParams", "TimeBand"]

# Every entry point (page, API, command line, TOML) makes a PlannerParams, so these bounds
# hold everywhere. An iteration budget alone (for reproducible plans) still stops at the
# wall-clock ceiling: ``{"seconds": null, "iterations": 1000000000}`` once queued a run
# without a limit.
MAX_RUNTIME_S = 3600.0
MAX_ITERATIONS = 1_000_000


def _parse_time(value: Any, what: str) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise PlannerParamsError(f'{what} is {value!r}; give a time such as "08:00"')


@dataclass(frozen=True, slots=True)
class TimeBand:
    """A stretch of the day, ``start`` inclusive to ``end`` exclusive, local time."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise PlanInputError(
                f"time band ends {hhmm(self.end)} before it starts {hhmm(self.start)}; "
                "bands stay within one day"
            )

    def label(self) -> str:
        """``"08:00-12:00"``."""
        return f"{hhmm(self.start)}-{hhmm(self.end)}"


def _per_risk(value: Any, what: str) -> PerRiskLevel:
    if isinstance(value, PerRiskLevel):
        return value
    if not isinstance(value, Mapping):
        raise PlannerParamsError(f"{what} must be a table of the four risk levels")
    unknown = set(value) - {level.value for level in RiskLevel}
    missing = {level.value for level in RiskLevel} - set(value)
    if unknown or missing:
        raise PlannerParamsError(
            f"{what}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}; "
            "give very_high, high, medium and low",
            code="unknown_key" if unknown else "invalid_planner_params",
        )
    return PerRiskLevel(**{k: int(v) for k, v in value.items()})


def _band(value: Any, what: str) -> TimeBand:
    if isinstance(value, TimeBand):
        return value
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
        raise PlannerParamsError(f'{what} must be [start, end], e.g. ["08:00", "22:00"]')
    try:
        return TimeBand(_parse_time(value[0], what), _parse_time(value[1], what))
    except PlanInputError as error:
        raise PlannerParamsError(f"{what}: {error}") from error


@dataclass(frozen=True, slots=True)
class PlannerParams:
    """Tunables of the visit planner, with the force's defaults.

    Prizes are in metres of travel: a visit with prize 50,000 is worth a 50 km detour.
    A copy's prize on day ``d`` (day 0 is the start) for risk weight ``w``:

    - overdue by ``o`` days at the start:
      ``(B*w*(1 + min(o, overdue_cap_days)/overdue_scale_days) + bonus) * (1 - day_decay*d)``,
      where ``bonus = must_serve_bonus * B`` for the must-serve levels, else 0;
    - due on day ``t >= 0``: ``B*w`` up to day ``t``, then
      ``B*w*late_factor*(1 - day_decay*(d - t - 1))``;
    - times ``repeat_slot_factor`` when the copy is on the weekday and in the time band
      of one of the offender's recent visits.

    The day factors never fall below 0.1. ``B`` is ``prize_base_m``.

    Parameters
    ----------
    horizon_days
        Days planned, from the start date.
    max_runtime_s, max_iterations
        Search budget; the search stops at whichever comes first. Give at least one.
        Use an iteration budget where the plan must be reproducible.
    seed
        Seed of the search; the same seed and iteration budget give the same plan.
    risk_weights
        Value of a visit per risk level, relative to a low-risk one.
    service_minutes
        Time at the door per risk level, when a visit gives none.
    must_serve_levels
        Overdue visits at these levels are never left out while a pair-day can take them.
    prize_base_m, must_serve_bonus, overdue_cap_days, overdue_scale_days, day_decay,
    late_factor, repeat_slot_factor
        The prize formula above.
    default_window
        When a visit may be made if it gives no windows (local time).
    time_bands
        The bands used to vary visit times ("morning", "afternoon", "evening").
    num_neighbours, weight_wait_time
        PyVRP's own neighbourhood, used up to ``large_model_copies`` copies.
    large_model_copies, same_day_neighbours, other_day_neighbours
        Above that many copies, a cheaper neighbourhood of the nearest homes: so many
        neighbours on the same day and on each other day.
    """

    horizon_days: int = 5
    max_runtime_s: float | None = 60.0
    max_iterations: int | None = None
    seed: int = 0
    risk_weights: PerRiskLevel = PerRiskLevel(very_high=20, high=8, medium=2, low=1)
    service_minutes: PerRiskLevel = PerRiskLevel(very_high=45, high=40, medium=35, low=30)
    must_serve_levels: tuple[RiskLevel, ...] = (RiskLevel.VERY_HIGH, RiskLevel.HIGH)
    prize_base_m: int = 50_000
    must_serve_bonus: float = 10.0
    overdue_cap_days: int = 120
    overdue_scale_days: int = 60
    day_decay: float = 0.1
    late_factor: float = 0.7
    repeat_slot_factor: float = 0.5
    default_window: TimeBand = TimeBand(time(8), time(22))
    time_bands: tuple[TimeBand, ...] = (
        TimeBand(time(8), time(12)),
        TimeBand(time(12), time(17)),
        TimeBand(time(17), time(22)),
    )
    num_neighbours: int = 50
    weight_wait_time: float = 0.2
    large_model_copies: int = 3000
    same_day_neighbours: int = 40
    other_day_neighbours: int = 4

    def __post_init__(self) -> None:
        def bad(message: str) -> PlannerParamsError:
            return PlannerParamsError(message)

        if not 1 <= self.horizon_days <= 28:
            raise bad(f"horizon_days is {self.horizon_days}; plan 1 to 28 days")
        if self.max_runtime_s is None and self.max_iterations is None:
            raise bad("give max_runtime_s or max_iterations (or both) to bound the search")
        if self.max_runtime_s is not None and not 0 < self.max_runtime_s <= MAX_RUNTIME_S:
            raise bad(f"max_runtime_s is {self.max_runtime_s}; give 0 to 3600 seconds")
        if self.max_iterations is not None and not 0 <= self.max_iterations <= MAX_ITERATIONS:
            raise bad(f"max_iterations is {self.max_iterations}; give 0 to {MAX_ITERATIONS:,}")
        if not 0 <= self.seed < 2**32:
            raise bad(f"seed is {self.seed}; give 0 to 2**32 - 1")
        for level in RiskLevel:
            if self.risk_weights.for_level(level) < 1:
                raise bad(f"risk_weights.{level.value} must be at least 1")
            if not 5 <= self.service_minutes.for_level(level) <= 480:
                raise bad(f"service_minutes.{level.value} must be 5 to 480")
        object.__setattr__(
            self, "must_serve_levels", tuple(RiskLevel(v) for v in self.must_serve_levels)
        )
        # Keep prizes per second of service far below PyVRP's time-warp penalty
        # ceiling (100,000 per second), or squeezing a visit in with time warp pays.
        if not 1 <= self.prize_base_m <= 200_000:
            raise bad(f"prize_base_m is {self.prize_base_m}; give 1 to 200,000 metres")
        if not 0 <= self.must_serve_bonus <= 50:
            raise bad(f"must_serve_bonus is {self.must_serve_bonus}; give 0 to 50")
        if not 0 <= self.overdue_cap_days <= 3650 or self.overdue_scale_days < 1:
            raise bad("overdue_cap_days must be 0 to 3650 and overdue_scale_days at least 1")
        if not 0 <= self.day_decay <= 0.5:
            raise bad(f"day_decay is {self.day_decay}; give 0 to 0.5")
        for name in ("late_factor", "repeat_slot_factor"):
            if not 0 <= getattr(self, name) <= 1:
                raise bad(f"{name} is {getattr(self, name)}; give 0 to 1")
        bands = sorted(self.time_bands, key=lambda b: b.start)
        if any(a.end > b.start for a, b in itertools.pairwise(bands)):
            raise bad("time_bands overlap; give bands that follow one another")
        if not 1 <= self.num_neighbours <= 200 or not 1 <= self.same_day_neighbours <= 200:
            raise bad("num_neighbours and same_day_neighbours must be 1 to 200")
        if not 0 <= self.other_day_neighbours <= 50:
            raise bad("other_day_neighbours must be 0 to 50")
        if not 1 <= self.large_model_copies <= 1_000_000:
            raise bad("large_model_copies must be 1 to 1,000,000")
        if not 0 <= self.weight_wait_time <= 100:
            raise bad(f"weight_wait_time is {self.weight_wait_time}; give 0 to 100")
        if not 1 <= self.overdue_scale_days <= 3650:
            raise bad("overdue_scale_days must be 1 to 3650")
        if any(self.risk_weights.for_level(level) > 1000 for level in RiskLevel):
            raise bad("risk_weights must be 1 to 1000")
        if len(self.time_bands) > 24:
            raise bad("give at most 24 time_bands")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlannerParams:
        """Build from a TOML table (``[planner]``); unknown keys are an error.

        Times are ``"HH:MM"`` strings; ``default_window`` is ``["08:00", "22:00"]``,
        ``time_bands`` a list of such pairs; ``risk_weights`` and ``service_minutes``
        are tables keyed by ``very_high``, ``high``, ``medium`` and ``low``.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise PlannerParamsError(
                f"unknown planner settings {unknown}; known settings are {sorted(known)}",
                code="unknown_key",
            )
        values: dict[str, Any] = dict(data)
        for key in ("risk_weights", "service_minutes"):
            if key in values:
                values[key] = _per_risk(values[key], key)
        if "default_window" in values:
            values["default_window"] = _band(values["default_window"], "default_window")
        if "time_bands" in values:
            values["time_bands"] = tuple(
                _band(b, f"time_bands[{i}]") for i, b in enumerate(values["time_bands"])
            )
        if "must_serve_levels" in values:
            try:
                values["must_serve_levels"] = tuple(
                    RiskLevel(v) for v in values["must_serve_levels"]
                )
            except ValueError as error:
                raise PlannerParamsError(
                    f"must_serve_levels: {error}; use very_high, high, medium, low"
                ) from error
        try:
            return cls(**values)
        except TypeError as error:
            raise PlannerParamsError(f"planner settings: {error}") from error

    def to_dict(self) -> dict[str, Any]:
        """The TOML-shaped dictionary that :meth:`from_dict` reads back."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, PerRiskLevel):
                value = value.to_dict()
            elif isinstance(value, TimeBand):
                value = [hhmm(value.start), hhmm(value.end)]
            elif f.name == "time_bands":
                value = [[hhmm(b.start), hhmm(b.end)] for b in value]
            elif f.name == "must_serve_levels":
                value = [level.value for level in value]
            out[f.name] = value
        return out

    def service_s(self, visit: Visit) -> int:
        """Seconds at the door for a visit."""
        minutes = visit.duration_minutes or self.service_minutes.for_level(visit.risk_level)
        return minutes * 60
