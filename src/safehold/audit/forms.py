"""The justification form and the access-log search form."""

from __future__ import annotations

from typing import Any

from django import forms

from safehold.forms import GovukDateInput, GovukForm

from .access import JustificationError, validate
from .log import Justification
from .models import Operation, Reason


class JustificationForm(GovukForm):
    """Why do you need to see this record?"""

    reason = forms.ChoiceField(
        label="Why do you need to see this record?",
        choices=Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you need to see this record"},
    )
    text = forms.CharField(
        label="Details",
        help_text="For example, the task or reference you are working on. Required for 'Other'.",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "reason" in data:
            try:
                data["justification"] = validate(data["reason"], data.get("text", ""))
            except JustificationError as exc:
                self.add_error(exc.field, str(exc))
        return data

    @property
    def justification(self) -> Justification:
        value: Justification = self.cleaned_data["justification"]
        return value


class LogSearchForm(GovukForm):
    """Search the access log by person, user, date and operation."""

    person = forms.IntegerField(label="Person ID", required=False, min_value=1)
    username = forms.CharField(label="User name", required=False, max_length=150)
    operation = forms.ChoiceField(
        label="Operation", required=False, choices=[("", "Any"), *Operation.choices]
    )
    date_from = forms.DateField(label="From", required=False, widget=GovukDateInput())
    date_to = forms.DateField(label="To", required=False, widget=GovukDateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return data
