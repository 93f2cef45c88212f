"""The forms that start a scenario comparison and the staffing advisor."""

from __future__ import annotations

from django import forms

from safehold.forms import GovukForm

from .scenario import PACKAGED, load_scenario


def _choices() -> list[tuple[str, str]]:
    return [(name, load_scenario(name).title) for name in PACKAGED]


def _whole(
    label: str, low: int, high: int, initial: int, width: int, missing: str, help_text: str = ""
) -> forms.IntegerField:
    """A whole-number field between ``low`` and ``high``, ``missing`` saying what to enter."""
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=low,
        max_value=high,
        initial=initial,
        widget=forms.NumberInput(attrs={"class": f"govuk-input--width-{width}"}),
        error_messages={"required": missing},
    )


def _weeks(high: int, initial: int) -> forms.IntegerField:
    return _whole(
        "Weeks simulated in each replication",
        1,
        high,
        initial,
        4,
        f"Enter how many weeks to simulate (1 to {high})",
    )


def _seed(help_text: str = "") -> forms.IntegerField:
    return _whole(
        "Seed", 0, 2**32 - 1, 0, 10, "Enter a seed (a whole number from 0)", help_text=help_text
    )


class CompareForm(GovukForm):
    scenarios = forms.MultipleChoiceField(
        label="Scenarios to compare",
        help_text="Each runs with the same seeds, so differences come from the scenario.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one scenario"},
    )
    replications = _whole(
        "Replications",
        2,
        200,
        10,
        4,
        "Enter how many replications to run (2 to 200)",
        help_text="More replications narrow the 95% confidence intervals (2 to 200).",
    )
    weeks = _weeks(104, 52)
    seed = _seed("The same seed gives the same figures, however many workers run it.")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenarios"].choices = _choices()  # type: ignore[attr-defined]


class AdviseForm(GovukForm):
    scenario = forms.ChoiceField(label="Start from the scenario", widget=forms.Select)
    grade = _whole("Grade", 1, 3, 1, 2, "Enter the grade the target is for (1 to 3)")
    share = _whole(
        "Target: per cent of that grade within its attendance target",
        1,
        99,
        90,
        3,
        "Enter the target as a per cent (1 to 99)",
        help_text="Met when the lower end of the 95% confidence interval reaches it.",
    )
    replications = _whole(
        "Replications for each roster tried",
        2,
        100,
        10,
        4,
        "Enter how many replications (2 to 100)",
    )
    weeks = _weeks(52, 13)
    seed = _seed()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenario"].choices = _choices()  # type: ignore[attr-defined]
