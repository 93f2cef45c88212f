"""The whereabouts-unknown procedure: opened when an offender cannot be found at the
notified address, with its own clock and the steps taken, until a sighting, an arrest or
a new notification clears it.

Imported by ``models.py``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.core_models import TrackedModel


class WhereaboutsTrigger(models.TextChoices):
    NOT_RESIDENT = "not_resident", "Visit found the offender not resident"
    STATUS = "status", "Status set to whereabouts unknown"


class ClearedBy(models.TextChoices):
    SIGHTING = "sighting", "Sighting"
    ARREST = "arrest", "Arrest"
    NOTIFICATION = "notification", "New notification"


class StepKind(models.TextChoices):
    PNC = "pnc", "Circulated on the PNC"
    ENQUIRY = "enquiry", "Enquiry made"
    BREACH = "breach", "Breach recorded"
    NO_BREACH = "no_breach", "Decided not to record a breach"
    REVIEW = "review", "DS review"


class WhereaboutsProcedure(TrackedModel):
    """One spell of whereabouts unknown, from when the offender was last known."""

    offender = models.ForeignKey(
        "offenders.Offender", on_delete=models.CASCADE, related_name="whereabouts"
    )
    since = models.DateField(help_text="Last known at the notified address")
    opened_at = models.DateTimeField()
    trigger = models.CharField(max_length=16, choices=WhereaboutsTrigger.choices)
    reason = models.CharField(max_length=300)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cleared_by = models.CharField(max_length=12, choices=ClearedBy.choices, blank=True)
    clear_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["-opened_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["closed_at"])]

    def __str__(self) -> str:
        return f"Whereabouts unknown since {self.since}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class WhereaboutsStep(TrackedModel):
    """A step taken in the procedure: PNC circulation, an enquiry, the breach decision, a
    DS review."""

    procedure = models.ForeignKey(
        WhereaboutsProcedure, on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(max_length=10, choices=StepKind.choices)
    done_at = models.DateTimeField()
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    reference = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering: ClassVar = ["done_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.done_at}"
