"""The form that asks for a visit plan."""

from __future__ import annotations

from typing import Any

from django import forms

from safehold.forms import GovukDateInput, GovukForm

from .models import OfficerPair
from .queries import active_pairs


class PlanForm(GovukForm):
    start_date = forms.DateField(
        label="First day",
        help_text="Plans start on a day from today on; the default is the next working day.",
        widget=GovukDateInput(),
        error_messages={
            "required": "Enter the first day of the plan",
            "invalid": "Enter a real date, such as 2026-12-01",
        },
    )
    days = forms.IntegerField(
        label="Days to plan",
        min_value=1,
        max_value=14,
        initial=5,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"required": "Enter how many days to plan (1 to 14)"},
    )
    seconds = forms.IntegerField(
        label="Time to search, in seconds",
        help_text="More time finds shorter routes; a minute is enough for a force.",
        min_value=1,
        max_value=600,
        initial=60,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={"required": "Enter how long the planner may search (1 to 600)"},
    )
    seed = forms.IntegerField(
        label="Seed",
        help_text="The same seed and register give the same plan for an iteration budget.",
        min_value=0,
        max_value=2**32 - 1,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
    )
    pairs = forms.MultipleChoiceField(
        label="Officer pairs",
        help_text="Leave every box clear to plan for all active pairs.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pairs"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), _label(p)) for p in active_pairs()
        ]


def _label(pair: OfficerPair) -> str:
    officers = f"{pair.officer_1.get_full_name()} and {pair.officer_2.get_full_name()}"
    return f"{pair.name}: {officers} ({pair.station.name})"
