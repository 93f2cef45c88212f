"""Reads of the safeguarding records shaped for the pages, the API and the CLI.

Each costs a fixed number of SQL queries whatever the number of incidents: the waiting
queue is two (the waiting incidents with their victims, then the victims' incidents in
the last twelve months for repeat victimisation), and the rules re-prioritise it in
Python at the time of the request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from safehold.people.models import Person, PersonAddress
from safehold.querystring import is_whole_number

from . import policies

# The histories moved to ``history_queries``; these names stay for their callers.
from .history_queries import REPEAT_WINDOW_MONTHS as REPEAT_WINDOW_MONTHS
from .history_queries import intake_history as intake_history
from .history_queries import victim_history as victim_history
from .marac import months_before
from .models import (
    ClosureStatus,
    DashAssessment,
    Incident,
    MaracMeeting,
    MaracReferral,
    OrderBreach,
    Party,
    PersonMatch,
    ProtectiveAction,
    Reassessment,
    SignOff,
)
from .models import MatchStatus as Status
from .priority import QueueEntry, prioritise
from .vocabulary import Attendance, TargetOutcome
from .waiting import WaitingVictim

# ---------------------------------------------------------------------- the queue


def waiting_victim(incident: Incident, repeat_12m: int) -> WaitingVictim:
    """The queue rules' view of an incident's victim."""
    return WaitingVictim(
        victim_id=f"{incident.pk:09d}",
        grade=incident.grade,  # type: ignore[arg-type]
        reported_at=incident.reported_at,
        attendance=Attendance(incident.attendance),
        last_contact_at=incident.last_contact_at,
        repeat_victimisation_12m=repeat_12m,
        escalation_markers=tuple(incident.red_flags or ()),
        suspect_at_large=incident.suspect_at_large,
        children_present=incident.children_present,
        contact_attempts=incident.contact_attempts,
        last_reassessed_at=incident.last_reassessed_at,
        attendance_changed_at=incident.attendance_changed_at,
        first_contact_at=incident.first_contact_at,
        target_recorded=TargetOutcome(incident.target_outcome) if incident.target_outcome else None,
    )


def repeat_counts(incidents: Sequence[Incident]) -> dict[int, int]:
    """Earlier incidents against each incident's victim in the 12 months before it (1 query)."""
    if not incidents:
        return {}
    earliest = min(i.reported_at for i in incidents)
    rows = Incident.objects.filter(
        victim_id__in={i.victim_id for i in incidents},
        reported_at__gte=months_before(earliest, REPEAT_WINDOW_MONTHS),
    ).values_list("victim_id", "reported_at", "id")
    by_victim: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for victim_id, at, pk in rows:
        by_victim[victim_id].append((at, pk))
    counts = {}
    for incident in incidents:
        since = months_before(incident.reported_at, REPEAT_WINDOW_MONTHS)
        counts[incident.pk] = sum(
            1
            for at, pk in by_victim[incident.victim_id]
            if pk != incident.pk and since <= at <= incident.reported_at
        )
    return counts


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One waiting victim: the rules' entry (position, score, reasons, flags) and the record."""

    entry: QueueEntry
    incident: Incident
    repeat_12m: int

    @property
    def awaiting_sign_off(self) -> bool:
        return bool(getattr(self.incident, "awaiting_sign_off", False))

    def to_dict(self) -> dict[str, Any]:
        i = self.incident
        return {
            **self.entry.to_dict(),
            "incident_id": i.pk,
            "incident": i.reference,
            "victim": {"id": i.victim_id, "name": i.victim.full_name},
            "escalated_at": i.escalated_at.isoformat() if i.escalated_at else None,
            "awaiting_sign_off": self.awaiting_sign_off,
        }


@dataclass(frozen=True, slots=True)
class Queue:
    """The waiting queue at ``now``, highest priority first."""

    now: datetime
    rows: list[QueueRow]
    policy_version: str

    @property
    def escalations(self) -> int:
        return sum(r.entry.escalate_to_supervisor for r in self.rows)

    @property
    def targets_missed(self) -> int:
        return sum(r.entry.target_missed for r in self.rows)

    @property
    def reassessments_due(self) -> int:
        return sum(r.entry.needs_telephone_reassessment for r in self.rows)

    @property
    def awaiting_sign_off(self) -> int:
        return sum(r.awaiting_sign_off for r in self.rows)

    @property
    def incident_ids(self) -> list[int]:
        return [r.incident.pk for r in self.rows]

    @property
    def person_ids(self) -> list[int]:
        """The people the queue names (each waiting victim)."""
        return [r.incident.victim_id for r in self.rows]

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.now.isoformat(),
            "policy_version": self.policy_version,
            "waiting": len(self.rows),
            "escalate_to_supervisor": self.escalations,
            "targets_missed": self.targets_missed,
            "telephone_reassessments_due": self.reassessments_due,
            "downgrades_awaiting_sign_off": self.awaiting_sign_off,
            "entries": [r.to_dict() for r in self.rows],
        }


