"""Forms for the register, in GOV.UK style. Each maps onto one service's input."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from safehold.accounts.models import Station, User
from safehold.accounts.roles import Role
from safehold.forms import ClockedForm, GovukDateInput, GovukForm

from .models import BreachAction, RiskLevel, RiskTool, Status, VisitOutcome

DATE_ERRORS = {"invalid": "Enter a real date, for example 2026-11-27", "required": "Enter a date"}


def officer_choices() -> list[tuple[str, str]]:
    officers = User.objects.filter(
        is_active=True, role__in=[Role.OFFENDER_MANAGER, Role.PRIORITIES_LEAD]
    ).order_by("last_name", "first_name")
    return [("", "Select an officer")] + [
        (str(u.pk), f"{u.get_full_name()} ({u.collar_number or u.username})") for u in officers
    ]


class VisitForm(ClockedForm):
    """Record a home visit or a station attendance."""

    kind = forms.ChoiceField(
        label="Kind of visit",
        choices=[("home", "Home visit"), ("station", "Station attendance")],
        widget=forms.RadioSelect,
        initial="home",
        error_messages={"required": "Select the kind of visit"},
    )
    visit_date = forms.DateField(
        label="Date of the visit", widget=GovukDateInput(), error_messages=DATE_ERRORS
    )
    visit_time = forms.TimeField(
        label="Time",
        help_text="24-hour clock, for example 19:30",
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}, format="%H:%M"),
        error_messages={"invalid": "Enter a time such as 19:30", "required": "Enter a time"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=VisitOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    officer_1 = forms.ChoiceField(label="First officer", required=False)
    officer_2 = forms.ChoiceField(label="Second officer", required=False)
    announced = forms.BooleanField(label="The visit was announced in advance", required=False)
    checks = forms.CharField(
        label="What was checked",
        required=False,
        help_text="For example: rooms, devices, who else lives there",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    concerns = forms.CharField(
        label="Concerns",
        required=False,
        help_text="Anything that raises concern; it goes on the briefing",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    intelligence_submitted = forms.BooleanField(label="Intelligence submitted", required=False)
    people_present = forms.CharField(
        label="Who else was there",
        required=False,
        max_length=300,
        help_text="Names or descriptions, and how they relate to the offender",
    )
    child_present = forms.BooleanField(
        label="A child (under 18) was present or lives or stays there", required=False
    )
    address_confirmed = forms.BooleanField(
        label="Address confirmed as the offender's residence", required=False
    )
    unnotified_details = forms.BooleanField(
        label="Notifiable details have changed and were not notified", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = officer_choices()
        self.fields["officer_1"].choices = choices  # type: ignore[attr-defined]
        self.fields["officer_2"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, at = data.get("visit_date"), data.get("visit_time")
        if day and at:
            when = timezone.make_aware(datetime.combine(day, at))
            if when > self.clock.now():
                self.add_error("visit_date", "The visit must be today or in the past")
            data["visited_at"] = when
        if data.get("kind") == "home":
            if not data.get("officer_1"):
                self.add_error("officer_1", "Select the first officer")
            if not data.get("officer_2"):
                self.add_error("officer_2", "Select the second officer: home visits are in pairs")
        if data.get("officer_1") and data.get("officer_1") == data.get("officer_2"):
            self.add_error("officer_2", "The two officers must be different people")
        return data


class AssessmentForm(ClockedForm):
    tool = forms.ChoiceField(
        label="Assessment tool",
        # The overall level is derived from the tools' own records (risk_tools.py).
        choices=[c for c in RiskTool.choices if c[0] != RiskTool.OVERALL],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the assessment tool"},
    )
    level = forms.ChoiceField(
        label="Risk level",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the risk level"},
    )
    assessed_on = forms.DateField(
        label="Date of assessment", widget=GovukDateInput(), error_messages=DATE_ERRORS
    )
    next_review_due = forms.DateField(
        label="Next review due",
        required=False,
        help_text="Leave empty to use the policy's review interval",
        widget=GovukDateInput(),
        error_messages=DATE_ERRORS,
    )
    assessor_name = forms.CharField(label="Assessor", required=False, max_length=120)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("assessed_on") and data["assessed_on"] > self.clock.today():
            self.add_error("assessed_on", "The assessment date must be today or in the past")
        if (
            data.get("assessed_on")
            and data.get("next_review_due")
            and data["next_review_due"] <= data["assessed_on"]
        ):
            self.add_error("next_review_due", "The next review must be after the assessment")
        return data


class BreachForm(ClockedForm):
    what = forms.CharField(
        label="What was the breach?",
        max_length=200,
        help_text="For example: failed to notify a change of address",
        error_messages={"required": "Say what the breach was"},
    )
    occurred_on = forms.DateField(
        label="When did it happen?", widget=GovukDateInput(), error_messages=DATE_ERRORS
    )
    action = forms.ChoiceField(
        label="Action taken",
        choices=BreachAction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the action taken"},
    )
    action_on = forms.DateField(
        label="Date of the action",
        required=False,
        widget=GovukDateInput(),
        error_messages=DATE_ERRORS,
    )
    details = forms.CharField(
        label="Details", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("occurred_on") and data["occurred_on"] > self.clock.today():
            self.add_error("occurred_on", "The date must be today or in the past")
        if (
            data.get("occurred_on")
            and data.get("action_on")
            and data["action_on"] < data["occurred_on"]
        ):
            self.add_error("action_on", "The action cannot be before the breach")
        return data


class AssignForm(GovukForm):
    manager = forms.ChoiceField(
        label="Offender manager", error_messages={"required": "Select an offender manager"}
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        managers = User.objects.filter(role=Role.OFFENDER_MANAGER, is_active=True).order_by(
            "last_name"
        )
        self.fields["manager"].choices = [("", "Select")] + [  # type: ignore[attr-defined]
            (str(m.pk), m.get_full_name()) for m in managers
        ]


class ScheduleForm(ClockedForm):
    planned_date = forms.DateField(
        label="Visit date", widget=GovukDateInput(), error_messages=DATE_ERRORS
    )
    planned_time = forms.TimeField(
        label="Time",
        initial=time(18, 0),
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}, format="%H:%M"),
        error_messages={"invalid": "Enter a time such as 18:00"},
    )
    officer_1 = forms.ChoiceField(label="First officer", required=False)
    officer_2 = forms.ChoiceField(label="Second officer", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = officer_choices()
        self.fields["officer_1"].choices = choices  # type: ignore[attr-defined]
        self.fields["officer_2"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, at = data.get("planned_date"), data.get("planned_time")
        if day and at:
            when = timezone.make_aware(datetime.combine(day, at))
            if day < self.clock.today():
                self.add_error("planned_date", "The visit date must be today or later")
            data["planned_for"] = when
        if data.get("officer_1") and data.get("officer_1") == data.get("officer_2"):
            self.add_error("officer_2", "The two officers must be different people")
        return data


class PursueForm(GovukForm):
    pursued = forms.BooleanField(label="Being pursued by the priorities team", required=False)
    reason = forms.CharField(label="Why", required=False, max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("pursued") and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the offender is being pursued")
        return data


class IntervalForm(GovukForm):
    months = forms.IntegerField(
        label="Months between home visits",
        required=False,
        min_value=1,
        max_value=24,
        help_text="Set by the risk management plan. Leave empty to use "
        "the policy's default for the risk level.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"min_value": "Enter 1 to 24 months", "max_value": "Enter 1 to 24 months"},
    )
    reason = forms.CharField(label="Reason", required=False, max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("months") and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the risk management plan sets this interval")
        return data


class StatusForm(GovukForm):
    status = forms.ChoiceField(
        label="Management status", choices=Status.choices, widget=forms.RadioSelect
    )
    released_on = forms.DateField(
        label="Released on (when leaving custody)",
        required=False,
        widget=GovukDateInput(),
        error_messages=DATE_ERRORS,
    )
    reason = forms.CharField(
        label="Reason", max_length=300, error_messages={"required": "Say why the status changes"}
    )
    override_reason = forms.CharField(
        label="Override (reactive management only)",
        required=False,
        max_length=500,
        help_text="Reactive management needs three years at low risk. If it is right "
        "regardless, say why; a detective sergeant signs the move off either way.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class FilterForm(forms.Form):
    """The offender list's filters (GET)."""

    q = forms.CharField(label="Name or reference", required=False, max_length=100)
    risk = forms.MultipleChoiceField(
        label="Risk level",
        required=False,
        choices=RiskLevel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    station = forms.ModelChoiceField(
        label="Station", required=False, queryset=Station.objects.all(), empty_label="Any station"
    )
    manager = forms.ChoiceField(label="Offender manager", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Status.choices]
    )
    overdue = forms.ChoiceField(
        label="Visit overdue",
        required=False,
        choices=[("", "Either"), ("yes", "Overdue"), ("no", "Not overdue")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        managers = User.objects.filter(role=Role.OFFENDER_MANAGER).order_by("last_name")
        self.fields["manager"].choices = [  # type: ignore[attr-defined]
            ("", "Anyone"),
            ("me", "Me"),
            ("none", "Unassigned"),
        ] + [(str(m.pk), m.get_full_name()) for m in managers]
        for name in ("q", "station", "manager", "status", "overdue"):
            widget = self.fields[name].widget
            widget.attrs["class"] = "govuk-select" if name != "q" else "govuk-input"
        self.fields["risk"].widget.attrs["class"] = "govuk-checkboxes__input"


class SignOffForm(GovukForm):
    """A detective sergeant approves or refuses a change awaiting sign-off."""

    change = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        error_messages={"required": "Approve or refuse the change"},
    )
    note = forms.CharField(
        label="Why", max_length=500, error_messages={"required": "Say why you decide so"}
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CloseReviewForm(GovukForm):
    """A detective sergeant records what the review decided."""

    review = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.CharField(
        label="What the review decided",
        max_length=500,
        error_messages={"required": "Say what the review decided"},
    )


class IntelligenceForm(GovukForm):
    """Intelligence received about the offender."""

    received_on = forms.DateField(
        label="Received on", widget=GovukDateInput(), error_messages=DATE_ERRORS
    )
    summary = forms.CharField(
        label="Summary",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Summarise the intelligence"},
    )
    reference = forms.CharField(label="Intelligence reference", required=False, max_length=40)


from .notification_forms import NotificationForm as NotificationForm  # noqa: E402
