"""Forms for the safeguarding pages, in GOV.UK style. Each maps onto one service's input.

The forms check shapes (a real date, a choice from the list); the services check the
rules and name the field at fault, which the views put back on the form.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from safehold.accounts.models import User
from safehold.accounts.roles import Rank, Role
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.forms import GovukDateInput, GovukForm

from .models import (
    ATTENDANCE_CHOICES,
    GRADE_CHOICES,
    ContactOutcome,
    CrimeType,
    Relationship,
    Source,
)

DATE_ERRORS = {"invalid": "Enter a real date, for example 2026-11-27", "required": "Enter a date"}
TIME_ERRORS = {"invalid": "Enter a time such as 19:30", "required": "Enter a time"}
SEX = [("F", "Female"), ("M", "Male"), ("U", "Not known")]


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=GovukDateInput(),
        error_messages=DATE_ERRORS,
    )


def time_field(label: str = "Time") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text="24-hour clock, for example 19:30",
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}, format="%H:%M"),
        error_messages=TIME_ERRORS,
    )


def radios(label: str, choices: Any, message: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message},
        **kwargs,
    )


def text_field(
    label: str, *, required: bool = False, rows: int = 3, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def name_field(
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


def now_initial(prefix: str, clock: Clock = SYSTEM_CLOCK) -> dict[str, Any]:
    """A date and time field pair's initial values: ``clock``'s now, in local time."""
    now = timezone.localtime(clock.now())
    return {f"{prefix}_date": now.date(), f"{prefix}_time": now.strftime("%H:%M")}


class IncidentForm(WhenMixin, GovukForm):
    """The call handler's record of a domestic-abuse incident."""

    reported_date = date_field("Date reported")
    reported_time = time_field()
    source = radios("How was it reported?", Source.choices, "Select how it was reported")
    attendance = radios(
        "Police attendance",
        ATTENDANCE_CHOICES,
        "Select whether officers attended",
        help_text="Delayed or unable puts the victim on the telephone re-assessment list",
    )
    grade = radios(
        "Initial risk grade",
        GRADE_CHOICES,
        "Select the initial risk grade",
        help_text="From the call; the risk questionnaire replaces it",
    )
    victim_given_name = name_field(
        "Given name", required=True, message="Enter the victim's given name"
    )
    victim_family_name = name_field(
        "Family name", required=True, message="Enter the victim's family name"
    )
    victim_date_of_birth = date_field("Date of birth", required=False)
    victim_sex = radios("Sex", SEX, "Select the victim's sex", required=False)
    victim_postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    suspect_given_name = name_field("Given name")
    suspect_family_name = name_field("Family name", help_text="Leave empty if not known")
    suspect_date_of_birth = date_field("Date of birth", required=False)
    suspect_sex = radios("Sex", SEX, "Select the suspect's sex", required=False)
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
    child_1_given_name = name_field("Child 1 given name")
    child_1_family_name = name_field("Child 1 family name")
    child_1_date_of_birth = date_field("Child 1 date of birth", required=False)
    child_2_given_name = name_field("Child 2 given name")
    child_2_family_name = name_field("Child 2 family name")
    child_2_date_of_birth = date_field("Child 2 date of birth", required=False)
    child_3_given_name = name_field("Child 3 given name")
    child_3_family_name = name_field("Child 3 family name")
    child_3_date_of_birth = date_field("Child 3 date of birth", required=False)
    other_1_given_name = name_field("Other household member: given name")
    other_1_family_name = name_field("Other household member: family name")
    other_1_date_of_birth = date_field("Other household member: date of birth", required=False)
    at_victims_home = forms.BooleanField(
        label="It happened at the victim's home", required=False, initial=True
    )
    location_description = forms.CharField(
        label="Where it happened",
        required=False,
        max_length=200,
        help_text="If not at the victim's home",
    )
    summary = text_field("What happened", rows=4)
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
    outcome = radios("Outcome", ContactOutcome.choices, "Select the outcome")
    at_date = date_field("Date")
    at_time = time_field()
    notes = text_field("Notes")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.combine(data, "at", "at")
        return data


class ReassessmentForm(GovukForm):
    new_grade = radios("Grade after re-assessment", GRADE_CHOICES, "Select the grade")
    attendance = radios(
        "Attendance now",
        ATTENDANCE_CHOICES,
        "Select the attendance",
        required=False,
        help_text="Leave as it is unless it has changed",
    )
    reason = text_field("Reason", help_text="Required to lower the grade: say what has changed")
    advice_given = text_field(
        "Safeguarding advice given",
        help_text="Required while attendance is delayed or not possible",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SignOffForm(GovukForm):
    decision = radios(
        "Your decision",
        [("approve", "Approve the downgrade"), ("refuse", "Refuse: keep the higher grade")],
        "Select your decision",
    )
    note = text_field(
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
    reason = text_field(
        "Why are you escalating?",
        required=True,
        error_messages={"required": "Say why you are escalating"},
    )
    to_supervisor = forms.ChoiceField(label="Supervisor", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_supervisor"].choices = supervisor_choices()  # type: ignore[attr-defined]


class MatchDecisionForm(GovukForm):
    decision = radios(
        "Are these the same person?",
        [("confirm", "Yes: link the records"), ("reject", "No: different people")],
        "Select whether they are the same person",
    )
    note = text_field("Note", help_text="Required when they are different people")


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
