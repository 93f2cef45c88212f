"""The briefing's shape, its opening summary and the meeting's actions on its lines.

Plain data, no framework: ``briefing.py`` fills these from the database; pages, the API
and the command line read them. :func:`summarise` turns the sections into the summary the
page opens on (counts per section and the most urgent lines of each, in the order the
briefing already ranks them); :func:`attach_actions` puts each open meeting action on the
line it was agreed against (same offender, same section), and gathers the ones whose line
has left the briefing so that nothing agreed is lost until it is closed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from safehold.datetext import short_date

# How many lines of each section the summary shows (they are already in priority order).
SUMMARY_TOP = 3
BRIEFING_TRAVEL_DAYS = 14
BRIEFING_CONCERN_DAYS = 7

# The sections in the order the briefing shows them, with their titles. A meeting action is
# agreed against one of these (its "reason"); the key is stored with the action.
SECTION_TITLES: dict[str, str] = {
    "sign_off": "Awaiting a DS's sign-off (lower risk, longer interval, reactive management)",
    "active_review": "Back to active management pending review",
    "overdue_high": "Very high and high risk offenders overdue a visit",
    "whereabouts": "Whereabouts unknown or wanted",
    "warrant": "Repeated visits without access: the warrant route",
    "s91": "Possible s91 matters for the DS (late notifications, overdue with no breach)",
    "breaches": "Breaches in the last 24 hours",
    "notifications": "Notifications overdue or due today",
    "travel": f"Foreign travel in the next {BRIEFING_TRAVEL_DAYS} days",
    "reviews": "Risk reviews overdue",
    # The briefing names the configured number of days (orders.toml) in this title.
    "orders_ending": "Orders and licences ending soon",
    "concerns": f"Visits in the last {BRIEFING_CONCERN_DAYS} days that raised concerns",
}
# Open actions whose line is no longer on the briefing (the visit was done, the review held).
# Offenders linked to domestic-abuse incidents: a section only for readers allowed to see it.
CROSS_LINKS = "cross_links"
CROSS_LINKS_TITLE = "Linked to domestic-abuse incidents (suspect, household member, child at home)"
CARRIED = "carried_actions"
CARRIED_TITLE = "Actions agreed at earlier meetings whose line has left the briefing"


@dataclass(frozen=True, slots=True)
class ActionNote:
    """A meeting action as the briefing shows it on its line."""

    action_id: int
    offender_id: int
    section: str
    kind: str
    kind_label: str
    owner: str
    due_on: date
    note: str
    agreed_by: str
    agreed_at: datetime
    meeting_on: date
    version: int

    def is_overdue(self, day: date) -> bool:
        return self.due_on < day

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.action_id,
            "section": self.section,
            "kind": self.kind,
            "owner": self.owner,
            "due_on": self.due_on.isoformat(),
            "note": self.note,
            "agreed_by": self.agreed_by,
            "agreed_at": self.agreed_at.isoformat(),
            "meeting_on": self.meeting_on.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class BriefingLine:
    """One offender on the briefing and why they are there."""

    offender_id: int
    reference: str
    name: str
    risk_level: str
    manager: str
    station: str
    why: tuple[str, ...]
    pursued: bool
    version: int
    # The page gives the first line of each offender the id ``offender-<id>`` (the target
    # of the record's and the quick actions' links back); later lines only their own.
    anchor: bool = False
    actions: tuple[ActionNote, ...] = ()
    # Links across units (people.crosslinks), for a reader allowed to see them: the reasons.
    cross_links: tuple[str, ...] = ()
    # The offender's person, for the access log's index (not shown, not in the API).
    person_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "offender_id": self.offender_id,
            "reference": self.reference,
            "name": self.name,
            "risk_level": self.risk_level,
            "manager": self.manager,
            "station": self.station,
            "why": list(self.why),
            "pursued": self.pursued,
            "actions": [a.to_dict() for a in self.actions],
            "cross_links": list(self.cross_links),
        }


@dataclass(frozen=True, slots=True)
class BriefingSection:
    key: str
    title: str
    empty: str
    lines: tuple[BriefingLine, ...]


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """A section as the summary shows it: its count and its most urgent lines."""

    key: str
    title: str
    count: int
    top: tuple[BriefingLine, ...]
    actions: int

    @property
    def more(self) -> int:
        return self.count - len(self.top)


@dataclass(frozen=True)
class Briefing:
    day: date
    policy_version: str
    sections: tuple[BriefingSection, ...]
    # The links across units shown (for the access log); empty unless asked for.
    cross_links: tuple[Any, ...] = ()

    @property
    def offender_ids(self) -> set[int]:
        return {line.offender_id for s in self.sections for line in s.lines}

    @property
    def person_ids(self) -> list[int]:
        """The people the briefing shows, sorted, for the access log (no query)."""
        return sorted(
            {ln.person_id for s in self.sections for ln in s.lines if ln.person_id is not None}
        )

    @property
    def line_count(self) -> int:
        return sum(len(s.lines) for s in self.sections)

    @property
    def open_actions(self) -> tuple[ActionNote, ...]:
        return tuple(a for s in self.sections for line in s.lines for a in line.actions)

    @property
    def overdue_actions(self) -> int:
        return sum(1 for a in self.open_actions if a.is_overdue(self.day))

    def summary(self, top: int = SUMMARY_TOP) -> tuple[SummaryRow, ...]:
        return summarise(self.sections, top=top)

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "policy_version": self.policy_version,
            "sections": [
                {"key": s.key, "title": s.title, "lines": [ln.to_dict() for ln in s.lines]}
                for s in self.sections
            ],
        }


def summarise(
    sections: Iterable[BriefingSection], *, top: int = SUMMARY_TOP
) -> tuple[SummaryRow, ...]:
    """Each section's count, its first ``top`` lines (the most urgent) and its open actions."""
    if top < 0:
        raise ValueError(f"top must be 0 or more, not {top}")
    return tuple(
        SummaryRow(
            key=s.key,
            title=s.title,
            count=len(s.lines),
            top=s.lines[:top],
            actions=sum(len(line.actions) for line in s.lines),
        )
        for s in sections
    )


