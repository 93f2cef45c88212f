"""What the police do in response to a domestic-abuse incident: MARAC referrals (and the
meetings they go to), protective actions and their clocks, breaches of orders, and the
suspect's custody or bail status. Imported back into ``models.py``; Django finds them there.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.core_models import TrackedModel
from safehold.datetext import short_date
from safehold.people.models import Person

from .vocabulary import ActionKind, BreachResponse, ReferralOutcome, SuspectStatus


class MaracMeeting(models.Model):
    """A multi-agency risk assessment conference: the cases referred are its list."""

    held_on = models.DateField(unique=True)
    area = models.CharField(max_length=80, default="Staffordshire and Stoke-on-Trent")

    class Meta:
        ordering: ClassVar = ["-held_on"]

    def __str__(self) -> str:
        return f"MARAC {short_date(self.held_on)}"


class Consent(models.TextChoices):
    WITH = "with_consent", "With the victim's consent"
    WITHOUT = "without_consent", "Without consent"


class MaracReferral(TrackedModel):
    incident = models.ForeignKey(
        "safeguarding.Incident", on_delete=models.CASCADE, related_name="referrals"
    )
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="referrals")
    referred_at = models.DateTimeField()
    consent = models.CharField(max_length=16, choices=Consent.choices)
    no_consent_reason = models.TextField(blank=True)
    criteria = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    judgement_reason = models.TextField(blank=True)
    policy_version = models.CharField(max_length=40)

    class Meta:
        ordering: ClassVar = ["-referred_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["victim", "referred_at"])]

    def __str__(self) -> str:
        return f"MARAC referral for {self.meeting}"


class ProtectiveAction(TrackedModel):
    """A protective action and the clock it started (due, what on expiry, policy)."""

    incident = models.ForeignKey(
        "safeguarding.Incident", on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(max_length=24, choices=ActionKind.choices)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    clock_text = models.CharField(max_length=200)
    on_expiry = models.CharField(max_length=200)
    policy_version = models.CharField(max_length=40)
    subject = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_by_name = models.CharField(max_length=120, blank=True)
    authorised_by_rank = models.CharField(max_length=40, blank=True)
    order_days = models.PositiveSmallIntegerField(null=True, blank=True)
    details = models.TextField(blank=True)
    # A protection notice: what the authorising officer considered, as the law requires
    # (the victim's views, the welfare of any child, the suspect's representations).
    victim_views = models.TextField(blank=True)
    children_welfare = models.TextField(blank=True)
    suspect_representations = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_note = models.TextField(blank=True)
    # A referral (IDVA, children's social care): what the service did with it.
    outcome = models.CharField(max_length=20, choices=ReferralOutcome.choices, blank=True)
    # A DAPO: its positive and notification requirements, each {"kind", "text"}.
    requirements = models.JSONField(default=list, blank=True)

    class Meta:
        ordering: ClassVar = ["-started_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["kind", "started_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.started_at}"


class OrderBreach(TrackedModel):
    """A breach of a protection notice or order, and what the police did about it."""

    incident = models.ForeignKey(
        "safeguarding.Incident", on_delete=models.CASCADE, related_name="breaches"
    )
    order = models.ForeignKey(ProtectiveAction, on_delete=models.CASCADE, related_name="breaches")
    at = models.DateTimeField()
    details = models.TextField()
    response = models.CharField(max_length=16, choices=BreachResponse.choices)
    response_note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Breach at {self.at}"


class SuspectStatusChange(TrackedModel):
    """The suspect's custody, bail or release status from a moment, and whether the victim
    was told of a release (and when, by whom)."""

    incident = models.ForeignKey(
        "safeguarding.Incident", on_delete=models.CASCADE, related_name="suspect_statuses"
    )
    status = models.CharField(max_length=14, choices=SuspectStatus.choices)
    at = models.DateTimeField()
    conditions = models.TextField(blank=True)
    victim_told_at = models.DateTimeField(null=True, blank=True)
    victim_told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} from {self.at}"

    @property
    def is_release(self) -> bool:
        return SuspectStatus(self.status).is_release

    @property
    def victim_not_told(self) -> bool:
        """A release the victim has not been told of."""
        return self.is_release and self.victim_told_at is None
