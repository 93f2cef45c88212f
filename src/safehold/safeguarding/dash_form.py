"""The risk questionnaire form: one yes / no / not known field per question, by section,
the follow-up sets the answers may call for, and professional judgement."""

from __future__ import annotations

from typing import Any

from django import forms

from safehold.forms import GovukForm

from .follow_ups import load_follow_up
from .forms import radios, text_field
from .models import GRADE_CHOICES
from .questionnaires import Questionnaire

ANSWERS = [("yes", "Yes"), ("no", "No"), ("not known", "Not known")]


def _answer(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=ANSWERS,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
    )


class DashForm(GovukForm):
    """A risk questionnaire: one yes / no / not known question per field, and judgement."""

    questionnaire = forms.CharField(widget=forms.HiddenInput)
    pj_grade = radios(
        "Professional judgement (optional)",
        [("", "No judgement recorded"), *GRADE_CHOICES],
        "Select a grade",
        required=False,
        help_text="It may raise the grade, never lower it",
    )
    pj_reason = text_field("Reason for your judgement")

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        self.questionnaire_def = questionnaire
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].initial = questionnaire.id
        self.follow_up_sets = [
            (load_follow_up(t.set_id), t.when_yes) for t in questionnaire.follow_ups
        ]
        for q in questionnaire.questions:
            self.fields[f"q{q.number}"] = _answer(f"{q.number}. {q.text}")
        for fu, _ in self.follow_up_sets:
            for n, text in fu.questions.items():
                self.fields[f"fu_{fu.id}_{n}"] = _answer(f"{fu.id.upper()} {n}. {text}")

    def question_fields(self) -> list[tuple[Any, forms.BoundField, str, list[Any]]]:
        """Each question with its field, its section's heading where a section starts, and
        the follow-up sets it calls for (shown after it: each set's title, triggers, fields)."""
        rows, previous = [], None
        for q in self.questionnaire_def.questions:
            heading = ""
            if q.section and q.section != previous:
                heading = self.questionnaire_def.section_title(q.section)
            previous = q.section
            after = [
                (fu, when, [self[f"fu_{fu.id}_{n}"] for n in fu.questions])
                for fu, when in self.follow_up_sets
                if q.number == max(when)
            ]
            rows.append((q, self[f"q{q.number}"], heading, after))
        return rows

    def follow_up_answers(self) -> dict[str, dict[str, str]]:
        """The follow-up answers given, by set id (sets with none left out)."""
        given: dict[str, dict[str, str]] = {}
        for fu, _ in self.follow_up_sets:
            for n in fu.questions:
                if value := self.cleaned_data.get(f"fu_{fu.id}_{n}"):
                    given.setdefault(fu.id, {})[str(n)] = value
        return given

    def answers(self) -> dict[str, str]:
        return {
            str(q.number): self.cleaned_data[f"q{q.number}"]
            for q in self.questionnaire_def.questions
            if self.cleaned_data.get(f"q{q.number}")
        }
