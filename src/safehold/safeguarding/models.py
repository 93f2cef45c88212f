"""Domestic-abuse incidents and everything the safeguarding team records about them.

An :class:`Incident` has one victim and usually one suspect. Everyone involved (victim,
suspect, children, others in the household) is a :class:`Party`: the person as written
down at intake, linked to a :class:`~safehold.people.models.Person`. ``Incident.victim``
and ``Incident.suspect`` repeat the victim's and suspect's person for the history and
queue queries; the services keep them in step with the parties in the same transaction.

The incident row also holds the waiting-queue state the queue rules read (grade,
attendance, contact attempts, last contact, last re-assessment, red flags, seen), so the
whole queue is two queries however long it is. The event tables (DASH assessments,
contact attempts, re-assessments, escalations, referrals, actions, reviews) are the record
behind those columns.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.core_models import TrackedModel
from safehold.people.models import Location, Person

# ActionKind is defined once in the pure layer; re-exported for the model's users.
from .vocabulary import ActionKind as ActionKind
from .vocabulary import (
    Attendance,
    ClosureContact,
    Grade,
    ProsecutionSupport,
    SafeContact,
    TargetOutcome,
)

# Grade and Attendance are defined once in the pure layer (``vocabulary.py``); the Django
# choices below are derived from them, with the labels the pages show.
GRADE_CHOICES = Grade.choices

GRADE_RANK = {g: g.rank for g in Grade}


class GradeSource(models.TextChoices):
    CALL_HANDLER = "call_handler", "Initial grade from the call"
    DASH = "dash", "Risk questionnaire"
    REASSESSMENT = "reassessment", "Telephone re-assessment"


class Source(models.TextChoices):
    CALL = "call", "999 or 101 call"
    OFFICER = "officer", "Officer-generated"
    PARTNER = "partner_agency", "Partner agency"


ATTENDANCE_CHOICES = Attendance.choices
TARGET_OUTCOME_CHOICES = [c for c in TargetOutcome.choices if c[0] != TargetOutcome.PENDING]
CLOSURE_CONTACT_CHOICES = ClosureContact.choices


class Relationship(models.TextChoices):
    PARTNER = "partner", "Current partner"
    EX_PARTNER = "ex_partner", "Former partner"
    FAMILY = "family", "Family member"
    OTHER = "other", "Other"


class CrimeType(models.TextChoices):
    VIOLENCE_WITH_INJURY = "violence_with_injury", "Violence with injury"
    VIOLENCE_WITHOUT_INJURY = "violence_without_injury", "Violence without injury"
    STALKING_HARASSMENT = "stalking_harassment", "Stalking and harassment"
    COERCIVE_CONTROL = "coercive_control", "Controlling or coercive behaviour"
    SEXUAL_OFFENCE = "sexual_offence", "Sexual offence"
    CRIMINAL_DAMAGE = "criminal_damage", "Criminal damage"
    PUBLIC_ORDER = "public_order", "Public order"
    OTHER = "other", "Other crime"


# Home Office crime outcome types (DOMAIN.md §4; short titles, secondary source).
OUTCOME_TYPES: dict[int, str] = {
    0: "Not yet assigned an outcome",
    1: "Charge/summons",
    2: "Caution - youths",
    3: "Caution - adults",
    4: "Taken into consideration",
    5: "The offender has died",
    6: "Penalty Notice for Disorder",
    7: "Cannabis/khat warning",
    8: "Community resolution",
    9: "Prosecution not in the public interest (CPS)",
    10: "Formal action not in the public interest (police)",
    11: "Prosecution prevented - suspect below the age of criminal responsibility",
    12: "Prosecution prevented - suspect too ill to prosecute",
    13: "Prosecution prevented - victim or key witness dead or too ill",
    14: "Evidential difficulties - suspect not identified; victim does not support action",
    15: "Evidential difficulties - suspect identified; victim supports action",
    16: "Evidential difficulties - suspect identified; victim does not support action",
    17: "Prosecution time limit expired",
    18: "Investigation complete - no suspect identified",
    19: "National Fraud Intelligence Bureau filed - no suspect identified",
    20: "Further action by another body or agency",
    21: "Further investigation not in the public interest - police decision",
    22: "Diversionary, educational or intervention activity",
}
OUTCOME_CHOICES = [(n, f"{n}: {label}") for n, label in OUTCOME_TYPES.items()]


class ClosureStatus(models.TextChoices):
    OPEN = "open", "Open"
    AWAITING_REVIEW = "awaiting_review", "Closure awaiting a supervisor's review"
    CLOSED = "closed", "Closed"


class Incident(TrackedModel):
    """A domestic-abuse incident, its victim's place in the waiting queue and its outcome."""

    reported_at = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    attendance = models.CharField(max_length=10, choices=ATTENDANCE_CHOICES)
    attendance_changed_at = models.DateTimeField(null=True, blank=True)
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    suspect = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    relationship = models.CharField(max_length=12, choices=Relationship.choices, blank=True)
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    location_description = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    suspect_at_large = models.BooleanField(default=False)
    children_present = models.BooleanField(default=False)
    crime_recorded = models.BooleanField(default=False)
    crime_type = models.CharField(max_length=24, choices=CrimeType.choices, blank=True)
    # The waiting-queue state (see the module docstring).
    grade = models.CharField(max_length=10, choices=GRADE_CHOICES)
    grade_source = models.CharField(max_length=14, choices=GradeSource.choices)
    red_flags = models.JSONField(default=list, blank=True)
    contact_attempts = models.PositiveSmallIntegerField(default=0)
    last_contact_at = models.DateTimeField(null=True, blank=True)
    last_reassessed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    # The first contact that reached the victim, and the contact-target outcome once decided
    # (met or missed; blank while pending). Never cleared by a later contact.
    first_contact_at = models.DateTimeField(null=True, blank=True)
    target_outcome = models.CharField(max_length=8, choices=TARGET_OUTCOME_CHOICES, blank=True)
    # Closure.
    closure_status = models.CharField(
        max_length=16, choices=ClosureStatus.choices, default=ClosureStatus.OPEN
    )
    outcome_type = models.PositiveSmallIntegerField(null=True, blank=True, choices=OUTCOME_CHOICES)
    closure_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A closure the oversight rule applied to (victim not contacted, or a high grade): it
    # needed a sergeant and the contact outcome below, and shows on the supervisors' worklist.
    closure_contact = models.CharField(max_length=20, choices=CLOSURE_CONTACT_CHOICES, blank=True)
    closure_oversight = models.JSONField(default=list, blank=True)
    # The victim's voice: their wishes, how and when it is safe to contact them, what they
    # need to communicate, and whether they support a prosecution.
    victim_wishes = models.TextField(blank=True)
    safe_contact = models.CharField(max_length=12, choices=SafeContact.choices, blank=True)
    safe_contact_times = models.CharField(max_length=200, blank=True)
    communication_needs = models.CharField(max_length=200, blank=True)
    supports_prosecution = models.CharField(
        max_length=18, choices=ProsecutionSupport.choices, blank=True
    )

    class Meta:
        ordering: ClassVar = ["-reported_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["victim", "reported_at"]),
            models.Index(fields=["suspect", "reported_at"]),
            models.Index(fields=["seen_at", "closure_status"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"DA-{self.pk:07d}" if self.pk else "DA-new"

    @property
    def is_waiting(self) -> bool:
        """Not yet seen and not closed: the victim is in the waiting queue."""
        return self.seen_at is None and self.closure_status == ClosureStatus.OPEN

    @property
    def outcome_label(self) -> str:
        if self.outcome_type is None:
            return ""
        return f"{self.outcome_type}: {OUTCOME_TYPES[self.outcome_type]}"


class PartyRole(models.TextChoices):
    VICTIM = "victim", "Victim"
    SUSPECT = "suspect", "Suspect"
    CHILD = "child", "Child in the household"
    OTHER = "other", "Other household member"


class Party(TrackedModel):
    """A person involved in an incident, with their details as recorded at intake."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=8, choices=PartyRole.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="da_parties")
    given_name = models.CharField(max_length=80, blank=True)
    family_name = models.CharField(max_length=80, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    sex = models.CharField(max_length=1, blank=True)

    class Meta:
        ordering: ClassVar = ["incident", "id"]
        verbose_name_plural = "parties"
        indexes: ClassVar = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} on {self.incident_id}"


class DashAssessment(TrackedModel):
    """A completed (or partly completed) risk questionnaire and its scored result."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="assessments")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    questionnaire_id = models.CharField(max_length=64)
    questionnaire_version = models.CharField(max_length=64)
    answers = models.JSONField(default=dict)
    yes_count = models.PositiveSmallIntegerField()
    grade = models.CharField(max_length=10, choices=GRADE_CHOICES)
    actuarial_grade = models.CharField(max_length=10, choices=GRADE_CHOICES)
    pj_grade = models.CharField(max_length=10, choices=GRADE_CHOICES, blank=True)
    pj_reason = models.TextField(blank=True)
    judgement_effect = models.CharField(max_length=16, blank=True)
    red_flags = models.JSONField(default=list, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    marac_criteria = models.JSONField(default=list, blank=True)
    marac_notes = models.JSONField(default=list, blank=True)
    policy_version = models.CharField(max_length=40)
    # The follow-up sets the answers called for (stalking S-DASH, honour-based abuse), each
    # with its answers, result and prompts (``follow_ups.FollowUpResult.as_record``).
    follow_ups = models.JSONField(default=list, blank=True)

    class Meta:
        ordering: ClassVar = ["-assessed_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["victim", "assessed_at"])]

    def __str__(self) -> str:
        return f"{self.questionnaire_id} {self.grade} ({self.yes_count} yes)"


class ContactOutcome(models.TextChoices):
    NO_ANSWER = "no_answer", "No answer"
    MESSAGE_LEFT = "message_left", "Message left"
    NOT_SAFE = "not_safe_to_talk", "Not safe to talk; call back arranged"
    WRONG_NUMBER = "wrong_number", "Wrong or dead number"
    SPOKE = "spoke_to_victim", "Spoke to the victim"
    SEEN = "seen_in_person", "Victim seen in person"
    DECLINED = "declined_support", "Spoke to the victim: declined support"


REACHED = {ContactOutcome.SPOKE, ContactOutcome.SEEN, ContactOutcome.DECLINED}


class ContactAttempt(TrackedModel):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="contacts")
    at = models.DateTimeField()
    outcome = models.CharField(max_length=18, choices=ContactOutcome.choices)
    notes = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} at {self.at}"

    @property
    def reached(self) -> bool:
        return self.outcome in REACHED


class SignOff(models.TextChoices):
    NOT_NEEDED = "not_needed", "No sign-off needed"
    AWAITING = "awaiting", "Awaiting a supervisor's sign-off"
    APPROVED = "approved", "Signed off"
    REJECTED = "rejected", "Refused by the supervisor"


class Reassessment(TrackedModel):
    """A telephone re-assessment of the risk while the victim waits."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reassessments")
    assessed_at = models.DateTimeField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    old_grade = models.CharField(max_length=10, choices=GRADE_CHOICES)
    new_grade = models.CharField(max_length=10, choices=GRADE_CHOICES)
    direction = models.CharField(max_length=10)  # raised, unchanged, lowered
    reason = models.TextField(blank=True)
    advice_given = models.TextField(blank=True)
    reasons = models.JSONField(default=list, blank=True)  # the queue's reasons at the time
    policy_version = models.CharField(max_length=40)
    sign_off = models.CharField(max_length=12, choices=SignOff.choices)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["-assessed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.old_grade} to {self.new_grade} ({self.get_sign_off_display()})"


class Escalation(TrackedModel):
    """A waiting victim escalated to a supervisor (target missed or about to be)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="escalations")
    at = models.DateTimeField()
    to_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    reasons = models.JSONField(default=list, blank=True)
    policy_version = models.CharField(max_length=40)

    class Meta:
        ordering: ClassVar = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Escalated at {self.at}"


class ReviewDecision(models.TextChoices):
    AGREED = "agreed", "Agreed: close with this outcome"
    REOPENED = "reopened", "Not agreed: reopen the investigation"


class ClosureReview(TrackedModel):
    """A supervisor's review of a no-further-action closure (outcome 15 or 16)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reviews")
    outcome_type = models.PositiveSmallIntegerField(choices=OUTCOME_CHOICES)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=ReviewDecision.choices)
    note = models.TextField()
    at = models.DateTimeField()
    policy_version = models.CharField(max_length=40)

    class Meta:
        ordering: ClassVar = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Review of outcome {self.outcome_type}: {self.decision}"


from .claims_models import QueueClaim  # noqa: E402,F401  (claims on waiting victims)
from .match_models import MatchStatus as MatchStatus  # noqa: E402  (intake matches)
from .match_models import PersonMatch as PersonMatch  # noqa: E402
from .response_models import Consent as Consent  # noqa: E402  (the response to an incident)
from .response_models import MaracMeeting as MaracMeeting  # noqa: E402
from .response_models import MaracReferral as MaracReferral  # noqa: E402
from .response_models import OrderBreach as OrderBreach  # noqa: E402
from .response_models import ProtectiveAction as ProtectiveAction  # noqa: E402
from .response_models import SuspectStatusChange as SuspectStatusChange  # noqa: E402