def waiting_incidents() -> QuerySet[Incident]:
    """Open incidents whose victim has not been seen, with the victim (one query)."""
    pending = Reassessment.objects.filter(incident=OuterRef("pk"), sign_off=SignOff.AWAITING)
    return (
        Incident.objects.filter(seen_at__isnull=True, closure_status=ClosureStatus.OPEN)
        .select_related("victim", "location")
        .annotate(awaiting_sign_off=Exists(pending))
    )


def compute_queue(now: datetime) -> Queue:
    """Every victim not yet seen, re-prioritised at ``now`` (two queries)."""
    incidents = list(waiting_incidents())
    counts = repeat_counts(incidents)
    by_key = {f"{i.pk:09d}": i for i in incidents}
    policy = policies.current().queue
    entries = prioritise([waiting_victim(i, counts[i.pk]) for i in incidents], now, policy)
    rows = [QueueRow(e, by_key[e.victim_id], counts[by_key[e.victim_id].pk]) for e in entries]
    return Queue(now=now, rows=rows, policy_version=policy.version)


def queue_entry_for(incident: Incident, now: datetime) -> QueueEntry:
    """The incident's own queue entry at ``now`` (as if it were the only one waiting)."""
    count = repeat_counts([incident])[incident.pk]
    [entry] = prioritise([waiting_victim(incident, count)], now, policies.current().queue)
    return entry


# --------------------------------------------------------------------- incidents


@dataclass(frozen=True, slots=True)
class IncidentFilters:
    """What the incident list is narrowed to; empty means no filter."""

    q: str = ""
    status: str = ""  # "waiting", "open", "awaiting_review", "closed" or ""
    grade: str = ""
    person: int | None = None


INCIDENT_SORTS = {
    "reported": ["reported_at"],
    "victim": ["victim__family_name", "victim__given_name"],
    "grade": ["grade"],
    "attendance": ["attendance"],
}


def incident_list(filters: IncidentFilters) -> QuerySet[Incident]:
    """Incidents matching the filters, with victim and suspect (one query per page)."""
    incidents = Incident.objects.select_related("victim", "suspect")
    for word in filters.q.split():
        number = word.upper().removeprefix("DA-").lstrip("0")
        match = Q(victim__family_name__icontains=word) | Q(victim__given_name__icontains=word)
        match |= Q(suspect__family_name__icontains=word) | Q(victim__reference__iexact=word)
        if is_whole_number(number) and len(number) <= 18:
            match |= Q(pk=int(number))
        incidents = incidents.filter(match)
    if filters.status == "waiting":
        incidents = incidents.filter(seen_at__isnull=True, closure_status=ClosureStatus.OPEN)
    elif filters.status in ClosureStatus.values:
        incidents = incidents.filter(closure_status=filters.status)
    if filters.grade:
        incidents = incidents.filter(grade=filters.grade)
    if filters.person:
        incidents = incidents.filter(
            Q(victim_id=filters.person)
            | Q(suspect_id=filters.person)
            | Q(parties__person_id=filters.person)
        ).distinct()
    return incidents


def incident_record(incident_id: int) -> Incident | None:
    """An incident with everything its page shows (a fixed number of queries)."""
    return (
        Incident.objects.filter(pk=incident_id)
        .select_related("victim", "suspect", "location", "created_by", "closed_by")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=Party.objects.select_related("person").prefetch_related(
                    Prefetch(
                        "matches",
                        queryset=PersonMatch.objects.select_related("candidate", "decided_by"),
                    )
                ),
            ),
            Prefetch("assessments", queryset=DashAssessment.objects.select_related("assessor")),
            "suspect_statuses",
            "contacts__created_by",
            Prefetch(
                "reassessments",
                queryset=Reassessment.objects.select_related("assessor", "supervisor"),
            ),
            "escalations__to_supervisor",
            "escalations__created_by",
            Prefetch("referrals", queryset=MaracReferral.objects.select_related("meeting")),
            Prefetch("actions", queryset=ProtectiveAction.objects.select_related("subject")),
            Prefetch("breaches", queryset=OrderBreach.objects.select_related("order")),
            "reviews__reviewer",
        )
        .first()
    )


