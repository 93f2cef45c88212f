"""The planning problem as the caller gives it: visits, officer pairs and their shifts.

Plain frozen dataclasses that check themselves when made and raise `PlanInputError`
saying what to fix. Times are local wall-clock times; days count from the plan's start
date (day 0). This module also holds the planner's errors:

- `PlanningError`: the base, with a stable ``code``;
- `PlannerParamsError` (also ``ValueError``): a planner parameter is out of range or
  unknown (``invalid_planner_params``, ``unknown_key``);
- `PlanInputError` (also ``ValueError``): a visit, pair or shift cannot be planned as
  given (``invalid_plan_input``, ``invalid_shift``, ``unknown_pinned_pair``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from safehold.offenders.vocabulary import RiskLevel  # the register's one definition
from safehold.planning.travel import LatLon

__all__ = [
    "AllowedWindow",
    "DutyShift",
    "OfficerPair",
    "PlanInputError",
    "PlannerParamsError",
    "PlanningError",
    "RiskLevel",
    "Visit",
]


# --------------------------------------------------------------------------- errors


class PlanningError(Exception):
    """The planner cannot work with what it was given; ``code`` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class PlannerParamsError(PlanningError, ValueError):
    """A planner parameter is out of range or unknown; the message says what to fix."""

    def __init__(self, message: str, code: str = "invalid_planner_params") -> None:
        super().__init__(code, message)


class PlanInputError(PlanningError, ValueError):
    """A visit, pair or shift cannot be planned as given; the message says what to fix."""

    def __init__(self, message: str, code: str = "invalid_plan_input") -> None:
        super().__init__(code, message)


# --------------------------------------------------------------------------- inputs


def hhmm(t: time) -> str:
    """``"08:00"``: a time as hours and minutes."""
    return t.strftime("%H:%M")


@dataclass(frozen=True, slots=True)
class AllowedWindow:
    """When a visit may be made on one weekday (0 = Monday), local time.

    The whole visit, not only its start, must fit inside the window.
    """

    weekday: int
    start: time
    end: time

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise PlanInputError(f"weekday is {self.weekday}; give 0 (Monday) to 6 (Sunday)")
        if self.end <= self.start:
            raise PlanInputError(
                f"allowed window ends {hhmm(self.end)} before it starts {hhmm(self.start)}"
            )


@dataclass(frozen=True, slots=True)
class DutyShift:
    """A pair's shift on one day of the horizon (day 0 is the plan's start date)."""

    day: int
    start: time
    end: time

    def __post_init__(self) -> None:
        if self.day < 0:
            raise PlanInputError(f"shift day is {self.day}; day 0 is the plan's first day")
        if self.end <= self.start:
            raise PlanInputError(
                f"shift ends {hhmm(self.end)} before it starts {hhmm(self.start)}; "
                "split a shift that crosses midnight into two days",
                code="invalid_shift",
            )


def _check_location(where: str, location: LatLon) -> None:
    lat, lon = location
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise PlanInputError(f"{where} is at ({lat}, {lon}); give (latitude, longitude)")


@dataclass(frozen=True, slots=True)
class OfficerPair:
    """Two officers who visit together, based at a station, with their shifts."""

    id: str
    station_id: str
    station_location: LatLon
    shifts: tuple[DutyShift, ...]

    def __post_init__(self) -> None:
        if not self.id or not self.station_id:
            raise PlanInputError("an officer pair needs an id and a station_id")
        _check_location(f"station {self.station_id}", self.station_location)
        days = [s.day for s in self.shifts]
        if len(days) != len(set(days)):
            raise PlanInputError(f"pair {self.id} has two shifts on one day; give one per day")


@dataclass(frozen=True, slots=True)
class Visit:
    """A home visit that is due or overdue.

    Parameters
    ----------
    id
        The caller's id for the visit (returned in the plan).
    location
        The home, ``(lat, lon)``.
    risk_level
        The offender's risk level.
    due_date
        When the visit is due; days overdue at the plan's start follow from it.
    earliest_day
        The first day of the horizon it may be made on.
    duration_minutes
        Time at the door; ``None`` takes the risk level's default from the parameters.
    allowed_windows
        When it may be made, per weekday; empty means the default window every day.
    recent_visits
        When the last visits were made (timezone-aware). A copy on the same weekday
        and in the same time band as one of them has its prize discounted, so visit
        days and times vary (APP).
    pinned_pair, pinned_day, pinned_start
        For a visit done or under way when re-planning: the pair and day it belongs
        to, and the local time it started (if known).
    """

    id: str
    location: LatLon
    risk_level: RiskLevel
    due_date: date
    earliest_day: int = 0
    duration_minutes: int | None = None
    allowed_windows: tuple[AllowedWindow, ...] = ()
    recent_visits: tuple[datetime, ...] = ()
    pinned_pair: str | None = None
    pinned_day: int | None = None
    pinned_start: time | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise PlanInputError("a visit needs an id")
        _check_location(f"visit {self.id}", self.location)
        object.__setattr__(self, "risk_level", RiskLevel(self.risk_level))
        if self.earliest_day < 0:
            raise PlanInputError(f"visit {self.id}: earliest_day is {self.earliest_day}")
        if self.duration_minutes is not None and not 5 <= self.duration_minutes <= 480:
            raise PlanInputError(
                f"visit {self.id}: duration_minutes is {self.duration_minutes}; give 5 to 480"
            )
        if (self.pinned_pair is None) != (self.pinned_day is None):
            raise PlanInputError(
                f"visit {self.id}: give both pinned_pair and pinned_day, or neither"
            )
        if self.pinned_start is not None and self.pinned_day is None:
            raise PlanInputError(f"visit {self.id}: pinned_start needs pinned_pair and day")
        for seen in self.recent_visits:
            if seen.tzinfo is None:
                raise PlanInputError(
                    f"visit {self.id}: recent visit {seen} has no timezone; give aware times"
                )

    @property
    def is_pinned(self) -> bool:
        """Done or under way: it stays with its pair and day."""
        return self.pinned_pair is not None

    def days_overdue(self, start_date: date) -> int:
        """Days overdue on the plan's first day (0 when not yet overdue)."""
        return max(0, (start_date - self.due_date).days)
