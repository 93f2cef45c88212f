"""The queue as the page shows it: filtered, split into calls and deployments, compact.

The queue itself (``queries.compute_queue``) is the whole force's, in one order; this module
only chooses which rows a page shows and what each row says first. A row's place
(``position``) stays the force-wide one, so a filtered list still says where each victim is.

A page shows at most ``PAGE_SIZE`` rows: calls first, then deployments, in one numbered
sequence (page 2 carries on where page 1 stopped). Rendering and logging thousands of rows
on every 30-second refresh cost seconds a request; a shift works from the top anyway.

Stations: an incident belongs to the station nearest its location (straight-line distance),
the station whose officers would normally attend. Forces with beat-to-station tables can
replace :func:`nearest_station`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from django.core.paginator import Page, Paginator

from safehold.accounts.models import Station
from safehold.lists import page_links
from safehold.people.crosslinks import CrossLink

from .queries import Queue, QueueRow
from .queue_reasons import QueueReason
from .vocabulary import Grade, NextStep

# Reasons shown in their own columns (grade, wait), not among the heaviest reasons.
_OWN_COLUMN = frozenset({"grade", "time_waited", "overdue"})
TOP_REASONS = 3
PAGE_SIZE = 50  # rows a queue page shows (calls and deployments together)

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
    """The two lists one page shows, with the totals before filtering and before paging.

    ``calls_total``/``deployments_total``: the rows matching the filters on every page;
    ``page``: this page of the matching rows (calls first, then deployments)."""

    calls: list[QueueLine]
    deployments: list[QueueLine]
    filters: QueueFilters
    total: int
    calls_total: int = 0
    deployments_total: int = 0
    page: Page[QueueLine] | None = None

    @property
    def matching(self) -> int:
        return self.calls_total + self.deployments_total

    @property
    def page_links(self) -> list[int | None]:
        """Page numbers to show, None where an ellipsis goes (GOV.UK pagination)."""
        if self.page is None:
            return [1]
        return page_links(self.page.number, self.page.paginator.num_pages)

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
    *,
    page: str | int | None = 1,
    size: int = PAGE_SIZE,
) -> QueuePage:
    """Split the queue into calls and deployments, narrowed by ``filters``, and keep page
    ``page`` of ``size`` rows (a page past the end, or not a number, gives the last or the
    first); ``cross_links``: each incident's links to the offender register the user may see."""
    cross_links = cross_links or {}
    calls: list[QueueLine] = []
    deployments: list[QueueLine] = []
    for row in queue.rows:
        location = row.incident.location
        station = (
            nearest_station(location.lat, location.lon, stations) if location is not None else None
        )
        # Reasons are re-derived on access (priority.QueueEntry.reasons): only for shown rows.
        line = QueueLine(row, (), station, tuple(cross_links.get(row.incident.pk, ())))
        if filters.grade and row.incident.grade != filters.grade:
            continue
        if filters.flag and not line.has_flag(filters.flag):
            continue
        if filters.station and (station is None or station.code != filters.station):
            continue
        (calls if row.entry.next_step is NextStep.CALL else deployments).append(line)
    shown = Paginator([*calls, *deployments], size).get_page(page)
    on_page = [replace(line, reasons=line.row.entry.reasons) for line in shown.object_list]
    split = max(0, min(len(on_page), len(calls) - (shown.start_index() - 1)))
    return QueuePage(
        on_page[:split],
        on_page[split:],
        filters,
        len(queue.rows),
        calls_total=len(calls),
        deployments_total=len(deployments),
        page=shown,
    )
