"""THRIVE: the suggested grade from the call handler's structured answers, and what a
chosen grade needs (a reason; a supervisor for a downgrade).

Pure rules: plain data in, plain data out, no Django. The rules themselves are in the demand
policy (``[thrive]``); every suggestion carries its reasons and the policy version.

The suggestion starts at the incident type's baseline grade and takes the most urgent grade
of every rule whose answers are met. Rules trigger on "this answer or a more serious one",
so a more serious answer never makes the suggestion less urgent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from .policy import GRADES, DemandPolicy
from .questions import QUESTIONS, question
from .vocabulary import Area, IncidentType

__all__ = [
    "GradeChange",
    "GradeSuggestion",
    "Target",
    "ThriveError",
    "assess_change",
    "check_answers",
    "suggest_grade",
    "target_for",
]


class ThriveError(ValueError):
    """An answer is missing or not one of the question's options; names the question."""

    code = "invalid_thrive_answer"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class GradeSuggestion:
    """The rules' grade, why, and the policy version that made it."""

    grade: int
    reasons: tuple[str, ...]
    policy_version: str


def check_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """Every question answered with one of its options; unknown keys refused."""
    out = {}
    for q in QUESTIONS:
        value = answers.get(q.key)
        if value is None or value == "":
            raise ThriveError(q.key, f"Answer '{q.text}' under {q.heading.title()}")
        if value not in q.options:
            raise ThriveError(
                q.key, f"'{q.text}' must be one of {', '.join(q.options)}; got {value!r}"
            )
        out[q.key] = value
    extra = set(answers) - set(out)
    if extra:
        first = sorted(extra)[0]
        raise ThriveError(first, f"{first!r} is not a THRIVE question")
    return out


def suggest_grade(
    policy: DemandPolicy, incident_type: IncidentType | str, answers: Mapping[str, str]
) -> GradeSuggestion:
    """The suggested grade for an incident of ``incident_type`` with these answers."""
    kind = IncidentType(incident_type)
    checked = check_answers(answers)
    baseline = policy.baseline[kind]
    matched = [r for r in policy.rules if r.applies(checked)]
    grade = min([baseline, *(r.grade for r in matched)])
    final = [f"{r.reason}: grade {r.grade}" for r in matched if r.grade == grade]
    if baseline == grade:
        final.insert(0, f"{kind.label}: grade {grade} for this type of incident")
    return GradeSuggestion(grade, tuple(final), policy.version)


@dataclass(frozen=True, slots=True)
class GradeChange:
    """What a call handler's chosen grade needs before it takes effect."""

    kind: str  # "confirm", "upgrade" or "downgrade"
    needs_reason: bool
    needs_supervisor: bool
    explanation: str


def assess_change(suggested: int, chosen: int, previous: int | None = None) -> GradeChange:
    """Compare the chosen grade with the suggestion (and the grade in force at a re-THRIVE).

    A lower number is more urgent. Choosing a less urgent grade than the suggestion, or than
    the grade in force, is a downgrade: it needs a reason and a supervisor. Any other
    change from the suggestion needs a reason.
    """
    for name, g in (("suggested", suggested), ("chosen", chosen), ("previous", previous)):
        if g is not None and g not in GRADES:
            raise ThriveError(f"{name}_grade", f"The {name} grade must be 1 to 5, got {g!r}")
    if chosen > suggested or (previous is not None and chosen > previous):
        against = suggested if chosen > suggested else previous
        return GradeChange(
            "downgrade",
            True,
            True,
            f"Grade {chosen} is less urgent than grade {against}: give a reason; a "
            "supervisor (sergeant or above) must approve it",
        )
    if chosen < suggested:
        return GradeChange(
            "upgrade",
            True,
            False,
            f"Grade {chosen} is more urgent than the suggested grade {suggested}: give a reason",
        )
    return GradeChange("confirm", False, False, f"Grade {chosen} as suggested")


@dataclass(frozen=True, slots=True)
class Target:
    """An attendance target: how long, from which clock start, and the deadline."""

    grade: int
    minutes: int | None
    clock_start: str
    escalate_minutes_before: int

    def deadline(self, started_at: datetime | None) -> datetime | None:
        if self.minutes is None or started_at is None:
            return None
        return started_at + timedelta(minutes=self.minutes)

    def escalate_at(self, started_at: datetime | None) -> datetime | None:
        end = self.deadline(started_at)
        return None if end is None else end - timedelta(minutes=self.escalate_minutes_before)


def target_for(policy: DemandPolicy, grade: int, area: Area | str) -> Target:
    """The attendance target of ``grade`` in ``area`` under ``policy``."""
    t = policy.target(grade)
    return Target(grade, t.target_minutes(area), policy.clock_start, t.escalate_minutes_before)


def clock_start(
    policy: DemandPolicy, received_at: datetime, dispatched_at: datetime | None
) -> datetime | None:
    """When the target clock starts: at the call, or at dispatch (None until then)."""
    return received_at if policy.clock_start == "call" else dispatched_at


HEADING_OF: Final = {q.key: q.heading for q in QUESTIONS}


def describe(answers: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(heading, question, answer label) for each answer, for pages and records."""
    out = []
    for key, value in answers.items():
        q = question(key)
        out.append((q.heading.title(), q.text, q.labels[q.options.index(value)]))
    return out
