"""Supervisors' worklists: what a DA safeguarding sergeant must check, read in fixed queries.

* closures of incidents whose victim was never contacted or that were graded high (the
  closure oversight rule in ``closure_rules``), newest first, flagging any closed without a
  sergeant or without a recorded contact outcome (records from before the rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from safehold.accounts.roles import Rank

from . import policies
from .models import ClosureStatus, Incident

# A worklist page shows at most this many rows per list (with the full count).
ROWS = 100


@dataclass(frozen=True, slots=True)
class ClosureRow:
    """A closure the oversight rule applies to, and whether it was followed."""

    incident: Incident

    @property
    def followed(self) -> bool:
        """Closed by a sergeant or above, with the contact outcome recorded."""
        closer = self.incident.closed_by
        return bool(
            self.incident.closure_contact and closer is not None and Rank(closer.rank).is_supervisor
        )


@dataclass(frozen=True, slots=True)
class Worklist:
    """One list: its rows (at most ``ROWS``) and how many there are in all."""

    rows: list[ClosureRow] = field(default_factory=list)
    total: int = 0


def oversight_closures(now: datetime) -> QuerySet[Incident]:
    """Closures in the policy's window of uncontacted or high-graded incidents."""
    policy = policies.current().closure
    since = now - timedelta(days=policy.worklist_days)
    return (
        Incident.objects.exclude(closure_status=ClosureStatus.OPEN)
        .filter(closed_at__gte=since)
        .filter(
            Q(grade__in=[str(g) for g in policy.oversight_grades])
            | Q(first_contact_at__isnull=True, seen_at__isnull=True)
        )
        .select_related("victim", "closed_by")
        .order_by("-closed_at", "-id")
    )


def closures(now: datetime) -> Worklist:
    """The closures worklist (two queries: the rows and the count)."""
    queryset = oversight_closures(now)
    rows = [ClosureRow(i) for i in queryset[:ROWS]]
    return Worklist(rows=rows, total=queryset.count())
