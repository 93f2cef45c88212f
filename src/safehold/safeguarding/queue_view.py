"""The queue as the page shows it: filtered, split into calls and deployments, compact.

The queue itself (``queries.compute_queue``) is the whole force's, in one order; this module
only chooses which rows a page shows and what each row says first. A row's place
(``position``) stays the force-wide one, so a filtered list still says where each victim is.

Stations: an incident belongs to the station nearest its location (straight-line distance),
the station whose officers would normally attend. Forces with beat-to-station tables can
replace :func:`nearest_station`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from safehold.accounts.models import Station
from safehold.people.crosslinks import CrossLink

from .queries import Queue, QueueRow
from .queue_reasons import QueueReason
from .vocabulary import Grade, NextStep

# Reasons shown in their own columns (grade, wait), not among the heaviest reasons.
_OWN_COLUMN = frozenset({"grade", "time_waited", "overdue"})
TOP_REASONS = 3

FLAGS: dict[str, str] = {
    "escalate": "Escalate to a supervisor",
    "target_missed": "Contact target missed",
    "reassess": "Telephone re-assessment due",
    "sign_off": "Downgrade awaiting sign-off",
    "suspect_at_large": "Suspect at large",
    "children": "Children present",
    "offender_link": "Registered offender linked",
}


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """What the page is narrowed to: a grade, a flag, a station code (blank: all)."""

    grade: str = ""
    flag: str = ""
    station: str = ""

    @classmethod
    def from_query(cls, params: dict[str, str], stations: Iterable[str]) -> QueueFilters:
        """Read the filters from the query string; unknown values are ignored."""
        grade = params.get("grade", "")
        flag = params.get("flag", "")
        station = params.get("station", "")
        return cls(
            grade=grade if grade in {g.value for g in Grade} else "",
            flag=flag if flag in FLAGS else "",
            station=station if station in set(stations) else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.grade or self.flag or self.station)


@dataclass(frozen=True, slots=True)
class QueueLine:
    """One row as the page shows it: the queue row, its reasons, the heaviest, its station."""

    row: QueueRow
    reasons: tuple[QueueReason, ...]
    station: Station | None
    cross_links: tuple[CrossLink, ...] = ()

    @property
    def target(self) -> timedelta:
        """The contact target for the victim's grade."""
        return self.row.entry.due_at - self.row.incident.reported_at

    @property
    def top_reasons(self) -> list[QueueReason]:
        """The two or three reasons that weigh most (besides grade and wait)."""
        weighed = [r for r in self.reasons if r.code not in _OWN_COLUMN and r.contribution > 0]
        weighed.sort(key=lambda r: -r.contribution)
        return weighed[:TOP_REASONS]

    def has_flag(self, flag: str) -> bool:
        e, i = self.row.entry, self.row.incident
        return {
            "escalate": e.escalate_to_supervisor,
            "target_missed": e.target_missed,
            "reassess": e.needs_telephone_reassessment,
            "sign_off": self.row.awaiting_sign_off,
            "suspect_at_large": i.suspect_at_large,
            "children": i.children_present,
            "offender_link": bool(self.cross_links),
        }[flag]


@dataclass(frozen=True, slots=True)
class QueuePage:
    """The two lists the page shows, with the totals before filtering."""

    calls: list[QueueLine]
    deployments: list[QueueLine]
    filters: QueueFilters
    total: int

    @property
    def shown_ids(self) -> list[int]:
        return [line.row.incident.pk for line in (*self.calls, *self.deployments)]


def nearest_station(lat: float, lon: float, stations: Sequence[Station]) -> Station | None:
    """The station nearest a point (equirectangular distance: stations are a few km apart)."""
    best, best_d = None, math.inf
    scale = math.cos(math.radians(lat))
    for s in stations:
        d = ((s.lat - lat) * 1.0) ** 2 + ((s.lon - lon) * scale) ** 2
        if d < best_d:
            best, best_d = s, d
    return best


def queue_page(
    queue: Queue,
    filters: QueueFilters,
    stations: Sequence[Station],
    cross_links: Mapping[int, Sequence[CrossLink]] | None = None,
) -> QueuePage:
    """Split the queue into calls and deployments, narrowed by ``filters``; ``cross_links``:
    each incident's links to the offender register the user may see."""
    cross_links = cross_links or {}
    calls: list[QueueLine] = []
    deployments: list[QueueLine] = []
    for row in queue.rows:
        location = row.incident.location
        station = (
            nearest_station(location.lat, location.lon, stations) if location is not None else None
        )
        line = QueueLine(
            row, row.entry.reasons, station, tuple(cross_links.get(row.incident.pk, ()))
        )
        if filters.grade and row.incident.grade != filters.grade:
            continue
        if filters.flag and not line.has_flag(filters.flag):
            continue
        if filters.station and (station is None or station.code != filters.station):
            continue
        (calls if row.entry.next_step is NextStep.CALL else deployments).append(line)
    return QueuePage(calls, deployments, filters, len(queue.rows))
