"""Incidents, their THRIVE assessments, the people in them, resolution-centre contact
attempts and appointment slots.

An :class:`Incident` holds its whole timeline as stamped columns (received → graded →
allocated → dispatched → arrived → resolved, UTC), its current grade, route and target,
so the queues and the compliance figures are a fixed number of queries however many
incidents there are. The event tables (:class:`ThriveAssessment`, :class:`ContactAttempt`)
are the record behind those columns; every change is also in the access log.

The simulation (``safehold.simulation``) fits its inputs from these columns:
``received_at``, ``channel``, ``incident_type``, ``area``, ``grade``, ``route``,
``dispatched_at``, ``arrived_at``, ``resolved_at`` and ``station``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.accounts.models import Station
from safehold.core_models import TrackedModel
from safehold.people.models import Location, Person

from .vocabulary import Area, Channel, ContactOutcome, IncidentType, Route


def _choices(
    enum: type[Channel | Area | IncidentType | Route | ContactOutcome],
) -> list[tuple[str, str]]:
    return [(m.value, m.label) for m in enum]


GRADE_CHOICES = [
    (1, "1 Immediate"),
    (2, "2 Priority"),
    (3, "3 Scheduled"),
    (4, "4 Appointment"),
    (5, "5 Resolved without deployment"),
]


class RcStatus(models.TextChoices):
    """A resolution-centre case's state."""

    OPEN = "open", "Open"
    LETTER_SENT = "letter_sent", "Letter or e-mail sent"
    CLOSED = "closed", "Closed"


class Incident(TrackedModel):
    """An incident: a call, online report or officer-generated record, and its timeline."""

    channel = models.CharField(max_length=8, choices=_choices(Channel))
    incident_type = models.CharField(max_length=24, choices=_choices(IncidentType))
    received_at = models.DateTimeField(db_index=True)
    area = models.CharField(max_length=5, choices=_choices(Area), default=Area.URBAN)
    station = models.ForeignKey(
        Station, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    postcode = models.CharField(max_length=10, blank=True)
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    location_description = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    # Grading (THRIVE). `grade` is the grade in force; `suggested_grade` the rules' latest.
    grade = models.PositiveSmallIntegerField(null=True, blank=True, choices=GRADE_CHOICES)
    suggested_grade = models.PositiveSmallIntegerField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    downgrade_pending = models.BooleanField(default=False)
    # Routing: where it went, why, and under which policy version.
    route = models.CharField(max_length=20, choices=_choices(Route), blank=True, db_index=True)
    route_reasons = models.JSONField(default=list, blank=True)
    policy_version = models.CharField(max_length=40, blank=True)
    routed_at = models.DateTimeField(null=True, blank=True)
    # The attendance target: when the clock started and when it runs out (None: no clock).
    target_minutes = models.PositiveIntegerField(null=True, blank=True)
    clock_started_at = models.DateTimeField(null=True, blank=True)
    target_at = models.DateTimeField(null=True, blank=True)
    # The timeline after grading.
    allocated_at = models.DateTimeField(null=True, blank=True)
    unit = models.CharField(max_length=20, blank=True)  # the call sign allocated
    dispatched_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    resolution = models.TextField(blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # Domestic abuse: the safeguarding incident it went on to, when it did.
    is_domestic_abuse = models.BooleanField(default=False)
    high_risk_da = models.BooleanField(default=False)
    safeguarding_incident = models.ForeignKey(
        "safeguarding.Incident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Resolution centre state (the contact attempts are in ContactAttempt).
    rc_status = models.CharField(max_length=12, choices=RcStatus.choices, blank=True)
    contact_attempts = models.PositiveSmallIntegerField(default=0)
    last_contact_at = models.DateTimeField(null=True, blank=True)
    contacted = models.BooleanField(default=False)
    letter_sent_at = models.DateTimeField(null=True, blank=True)
    letter_method = models.CharField(max_length=6, blank=True)  # "letter" or "email"
    reopened_at = models.DateTimeField(null=True, blank=True)
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar = ["-received_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["route", "resolved_at"]),
            models.Index(fields=["grade", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"INC-{self.pk:07d}" if self.pk else "INC-new"

    @property
    def type_label(self) -> str:
        return IncidentType(self.incident_type).label

    @property
    def channel_label(self) -> str:
        return Channel(self.channel).label

    @property
    def route_label(self) -> str:
        return Route(self.route).label if self.route else "Not routed"


class ThriveAssessment(TrackedModel):
    """One THRIVE assessment (the first, or a re-THRIVE on new information)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Grade in force"
        AWAITING_SUPERVISOR = "awaiting_supervisor", "Downgrade awaiting a supervisor"
        APPROVED = "approved", "Downgrade approved by a supervisor"
        REFUSED = "refused", "Downgrade refused by a supervisor"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="assessments")
    assessed_at = models.DateTimeField()
    is_reassessment = models.BooleanField(default=False)
    answers = models.JSONField(default=dict)  # question key -> option
    notes = models.JSONField(default=dict)  # heading key -> free text
    suggested_grade = models.PositiveSmallIntegerField()
    suggestion_reasons = models.JSONField(default=list)
    chosen_grade = models.PositiveSmallIntegerField()
    change_reason = models.TextField(blank=True)
    policy_version = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervised_at = models.DateTimeField(null=True, blank=True)
    supervisor_note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["incident", "assessed_at", "id"]


class InvolvementRole(models.TextChoices):
    CALLER = "caller", "Caller"
    VICTIM = "victim", "Victim"
    SUSPECT = "suspect", "Suspect"
    WITNESS = "witness", "Witness"
    SUBJECT = "subject", "Subject of concern"


class Involvement(TrackedModel):
    """A person involved in an incident, linked to the people register."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="demand_incidents")
    role = models.CharField(max_length=8, choices=InvolvementRole.choices)
    vulnerable = models.BooleanField(default=False)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering: ClassVar = ["incident", "id"]
        indexes: ClassVar = [models.Index(fields=["person", "role"])]


class ContactAttempt(TrackedModel):
    """A resolution-centre attempt to reach the caller."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="contacts")
    at = models.DateTimeField()
    outcome = models.CharField(max_length=14, choices=_choices(ContactOutcome))
    note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["incident", "at", "id"]


class AppointmentSlot(TrackedModel):
    """An appointment slot at a station; booked when it holds an incident."""

    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(db_index=True)
    minutes = models.PositiveSmallIntegerField(default=60)
    incident = models.OneToOneField(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointment"
    )

    class Meta:
        ordering: ClassVar = ["starts_at", "station", "id"]
