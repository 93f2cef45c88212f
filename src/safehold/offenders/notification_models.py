"""Notifications made in person (SOA 2003 ss83-86), with the DS's s91 and travel decisions.

Imported by ``models.py`` (Django finds the models there).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.accounts.models import Station
from safehold.core_models import TrackedModel


class NotificationKind(models.TextChoices):
    INITIAL = "initial", "Initial notification"
    CHANGE = "change", "Change of details (within 3 days)"
    PERIODIC = "periodic", "Annual re-notification"
    WEEKLY_NFA = "weekly_nfa", "Weekly (no fixed abode)"
    FOREIGN_TRAVEL = "foreign_travel", "Foreign travel (7 days ahead)"
    RELEASE = "release", "Release from custody"


class S91Decision(models.TextChoices):
    BREACH = "breach", "Breach recorded"
    NO_ACTION = "no_action", "Reasonable excuse: no action"


class TravelDecision(models.TextChoices):
    """The DS's decision on a trip abroad the travel check flagged."""

    NO_ACTION = "no_action", "No action"
    ENQUIRY = "enquiry", "Further enquiry"
    BREACH_SUSPECTED = "breach_suspected", "Breach suspected"


class Notification(TrackedModel):
    offender = models.ForeignKey(
        "offenders.Offender", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    notified_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    station = models.ForeignKey(
        Station, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.TextField(blank=True)
    travel_departs_on = models.DateField(null=True, blank=True)
    travel_returns_on = models.DateField(null=True, blank=True)
    travel_destination = models.CharField(max_length=120, blank=True)
    # What a change notification is about (notification_rules.Subject), when the change
    # happened, and whether it came late: a possible s91 matter for the DS to decide.
    subject = models.CharField(max_length=20, blank=True)
    changed_on = models.DateField(null=True, blank=True)
    excuse = models.CharField(max_length=300, blank=True)
    possible_s91 = models.BooleanField(default=False)
    lateness = models.CharField(max_length=300, blank=True)
    s91_decision = models.CharField(max_length=12, choices=S91Decision.choices, blank=True)
    s91_note = models.CharField(max_length=500, blank=True)
    s91_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    s91_decided_at = models.DateTimeField(null=True, blank=True)
    # A foreign trip checked against the orders' prohibitions and the countries of
    # concern (order_rules.check_travel): the reasons, one a line, and the list version.
    travel_flag = models.TextField(blank=True)
    travel_flag_version = models.CharField(max_length=40, blank=True)
    # The DS's decision on a flagged trip (travel_decisions.decide_travel_flag).
    travel_decision = models.CharField(max_length=16, choices=TravelDecision.choices, blank=True)
    travel_decision_note = models.CharField(max_length=500, blank=True)
    travel_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    travel_decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-notified_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["offender", "notified_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.notified_on}"

    @property
    def subject_label(self) -> str:
        from .details_models import subject_label

        return subject_label(self.subject)
