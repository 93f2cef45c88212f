"""The simulation's inputs: plain, self-validating parameter objects (no SimPy, no Django).

`ModelInputs` is everything one replication needs: arrivals by hour of week and grade,
the response roster, the resolution centre, handling and travel time distributions and
the run length. Scenarios (``scenario.py``) and fitting (``fit.py``) build it;
``model.py`` runs it. Times are minutes; the week starts Monday 00:00 (Europe/London
wall-clock hours, as the force's records are counted).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Final, Literal

HOURS_PER_WEEK: Final = 168
MINUTES_PER_DAY: Final = 1440

DistributionKind = Literal["lognormal", "exponential", "fixed"]
ClockStart = Literal["call", "dispatch"]


class InputError(ValueError):
    """An input value is wrong; ``field`` names it (a TOML key path where there is one)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Distribution:
    """A positive duration in minutes.

    Parameters
    ----------
    kind
        ``lognormal`` (mean and standard deviation of the minutes themselves),
        ``exponential`` (mean) or ``fixed``.
    mean_minutes
        The mean duration.
    sd_minutes
        The standard deviation (lognormal only).
    """

    kind: DistributionKind
    mean_minutes: float
    sd_minutes: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in ("lognormal", "exponential", "fixed"):
            raise InputError("kind", f"must be lognormal, exponential or fixed, got {self.kind!r}")
        if not (self.mean_minutes >= 0 and math.isfinite(self.mean_minutes)):
            raise InputError("mean_minutes", f"must be a number ≥ 0, got {self.mean_minutes!r}")
        if self.kind == "lognormal" and not (self.sd_minutes > 0 and self.mean_minutes > 0):
            raise InputError("sd_minutes", "a lognormal needs a mean and a standard deviation > 0")

    def lognormal_params(self) -> tuple[float, float]:
        """(mu, sigma) of the underlying normal for this mean and standard deviation."""
        sigma2 = math.log(1.0 + (self.sd_minutes / self.mean_minutes) ** 2)
        return math.log(self.mean_minutes) - sigma2 / 2.0, math.sqrt(sigma2)


