"""Forms of the procedures posted from the record: whereabouts-unknown steps and
clearing, clearing `wanted`, and the DS's decision on a possible s91 matter."""

from __future__ import annotations

from django import forms

from safehold.forms import GovukForm

from .models import ClearedBy, S91Decision, StepKind


class WhereaboutsStepForm(GovukForm):
    kind = forms.ChoiceField(
        label="Step",
        choices=[(k.value, k.label) for k in StepKind if k != StepKind.BREACH],
        error_messages={"required": "Choose the step"},
    )
    note = forms.CharField(
        label="What was done", max_length=500, error_messages={"required": "Say what was done"}
    )
    reference = forms.CharField(label="Reference (PNC circulation)", required=False, max_length=40)


class ClearWhereaboutsForm(GovukForm):
    how = forms.ChoiceField(
        label="Found by", choices=ClearedBy.choices, error_messages={"required": "Choose how"}
    )
    note = forms.CharField(
        label="Where and when",
        max_length=300,
        error_messages={"required": "Say where and when the offender was found"},
    )


class ClearWantedForm(GovukForm):
    reason = forms.CharField(
        label="Why no longer wanted",
        max_length=300,
        error_messages={"required": "Say why the offender is no longer wanted"},
    )


class S91Form(GovukForm):
    notification = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Decision", choices=S91Decision.choices, error_messages={"required": "Decide"}
    )
    note = forms.CharField(label="Why", max_length=500, error_messages={"required": "Say why"})
