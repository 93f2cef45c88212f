"""The offender's notified details over time: names, bank accounts and cards, passports
and identity documents, vehicles, contact details, stays at other addresses, and living
or staying with a child. Home addresses are kept in the person's address history.

Imported by ``models.py``.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from safehold.core_models import TrackedModel

from .notification_rules import Subject


def subject_label(subject: str) -> str:
    """ "Vehicle", "Home address" ... for a subject value (the value itself if unknown)."""
    try:
        return Subject(subject).label
    except ValueError:
        return subject


class NotifiedDetail(TrackedModel):
    """One notified detail and the period it held (``valid_to`` empty while current)."""

    offender = models.ForeignKey(
        "offenders.Offender", on_delete=models.CASCADE, related_name="details"
    )
    subject = models.CharField(max_length=20)
    value = models.CharField(max_length=300)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    notification = models.ForeignKey(
        "offenders.Notification", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering: ClassVar = ["subject", "-valid_from", "-id"]
        indexes: ClassVar = [models.Index(fields=["offender", "subject"])]

    def __str__(self) -> str:
        return f"{self.subject}: {self.value}"

    @property
    def label(self) -> str:
        return subject_label(self.subject)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None
