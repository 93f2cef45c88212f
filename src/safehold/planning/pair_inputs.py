"""The planner's inputs besides the visits: the officer pairs and their shifts, the force's
time zone and the travel times.

- **Pairs**: the active officer pairs (or those asked for), with their duty per day
  from the force's duty records or the default rota (``rota.py``). Two queries.
- **Travel**: haversine by default; an OSRM server when ``SAFEHOLD_OSRM_URL`` is set.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from . import rota
from .models import DutyShift as DutyRecord
from .models import OfficerPair as PairRecord
from .problem import DutyShift, OfficerPair
from .travel import HaversineTravelTimes, OsrmTravelTimes, TravelTimes

__all__ = ["local_day_bounds", "local_zone", "officer_pairs", "travel_times"]


def local_zone() -> ZoneInfo:
    """The force's wall-clock time zone (shifts, windows, pages, calendars)."""
    return ZoneInfo(settings.TIME_ZONE)


def travel_times() -> tuple[TravelTimes, str]:
    """The travel-time provider and a description of it for the plan record."""
    url = os.environ.get("SAFEHOLD_OSRM_URL", "").strip()
    if url:
        timeout = float(os.environ.get("SAFEHOLD_OSRM_TIMEOUT_S", "30") or 30)
        size = int(os.environ.get("SAFEHOLD_OSRM_MAX_TABLE_SIZE", "100") or 100)
        return OsrmTravelTimes(url, timeout_s=timeout, max_table_size=size), f"OSRM at {url}"
    haversine = HaversineTravelTimes()
    return haversine, (
        f"straight line x {haversine.circuity} at {haversine.speed_kmh:g} km/h (no OSRM server)"
    )


def local_day_bounds(day: date, days: int) -> tuple[datetime, datetime]:
    """The start of ``day`` and the end of ``days`` days from it, local midnights in UTC."""
    zone = local_zone()
    start = datetime.combine(day, time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=days), time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def officer_pairs(
    start_date: date, days: int, pair_ids: list[int] | None = None
) -> tuple[list[OfficerPair], dict[str, dict[str, Any]]]:
    """The pairs to plan for, with their shifts over the horizon (two queries)."""
    records = PairRecord.objects.filter(active=True).select_related(
        "station", "officer_1", "officer_2"
    )
    if pair_ids:
        records = records.filter(pk__in=pair_ids)
    pairs = list(records.order_by("name"))
    set_duty: dict[tuple[int, date], DutyRecord] = {
        (d.pair_id, d.on): d
        for d in DutyRecord.objects.filter(
            pair__in=[p.pk for p in pairs],
            on__gte=start_date,
            on__lt=start_date + timedelta(days=days),
        )
    }
    out: list[OfficerPair] = []
    info: dict[str, dict[str, Any]] = {}
    for p in pairs:
        shifts: list[DutyShift] = []
        for day in range(days):
            on = start_date + timedelta(days=day)
            record = set_duty.get((p.pk, on))
            if record is not None:
                hours = (record.starts, record.ends) if record.starts and record.ends else None
            else:
                hours = rota.default_shift(on.weekday(), p.evening_weekdays or [])
            if hours is not None:
                shifts.append(DutyShift(day, hours[0], hours[1]))
        out.append(
            OfficerPair(
                id=str(p.pk),
                station_id=str(p.station_id),
                station_location=(p.station.lat, p.station.lon),
                shifts=tuple(shifts),
            )
        )
        info[str(p.pk)] = {
            "name": p.name,
            "station_id": p.station_id,
            "station": p.station.name,
            "lat": p.station.lat,
            "lon": p.station.lon,
            "officers": [
                [o.pk, o.get_full_name() or o.username] for o in (p.officer_1, p.officer_2)
            ],
            "shifts": [[s.day, f"{s.start:%H:%M}", f"{s.end:%H:%M}"] for s in shifts],
        }
    return out, info
