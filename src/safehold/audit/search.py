"""The one access-log search: the auditors' page, its CSV export and the API all use it.

Dates are whole local (Europe/London) days: ``date_from`` from its midnight, ``date_to``
up to the midnight after it. A user name matches whatever its case and surrounding spaces.

A person follows merges: the log is never rewritten, so looks at a duplicate before it was
merged stay recorded against the duplicate's id. Searching either id finds the entries of
the whole merged identity (the survivor and every record merged into it, in force now), and
:class:`Identity` says which ids those are and which the searched one was merged into. The
people context tells the log about merges (:func:`register_identities`): the log sits below
every context and imports none of them. One query for the identity when a person is searched,
whatever the number of merges; the entries are still one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AccessLogEntry, AccessLogPerson

__all__ = ["Identity", "LogFilters", "LogSearch", "register_identities", "search_log"]


@dataclass(frozen=True, slots=True)
class Identity:
    """The ids one person has been recorded under: ``survivor`` and those merged into it."""

    searched: int
    survivor: int
    retired: tuple[int, ...] = ()

    @property
    def ids(self) -> tuple[int, ...]:
        return (self.survivor, *self.retired)

    @property
    def merged_into(self) -> int | None:
        """The survivor the searched id was merged into (None when it is the survivor)."""
        return self.survivor if self.survivor != self.searched else None

    def survivor_of(self, person_id: int | None) -> int | None:
        """For an entry's person id: the survivor it was merged into, if it was retired."""
        return self.survivor if person_id in self.retired else None


Identities = Callable[[int], Identity]
_IDENTITIES: list[Identities] = []


def register_identities(resolver: Identities) -> None:
    """Set how a person id is resolved to its merged identity (the people app does)."""
    _IDENTITIES[:] = [resolver]


def identity_of(person_id: int) -> Identity:
    if not _IDENTITIES:
        return Identity(person_id, person_id)
    return _IDENTITIES[0](person_id)


@dataclass(frozen=True, slots=True)
class LogFilters:
    """What an auditor searches the log by; every filter is optional."""

    person: int | None = None
    username: str = ""
    operation: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    before_id: int | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> LogFilters:
        """From a form's cleaned data or an API query (missing and empty values ignored)."""
        return cls(
            person=data.get("person") or None,
            username=(data.get("username") or "").strip(),
            operation=str(data.get("operation") or ""),
            date_from=data.get("date_from") or None,
            date_to=data.get("date_to") or None,
            before_id=data.get("before_id") or None,
        )


def _naming_any(ids: tuple[int, ...]) -> Q:
    """Like :func:`.log.naming`, for any of several ids."""
    listed = AccessLogPerson.objects.filter(person_id__in=ids).values("entry_id")
    return Q(person_id__in=ids) | Q(id__in=listed)


@dataclass(frozen=True, slots=True)
class LogSearch:
    entries: QuerySet[AccessLogEntry]  # unordered: the caller sorts and pages
    identity: Identity | None  # when a person was searched


def search_log(filters: LogFilters) -> LogSearch:
    """The entries matching ``filters``, following merges of the person searched."""
    entries = AccessLogEntry.objects.all()
    identity = None
    if filters.person:
        identity = identity_of(filters.person)
        # About the person, or naming them in a list, queue or export (log.naming), under
        # any id of their merged identity.
        entries = entries.filter(_naming_any(identity.ids))
    if filters.username:
        entries = entries.filter(username__iexact=filters.username)
    if filters.operation:
        entries = entries.filter(operation=filters.operation)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=tz)
        entries = entries.filter(at__gte=start)
    if filters.date_to:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        entries = entries.filter(at__lt=end)
    if filters.before_id:
        entries = entries.filter(id__lt=filters.before_id)
    return LogSearch(entries, identity)
