"""The forms that start a scenario comparison and the staffing advisor."""

from __future__ import annotations

from django import forms

from safehold.forms import GovukForm

from .scenario import PACKAGED, load_scenario


def _choices() -> list[tuple[str, str]]:
    return [(name, load_scenario(name).title) for name in PACKAGED]


class CompareForm(GovukForm):
    scenarios = forms.MultipleChoiceField(
        label="Scenarios to compare",
        help_text="Each runs with the same seeds, so differences come from the scenario.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one scenario"},
    )
    replications = forms.IntegerField(
        label="Replications",
        help_text="More replications narrow the 95% confidence intervals (2 to 200).",
        min_value=2,
        max_value=200,
        initial=10,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={"required": "Enter how many replications to run (2 to 200)"},
    )
    weeks = forms.IntegerField(
        label="Weeks simulated in each replication",
        min_value=1,
        max_value=104,
        initial=52,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={"required": "Enter how many weeks to simulate (1 to 104)"},
    )
    seed = forms.IntegerField(
        label="Seed",
        help_text="The same seed gives the same figures, however many workers run it.",
        min_value=0,
        max_value=2**32 - 1,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter a seed (a whole number from 0)"},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenarios"].choices = _choices()  # type: ignore[attr-defined]


class AdviseForm(GovukForm):
    scenario = forms.ChoiceField(label="Start from the scenario", widget=forms.Select)
    grade = forms.IntegerField(
        label="Grade",
        min_value=1,
        max_value=3,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
        error_messages={"required": "Enter the grade the target is for (1 to 3)"},
    )
    share = forms.IntegerField(
        label="Target: per cent of that grade within its attendance target",
        help_text="Met when the lower end of the 95% confidence interval reaches it.",
        min_value=1,
        max_value=99,
        initial=90,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"required": "Enter the target as a per cent (1 to 99)"},
    )
    replications = forms.IntegerField(
        label="Replications for each roster tried",
        min_value=2,
        max_value=100,
        initial=10,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={"required": "Enter how many replications (2 to 100)"},
    )
    weeks = forms.IntegerField(
        label="Weeks simulated in each replication",
        min_value=1,
        max_value=52,
        initial=13,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={"required": "Enter how many weeks to simulate (1 to 52)"},
    )
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        max_value=2**32 - 1,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter a seed (a whole number from 0)"},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenario"].choices = _choices()  # type: ignore[attr-defined]
