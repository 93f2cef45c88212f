"""Forms for the safeguarding pages, in GOV.UK style. Each maps onto one service's input.

The forms check shapes (a real date, a choice from the list); the services check the
rules and name the field at fault, which the views put back on the form.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from safehold.accounts.models import User
from safehold.accounts.roles import Rank, Role
from safehold.forms import GovukDateInput, GovukForm

from . import policies
from .models import (
    ATTENDANCE_CHOICES,
    CLOSURE_CONTACT_CHOICES,
    GRADE_CHOICES,
    OUTCOME_CHOICES,
    ActionKind,
    Consent,
    ContactOutcome,
    CrimeType,
    Relationship,
    Source,
)
from .vocabulary import (
    BreachResponse,
    ProsecutionSupport,
    ReferralOutcome,
    SafeContact,
    SuspectStatus,
)

DATE_ERRORS = {"invalid": "Enter a real date, for example 2026-11-27", "required": "Enter a date"}
TIME_ERRORS = {"invalid": "Enter a time such as 19:30", "required": "Enter a time"}
SEX = [("F", "Female"), ("M", "Male"), ("U", "Not known")]


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=GovukDateInput(),
        error_messages=DATE_ERRORS,
    )


def _time(label: str = "Time") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text="24-hour clock, for example 19:30",
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}, format="%H:%M"),
        error_messages=TIME_ERRORS,
    )


def _radios(label: str, choices: Any, message: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message},
        **kwargs,
    )


def _text(label: str, *, required: bool = False, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _name(
    label: str, *, required: bool = False, message: str = "", help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=80,
        help_text=help_text,
        error_messages={"required": message} if message else {},
    )


class WhenMixin:
    """Combines a ``<prefix>_date`` and a ``<prefix>_time`` field into an aware datetime."""

    def combine(self, data: dict[str, Any], prefix: str, target: str) -> None:
        day, at = data.get(f"{prefix}_date"), data.get(f"{prefix}_time")
        if day and at:
            data[target] = timezone.make_aware(datetime.combine(day, at))


def now_initial(prefix: str) -> dict[str, Any]:
    now = timezone.localtime()
    return {f"{prefix}_date": now.date(), f"{prefix}_time": now.strftime("%H:%M")}


class IncidentForm(WhenMixin, GovukForm):
    """The call handler's record of a domestic-abuse incident."""

    reported_date = _date("Date reported")
    reported_time = _time()
    source = _radios("How was it reported?", Source.choices, "Select how it was reported")
    attendance = _radios(
        "Police attendance",
        ATTENDANCE_CHOICES,
        "Select whether officers attended",
        help_text="Delayed or unable puts the victim on the telephone re-assessment list",
    )
    grade = _radios(
        "Initial risk grade",
        GRADE_CHOICES,
        "Select the initial risk grade",
        help_text="From the call; the risk questionnaire replaces it",
    )
    victim_given_name = _name("Given name", required=True, message="Enter the victim's given name")
    victim_family_name = _name(
        "Family name", required=True, message="Enter the victim's family name"
    )
    victim_date_of_birth = _date("Date of birth", required=False)
    victim_sex = _radios("Sex", SEX, "Select the victim's sex", required=False)
    victim_postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    suspect_given_name = _name("Given name")
    suspect_family_name = _name("Family name", help_text="Leave empty if not known")
    suspect_date_of_birth = _date("Date of birth", required=False)
    suspect_sex = _radios("Sex", SEX, "Select the suspect's sex", required=False)
    suspect_postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    relationship = forms.ChoiceField(
        label="Suspect's relationship to the victim",
        required=False,
        choices=[("", "Select"), *Relationship.choices],
    )
    suspect_at_large = forms.BooleanField(
        label="The suspect is at large (not arrested or located)", required=False
    )
    children_present = forms.BooleanField(
        label="Children live in the household or were present", required=False
    )
    child_1_given_name = _name("Child 1 given name")
    child_1_family_name = _name("Child 1 family name")
    child_1_date_of_birth = _date("Child 1 date of birth", required=False)
    child_2_given_name = _name("Child 2 given name")
    child_2_family_name = _name("Child 2 family name")
    child_2_date_of_birth = _date("Child 2 date of birth", required=False)
    child_3_given_name = _name("Child 3 given name")
    child_3_family_name = _name("Child 3 family name")
    child_3_date_of_birth = _date("Child 3 date of birth", required=False)
    other_1_given_name = _name("Other household member: given name")
    other_1_family_name = _name("Other household member: family name")
    other_1_date_of_birth = _date("Other household member: date of birth", required=False)
    at_victims_home = forms.BooleanField(
        label="It happened at the victim's home", required=False, initial=True
    )
    location_description = forms.CharField(
        label="Where it happened",
        required=False,
        max_length=200,
        help_text="If not at the victim's home",
    )
    summary = _text("What happened", rows=4)
    crime_recorded = forms.BooleanField(label="A crime was recorded", required=False)
    crime_type = forms.ChoiceField(
        label="Crime type", required=False, choices=[("", "Select"), *CrimeType.choices]
    )

    SECTIONS = (
        ("When and how", ("reported_date", "reported_time", "source", "attendance", "grade")),
        ("Victim", ("victim_given_name", "victim_family_name", "victim_date_of_birth",
                    "victim_sex", "victim_postcode")),
        ("Suspect", ("suspect_given_name", "suspect_family_name", "suspect_date_of_birth",
                     "suspect_sex", "suspect_postcode", "relationship", "suspect_at_large")),
        ("Children and others in the household", (
            "children_present", "child_1_given_name", "child_1_family_name",
            "child_1_date_of_birth", "child_2_given_name", "child_2_family_name",
            "child_2_date_of_birth", "child_3_given_name", "child_3_family_name",
            "child_3_date_of_birth", "other_1_given_name", "other_1_family_name",
            "other_1_date_of_birth")),
        ("What happened", ("at_victims_home", "location_description", "summary",
                           "crime_recorded", "crime_type")),
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.combine(data, "reported", "reported_at")
        for prefix in ("child_1", "child_2", "child_3", "other_1"):
            given, family = data.get(f"{prefix}_given_name"), data.get(f"{prefix}_family_name")
            if (given or data.get(f"{prefix}_date_of_birth")) and not family:
                self.add_error(f"{prefix}_family_name", "Enter the family name")
        return data

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]


