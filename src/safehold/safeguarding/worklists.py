"""Supervisors' worklists: what a DA safeguarding sergeant must check, read in fixed queries.

* closures of incidents whose victim was never contacted or that were graded high (the
  closure oversight rule in ``closure_rules``), newest first, flagging any closed without a
  sergeant or without a recorded contact outcome (records from before the rule);
* visible high risk (a questionnaire at or above the MARAC threshold, or a DARA graded high
  by the force's rule) with no MARAC
  referral of the incident, newest first;
* suspects released whose victim has not been told, oldest first;
* the force-wide board of running clocks (IDVA and children's social care referrals, safety
  plans, DVPN or DAPN to hearing, DVPO and DAPO expiry, a DAPO's notification, Clare's Law,
  custody) with those overdue first, and the no-further-action closures
  (outcomes 15 and 16) awaiting a supervisor's review, oldest first.

Each list is two queries (its rows, at most ``ROWS``, and its count).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet

from safehold.accounts.roles import Rank

from . import policies
from .models import (
    ClosureStatus,
    DashAssessment,
    Incident,
    MaracReferral,
    ProtectiveAction,
    SuspectStatusChange,
)
from .questionnaires import available_questionnaires, load_questionnaire
from .vocabulary import Grade, SuspectStatus

T = TypeVar("T")

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
class Worklist(Generic[T]):
    """One list: its rows (at most ``ROWS``) and how many there are in all."""

    rows: list[T] = field(default_factory=list)
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


def closures(now: datetime) -> Worklist[ClosureRow]:
    """The closures worklist (two queries: the rows and the count)."""
    queryset = oversight_closures(now)
    rows = [ClosureRow(i) for i in queryset[:ROWS]]
    return Worklist(rows=rows, total=queryset.count())


def high_risk_not_referred() -> Worklist[DashAssessment]:
    """Questionnaires at the visible-high-risk threshold whose incident has no referral
    (a DARA one: graded high by the force's rule before judgement)."""
    threshold = policies.current().marac.visible_high_risk_min_yes
    referred = MaracReferral.objects.filter(incident_id=OuterRef("incident_id"))
    rule_graded = [q for q in available_questionnaires() if load_questionnaire(q).scoring == "dara"]
    visible = (Q(yes_count__gte=threshold) & ~Q(questionnaire_id__in=rule_graded)) | Q(
        questionnaire_id__in=rule_graded, actuarial_grade=Grade.HIGH
    )
    queryset = (
        DashAssessment.objects.filter(visible)
        .filter(~Exists(referred))
        .select_related("incident", "victim")
        .order_by("-assessed_at", "-id")
    )
    return Worklist(rows=list(queryset[:ROWS]), total=queryset.count())


@dataclass(frozen=True, slots=True)
class ClockRow:
    """A running clock and how long is left (negative: overdue)."""

    action: ProtectiveAction
    left: timedelta

    @property
    def overdue(self) -> bool:
        return self.left < timedelta(0)


def running_clocks(now: datetime) -> Worklist[ClockRow]:
    """Every running protective-action clock in the force, overdue first (earliest due)."""
    queryset = (
        ProtectiveAction.objects.filter(completed_at__isnull=True)
        .select_related("incident", "incident__victim")
        .order_by("due_at", "id")
    )
    rows = [ClockRow(a, a.due_at - now) for a in queryset[:ROWS]]
    return Worklist(rows=rows, total=queryset.count())


def overdue_clocks(now: datetime) -> int:
    """How many running clocks are past due (one query)."""
    return ProtectiveAction.objects.filter(completed_at__isnull=True, due_at__lt=now).count()


def reviews_awaited() -> Worklist[Incident]:
    """No-further-action closures (15 and 16) awaiting a supervisor's review, oldest first."""
    queryset = (
        Incident.objects.filter(closure_status=ClosureStatus.AWAITING_REVIEW)
        .select_related("victim", "closed_by")
        .order_by("closed_at", "id")
    )
    return Worklist(rows=list(queryset[:ROWS]), total=queryset.count())


def releases_not_told() -> Worklist[SuspectStatusChange]:
    """Suspects released (bail, under investigation, no further action) whose victim has
    not been told, oldest first."""
    releases = [s.value for s in SuspectStatus if s.is_release]
    queryset = (
        SuspectStatusChange.objects.filter(status__in=releases, victim_told_at__isnull=True)
        .select_related("incident", "incident__victim")
        .order_by("at", "id")
    )
    return Worklist(rows=list(queryset[:ROWS]), total=queryset.count())