def with_anchors(sections: Iterable[BriefingSection]) -> tuple[BriefingSection, ...]:
    """Mark the first line of each offender, in page order, as their ``offender-<id>``."""
    seen: set[int] = set()
    out = []
    for s in sections:
        lines = []
        for line in s.lines:
            lines.append(replace(line, anchor=line.offender_id not in seen))
            seen.add(line.offender_id)
        out.append(replace(s, lines=tuple(lines)))
    return tuple(out)


def attach_actions(
    sections: Iterable[BriefingSection],
    actions: Iterable[ActionNote],
    carried_line: Mapping[int, BriefingLine],
) -> tuple[BriefingSection, ...]:
    """Put each open action on its line; those whose line has gone, in a last section.

    ``carried_line`` gives, for each offender with an action whose line has gone, the line
    to show them on (name, reference, manager) with an empty ``why``.
    """
    by_line: dict[tuple[int, str], list[ActionNote]] = {}
    for a in sorted(actions, key=lambda a: (a.due_on, a.agreed_at, a.action_id)):
        by_line.setdefault((a.offender_id, a.section), []).append(a)
    out = []
    placed: set[tuple[int, str]] = set()
    for s in sections:
        lines = []
        for line in s.lines:
            key = (line.offender_id, s.key)
            found = tuple(by_line.get(key, ())) if key not in placed else ()
            placed.add(key)
            lines.append(replace(line, actions=found) if found else line)
        out.append(replace(s, lines=tuple(lines)))
    carried: dict[int, list[ActionNote]] = {}
    for key, notes in by_line.items():
        if key not in placed:
            carried.setdefault(key[0], []).extend(notes)
    rows = []
    for offender_id, notes in sorted(carried.items(), key=lambda kv: (kv[1][0].due_on, kv[0])):
        base = carried_line.get(offender_id)
        if base is None:
            continue
        why = tuple(
            dict.fromkeys(
                f"Agreed on {short_date(n.meeting_on)} under "
                f"“{SECTION_TITLES.get(n.section, n.section)}”; that line is no longer on it"
                for n in notes
            )
        )
        rows.append(replace(base, why=why, actions=tuple(notes)))
    out.append(
        BriefingSection(
            CARRIED, CARRIED_TITLE, "None: every open action is on its line.", tuple(rows)
        )
    )
    return tuple(out)
