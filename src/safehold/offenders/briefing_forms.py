"""Forms for the daily meeting's actions: record one against a briefing line, close one."""

from __future__ import annotations

from typing import Any

from django import forms

from safehold.accounts.models import Team
from safehold.forms import GovukDateInput, GovukForm

from .briefing_actions import NOTE_CHARS
from .briefing_lines import SECTION_TITLES
from .briefing_models import MeetingActionKind, MeetingActionState
from .forms import DATE_ERRORS, officer_choices


class BriefingActionForm(GovukForm):
    """What the meeting agreed about one line: what, for whom, by when."""

    section = forms.ChoiceField(
        label="The briefing line it is about",
        choices=list(SECTION_TITLES.items()),
        error_messages={"required": "Choose the briefing section"},
    )
    kind = forms.ChoiceField(
        label="Action agreed",
        choices=MeetingActionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action agreed"},
    )
    officer = forms.ChoiceField(
        label="Officer",
        required=False,
        help_text="Who does it. Give an officer or a team (needed to assign).",
    )
    team = forms.ChoiceField(label="Or a team", required=False)
    due_on = forms.DateField(label="Due by", widget=GovukDateInput(), error_messages=DATE_ERRORS)
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What exactly was agreed, for whoever picks it up",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = officer_choices()  # type: ignore[attr-defined]
        self.fields["team"].choices = [("", "Select a team")] + [  # type: ignore[attr-defined]
            (str(t.pk), t.name) for t in Team.objects.order_by("name")
        ]


class CloseActionForm(GovukForm):
    """Close an action with what came of it."""

    action = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[
            (MeetingActionState.DONE, "Done"),
            (MeetingActionState.CLOSED, "Closed without doing it"),
        ],
        error_messages={"required": "Say whether it was done"},
    )
    result = forms.CharField(
        label="Result",
        max_length=NOTE_CHARS,
        error_messages={"required": "Say what came of the action"},
    )
