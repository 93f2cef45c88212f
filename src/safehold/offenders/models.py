"""The offender register: registration, risk, orders, notifications, visits and breaches.

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


class RiskTool(models.TextChoices):
    ARMS = "arms", "ARMS"
    RM2000 = "rm2000", "Risk Matrix 2000"
    OASYS = "oasys_rosh", "OASys RoSH"
    OVERALL = "overall", "Overall level (from the tools)"


class RiskAssessment(TrackedModel):
    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="assessments")
    tool = models.CharField(max_length=12, choices=RiskTool.choices)
    level = models.CharField(max_length=10, choices=RiskLevel.choices)
    assessed_on = models.DateField()
    next_review_due = models.DateField(null=True, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessor_name = models.CharField(max_length=120, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["-assessed_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["offender", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.get_tool_display()} {self.get_level_display()} on {self.assessed_on}"


class OrderKind(models.TextChoices):
    SHPO = "shpo", "Sexual Harm Prevention Order"
    SRO = "sro", "Sexual Risk Order"
    NOTIFICATION_ORDER = "notification_order", "Notification Order"
    LICENCE = "licence", "Licence"
    OTHER = "other", "Other order"


class Order(TrackedModel):
    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="orders")
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
    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="notifications")
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

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="visits")
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
    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="breaches")
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
from .briefing_models import BriefingAction, MeetingActionKind, MeetingActionState  # noqa: E402
from .details_models import NotifiedDetail  # noqa: E402
from .orders_models import (  # noqa: E402
    OffenderPhoto,
    OfficerSafetyMarker,
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
    RiskPlan,
    RoshAssessment,
    SentenceKind,
    StaticAssessment,
)
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
