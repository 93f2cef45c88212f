"""Visits: planned, completed (with their outcome) or cancelled.

Imported by ``models.py`` (Django finds the models there).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.core_models import TrackedModel


class VisitOutcome(models.TextChoices):
    SEEN = "seen", "Seen"
    NO_ACCESS = "no_access", "No access"
    NOT_RESIDENT = "not_resident", "Not resident"
    REFUSED_ENTRY = "refused_entry", "Refused entry"


class VisitKind(models.TextChoices):
    HOME = "home", "Home visit"
    STATION = "station", "Station attendance"


class Visit(TrackedModel):
    """A planned or completed visit; ``outcome`` is empty until it has happened.

    A planned visit that will not happen is *cancelled* (when, by whom, why), never
    deleted: the record keeps what was planned. Open = no outcome and not cancelled.
    """

    offender = models.ForeignKey(
        "offenders.Offender", on_delete=models.CASCADE, related_name="visits"
    )
    kind = models.CharField(max_length=8, choices=VisitKind.choices, default=VisitKind.HOME)
    planned_for = models.DateTimeField(null=True, blank=True)
    visited_at = models.DateTimeField(null=True, blank=True)
    officer_1 = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    officer_2 = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    announced = models.BooleanField(default=False)
    outcome = models.CharField(max_length=16, choices=VisitOutcome.choices, blank=True)
    checks = models.TextField(blank=True, help_text="What was checked")
    concerns = models.TextField(blank=True)
    raised_concern = models.BooleanField(default=False)
    intelligence_submitted = models.BooleanField(default=False)
    # The structured visit record (DOMAIN.md §1.6): who was there, children flagged,
    # whether the address is confirmed as the residence, unnotified changes seen.
    people_present = models.CharField(max_length=300, blank=True)
    child_present = models.BooleanField(default=False)
    address_confirmed = models.BooleanField(null=True, blank=True)
    unnotified_details = models.BooleanField(default=False)
    # Devices examined (prompted when an active order has a devices requirement); per
    # active requirement, "complied" / "not_complied" / "not_checked" keyed by its id;
    # ARMS observations keyed by factor; whether a photograph was taken.
    devices_examined = models.TextField(blank=True)
    compliance = models.JSONField(default=dict, blank=True)
    arms_observations = models.JSONField(default=dict, blank=True)
    photograph_taken = models.BooleanField(default=False)
    plan_run_id = models.BigIntegerField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancel_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["-visited_at", "-planned_for", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["offender", "visited_at"]),
            models.Index(fields=["visited_at"]),
        ]

    def __str__(self) -> str:
        when = self.visited_at or self.planned_for
        return f"{self.get_kind_display()} {self.outcome or 'planned'} {when}"

    @property
    def is_planned(self) -> bool:
        """Planned and still open: no outcome yet and not cancelled."""
        return not self.outcome and self.cancelled_at is None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
