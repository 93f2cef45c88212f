"""Orders and their structured terms, officer-safety markers, the person's photograph and
the supervisor's review of a visit that raised concerns.

An order (``Order``: SHPO, SRO, notification order, licence) holds a numbered
list of requirements, each a prohibition ("must not") or a positive requirement
("must"), with a topic the rules read: a *devices* requirement prompts the visiting
officers to examine devices; a *travel* prohibition is checked against every foreign
travel notification (``order_rules.check_travel``).

Imported by ``models.py`` (Django finds the models there).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.core_models import TrackedModel


class RequirementKind(models.TextChoices):
    PROHIBITION = "prohibition", "Must not"
    POSITIVE = "positive", "Must"


class RequirementTopic(models.TextChoices):
    """What a requirement is about; the rules read ``devices`` and ``travel``."""

    DEVICES = "devices", "Devices and internet"
    TRAVEL = "travel", "Foreign travel"
    CHILDREN = "children", "Contact with children"
    PLACES = "places", "Places and areas"
    PEOPLE = "people", "Named people"
    RESIDENCE = "residence", "Residence"
    OTHER = "other", "Other"


class OrderRequirement(TrackedModel):
    """One term of an order. For a travel prohibition ``countries`` lists the countries
    it names (comma-separated); empty means all foreign travel."""

    order = models.ForeignKey("offenders.Order", on_delete=models.CASCADE, related_name="terms")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=RequirementKind.choices)
    topic = models.CharField(max_length=10, choices=RequirementTopic.choices)
    text = models.CharField(max_length=500)
    countries = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["order", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["order", "position"], name="order_term_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.get_kind_display()} {self.text}"

    @property
    def label(self) -> str:
        return f"{self.position}. {self.get_kind_display()}: {self.text}"


class SafetyMarkerKind(models.TextChoices):
    VIOLENCE = "violence", "Violence towards officers"
    WEAPONS = "weapons", "Weapons"
    DOGS = "dogs", "Dangerous dogs"
    DRUGS = "drugs", "Drugs or needles"
    SELF_HARM = "self_harm", "Self-harm or suicide risk"
    ASSOCIATES = "associates", "Hostile associates at the address"
    OTHER = "other", "Other"


class OfficerSafetyMarker(TrackedModel):
    """A warning for officers going to the person; open until removed with a reason."""

    offender = models.ForeignKey(
        "offenders.Offender", on_delete=models.CASCADE, related_name="safety_markers"
    )
    kind = models.CharField(max_length=12, choices=SafetyMarkerKind.choices)
    note = models.CharField(max_length=300)
    added_on = models.DateField()
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["-added_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["offender", "removed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.note}"

    @property
    def is_open(self) -> bool:
        return self.removed_at is None


class OffenderPhoto(TrackedModel):
    """The person's photograph, kept in the database (never a public file): served only
    through the record's photograph view, which checks the role and logs each look."""

    offender = models.ForeignKey(
        "offenders.Offender", on_delete=models.CASCADE, related_name="photos"
    )
    image = models.BinaryField()
    content_type = models.CharField(max_length=20)
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    taken_on = models.DateField()
    visit = models.ForeignKey(
        "offenders.Visit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-taken_on", "-id"]

    def __str__(self) -> str:
        return f"Photograph of {self.offender_id} taken {self.taken_on}"


class VisitReviewOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    ACTIONS_SET = "actions", "Actions set for the offender manager"
    RISK_REVIEW = "risk_review", "Risk review brought forward"
    ESCALATED = "escalated", "Escalated (MAPPA, safeguarding or investigation)"


class VisitReview(TrackedModel):
    """A supervisor's review of a visit that raised concerns."""

    visit = models.OneToOneField(
        "offenders.Visit", on_delete=models.CASCADE, related_name="supervisor_review"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField()
    outcome = models.CharField(max_length=12, choices=VisitReviewOutcome.choices)
    note = models.CharField(max_length=500)

    class Meta:
        ordering: ClassVar = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"Review of visit {self.visit_id}: {self.outcome}"


class OrderKind(models.TextChoices):
    SHPO = "shpo", "Sexual Harm Prevention Order"
    SRO = "sro", "Sexual Risk Order"
    NOTIFICATION_ORDER = "notification_order", "Notification Order"
    LICENCE = "licence", "Licence"
    OTHER = "other", "Other order"


class Order(TrackedModel):
    offender = models.ForeignKey(
        "offenders.Offender", on_delete=models.CASCADE, related_name="orders"
    )
    kind = models.CharField(max_length=20, choices=OrderKind.choices)
    conditions = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    # Who made it and its reference (court case number, licence number).
    made_by = models.CharField(max_length=120, blank=True)
    reference = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering: ClassVar = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.starts_on}"
