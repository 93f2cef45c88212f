"""The forms on an incident that act or record the response: MARAC referral, protective
actions and breaches, closure and its review, the victim's voice and the suspect's status.
The field helpers are shared with ``forms``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from safehold.forms import GovukForm

from . import policies
from .forms import WhenMixin, date_field, radios, text_field, time_field
from .models import (
    CLOSURE_CONTACT_CHOICES,
    OUTCOME_CHOICES,
    ActionKind,
    Consent,
    CrimeType,
)
from .vocabulary import (
    BreachResponse,
    ProsecutionSupport,
    ReferralOutcome,
    SafeContact,
    SuspectStatus,
)


def next_meeting(today: date, weekday: int = 3) -> date:
    """The next weekly MARAC on or after the day after tomorrow (Thursdays by default)."""
    day = today + timedelta(days=2)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


class ReferralForm(GovukForm):
    consent = radios("Consent", Consent.choices, "Select whether the victim consented")
    no_consent_reason = text_field("Why refer without consent?")
    meeting_on = date_field("MARAC meeting date")
    judgement_reason = text_field(
        "Professional judgement", help_text="Needed when no MARAC criterion is met"
    )


def rank_choices() -> list[tuple[str, str]]:
    return [("", "Select a rank")] + [(r, r.title()) for r in policies.current().clocks.ranks]


class ActionForm(WhenMixin, GovukForm):
    kind = radios(
        "Action",
        [c for c in ActionKind.choices if c[0] != ActionKind.DAPO_NOTIFICATION],
        "Select the action",
    )
    started_date = date_field("Date", help_text="Arrest: the relevant time; DVPN: when served")
    started_time = time_field()
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
    victim_views = text_field(
        "The victim's views", help_text="DVPN: required (or that they declined to give one)"
    )
    children_welfare = text_field(
        "The welfare of any child",
        help_text="DVPN: required (or that no child's interests are relevant)",
    )
    suspect_representations = text_field(
        "The suspect's representations", help_text="DVPN: required (or that they made none)"
    )
    positive_requirements = text_field(
        "Positive requirements",
        help_text="DAPO only: one per line, as the court ordered (e.g. attend a programme)",
    )
    notification_requirements = forms.BooleanField(
        label="The DAPO imposes notification requirements (name and address)", required=False
    )
    details = text_field("Details")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authorised_by_rank"].choices = rank_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.combine(data, "started", "started_at")
        return data


class BreachForm(WhenMixin, GovukForm):
    at_date = date_field("Date of the breach")
    at_time = time_field()
    details = text_field(
        "What happened", required=True, error_messages={"required": "Say what the breach was"}
    )
    response = radios("What was done", BreachResponse.choices, "Select what was done")
    response_note = text_field("Notes", help_text="Required for no further action: say why")

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
    reason = text_field(
        "Reason for closing",
        required=True,
        error_messages={"required": "Give the reason for closing"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ClosureReviewForm(GovukForm):
    decision = radios(
        "Your decision",
        [("agree", "Agree: close with this outcome"), ("reopen", "Reopen the investigation")],
        "Select your decision",
    )
    note = text_field(
        "What you checked and why", required=True, error_messages={"required": "Record your review"}
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VoiceForm(GovukForm):
    """The victim's voice: wishes, safe contact, communication needs, prosecution."""

    wishes = text_field("What the victim wants", help_text="In their words where possible")
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
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SuspectStatusForm(WhenMixin, GovukForm):
    """The suspect's custody, bail or release status, and whether the victim was told."""

    status = radios("The suspect is now", SuspectStatus.choices, "Select the suspect's status")
    at_date = date_field("Date")
    at_time = time_field()
    conditions = text_field("Bail conditions or notes")
    victim_told = forms.BooleanField(
        label="The victim has been told of the release", required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.combine(data, "at", "at")
        return data
