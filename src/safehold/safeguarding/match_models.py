"""Possible matches between a person recorded at intake and a person already held, and the
decision on each. Imported back into ``models.py``; Django finds it there.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.core_models import TrackedModel
from safehold.people.models import Person


class MatchStatus(models.TextChoices):
    LINKED = "linked_automatically", "Linked automatically (confident match)"
    PENDING = "pending", "Awaiting review"
    CONFIRMED = "confirmed", "Confirmed: the same person"
    REJECTED = "rejected", "Rejected: different people"


class PersonMatch(TrackedModel):
    """A possible match between a person recorded at intake and a person already held.

    Confident matches are linked at intake and kept here as the record of that decision;
    uncertain ones wait for a person to confirm or reject them.
    """

    party = models.ForeignKey(
        "safeguarding.Party", on_delete=models.CASCADE, related_name="matches"
    )
    candidate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    probability = models.FloatField()
    match_weight = models.FloatField()
    explanation = models.JSONField(default=list)
    model_version = models.CharField(max_length=20)
    hold_reason = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=MatchStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["-probability", "id"]
        verbose_name_plural = "person matches"
        indexes: ClassVar = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"Match {self.probability:.3f} ({self.status})"
