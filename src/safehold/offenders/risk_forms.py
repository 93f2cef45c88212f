"""Forms for the risk tools, the risk management plan, MAPPA and the case details.

Each maps onto one service's input (``risk_services``, ``plan_services``); the plan's
actions are typed one a line and a bad line is named by its number.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from safehold.forms import GovukDateInput, GovukForm

from .forms import DATE_ERRORS
from .risk_models import SentenceKind
from .risk_plan import MAX_ACTIONS, ActionInput
from .risk_tools import default_config
from .vocabulary import RiskLevel

LEVELS = RiskLevel.choices


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=GovukDateInput(),
        error_messages=DATE_ERRORS,
    )


def _radio(label: str, choices: Any, what: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": f"Select {what}"},
    )


class StaticForm(GovukForm):
    """The configured static actuarial tool: a category per scale."""

    assessed_on = _date("Date of assessment")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        config = default_config()
        tool = config.tool(config.static_tool)
        self.tool_name = tool.name
        for code, label in tool.scales:
            field = _radio(label, LEVELS, f"the {label} category")
            self.fields[f"scale_{code}"] = field
            self.fields[f"scale_{code}"].widget.attrs["class"] = "govuk-radios__input"
        self.order_fields(["assessed_on", *[f"scale_{c}" for c, _ in tool.scales], "notes"])

    def scales(self) -> dict[str, str]:
        return {k[6:]: v for k, v in self.cleaned_data.items() if k.startswith("scale_")}


SCORE_CHOICES = [("0", "0: not present"), ("1", "1: partly present"), ("2", "2: present")]


class ArmsForm(GovukForm):
    """ARMS: each factor scored 0 to 2, with what was observed."""

    assessed_on = _date("Date of assessment")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        config = default_config()
        order = ["assessed_on"]
        for f in config.factors:
            kind = "Protective factor" if f.protective else "Risk factor"
            score = _radio(f"{kind}: {f.label}", SCORE_CHOICES, f"a score for '{f.label}'")
            score.widget.attrs["class"] = "govuk-radios__input"
            self.fields[f"score_{f.key}"] = score
            self.fields[f"obs_{f.key}"] = forms.CharField(
                label=f"What was observed or reported ({f.label.lower()})",
                required=False,
                max_length=300,
                widget=forms.TextInput({"class": "govuk-input", "maxlength": "300"}),
            )
            order += [f"score_{f.key}", f"obs_{f.key}"]
        self.fields["notes"] = forms.CharField(
            label="Notes", required=False, widget=forms.Textarea({"rows": 3})
        )
        self.order_fields([*order, "notes"])

    def scores(self) -> dict[str, int]:
        d = self.cleaned_data
        return {k[6:]: int(v) for k, v in d.items() if k.startswith("score_") and v != ""}

    def observations(self) -> dict[str, str]:
        d = self.cleaned_data
        return {k[4:]: v for k, v in d.items() if k.startswith("obs_") and v}


class RoshForm(GovukForm):
    assessed_on = _date("Date of assessment")
    level = _radio("Risk of serious harm", LEVELS, "the RoSH level")
    rationale = forms.CharField(
        label="Rationale",
        help_text="Who is at risk, of what harm, how imminent, and what would change it",
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": "Give the rationale for the RoSH level"},
    )


class OverallForm(GovukForm):
    level = _radio("Overall risk level", LEVELS, "the overall level")
    reason = forms.CharField(
        label="Why the overall level differs from the tools'",
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": "Say why the overall level differs from the tools'"},
    )
    assessed_on = _date("Date of the decision")


class PlanForm(GovukForm):
    made_on = _date("Date the plan was made")
    review_on = _date("Review the plan by")
    visit_interval_months = forms.IntegerField(
        label="Home visit every (months)",
        min_value=1,
        max_value=24,
        widget=forms.NumberInput({"class": "govuk-input--width-3"}),
        error_messages={
            "required": "Give the visit interval the plan sets",
            "invalid": "Give a whole number of months",
            "min_value": "The interval must be between 1 and 24 months",
            "max_value": "The interval must be between 1 and 24 months",
        },
    )
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea({"rows": 3}))
    actions = forms.CharField(
        label="Actions",
        help_text="One a line: action | owner | due date (optional, 2027-01-31)",
        widget=forms.Textarea({"rows": 5}),
        error_messages={"required": "Give at least one action with its owner"},
    )

    def clean_actions(self) -> tuple[ActionInput, ...]:
        lines = [x for x in self.cleaned_data["actions"].splitlines() if x.strip()]
        if len(lines) > MAX_ACTIONS:
            raise forms.ValidationError(f"Give at most {MAX_ACTIONS} actions")
        out = []
        for n, line in enumerate(lines, start=1):
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 2 or not parts[0] or not parts[1] or len(parts) > 3:
                raise forms.ValidationError(f"Line {n}: write 'action | owner | due date'")
            due = None
            if len(parts) == 3 and parts[2]:
                try:
                    due = date.fromisoformat(parts[2])
                except ValueError:
                    raise forms.ValidationError(
                        f"Line {n}: the due date must be like 2027-01-31"
                    ) from None
            if len(parts[0]) > 300 or len(parts[1]) > 120:
                raise forms.ValidationError(
                    f"Line {n}: an action has at most 300 characters, an owner 120"
                )
            out.append(ActionInput(parts[0], parts[1], due))
        return tuple(out)


MAPPA_CHOICES = [("1", "1"), ("2", "2"), ("3", "3")]


class MappaForm(GovukForm):
    category = _radio("MAPPA category", [
        ("1", "Category 1: registered sexual offender"),
        ("2", "Category 2: violent (and other sexual) offender"),
        ("3", "Category 3: other dangerous offender"),
    ], "the category")  # fmt: skip
    level = _radio("MAPPA level", [
        ("1", "Level 1: ordinary agency management"),
        ("2", "Level 2: active multi-agency management"),
        ("3", "Level 3: active multi-agency management with senior oversight"),
    ], "the level")  # fmt: skip
    changed_on = _date("Date of the change")
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": "Say why the category or level is set"},
    )


class MeetingForm(GovukForm):
    held_on = _date("Date of the meeting")
    level = _radio("Level", [("2", "Level 2"), ("3", "Level 3")], "the level")
    actions = forms.CharField(
        label="Actions agreed",
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": "Give the meeting's actions"},
    )
    next_on = _date("Next meeting", required=False)


class CaseForm(GovukForm):
    visor_reference = forms.CharField(
        label="ViSOR nominal reference", required=False, max_length=30
    )
    lead_agency = forms.CharField(label="Lead agency", required=False, max_length=60)
    probation_practitioner = forms.CharField(
        label="Probation practitioner", required=False, max_length=120
    )
    licence_conditions = forms.CharField(
        label="Licence conditions",
        help_text="One condition a line",
        required=False,
        widget=forms.Textarea({"rows": 4}),
    )
    index_offence = forms.CharField(label="Index offence", required=False, max_length=200)
    convicted_on = _date("Date of conviction or caution", required=False)
    sentence_kind = forms.ChoiceField(
        label="Sentence", required=False, choices=[("", "Not known"), *SentenceKind.choices]
    )
    sentence_months = forms.IntegerField(
        label="Length of the custodial sentence (months)",
        required=False,
        min_value=0,
        max_value=1200,
        widget=forms.NumberInput({"class": "govuk-input--width-4"}),
    )
    discharge_months = forms.IntegerField(
        label="Length of the conditional discharge (months)",
        required=False,
        min_value=1,
        max_value=36,
        widget=forms.NumberInput({"class": "govuk-input--width-4"}),
    )
    age_at_conviction = forms.IntegerField(
        label="Age at conviction",
        required=False,
        min_value=10,
        max_value=110,
        widget=forms.NumberInput({"class": "govuk-input--width-3"}),
    )
    first_notified_after_release_on = _date(
        "First notification after release",
        required=False,
        help_text="Starts the clock for the review of an indefinite requirement",
    )
