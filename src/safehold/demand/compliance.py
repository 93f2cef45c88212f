"""Response-time compliance from incident rows: share within target and p50/p90 time to
arrival by grade, area and hour of the week; the resolution centre's share of demand and
the response-officer hours it saves.

Pure: plain rows in (one per incident, read in one query by ``queries.compliance``), a
plain dict out, the same for the page, the API and ``safehold demand compliance --json``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .policy import DemandPolicy
from .vocabulary import Route

LONDON = ZoneInfo("Europe/London")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """What compliance reads of one incident (UTC datetimes)."""

    grade: int | None
    area: str
    route: str
    incident_type: str
    received_at: datetime
    dispatched_at: datetime | None
    arrived_at: datetime | None
    resolved_at: datetime | None
    target_minutes: int | None


def percentile(sorted_values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) by linear interpolation; None for no values."""
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    if lo == hi:
        return sorted_values[lo]
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


@dataclass
class _Cell:
    minutes: list[float]
    within: int = 0

    def add(self, minutes: float, within: bool) -> None:
        self.minutes.append(minutes)
        self.within += within

    def summary(self) -> dict[str, Any]:
        values = sorted(self.minutes)
        n = len(values)
        p50, p90 = percentile(values, 50), percentile(values, 90)
        return {
            "attended": n,
            "within_target": self.within,
            "share_within_target": round(self.within / n, 4) if n else None,
            "p50_minutes": round(p50, 1) if p50 is not None else None,
            "p90_minutes": round(p90, 1) if p90 is not None else None,
        }


def _cell() -> _Cell:
    return _Cell([])


def hour_of_week(at: datetime) -> int:
    """0 = Monday 00:00-01:00 Europe/London ... 167 = Sunday 23:00."""
    local = at.astimezone(LONDON)
    return local.weekday() * 24 + local.hour


def summarise(
    rows: Iterable[IncidentRow],
    policy: DemandPolicy,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
) -> dict[str, Any]:
    """Compliance figures for ``rows`` (those received in [start, end))."""
    total = 0
    by_route: dict[str, int] = defaultdict(int)
    by_grade: dict[int, _Cell] = defaultdict(_cell)
    by_area: dict[tuple[str, int], _Cell] = defaultdict(_cell)
    by_how: dict[int, _Cell] = defaultdict(_cell)
    rc_resolved = 0
    # Response-officer minutes (dispatch to clear) on attended incidents of the types the
    # resolution centre takes, to price what the centre saves.
    officer_minutes: list[float] = []
    for r in rows:
        total += 1
        by_route[r.route or "not_routed"] += 1
        if r.route == Route.RESOLUTION_CENTRE and r.resolved_at is not None:
            rc_resolved += 1
        if (
            r.route in (Route.SCHEDULED, Route.RESPONSE)
            and r.incident_type in policy.rc_eligible_types
            and r.dispatched_at is not None
            and r.resolved_at is not None
        ):
            officer_minutes.append((r.resolved_at - r.dispatched_at).total_seconds() / 60)
        attended = r.route in (Route.RESPONSE, Route.SCHEDULED)
        if not attended or r.grade is None or r.arrived_at is None or r.target_minutes is None:
            continue
        started = r.received_at if policy.clock_start == "call" else r.dispatched_at
        if started is None:
            continue
        minutes = (r.arrived_at - started).total_seconds() / 60
        within = minutes <= r.target_minutes
        by_grade[r.grade].add(minutes, within)
        by_area[(r.area, r.grade)].add(minutes, within)
        if r.grade in policy.response_grades:
            by_how[hour_of_week(r.received_at)].add(minutes, within)
    mean_officer = sum(officer_minutes) / len(officer_minutes) if officer_minutes else 0.0
    saved_hours = rc_resolved * mean_officer * policy.officers_per_unit / 60
    areas: dict[str, dict[str, Any]] = defaultdict(dict)
    for (area, grade), cell in sorted(by_area.items()):
        areas[area][str(grade)] = cell.summary()
    return {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "policy_version": policy.version,
        "clock_start": policy.clock_start,
        "incidents": total,
        "by_route": {k: by_route[k] for k in sorted(by_route)},
        "by_grade": {str(g): by_grade[g].summary() for g in sorted(by_grade)},
        "by_area": dict(areas),
        "by_hour_of_week": [
            {"hour_of_week": h, "day": DAYS[h // 24], "hour": h % 24, **by_how[h].summary()}
            for h in range(168)
            if h in by_how
        ],
        "resolution_centre": {
            "incidents": by_route.get(Route.RESOLUTION_CENTRE, 0),
            "share_of_demand": round(by_route.get(Route.RESOLUTION_CENTRE, 0) / total, 4)
            if total
            else None,
            "resolved": rc_resolved,
            "response_minutes_per_comparable_attendance": round(mean_officer, 1),
            "officers_per_unit": policy.officers_per_unit,
            "response_officer_hours_saved": round(saved_hours, 1),
        },
    }


def window(days: int, now: datetime) -> tuple[datetime, datetime]:
    """The last ``days`` days up to ``now``."""
    return now - timedelta(days=days), now
