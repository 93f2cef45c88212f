"""Oversight records: changes awaiting a detective sergeant's sign-off, reviews opened
when a reactively managed offender comes back to notice, and intelligence received.

Imported by ``models.py`` (Django finds the models there).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.core_models import TrackedModel


class ChangeKind(models.TextChoices):
    LOWER_RISK = "lower_risk", "Lower risk level"
    LONGER_INTERVAL = "longer_interval", "Longer visit interval"
    REACTIVE_MANAGEMENT = "reactive_management", "Move to reactive management"


class ChangeState(models.TextChoices):
    AWAITING = "awaiting", "Awaiting a DS's sign-off"
    APPROVED = "approved", "Signed off"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class RiskChange(TrackedModel):
    """A change that lowers the attention an offender gets, proposed and signed off.

    Until a sergeant or above (not the proposer) approves it, nothing changes on the
    offender's record: the higher level, the shorter interval or active management stays.
    """

    offender = models.ForeignKey(
        "offenders.Offender", on_delete=models.CASCADE, related_name="risk_changes"
    )
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    from_value = models.CharField(max_length=24, blank=True)
    to_value = models.CharField(max_length=24, blank=True)
    reason = models.CharField(max_length=500)
    override_reason = models.CharField(max_length=500, blank=True)
    eligibility = models.CharField(max_length=300, blank=True)
    assessment = models.ForeignKey(
        "offenders.RiskAssessment", null=True, blank=True, on_delete=models.SET_NULL
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField()
    state = models.CharField(
        max_length=10, choices=ChangeState.choices, default=ChangeState.AWAITING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    policy_version = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering: ClassVar = ["-proposed_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["state", "proposed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"

    @property
    def summary(self) -> str:
        """The change in words, e.g. "Lower risk level: high to low"."""

        def word(value: str) -> str:
            if self.kind == ChangeKind.LONGER_INTERVAL:
                return f"{value} months" if value else "the risk level's default"
            return value.replace("_", " ")

        return f"{self.get_kind_display()}: {word(self.from_value)} to {word(self.to_value)}"


class ReviewTrigger(models.TextChoices):
    BREACH = "breach", "Breach"
    VISIT_CONCERN = "visit_concern", "Visit raised concerns"
    INTELLIGENCE = "intelligence", "New intelligence"


class ManagementReview(TrackedModel):
    """A reactively managed offender back to active management, pending a review."""

    offender = models.ForeignKey(
        "offenders.Offender", on_delete=models.CASCADE, related_name="management_reviews"
    )
    trigger = models.CharField(max_length=16, choices=ReviewTrigger.choices)
    why = models.CharField(max_length=500)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering: ClassVar = ["-opened_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["closed_at"])]

    def __str__(self) -> str:
        return f"Review: {self.why}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class IntelligenceReport(TrackedModel):
    """Intelligence received about an offender (a summary and its reference)."""

    offender = models.ForeignKey(
        "offenders.Offender", on_delete=models.CASCADE, related_name="intelligence"
    )
    received_on = models.DateField()
    summary = models.CharField(max_length=500)
    reference = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering: ClassVar = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"Intelligence {self.reference or self.pk} on {self.received_on}"