@dataclass(frozen=True, slots=True)
class GradeInputs:
    """One grade: its arrivals, how it is handled, and its attendance target.

    Parameters
    ----------
    grade
        The grade number; a lower number is served first.
    arrivals_per_hour
        168 rates (incidents an hour), Monday 00:00-01:00 first.
    attended
        Whether a response unit attends (grades 1-3 by default; appointments and
        incidents resolved without deployment are outside the response model).
    target_urban_minutes, target_rural_minutes
        Attendance target by area; ``None`` for a grade without one.
    urban_share
        Share of the grade's incidents in urban areas.
    handling
        Minutes a unit spends at the incident (after travel).
    resolution_centre_share
        Share routed to the resolution centre instead.
    double_crew_share
        Share that needs a double-crewed unit.
    """

    grade: int
    name: str
    arrivals_per_hour: tuple[float, ...]
    attended: bool
    target_urban_minutes: float | None
    target_rural_minutes: float | None
    urban_share: float
    handling: Distribution
    resolution_centre_share: float = 0.0
    double_crew_share: float = 0.0

    def __post_init__(self) -> None:
        key = f"grades.{self.grade}"
        if len(self.arrivals_per_hour) != HOURS_PER_WEEK:
            raise InputError(f"{key}.arrivals_per_hour", "needs 168 values, Monday 00:00 first")
        if any(not (r >= 0 and math.isfinite(r)) for r in self.arrivals_per_hour):
            raise InputError(f"{key}.arrivals_per_hour", "rates must be numbers ≥ 0")
        for name in ("urban_share", "resolution_centre_share", "double_crew_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InputError(f"{key}.{name}", f"must be between 0 and 1, got {value!r}")
        for name in ("target_urban_minutes", "target_rural_minutes"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                raise InputError(f"{key}.{name}", f"must be > 0 minutes, got {value!r}")


@dataclass(frozen=True, slots=True)
class Shift:
    """A daily shift of response units.

    ``hours`` of 24 means units on duty round the clock with no handover (used for the
    plain M/M/c case). Of ``units``, ``double_crewed_units`` carry two officers.
    """

    name: str
    start_minute: int
    hours: float
    units: int
    double_crewed_units: int = 0

    def __post_init__(self) -> None:
        key = f"response.shifts.{self.name}"
        if not 0 <= self.start_minute < MINUTES_PER_DAY:
            raise InputError(f"{key}.start", "must be a time of day, HH:MM")
        if not 0 < self.hours <= 24:
            raise InputError(
                f"{key}.hours", f"must be more than 0 and at most 24, got {self.hours}"
            )
        if self.units < 0:
            raise InputError(f"{key}.units", f"must be ≥ 0, got {self.units}")
        if not 0 <= self.double_crewed_units <= self.units:
            raise InputError(
                f"{key}.double_crewed_units", f"must be between 0 and units ({self.units})"
            )

    @property
    def officers(self) -> int:
        return self.units + self.double_crewed_units


@dataclass(frozen=True, slots=True)
class ResolutionCentre:
    """Investigators resolving incidents by telephone, open ``opens``-``closes`` daily.

    When ``enabled`` is false its incidents fall on response as grade ``fallback_grade``.
    """

    enabled: bool = True
    investigators: int = 0
    opens_minute: int = 8 * 60
    closes_minute: int = 22 * 60
    handling: Distribution = field(default_factory=lambda: Distribution("lognormal", 60.0, 40.0))
    fallback_grade: int = 3

    def __post_init__(self) -> None:
        if not 0 <= self.opens_minute < self.closes_minute <= MINUTES_PER_DAY:
            raise InputError("resolution_centre.opens", "must open before it closes, same day")
        if self.investigators < 0:
            raise InputError("resolution_centre.investigators", "must be ≥ 0")


@dataclass(frozen=True, slots=True)
class ModelInputs:
    """Everything one replication needs (see the module docstring)."""

    grades: tuple[GradeInputs, ...]
    shifts: tuple[Shift, ...]
    travel_urban: Distribution
    travel_rural: Distribution
    resolution_centre: ResolutionCentre = field(default_factory=ResolutionCentre)
    weeks: float = 52.0
    warmup_days: float = 7.0
    cooldown_days: float = 3.0
    clock_start: ClockStart = "call"

    def __post_init__(self) -> None:
        if not self.grades:
            raise InputError("grades", "at least one grade is needed")
        numbers = [g.grade for g in self.grades]
        if len(set(numbers)) != len(numbers):
            raise InputError("grades", "each grade number may appear once")
        if not self.weeks > 0:
            raise InputError("run.weeks", f"must be > 0, got {self.weeks}")
        if self.warmup_days < 0 or self.cooldown_days < 0:
            raise InputError("run.warmup_days", "warm-up and cool-down must be ≥ 0 days")
        if self.clock_start not in ("call", "dispatch"):
            raise InputError("run.clock_start", "must be call or dispatch")
        names = [s.name for s in self.shifts]
        if len(set(names)) != len(names):
            raise InputError("response.shifts", "each shift name may appear once")
        rc = self.resolution_centre
        if not rc.enabled and rc.fallback_grade not in numbers:
            raise InputError("resolution_centre.fallback_grade", "must be one of the grades")

    def grade(self, number: int) -> GradeInputs:
        """The grade numbered ``number``."""
        for g in self.grades:
            if g.grade == number:
                return g
        raise KeyError(number)

    @property
    def incidents_per_year(self) -> float:
        """Expected incidents in 52 weeks at these rates."""
        return sum(sum(g.arrivals_per_hour) for g in self.grades) * 52


def inputs_to_dict(inputs: ModelInputs) -> dict[str, Any]:
    """``inputs`` as JSON-able data (floats survive JSON exactly)."""
    return asdict(inputs)


def inputs_from_dict(data: dict[str, Any]) -> ModelInputs:
    """The inverse of :func:`inputs_to_dict`."""
    rc = dict(data["resolution_centre"])
    rc["handling"] = Distribution(**rc["handling"])
    return ModelInputs(
        grades=tuple(
            GradeInputs(
                **{
                    **g,
                    "arrivals_per_hour": tuple(g["arrivals_per_hour"]),
                    "handling": Distribution(**g["handling"]),
                }
            )
            for g in data["grades"]
        ),
        shifts=tuple(Shift(**s) for s in data["shifts"]),
        travel_urban=Distribution(**data["travel_urban"]),
        travel_rural=Distribution(**data["travel_rural"]),
        resolution_centre=ResolutionCentre(**rc),
        weeks=data["weeks"],
        warmup_days=data["warmup_days"],
        cooldown_days=data["cooldown_days"],
        clock_start=data["clock_start"],
    )
