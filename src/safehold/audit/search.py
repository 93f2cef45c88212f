"""The one access-log search: the auditors' page, its CSV export and the API all use it.

Dates are whole local (Europe/London) days: ``date_from`` from its midnight, ``date_to``
up to the midnight after it. A user name matches whatever its case and surrounding spaces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .log import naming
from .models import AccessLogEntry

__all__ = ["LogFilters", "search_entries"]


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


def search_entries(filters: LogFilters) -> QuerySet[AccessLogEntry]:
    """The entries matching ``filters`` (unordered: the caller sorts and pages)."""
    entries = AccessLogEntry.objects.all()
    if filters.person:
        # About the person, or naming them in a list, queue or export (log.naming).
        entries = entries.filter(naming(filters.person))
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
    return entries
