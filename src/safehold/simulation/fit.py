"""Fit the simulation's inputs from a force's own incident records (pure).

:func:`fit_demand` takes plain :class:`IncidentRecord` rows (``inputs.py`` reads them
from the demand app's tables) and returns :class:`FittedDemand`: arrival rates by hour
of week and grade (counts over the weeks observed), each grade's urban share and
resolution-centre share, lognormal handling and travel times (fitted on the logarithm),
and the compliance the records show, for calibration.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from .params import HOURS_PER_WEEK, Distribution

LONDON = ZoneInfo("Europe/London")
#: Routes on which a response unit attends (scheduled attendance is response's too).
ATTENDED_ROUTES = frozenset({"response", "scheduled"})
#: Fewer observations than this and a distribution is not fitted (the scenario's is used).
MIN_SAMPLES = 30


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """One incident as the simulation sees it (no names, nothing about people)."""

    received_at: datetime
    grade: int | None
    urban: bool
    route: str  # response, scheduled, appointment, resolution_centre, advice
    minutes_to_arrival: float | None = None
    travel_minutes: float | None = None
    handling_minutes: float | None = None
    target_minutes: float | None = None


@dataclass(frozen=True, slots=True)
class FittedGrade:
    grade: int
    arrivals_per_hour: tuple[float, ...]
    urban_share: float
    resolution_centre_share: float
    handling: Distribution | None
    incidents: int


@dataclass(frozen=True, slots=True)
class RecordedCompliance:
    """What the records show for one grade: attended, within target, p50/p90 minutes."""

    grade: int
    attended: int
    share_within_target: float | None
    p50_minutes: float | None
    p90_minutes: float | None


@dataclass(frozen=True, slots=True)
class FittedDemand:
    weeks: float
    incidents: int
    grades: dict[int, FittedGrade]
    travel_urban: Distribution | None
    travel_rural: Distribution | None
    recorded: dict[int, RecordedCompliance] = field(default_factory=dict)
    first: datetime | None = None
    last: datetime | None = None


def fit_lognormal(samples: list[float]) -> Distribution | None:
    """A lognormal with the samples' log-mean and log-spread; ``None`` when too few."""
    xs = [x for x in samples if x > 0 and math.isfinite(x)]
    if len(xs) < MIN_SAMPLES:
        return None
    logs = [math.log(x) for x in xs]
    mu = math.fsum(logs) / len(logs)
    var = math.fsum((v - mu) ** 2 for v in logs) / (len(logs) - 1)
    mean = math.exp(mu + var / 2.0)
    sd = mean * math.sqrt(math.expm1(var)) if var > 0 else mean * 1e-6
    return Distribution("lognormal", mean, max(sd, 1e-6))


def _quantile(xs: list[float], q: float) -> float:
    s = sorted(xs)
    pos = (len(s) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def hour_of_week(at: datetime) -> int:
    """0 for Monday 00:00-01:00 (Europe/London) up to 167."""
    local = at.astimezone(LONDON)
    return local.weekday() * 24 + local.hour


def fit_demand(records: list[IncidentRecord]) -> FittedDemand | None:
    """Fit the inputs from ``records``; ``None`` when there are none with a grade."""
    graded = [r for r in records if r.grade is not None]
    if not graded:
        return None
    first = min(r.received_at for r in graded)
    last = max(r.received_at for r in graded)
    weeks = max((last - first).total_seconds() / (7 * 86400), 1.0)
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * HOURS_PER_WEEK)
    by_grade: dict[int, list[IncidentRecord]] = defaultdict(list)
    travel: dict[bool, list[float]] = {True: [], False: []}
    for r in graded:
        grade = int(r.grade)  # type: ignore[arg-type]
        counts[grade][hour_of_week(r.received_at)] += 1
        by_grade[grade].append(r)
        if r.route in ATTENDED_ROUTES and r.travel_minutes is not None:
            travel[r.urban].append(r.travel_minutes)
    grades = {}
    recorded = {}
    for grade, rows in sorted(by_grade.items()):
        attended = [
            r for r in rows if r.route in ATTENDED_ROUTES and r.minutes_to_arrival is not None
        ]
        handling = [r.handling_minutes for r in attended if r.handling_minutes is not None]
        grades[grade] = FittedGrade(
            grade=grade,
            arrivals_per_hour=tuple(c / weeks for c in counts[grade]),
            urban_share=sum(r.urban for r in rows) / len(rows),
            resolution_centre_share=sum(r.route == "resolution_centre" for r in rows) / len(rows),
            handling=fit_lognormal(handling),
            incidents=len(rows),
        )
        times = [r.minutes_to_arrival for r in attended if r.minutes_to_arrival is not None]
        with_target = [r for r in attended if r.target_minutes is not None]
        recorded[grade] = RecordedCompliance(
            grade=grade,
            attended=len(attended),
            share_within_target=(
                sum((r.minutes_to_arrival or 0.0) <= (r.target_minutes or 0.0) for r in with_target)
                / len(with_target)
                if with_target
                else None
            ),
            p50_minutes=_quantile(times, 0.5) if times else None,
            p90_minutes=_quantile(times, 0.9) if times else None,
        )
    return FittedDemand(
        weeks=weeks,
        incidents=len(graded),
        grades=grades,
        travel_urban=fit_lognormal(travel[True]),
        travel_rural=fit_lognormal(travel[False]),
        recorded=recorded,
        first=first,
        last=last,
    )
