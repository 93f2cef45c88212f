"""A victim's and a suspect's earlier domestic abuse, read for intake and for the MARAC rules.

Each read is a fixed number of queries (four for the intake history, three for the MARAC
history) and sees nothing dated after ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .marac import EarlierGrade, VictimHistory, months_before
from .models import DashAssessment, Incident, MaracReferral

REPEAT_WINDOW_MONTHS = 12


@dataclass(frozen=True, slots=True)
class EarlierIncident:
    incident_id: int
    reference: str
    reported_at: datetime
    grade: str
    role: str  # "victim" or "suspect"
    other_person: str
    outcome: str


@dataclass
class IntakeHistory:
    """What is known at intake: earlier incidents, grades, MARAC referrals, serial flag."""

    victim_incidents: list[EarlierIncident] = field(default_factory=list)
    suspect_incidents: list[EarlierIncident] = field(default_factory=list)
    victim_incidents_12m: int = 0
    earlier_grades: list[tuple[datetime, str]] = field(default_factory=list)
    marac_referrals_12m: list[MaracReferral] = field(default_factory=list)
    suspect_victims: int = 0

    @property
    def serial_perpetrator(self) -> bool:
        """The suspect has been the suspect against more than one victim."""
        return self.suspect_victims > 1

    def to_dict(self) -> dict[str, Any]:
        def row(e: EarlierIncident) -> dict[str, Any]:
            return {
                "incident_id": e.incident_id,
                "incident": e.reference,
                "reported_at": e.reported_at.isoformat(),
                "grade": e.grade,
                "outcome": e.outcome,
            }

        return {
            "victim_incidents": [row(e) for e in self.victim_incidents],
            "victim_incidents_12m": self.victim_incidents_12m,
            "earlier_grades": [{"at": at.isoformat(), "grade": g} for at, g in self.earlier_grades],
            "marac_referrals_12m": [
                {"referred_at": r.referred_at.isoformat(), "meeting": r.meeting.held_on.isoformat()}
                for r in self.marac_referrals_12m
            ],
            "suspect_incidents": [row(e) for e in self.suspect_incidents],
            "suspect_victims": self.suspect_victims,
            "serial_perpetrator": self.serial_perpetrator,
        }


def intake_history(incident: Incident, now: datetime) -> IntakeHistory:
    """The victim's and the suspect's earlier domestic abuse (four queries)."""
    history = IntakeHistory()
    since = months_before(now, REPEAT_WINDOW_MONTHS)
    earlier = (
        Incident.objects.filter(victim_id=incident.victim_id, reported_at__lte=now)
        .exclude(pk=incident.pk)
        .select_related("suspect")
        .order_by("-reported_at")
    )
    for i in earlier:
        history.victim_incidents.append(
            EarlierIncident(
                i.pk,
                i.reference,
                i.reported_at,
                i.grade,
                "victim",
                i.suspect.full_name if i.suspect else "suspect not known",
                i.outcome_label,
            )
        )
    history.victim_incidents_12m = sum(
        1 for e in history.victim_incidents if e.reported_at >= since
    )
    history.earlier_grades = [
        (a.assessed_at, a.grade)
        for a in DashAssessment.objects.filter(victim_id=incident.victim_id, assessed_at__lte=now)
        .exclude(incident_id=incident.pk)
        .order_by("-assessed_at")
    ]
    history.marac_referrals_12m = list(
        MaracReferral.objects.filter(
            victim_id=incident.victim_id, referred_at__gte=since, referred_at__lte=now
        )
        .select_related("meeting")
        .order_by("-referred_at")
    )
    if incident.suspect_id is not None:
        as_suspect = list(
            Incident.objects.filter(suspect_id=incident.suspect_id, reported_at__lte=now)
            .select_related("victim")
            .order_by("-reported_at")
        )
        history.suspect_victims = len({i.victim_id for i in as_suspect})
        history.suspect_incidents = [
            EarlierIncident(
                i.pk,
                i.reference,
                i.reported_at,
                i.grade,
                "suspect",
                i.victim.full_name,
                i.outcome_label,
            )
            for i in as_suspect
            if i.pk != incident.pk
        ]
    return history


def victim_history(victim_id: int, now: datetime) -> VictimHistory:
    """The victim's incidents (this one included), MARAC referrals and earlier grades."""
    incidents = Incident.objects.filter(victim_id=victim_id, reported_at__lte=now).values_list(
        "reported_at", flat=True
    )
    referrals = MaracReferral.objects.filter(victim_id=victim_id, referred_at__lte=now).values_list(
        "referred_at", flat=True
    )
    grades = DashAssessment.objects.filter(victim_id=victim_id, assessed_at__lte=now).values_list(
        "assessed_at", "grade"
    )
    return VictimHistory(
        incidents_at=tuple(incidents),
        marac_referrals_at=tuple(referrals),
        earlier_grades=tuple(EarlierGrade(at, grade) for at, grade in grades),  # type: ignore[arg-type]
    )