class ContactForm(WhenMixin, GovukForm):
    outcome = _radios("Outcome", ContactOutcome.choices, "Select the outcome")
    at_date = _date("Date")
    at_time = _time()
    notes = _text("Notes")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.combine(data, "at", "at")
        return data


class ReassessmentForm(GovukForm):
    new_grade = _radios("Grade after re-assessment", GRADE_CHOICES, "Select the grade")
    attendance = _radios(
        "Attendance now",
        ATTENDANCE_CHOICES,
        "Select the attendance",
        required=False,
        help_text="Leave as it is unless it has changed",
    )
    reason = _text("Reason", help_text="Required to lower the grade: say what has changed")
    advice_given = _text(
        "Safeguarding advice given",
        help_text="Required while attendance is delayed or not possible",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SignOffForm(GovukForm):
    decision = _radios(
        "Your decision",
        [("approve", "Approve the downgrade"), ("refuse", "Refuse: keep the higher grade")],
        "Select your decision",
    )
    note = _text(
        "Reason for your decision",
        required=True,
        error_messages={"required": "Say why you approve or refuse the downgrade"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def supervisor_choices() -> list[tuple[str, str]]:
    people = User.objects.filter(
        is_active=True,
        rank__gte=Rank.SERGEANT,
        role__in=[Role.SAFEGUARDING_OFFICER, Role.RESPONSE_SUPERVISOR],
    ).order_by("last_name", "first_name")
    return [("", "Select a supervisor")] + [(str(u.pk), u.display_name) for u in people]


class EscalationForm(GovukForm):
    reason = _text(
        "Why are you escalating?",
        required=True,
        error_messages={"required": "Say why you are escalating"},
    )
    to_supervisor = forms.ChoiceField(label="Supervisor", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_supervisor"].choices = supervisor_choices()  # type: ignore[attr-defined]


def next_meeting(today: date, weekday: int = 3) -> date:
    """The next weekly MARAC on or after the day after tomorrow (Thursdays by default)."""
    day = today + timedelta(days=2)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


class ReferralForm(GovukForm):
    consent = _radios("Consent", Consent.choices, "Select whether the victim consented")
    no_consent_reason = _text("Why refer without consent?")
    meeting_on = _date("MARAC meeting date")
    judgement_reason = _text(
        "Professional judgement", help_text="Needed when no MARAC criterion is met"
    )


def rank_choices() -> list[tuple[str, str]]:
    return [("", "Select a rank")] + [(r, r.title()) for r in policies.current().clocks.ranks]


class ActionForm(WhenMixin, GovukForm):
    kind = _radios(
        "Action",
        [c for c in ActionKind.choices if c[0] != ActionKind.DAPO_NOTIFICATION],
        "Select the action",
    )
    started_date = _date("Date", help_text="Arrest: the relevant time; DVPN: when served")
    started_time = _time()
    order_days = forms.IntegerField(
        label="DVPO length in days",
        required=False,
        min_value=1,
        max_value=365,
        help_text="DVPO: as the court ordered (14 to 28); DAPO: blank for until further order",
    )
    authorised_by_name = forms.CharField(
        label="Notice authorised by",
        required=False,
        max_length=120,
        help_text="DVPN (superintendent or above) or DAPN (inspector or above) only",
    )
    authorised_by_rank = forms.ChoiceField(label="Their rank", required=False)
    victim_views = _text(
        "The victim's views", help_text="DVPN: required (or that they declined to give one)"
    )
    children_welfare = _text(
        "The welfare of any child",
        help_text="DVPN: required (or that no child's interests are relevant)",
    )
    suspect_representations = _text(
        "The suspect's representations", help_text="DVPN: required (or that they made none)"
    )
    positive_requirements = _text(
        "Positive requirements",
        help_text="DAPO only: one per line, as the court ordered (e.g. attend a programme)",
    )
    notification_requirements = forms.BooleanField(
        label="The DAPO imposes notification requirements (name and address)", required=False
    )
    details = _text("Details")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authorised_by_rank"].choices = rank_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.combine(data, "started", "started_at")
        return data


class BreachForm(WhenMixin, GovukForm):
    at_date = _date("Date of the breach")
    at_time = _time()
    details = _text(
        "What happened", required=True, error_messages={"required": "Say what the breach was"}
    )
    response = _radios("What was done", BreachResponse.choices, "Select what was done")
    response_note = _text("Notes", help_text="Required for no further action: say why")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.combine(data, "at", "at")
        return data


class CompleteActionForm(GovukForm):
    action_id = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "Select"), *ReferralOutcome.choices],
        help_text="Referrals only",
    )
    note = forms.CharField(
        label="What was done", max_length=500, error_messages={"required": "Say what was done"}
    )


class CloseForm(GovukForm):
    crime_recorded = forms.BooleanField(label="A crime was recorded", required=False)
    crime_type = forms.ChoiceField(
        label="Crime type", required=False, choices=[("", "Select"), *CrimeType.choices]
    )
    outcome_type = forms.TypedChoiceField(
        label="Home Office outcome type",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Select (crimes only)"), *OUTCOME_CHOICES[1:]],
        help_text="Outcomes 15 and 16 need a supervisor's review before the case closes",
    )
    contact_outcome = forms.ChoiceField(
        label="Contact with the victim",
        required=False,
        choices=[("", "Select"), *CLOSURE_CONTACT_CHOICES],
        help_text=(
            "Required, with a sergeant or above closing, when the victim was never contacted "
            "or the incident is graded high"
        ),
    )
    reason = _text(
        "Reason for closing",
        required=True,
        error_messages={"required": "Give the reason for closing"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ClosureReviewForm(GovukForm):
    decision = _radios(
        "Your decision",
        [("agree", "Agree: close with this outcome"), ("reopen", "Reopen the investigation")],
        "Select your decision",
    )
    note = _text(
        "What you checked and why", required=True, error_messages={"required": "Record your review"}
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MatchDecisionForm(GovukForm):
    decision = _radios(
        "Are these the same person?",
        [("confirm", "Yes: link the records"), ("reject", "No: different people")],
        "Select whether they are the same person",
    )
    note = _text("Note", help_text="Required when they are different people")


class IncidentFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Any"),
            ("waiting", "Victim waiting"),
            ("open", "Open"),
            ("awaiting_review", "Awaiting closure review"),
            ("closed", "Closed"),
        ],
    )
    grade = forms.ChoiceField(required=False, choices=[("", "Any"), *GRADE_CHOICES])
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)


class VoiceForm(GovukForm):
    """The victim's voice: wishes, safe contact, communication needs, prosecution."""

    wishes = _text("What the victim wants", help_text="In their words where possible")
    safe_contact = forms.ChoiceField(
        label="Safe way to contact them",
        required=False,
        choices=[("", "Not said"), *SafeContact.choices],
    )
    safe_contact_times = forms.CharField(
        label="Safe times to contact them", required=False, max_length=200
    )
    communication_needs = forms.CharField(
        label="Communication needs",
        required=False,
        max_length=200,
        help_text="For example an interpreter, British Sign Language, or an intermediary",
    )
    supports_prosecution = forms.ChoiceField(
        label="Support for a prosecution",
        required=False,
        choices=[("", "Not asked"), *ProsecutionSupport.choices],
    )


class SuspectStatusForm(WhenMixin, GovukForm):
    """The suspect's custody, bail or release status, and whether the victim was told."""

    status = _radios("The suspect is now", SuspectStatus.choices, "Select the suspect's status")
    at_date = _date("Date")
    at_time = _time()
    conditions = _text("Bail conditions or notes")
    victim_told = forms.BooleanField(
        label="The victim has been told of the release", required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.combine(data, "at", "at")
        return data
