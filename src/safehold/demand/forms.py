"""Forms for the demand pages, in GOV.UK style. Each maps onto one service's input."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from safehold.accounts.models import Station
from safehold.clock import SYSTEM_CLOCK
from safehold.forms import GovukDateInput, GovukForm

from .models import GRADE_CHOICES, InvolvementRole
from .questions import HEADINGS, QUESTIONS
from .services import CallInput, PersonInput
from .vocabulary import Channel, ContactOutcome, IncidentType

PEOPLE_ON_FORM = 2


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(m.value, m.label) for m in enum]


class CallForm(GovukForm):
    """A call as the handler takes it; up to two people, linked through the people register."""

    channel = forms.ChoiceField(
        label="How it came in", choices=_choices(Channel), widget=forms.RadioSelect
    )
    incident_type = forms.ChoiceField(
        label="Incident type", choices=[("", "Select"), *_choices(IncidentType)]
    )
    domestic_abuse = forms.BooleanField(
        label="Domestic abuse (goes on to the safeguarding queue)", required=False
    )
    station = forms.ModelChoiceField(
        label="Station area",
        queryset=Station.objects.all(),
        required=False,
        help_text="Decides urban or rural when the postcode does not",
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    location_description = forms.CharField(label="Where", max_length=200, required=False)
    summary = forms.CharField(
        label="What the caller says", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, PEOPLE_ON_FORM + 1):
            self.fields[f"person_{n}_role"] = forms.ChoiceField(
                label=f"Person {n}: role", choices=InvolvementRole.choices, required=False
            )
            self.fields[f"person_{n}_given_name"] = forms.CharField(
                label=f"Person {n}: given name", max_length=80, required=False
            )
            self.fields[f"person_{n}_family_name"] = forms.CharField(
                label=f"Person {n}: family name", max_length=80, required=False
            )
            self.fields[f"person_{n}_date_of_birth"] = forms.DateField(
                label=f"Person {n}: date of birth", required=False, widget=GovukDateInput()
            )
            self.fields[f"person_{n}_phone"] = forms.CharField(
                label=f"Person {n}: telephone", max_length=20, required=False
            )
            self.fields[f"person_{n}_vulnerable"] = forms.BooleanField(
                label=f"Person {n} is vulnerable", required=False
            )
        # The form's own classes are set in GovukFormMixin.__init__, before these fields.
        for name, field in self.fields.items():
            if name.startswith("person_") and not field.widget.attrs.get("class"):
                if isinstance(field.widget, forms.Select):
                    field.widget.attrs["class"] = "govuk-select"
                elif isinstance(field.widget, forms.TextInput | forms.DateInput):
                    field.widget.attrs["class"] = "govuk-input"
                elif isinstance(field.widget, forms.CheckboxInput):
                    field.widget.attrs["class"] = "govuk-checkboxes__input"

    def to_input(self, now: datetime) -> CallInput:
        d = self.cleaned_data
        people = []
        for n in range(1, PEOPLE_ON_FORM + 1):
            family = (d.get(f"person_{n}_family_name") or "").strip()
            given = (d.get(f"person_{n}_given_name") or "").strip()
            if not family and not given:
                continue
            people.append(
                PersonInput(
                    family_name=family,
                    given_name=given,
                    role=d.get(f"person_{n}_role") or InvolvementRole.CALLER,
                    date_of_birth=d.get(f"person_{n}_date_of_birth"),
                    vulnerable=bool(d.get(f"person_{n}_vulnerable")),
                    phone=d.get(f"person_{n}_phone") or "",
                )
            )
        station = d.get("station")
        return CallInput(
            channel=d["channel"],
            incident_type=d["incident_type"],
            received_at=now,
            station_code=station.code if station else "",
            postcode=d.get("postcode") or "",
            location_description=d.get("location_description") or "",
            summary=d.get("summary") or "",
            domestic_abuse=bool(d.get("domestic_abuse")),
            people=tuple(people),
        )


class ThriveForm(GovukForm):
    """The six THRIVE headings: a structured answer per question and free text per heading."""

    chosen_grade = forms.TypedChoiceField(
        label="Grade",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "Accept the suggested grade"), *GRADE_CHOICES],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why you chose a different grade",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you change the suggested grade; a downgrade also needs a supervisor",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = {}
        for q in QUESTIONS:
            questions[f"q_{q.key}"] = forms.ChoiceField(
                label=q.text,
                choices=q.choices,
                widget=forms.RadioSelect,
                initial=q.options[0],
                error_messages={"required": f"Answer '{q.text}'"},
            )
        notes = {
            f"note_{h.key}": forms.CharField(
                label=f"{h.title}: notes",
                required=False,
                help_text=h.prompt,
                widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
            )
            for h in HEADINGS
        }
        for f in questions.values():
            f.widget.attrs["class"] = "govuk-radios__input"
        self.fields = {**questions, **notes, **self.fields}

    def by_heading(self) -> list[dict[str, Any]]:
        """The bound fields grouped under their heading, for the template."""
        return [
            {
                "heading": h,
                "questions": [self[f"q_{q.key}"] for q in QUESTIONS if q.heading == h.key],
                "note": self[f"note_{h.key}"],
            }
            for h in HEADINGS
        ]

    def answers(self) -> dict[str, str]:
        return {q.key: self.cleaned_data[f"q_{q.key}"] for q in QUESTIONS}

    def notes(self) -> dict[str, str]:
        return {h.key: self.cleaned_data.get(f"note_{h.key}") or "" for h in HEADINGS}


class UnitForm(GovukForm):
    unit = forms.CharField(label="Call sign", max_length=20)


class TextForm(GovukForm):
    text = forms.CharField(label="Details", widget=forms.Textarea(attrs={"rows": 3}))


class ContactForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome", choices=_choices(ContactOutcome), widget=forms.RadioSelect
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LetterForm(GovukForm):
    method = forms.ChoiceField(
        label="Send", choices=[("letter", "Letter"), ("email", "E-mail")], widget=forms.RadioSelect
    )


class DowngradeForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve the downgrade"), ("refuse", "Refuse: keep the grade")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you refuse",
    )


class ComplianceForm(GovukForm):
    date_from = forms.DateField(label="From", required=False, widget=GovukDateInput())
    date_to = forms.DateField(label="To (inclusive)", required=False, widget=GovukDateInput())


def local_now() -> datetime:
    return timezone.localtime(SYSTEM_CLOCK.now())