def pending_downgrade(incident: Incident) -> Reassessment | None:
    """The downgrade awaiting sign-off on the incident (uses the prefetched rows)."""
    return next((r for r in incident.reassessments.all() if r.sign_off == SignOff.AWAITING), None)


# ------------------------------------------------------------------------- MARAC


def marac_meetings(today: date, *, weeks_back: int = 8) -> list[MaracMeeting]:
    """Recent and coming MARAC meetings with the number of cases on each (one query)."""
    return list(
        MaracMeeting.objects.filter(held_on__gte=today - timedelta(weeks=weeks_back))
        .annotate(cases=Count("referrals"))
        .order_by("held_on")
    )


def marac_meeting(meeting_id: int) -> MaracMeeting | None:
    """A meeting with its referrals, their incidents and victims (two queries)."""
    return (
        MaracMeeting.objects.filter(pk=meeting_id)
        .prefetch_related(
            Prefetch(
                "referrals",
                queryset=MaracReferral.objects.select_related(
                    "incident", "victim", "incident__suspect", "created_by"
                ).order_by("referred_at", "id"),
            )
        )
        .first()
    )


def referrals_on(meetings: Iterable[MaracMeeting]) -> int:
    return sum(getattr(m, "cases", 0) for m in meetings)


# ------------------------------------------------------------------ person matches


def pending_matches() -> QuerySet[PersonMatch]:
    """Uncertain matches awaiting a decision, with both people (a fixed number of queries).

    Never a retired (merged) person, nor a pair naming one person twice: a merge closes those
    (``match_merges.py``); this holds even for a row that slipped past it.
    """
    return (
        PersonMatch.objects.filter(
            status=Status.PENDING,
            candidate__merged_into__isnull=True,
            party__person__merged_into__isnull=True,
        )
        .exclude(party__person_id=F("candidate_id"))
        .select_related("party__incident", "party__person", "candidate")
        .prefetch_related(
            Prefetch("candidate__addresses", queryset=_homes_queryset(), to_attr="current_homes")
        )
        .order_by("-probability", "id")
    )


def _homes_queryset() -> QuerySet[PersonAddress]:
    return PersonAddress.objects.filter(valid_to__isnull=True).select_related("address")


def match_record(match_id: int) -> PersonMatch | None:
    """One match with both people, their homes and their other DA incidents."""
    return (
        PersonMatch.objects.filter(pk=match_id)
        .select_related("party__incident", "party__person", "candidate", "decided_by")
        .prefetch_related(
            Prefetch("candidate__addresses", queryset=_homes_queryset(), to_attr="current_homes"),
            Prefetch(
                "party__person__addresses", queryset=_homes_queryset(), to_attr="current_homes"
            ),
        )
        .first()
    )


def da_incidents_of(person: Person) -> list[Incident]:
    """Incidents where the person is victim or suspect (one query)."""
    return list(
        Incident.objects.filter(Q(victim=person) | Q(suspect=person))
        .select_related("victim", "suspect")
        .order_by("-reported_at")[:50]
    )


# ----------------------------------------------------------------- the dashboard


@dataclass(frozen=True, slots=True)
class Dashboard:
    waiting: int
    targets_missed: int
    escalations: int
    awaiting_sign_off: int
    marac_this_week: int
    week_start: date


def dashboard(now: datetime, today: date) -> Dashboard:
    """The safeguarding officer's figures: the queue, escalations, this week's MARAC."""
    queue = compute_queue(now)
    week_start = today - timedelta(days=today.weekday())
    marac = MaracReferral.objects.filter(
        meeting__held_on__gte=week_start, meeting__held_on__lt=week_start + timedelta(days=7)
    ).count()
    return Dashboard(
        waiting=len(queue.rows),
        targets_missed=queue.targets_missed,
        escalations=queue.escalations,
        awaiting_sign_off=queue.awaiting_sign_off,
        marac_this_week=marac,
        week_start=week_start,
    )
