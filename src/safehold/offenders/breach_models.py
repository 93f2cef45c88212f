"""Breaches of the notification requirements or of an order, and the action taken.

Imported by ``models.py`` (Django finds the models there).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from safehold.core_models import TrackedModel


class BreachAction(models.TextChoices):
    ARREST = "arrest", "Arrested"
    WANTED = "wanted", "Circulated as wanted"
    CHARGED = "charged", "Charged"
    WARNING = "warning", "Warning given"
    NONE = "none", "No action yet"


class BreachResult(models.TextChoices):
    PENDING = "pending", "Awaiting a result"
    CONVICTED = "convicted", "Convicted"
    CAUTIONED = "cautioned", "Cautioned"
    NOT_GUILTY = "not_guilty", "Not guilty"
    NFA = "nfa", "No further action"


class Breach(TrackedModel):
    offender = models.ForeignKey(
        "offenders.Offender", on_delete=models.CASCADE, related_name="breaches"
    )
    what = models.CharField(max_length=200)
    occurred_on = models.DateField()
    recorded_at = models.DateTimeField()
    action = models.CharField(max_length=10, choices=BreachAction.choices)
    action_on = models.DateField(null=True, blank=True)
    details = models.TextField(blank=True)
    # The order and the term it breaks (empty for the notification requirements), the
    # crime reference and the result.
    order = models.ForeignKey(
        "offenders.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="breaches"
    )
    requirement = models.ForeignKey(
        "offenders.OrderRequirement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="breaches",
    )
    crime_reference = models.CharField(max_length=40, blank=True)
    result = models.CharField(max_length=12, choices=BreachResult.choices, blank=True)

    class Meta:
        ordering: ClassVar = ["-recorded_at"]
        verbose_name_plural = "breaches"
        indexes: ClassVar = [models.Index(fields=["recorded_at"])]

    def __str__(self) -> str:
        return f"{self.what} on {self.occurred_on}"
