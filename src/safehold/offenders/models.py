"""The offender register: the offender (registration, status, manager) and the backlog's
daily snapshot; every other record of the register is in a module of its subject
(``visit_models``, ``notification_models``, ``breach_models``, ``risk_models``,
``orders_models``, ...), imported at the end so that Django, and ``from .models import``,
find every model here.

The ``Offender`` row also carries a few summary dates (last visit seen, last risk
assessment, last notification ...) that the services keep in step with the event tables
in the same transaction. The visit policy reads only those, so the backlog of a whole
force is one query however many visits there are.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.accounts.models import Station
from safehold.core_models import TrackedModel
from safehold.people.models import Person

from .vocabulary import (
    RiskLevel as RiskLevel,  # the one definition; its choices are the fields' choices
)


class Status(models.TextChoices):
    MANAGED = "managed", "Managed"
    REACTIVE = "reactive_management", "Reactive management"
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown", "Whereabouts unknown"
    IN_CUSTODY = "in_custody", "In custody"
    DECEASED = "deceased", "Deceased"
    EXPIRED = "expired", "Registration expired"


class NotificationPeriod(models.TextChoices):
    """Notification periods under SOA 2003 s82 (by sentence), or indefinite."""

    INDEFINITE = "indefinite", "Indefinite (review after 15 years)"
    TEN_YEARS = "10y", "10 years"
    SEVEN_YEARS = "7y", "7 years"
    FIVE_YEARS = "5y", "5 years"
    TWO_YEARS = "2y", "2 years"
    OTHER = "other", "Other (see orders)"


class Offender(TrackedModel):
    """A person subject to notification requirements, managed by the force."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="offender")
    register_reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.MANAGED)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    mappa_category = models.PositiveSmallIntegerField(
        choices=[(1, "Category 1"), (2, "Category 2"), (3, "Category 3")], default=1
    )
    mappa_level = models.PositiveSmallIntegerField(
        choices=[(1, "Level 1"), (2, "Level 2"), (3, "Level 3")], default=1
    )
    registered_on = models.DateField()
    notification_period = models.CharField(
        max_length=12, choices=NotificationPeriod.choices, default=NotificationPeriod.TEN_YEARS
    )
    registration_ends_on = models.DateField(null=True, blank=True)
    indefinite_review_on = models.DateField(null=True, blank=True)
    interval_months_override = models.PositiveSmallIntegerField(null=True, blank=True)
    interval_override_reason = models.CharField(max_length=300, blank=True)
    no_fixed_abode = models.BooleanField(default=False)
    released_from_custody_on = models.DateField(null=True, blank=True)
    offender_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
    )
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="offenders")
    pursued = models.BooleanField(default=False)
    pursued_since = models.DateTimeField(null=True, blank=True)
    pursued_reason = models.CharField(max_length=300, blank=True)
    wanted = models.BooleanField(default=False)
    # Summary dates kept in step with the event tables by the services (see module doc).
    last_visit_seen_on = models.DateField(null=True, blank=True)
    last_visit_attempt_on = models.DateField(null=True, blank=True)
    last_visit_attempt_outcome = models.CharField(max_length=16, blank=True)
    last_risk_assessment_on = models.DateField(null=True, blank=True)
    risk_review_due_on = models.DateField(null=True, blank=True)
    # Why the review is due then when a plan or a change set it (empty: the assessment).
    risk_review_reason = models.CharField(max_length=200, blank=True)
    last_notification_on = models.DateField(null=True, blank=True)
    last_station_attendance_on = models.DateField(null=True, blank=True)
    unnotified_change_on = models.DateField(null=True, blank=True)
    # Home visits without access in a row (reset by a visit that sees the offender).
    no_access_streak = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["register_reference"]
        indexes: ClassVar = [
            models.Index(fields=["status", "risk_level"]),
            models.Index(fields=["offender_manager", "status"]),
            models.Index(fields=["station", "status"]),
        ]

    def __str__(self) -> str:
        return self.register_reference


class BacklogSnapshot(models.Model):
    """The backlog as it stood on a day: the trend over time."""

    day = models.DateField(unique=True)
    policy_version = models.CharField(max_length=40)
    overdue_visits = models.PositiveIntegerField()
    missed_visits = models.PositiveIntegerField()
    oldest_overdue_days = models.PositiveIntegerField()
    overdue_risk_reviews = models.PositiveIntegerField(default=0)
    overdue_notifications = models.PositiveIntegerField(default=0)
    by_risk = models.JSONField(default=dict)
    by_station = models.JSONField(default=dict)
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["day"]

    def __str__(self) -> str:
        return f"Backlog on {self.day}: {self.overdue_visits} overdue"


# The register's other records, in modules of their own subject (Django finds them here).
from .breach_models import Breach, BreachAction, BreachResult  # noqa: E402
from .briefing_models import BriefingAction, MeetingActionKind, MeetingActionState  # noqa: E402
from .details_models import NotifiedDetail  # noqa: E402
from .notification_models import (  # noqa: E402
    Notification,
    NotificationKind,
    S91Decision,
    TravelDecision,
)
from .orders_models import (  # noqa: E402
    OffenderPhoto,
    OfficerSafetyMarker,
    Order,
    OrderKind,
    OrderRequirement,
    RequirementKind,
    RequirementTopic,
    SafetyMarkerKind,
    VisitReview,
    VisitReviewOutcome,
)
from .oversight_models import (  # noqa: E402
    ChangeKind,
    ChangeState,
    IntelligenceReport,
    ManagementReview,
    ReviewTrigger,
    RiskChange,
)
from .risk_models import (  # noqa: E402
    ArmsAssessment,
    ArmsPriority,
    CaseDetails,
    MappaChange,
    MappaMeeting,
    PlanAction,
    RiskAssessment,
    RiskPlan,
    RiskTool,
    RoshAssessment,
    SentenceKind,
    StaticAssessment,
)
from .visit_models import Visit, VisitKind, VisitOutcome  # noqa: E402
from .whereabouts_models import (  # noqa: E402
    ClearedBy,
    StepKind,
    WhereaboutsProcedure,
    WhereaboutsStep,
    WhereaboutsTrigger,
)

__all__ = [
    "ArmsAssessment",
    "ArmsPriority",
    "BacklogSnapshot",
    "Breach",
    "BreachAction",
    "BreachResult",
    "BriefingAction",
    "CaseDetails",
    "ChangeKind",
    "ChangeState",
    "ClearedBy",
    "IntelligenceReport",
    "ManagementReview",
    "MappaChange",
    "MappaMeeting",
    "MeetingActionKind",
    "MeetingActionState",
    "Notification",
    "NotificationKind",
    "NotificationPeriod",
    "NotifiedDetail",
    "Offender",
    "OffenderPhoto",
    "OfficerSafetyMarker",
    "Order",
    "OrderKind",
    "OrderRequirement",
    "PlanAction",
    "RequirementKind",
    "RequirementTopic",
    "ReviewTrigger",
    "RiskAssessment",
    "RiskChange",
    "RiskLevel",
    "RiskPlan",
    "RiskTool",
    "RoshAssessment",
    "S91Decision",
    "SafetyMarkerKind",
    "SentenceKind",
    "StaticAssessment",
    "Status",
    "StepKind",
    "TravelDecision",
    "Visit",
    "VisitKind",
    "VisitOutcome",
    "VisitReview",
    "VisitReviewOutcome",
    "WhereaboutsProcedure",
    "WhereaboutsStep",
    "WhereaboutsTrigger",
]
