"""Reads for the demand pages, API and CLI, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from safehold.accounts.models import User

from . import compliance as compliance_rules
from .models import AppointmentSlot, Incident, Involvement, RcStatus, ThriveAssessment
from .policy import DemandPolicy, default_policy
from .queues import DispatchEntry, RcEntry, dispatch_entry, rc_entry
from .support import may_see
from .vocabulary import Route


def incident_for(actor: User, incident_id: int) -> Incident | None:
    """The incident with its THRIVE history, people and contacts, if the actor may see it."""
    incident = (
        Incident.objects.select_related("station", "safeguarding_incident", "investigator")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=ThriveAssessment.objects.select_related(
                    "created_by", "supervisor"
                ).order_by("-assessed_at", "-id"),
            ),
            "people__person",
            "contacts__created_by",
        )
        .filter(pk=incident_id)
        .first()
    )
    if incident is None or not may_see(actor, incident):
        return None
    return incident


# ------------------------------------------------------------------- dispatch queue


@dataclass(frozen=True, slots=True)
class DispatchRow:
    incident: Incident
    entry: DispatchEntry


@dataclass
class DispatchQueue:
    now: datetime
    policy_version: str
    rows: list[DispatchRow]
    downgrades: list[ThriveAssessment] = field(default_factory=list)

    @property
    def incident_ids(self) -> list[int]:
        return [r.incident.pk for r in self.rows]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.entry.status == status)

    @property
    def missed(self) -> int:
        return self.count("missed")

    @property
    def to_escalate(self) -> int:
        return self.count("escalate")


def dispatch_queue(now: datetime, policy: DemandPolicy | None = None) -> DispatchQueue:
    """Incidents awaiting a unit's arrival, most urgent first; and downgrades to decide.

    Two queries whatever the length.
    """
    policy = policy or default_policy()
    waiting = Incident.objects.filter(
        route__in=(Route.RESPONSE, Route.SCHEDULED),
        arrived_at__isnull=True,
        resolved_at__isnull=True,
    ).select_related("station")
    rows = [
        DispatchRow(
            i,
            dispatch_entry(
                policy,
                grade=i.grade or 3,
                area=i.area,
                target_at=i.target_at,
                unit=i.unit,
                dispatched=i.dispatched_at is not None,
                now=now,
            ),
        )
        for i in waiting
    ]
    rows.sort(key=lambda r: (*r.entry.sort_key, r.incident.grade or 9, r.incident.pk))
    downgrades = list(
        ThriveAssessment.objects.filter(status=ThriveAssessment.Status.AWAITING_SUPERVISOR)
        .select_related("incident", "created_by")
        .order_by("assessed_at")
    )
    return DispatchQueue(now, policy.version, rows, downgrades)


def people_involved(incident_ids: list[int]) -> list[int]:
    """The people involved in ``incident_ids`` (for the access log of a queue look). One
    query."""
    if not incident_ids:
        return []
    return sorted(
        set(
            Involvement.objects.filter(incident_id__in=incident_ids).values_list(
                "person_id", flat=True
            )
        )
    )


# ------------------------------------------------------------------ resolution centre


@dataclass(frozen=True, slots=True)
class RcRow:
    incident: Incident
    entry: RcEntry


@dataclass
class RcQueue:
    now: datetime
    policy_version: str
    is_open: bool
    hours: str
    rows: list[RcRow]

    @property
    def incident_ids(self) -> list[int]:
        return [r.incident.pk for r in self.rows]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.entry.action == action)

    @property
    def letters_due(self) -> int:
        return self.count("letter")

    @property
    def to_close(self) -> int:
        return self.count("close")

    @property
    def awaiting_attempt(self) -> int:
        return self.count("attempt")


def rc_queue(now: datetime, policy: DemandPolicy | None = None) -> RcQueue:
    """Open resolution-centre cases, the next step first. One query."""
    policy = policy or default_policy()
    local = timezone.localtime(now).time()
    cases = Incident.objects.filter(
        route=Route.RESOLUTION_CENTRE, rc_status__in=(RcStatus.OPEN, RcStatus.LETTER_SENT)
    ).select_related("investigator")
    rows = [
        RcRow(
            i,
            rc_entry(
                policy,
                failed_attempts=i.contact_attempts,
                contacted=i.contacted,
                letter_sent=i.letter_sent_at is not None,
                received_at=i.received_at,
                reopened=i.reopened_at is not None,
                now=now,
                local_now=local,
            ),
        )
        for i in cases
    ]
    rows.sort(key=lambda r: (*r.entry.sort_key, r.incident.pk))
    return RcQueue(
        now,
        policy.version,
        policy.rc_is_open(local),
        f"{policy.rc_opens:%H:%M}-{policy.rc_closes:%H:%M}",
        rows,
    )


# ---------------------------------------------------------------------- appointments


@dataclass
class AppointmentDay:
    day: date
    slots: list[AppointmentSlot]


def appointments(now: datetime, days: int = 7, station_id: int | None = None) -> dict[str, Any]:
    """Slots per station over the next ``days`` days, and incidents awaiting a booking."""
    slots: QuerySet[AppointmentSlot] = AppointmentSlot.objects.filter(
        starts_at__gte=now - timedelta(hours=1), starts_at__lt=now + timedelta(days=days)
    ).select_related("station", "incident")
    if station_id:
        slots = slots.filter(station_id=station_id)
    by_station: dict[str, list[AppointmentSlot]] = {}
    for s in slots.order_by("station__name", "starts_at"):
        by_station.setdefault(s.station.name, []).append(s)
    awaiting = list(
        Incident.objects.filter(
            route=Route.APPOINTMENT, resolved_at__isnull=True, appointment__isnull=True
        )
        .select_related("station")
        .order_by("received_at")[:200]
    )
    return {"by_station": by_station, "awaiting": awaiting}


def free_slots(now: datetime, limit: int = 50) -> list[AppointmentSlot]:
    return list(
        AppointmentSlot.objects.filter(starts_at__gte=now, incident__isnull=True)
        .select_related("station")
        .order_by("starts_at", "station__name")[:limit]
    )


# ----------------------------------------------------------------------- call list


def recent_calls(now: datetime, hours: int = 24) -> list[Incident]:
    """Incidents received in the last ``hours`` hours and any not yet graded."""
    return list(
        Incident.objects.filter(
            Q(received_at__gte=now - timedelta(hours=hours)) | Q(grade__isnull=True)
        )
        .filter(received_at__lte=now + timedelta(minutes=5))
        .select_related("station")
        .order_by("-received_at")[:200]
    )


# ------------------------------------------------------------------------ compliance

ROW_FIELDS = (
    "grade",
    "area",
    "route",
    "incident_type",
    "received_at",
    "dispatched_at",
    "arrived_at",
    "resolved_at",
    "target_minutes",
)


def compliance(
    start: datetime | None, end: datetime | None, policy: DemandPolicy | None = None
) -> dict[str, Any]:
    """Compliance over incidents received in [start, end). One query, streamed."""
    policy = policy or default_policy()
    rows = Incident.objects.all()
    if start is not None:
        rows = rows.filter(received_at__gte=start)
    if end is not None:
        rows = rows.filter(received_at__lt=end)
    stream = (
        compliance_rules.IncidentRow(*values)
        for values in rows.order_by().values_list(*ROW_FIELDS).iterator(chunk_size=5000)
    )
    return compliance_rules.summarise(stream, policy, start=start, end=end)
