"""Who visits with whom, and when they are on duty, when the force has not said otherwise.

Plain rules, no Django: the default duty rota of an officer pair, and the deterministic
rule that pairs a force's offender managers when no pairs have been set up.

- **Rota.** Monday to Friday 08:00-16:00; on the pair's evening weekdays 14:00-22:00
  instead (APP: vary the days and times of visits, including evenings); weekends off.
  A duty set for a date (``DutyShift`` in the database) overrides the rota.
- **Pairing.** Offender managers at the same station are paired in name order; those
  left on their own are paired with the one left at the nearest other station, based at
  the first one's station. Each pair gets two evening weekdays, spread across the week.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

__all__ = [
    "DAY_SHIFT",
    "EVENING_SHIFT",
    "Officer",
    "ProposedPair",
    "default_shift",
    "evening_weekdays_for",
    "pair_officers",
]

DAY_SHIFT = (time(8), time(16))
EVENING_SHIFT = (time(14), time(22))
WORKING_WEEKDAYS = (0, 1, 2, 3, 4)


def default_shift(weekday: int, evening_weekdays: Sequence[int]) -> tuple[time, time] | None:
    """The rota's shift on a weekday (0 = Monday), or ``None`` on a rest day."""
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday is {weekday}; give 0 (Monday) to 6 (Sunday)")
    if weekday not in WORKING_WEEKDAYS:
        return None
    return EVENING_SHIFT if weekday in evening_weekdays else DAY_SHIFT


def evening_weekdays_for(index: int) -> list[int]:
    """Two evening weekdays for the ``index``-th pair, two days apart, spread over pairs."""
    first = index % len(WORKING_WEEKDAYS)
    return sorted({first, (first + 2) % len(WORKING_WEEKDAYS)})


@dataclass(frozen=True, slots=True)
class Officer:
    """An offender manager who can be paired: their id, name and station."""

    id: int
    sort_name: str
    station_id: int
    station_name: str
    station_lat: float
    station_lon: float


@dataclass(frozen=True, slots=True)
class ProposedPair:
    """Two officers and the station they work from."""

    name: str
    station_id: int
    officer_1: int
    officer_2: int
    evening_weekdays: tuple[int, ...]


def _km(a: Officer, b: Officer) -> float:
    lat1, lon1, lat2, lon2 = map(
        math.radians, (a.station_lat, a.station_lon, b.station_lat, b.station_lon)
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def pair_officers(officers: Sequence[Officer]) -> tuple[list[ProposedPair], list[Officer]]:
    """Pair officers by the rule in the module docstring; returns the pairs and anyone left.

    The result depends only on the officers given, not on their order.
    """
    by_station: dict[int, list[Officer]] = defaultdict(list)
    for officer in officers:
        by_station[officer.station_id].append(officer)
    matched: list[tuple[Officer, Officer]] = []
    single: list[Officer] = []
    for station_id in sorted(by_station, key=lambda s: (by_station[s][0].station_name, s)):
        people = sorted(by_station[station_id], key=lambda o: (o.sort_name, o.id))
        matched.extend(zip(people[0::2], people[1::2], strict=False))
        if len(people) % 2:
            single.append(people[-1])
    single.sort(key=lambda o: (o.station_name, o.sort_name, o.id))
    left: list[Officer] = []
    while single:
        first = single.pop(0)
        if not single:
            left.append(first)
            break
        nearest = min(single, key=lambda o: (_km(first, o), o.station_name, o.id))
        single.remove(nearest)
        matched.append((first, nearest))
    matched.sort(key=lambda p: (p[0].station_name, p[0].sort_name, p[0].id))
    pairs: list[ProposedPair] = []
    count: dict[str, int] = defaultdict(int)
    for index, (a, b) in enumerate(matched):
        town = a.station_name.removesuffix(" Police Station")
        count[town] += 1
        pairs.append(
            ProposedPair(
                name=f"{town} {count[town]}",
                station_id=a.station_id,
                officer_1=a.id,
                officer_2=b.id,
                evening_weekdays=tuple(evening_weekdays_for(index)),
            )
        )
    return pairs, left
