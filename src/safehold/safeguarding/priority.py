"""The waiting queue: victims not yet seen or contacted, re-prioritised as they wait.

Each victim's priority score is a sum of explained contributions (weights in the
``[queue.weights]`` table of the policy file):

* the grade (standard, medium, high);
* time waited against the contact target for that grade (default 1 h, 8 h, 24 h): points
  rise linearly until the target, then by a fixed amount each time the wait doubles, so an
  overdue victim keeps rising without swamping the grades;
* repeat victimisation in the last 12 months (capped count);
* escalation markers (the red flags: strangulation, threats to kill, ...);
* suspect at large, children present;
* attendance delayed or not possible;
* contact attempts that did not reach the victim (capped count).

Every weight is non-negative and the policy checks that a higher grade has a larger weight
and a shorter target, so the score is monotone: more time waited, a higher grade or one more
risk factor never lowers it. Ties are broken by the earlier due time, then by id, so the
order is deterministic.

Flags on each entry: ``escalate_to_supervisor`` when the contact target is missed or less
than the grade's margin is left; ``needs_telephone_reassessment`` when attendance is
delayed or not possible and the risk has not been re-assessed since (or not within the
grade's re-assessment interval).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from safehold.safeguarding.dash import (
    Grade,
    PolicyDocument,
    SafeguardingRuleError,
    load_policy_document,
    parse_grade,
)

__all__ = [
    "Attendance",
    "DowngradeWithoutReasonError",
    "DowngradeWithoutSupervisorError",
    "GradeChange",
    "PriorityWeights",
    "QueueEntry",
    "QueueInputError",
    "QueuePolicy",
    "QueueReason",
    "ReassessmentError",
    "SupervisorIsAssessorError",
    "WaitingVictim",
    "prioritise",
    "reassessment_change",
]


class QueueInputError(SafeguardingRuleError):
    """Bad data about a waiting victim or a bad queue policy."""

    code = "queue_input_error"


class ReassessmentError(SafeguardingRuleError):
    """A change of grade at re-assessment is not allowed as given."""

    code = "reassessment_error"


class DowngradeWithoutReasonError(ReassessmentError):
    """A lower grade was given without a reason."""

    code = "downgrade_needs_reason"


class DowngradeWithoutSupervisorError(ReassessmentError):
    """A lower grade was given without a supervisor's sign-off."""

    code = "downgrade_needs_supervisor"


class SupervisorIsAssessorError(ReassessmentError):
    """The officer who lowered the grade tried to sign it off themselves."""

    code = "supervisor_is_assessor"


class Attendance(StrEnum):
    """Whether officers attended the incident."""

    ATTENDED = "attended"
    DELAYED = "delayed"
    UNABLE = "unable"


def _aware(value: object, field_name: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise QueueInputError(
            f"{field_name}: {value!r} must be a timezone-aware datetime (UTC inside Safehold)",
            field=field_name,
        )
    return value


@dataclass(frozen=True, slots=True)
class WaitingVictim:
    """A victim awaiting contact, as the queue sees them.

    Parameters
    ----------
    victim_id
        Stable identifier (the database key); shown nowhere else.
    grade
        Current risk grade.
    reported_at
        When the incident was reported; the contact clock starts here.
    attendance
        Whether officers attended, were delayed, or could not attend.
    last_contact_at
        Last time the victim was reached since the report (e.g. by telephone), if ever.
        Contact stops escalation to a supervisor; the victim stays in the queue until seen.
    repeat_victimisation_12m
        Earlier domestic-abuse incidents against this victim in the last 12 months.
    escalation_markers
        Red flags present (``strangulation``, ``threats_to_kill``, ...); stored sorted,
        without duplicates.
    suspect_at_large
        The suspect has not been arrested or located.
    children_present
        Children live in or were present at the household.
    contact_attempts
        Attempts to contact the victim that did not reach them.
    last_reassessed_at
        Last telephone re-assessment of the risk, if any.
    attendance_changed_at
        When attendance became delayed or not possible; ``None`` means at the report.
    """

    victim_id: str
    grade: Grade
    reported_at: datetime
    attendance: Attendance = Attendance.ATTENDED
    last_contact_at: datetime | None = None
    repeat_victimisation_12m: int = 0
    escalation_markers: tuple[str, ...] = ()
    suspect_at_large: bool = False
    children_present: bool = False
    contact_attempts: int = 0
    last_reassessed_at: datetime | None = None
    attendance_changed_at: datetime | None = None

    def __post_init__(self) -> None:
        where = f"waiting victim {self.victim_id!r}"
        if not isinstance(self.victim_id, str) or not self.victim_id:
            raise QueueInputError("victim_id must be a non-empty string", field="victim_id")
        object.__setattr__(self, "grade", parse_grade(self.grade, field="grade"))
        try:
            object.__setattr__(self, "attendance", Attendance(self.attendance))
        except ValueError:
            raise QueueInputError(
                f"{where}: attendance {self.attendance!r} is not one of attended, delayed, unable",
                field="attendance",
            ) from None
        _aware(self.reported_at, "reported_at")
        for name in ("last_contact_at", "last_reassessed_at", "attendance_changed_at"):
            value = getattr(self, name)
            if value is not None:
                _aware(value, name)
        for name in ("repeat_victimisation_12m", "contact_attempts"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise QueueInputError(
                    f"{where}: {name} must be a whole number of at least 0, not {value!r}",
                    field=name,
                )
        markers = self.escalation_markers
        if isinstance(markers, str):
            raise QueueInputError(
                f"{where}: escalation_markers must be a list of codes, not one string",
                field="escalation_markers",
            )
        object.__setattr__(self, "escalation_markers", tuple(sorted(set(markers))))


def _grade_table(values: Mapping[Grade, float], name: str) -> Mapping[Grade, float]:
    missing = [str(g) for g in Grade if g not in values]
    if missing:
        raise QueueInputError(f"{name}: give a value for {', '.join(missing)}", field=name)
    return MappingProxyType({Grade(g): float(values[g]) for g in Grade})


@dataclass(frozen=True, slots=True)
class PriorityWeights:
    """Points each factor adds to a waiting victim's priority score.

    Every weight must be at least 0, grade points must rise with the grade and attendance
    points from attended to delayed to unable, so that the score is monotone.
    """

    grade: Mapping[Grade, float] = field(
        default_factory=lambda: {Grade.STANDARD: 0.0, Grade.MEDIUM: 100.0, Grade.HIGH: 200.0}
    )
    target_used: float = 100.0
    overdue_doubling: float = 25.0
    repeat_victimisation_per_incident: float = 10.0
    repeat_victimisation_max_counted: int = 5
    escalation_marker_default: float = 15.0
    escalation_markers: Mapping[str, float] = field(
        default_factory=lambda: {"strangulation": 25.0, "threats_to_kill": 25.0, "weapons": 20.0}
    )
    suspect_at_large: float = 30.0
    children_present: float = 20.0
    attendance: Mapping[Attendance, float] = field(
        default_factory=lambda: {
            Attendance.ATTENDED: 0.0,
            Attendance.DELAYED: 20.0,
            Attendance.UNABLE: 30.0,
        }
    )
    contact_attempt: float = 5.0
    contact_attempts_max_counted: int = 3

    def __post_init__(self) -> None:
        grade = _grade_table(self.grade, "queue.weights.grade")
        object.__setattr__(self, "grade", grade)
        if not grade[Grade.STANDARD] <= grade[Grade.MEDIUM] <= grade[Grade.HIGH]:
            raise QueueInputError(
                "queue.weights.grade: points must not fall as the grade rises "
                "(standard <= medium <= high)",
                field="queue.weights.grade",
            )
        missing = [str(a) for a in Attendance if a not in self.attendance]
        if missing:
            raise QueueInputError(
                f"queue.weights.attendance: give a value for {', '.join(missing)}",
                field="queue.weights.attendance",
            )
        attendance = MappingProxyType(
            {Attendance(a): float(self.attendance[a]) for a in Attendance}
        )
        object.__setattr__(self, "attendance", attendance)
        if not (
            attendance[Attendance.ATTENDED]
            <= attendance[Attendance.DELAYED]
            <= attendance[Attendance.UNABLE]
        ):
            raise QueueInputError(
                "queue.weights.attendance: points must not fall from attended to delayed to unable",
                field="queue.weights.attendance",
            )
        object.__setattr__(
            self,
            "escalation_markers",
            MappingProxyType({k: float(v) for k, v in self.escalation_markers.items()}),
        )
        negative = [
            name
            for name, value in (
                *((f"grade.{g}", v) for g, v in grade.items()),
                ("target_used", self.target_used),
                ("overdue_doubling", self.overdue_doubling),
                ("repeat_victimisation_per_incident", self.repeat_victimisation_per_incident),
                ("repeat_victimisation_max_counted", self.repeat_victimisation_max_counted),
                ("escalation_marker_default", self.escalation_marker_default),
                *((f"escalation_markers.{k}", v) for k, v in self.escalation_markers.items()),
                ("suspect_at_large", self.suspect_at_large),
                ("children_present", self.children_present),
                *((f"attendance.{a}", v) for a, v in attendance.items()),
                ("contact_attempt", self.contact_attempt),
                ("contact_attempts_max_counted", self.contact_attempts_max_counted),
            )
            if not value >= 0  # also catches NaN
        ]
        if negative:
            raise QueueInputError(
                f"queue.weights: {', '.join(negative)} must be at least 0; a negative weight "
                "would let a risk factor lower a victim's priority",
                field=f"queue.weights.{negative[0]}",
            )

    @classmethod
    def from_document(cls, document: PolicyDocument) -> PriorityWeights:
        """Build the weights from the ``[queue.weights]`` table of a policy file."""
        key = "queue.weights"
        grade = document.numbers(f"{key}.grade")
        attendance = document.numbers(f"{key}.attendance")
        unknown = set(grade) - {str(g) for g in Grade}
        unknown |= set(attendance) - {str(a) for a in Attendance}
        if unknown:
            raise QueueInputError(
                f"{key}: unknown key(s) {sorted(unknown)} in grade/attendance",
                field=key,
            )
        return cls(
            grade={Grade(k): v for k, v in grade.items()},
            target_used=document.number(f"{key}.target_used"),
            overdue_doubling=document.number(f"{key}.overdue_doubling"),
            repeat_victimisation_per_incident=document.number(
                f"{key}.repeat_victimisation_per_incident"
            ),
            repeat_victimisation_max_counted=document.integer(
                f"{key}.repeat_victimisation_max_counted"
            ),
            escalation_marker_default=document.number(f"{key}.escalation_marker_default"),
            escalation_markers=document.numbers(f"{key}.escalation_markers"),
            suspect_at_large=document.number(f"{key}.suspect_at_large"),
            children_present=document.number(f"{key}.children_present"),
            attendance={Attendance(k): v for k, v in attendance.items()},
            contact_attempt=document.number(f"{key}.contact_attempt"),
            contact_attempts_max_counted=document.integer(f"{key}.contact_attempts_max_counted"),
        )


def _minutes_table(document: PolicyDocument, key: str) -> dict[Grade, timedelta]:
    raw = document.numbers(key, minimum=0)
    unknown = set(raw) - {str(g) for g in Grade}
    if unknown:
        raise QueueInputError(f"{key}: unknown grade(s) {sorted(unknown)}", field=key)
    return {Grade(k): timedelta(minutes=v) for k, v in raw.items()}


def _default_targets() -> dict[Grade, timedelta]:
    return {
        Grade.HIGH: timedelta(hours=1),
        Grade.MEDIUM: timedelta(hours=8),
        Grade.STANDARD: timedelta(hours=24),
    }


def _default_margins() -> dict[Grade, timedelta]:
    return {
        Grade.HIGH: timedelta(minutes=15),
        Grade.MEDIUM: timedelta(hours=1),
        Grade.STANDARD: timedelta(hours=2),
    }


def _default_intervals() -> dict[Grade, timedelta]:
    return {
        Grade.HIGH: timedelta(hours=1),
        Grade.MEDIUM: timedelta(hours=4),
        Grade.STANDARD: timedelta(hours=12),
    }


@dataclass(frozen=True, slots=True)
class QueuePolicy:
    """Contact targets, escalation margins, re-assessment intervals and weights.

    Parameters
    ----------
    version
        Stamped on every queue entry.
    contact_target
        Time from report to contact, per grade (default high 1 h, medium 8 h, standard
        24 h). Must not get longer as the grade rises.
    escalation_margin
        Escalate to a supervisor when less than this is left before the target, per grade
        (default 15 min, 1 h, 2 h).
    reassessment_interval
        While attendance is delayed, re-assess by telephone at least this often, per grade
        (default 1 h, 4 h, 12 h).
    weights
        The points of each factor.
    """

    version: str = "built-in"
    contact_target: Mapping[Grade, timedelta] = field(default_factory=_default_targets)
    escalation_margin: Mapping[Grade, timedelta] = field(default_factory=_default_margins)
    reassessment_interval: Mapping[Grade, timedelta] = field(default_factory=_default_intervals)
    weights: PriorityWeights = field(default_factory=PriorityWeights)

    def __post_init__(self) -> None:
        for name in ("contact_target", "escalation_margin", "reassessment_interval"):
            table: Mapping[Grade, timedelta] = getattr(self, name)
            missing = [str(g) for g in Grade if g not in table]
            if missing:
                raise QueueInputError(
                    f"queue.{name}: give a value for {', '.join(missing)}", field=f"queue.{name}"
                )
            object.__setattr__(self, name, MappingProxyType({g: table[g] for g in Grade}))
        target = self.contact_target
        if any(t <= timedelta(0) for t in target.values()):
            raise QueueInputError(
                "queue.contact_target_minutes: every target must be more than 0 minutes",
                field="queue.contact_target_minutes",
            )
        if not target[Grade.HIGH] <= target[Grade.MEDIUM] <= target[Grade.STANDARD]:
            raise QueueInputError(
                "queue.contact_target_minutes: a higher grade must not have a longer target "
                "(high <= medium <= standard)",
                field="queue.contact_target_minutes",
            )

    @classmethod
    def from_document(cls, document: PolicyDocument) -> QueuePolicy:
        """Build the policy from the ``[queue]`` tables of a policy file."""
        return cls(
            version=document.version,
            contact_target=_minutes_table(document, "queue.contact_target_minutes"),
            escalation_margin=_minutes_table(document, "queue.escalation_margin_minutes"),
            reassessment_interval=_minutes_table(document, "queue.reassessment_interval_minutes"),
            weights=PriorityWeights.from_document(document),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> QueuePolicy:
        """Read the policy from ``path`` or, by default, from the packaged policy file."""
        return cls.from_document(load_policy_document(path))


@cache
def _default_policy() -> QueuePolicy:
    return QueuePolicy.load()


# Reason facts as stored in the hot loop: (code, contribution, facts). Plain tuples cost a
# fraction of an object each, and the sentence is only built when someone reads it.
RawReason = tuple[str, float, tuple[Any, ...]]


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


_ATTENDANCE_TEXT = {
    Attendance.DELAYED: "Attendance delayed",
    Attendance.UNABLE: "Officers unable to attend",
}


def _reassessment_text(attendance: Attendance, since_s: float | None, every_s: float) -> str:
    if since_s is None:
        return (
            f"{_ATTENDANCE_TEXT[attendance]} and no re-assessment since: re-assess by "
            "telephone and record the safeguarding advice given"
        )
    return (
        f"{_ATTENDANCE_TEXT[attendance]}; last re-assessed {_duration(since_s)} ago (due every "
        f"{_duration(every_s)} while attendance is outstanding): re-assess by telephone"
    )


_REASON_TEXT: dict[str, Callable[..., str]] = {
    "grade": lambda grade: f"Graded {grade}",
    "time_waited": lambda waited_s, target_s: (
        f"Waited {_duration(waited_s)} of the {_duration(target_s)} contact target "
        f"({waited_s / target_s:.0%})"
    ),
    "overdue": lambda waited_s, target_s: (
        f"Overdue: the wait is {waited_s / target_s:.1f} times the contact target"
    ),
    "repeat_victimisation": lambda count, counted: (
        f"{count} earlier incident(s) against the victim in 12 months"
        + (f" ({counted} counted)" if counted < count else "")
    ),
    "escalation_marker": lambda marker: f"Escalation marker: {marker.replace('_', ' ')}",
    "suspect_at_large": lambda: "Suspect at large",
    "children_present": lambda: "Children present",
    "attendance": lambda attendance: _ATTENDANCE_TEXT[attendance],
    "contact_attempts": lambda count, counted: (
        f"{count} contact attempt(s) without reaching the victim"
        + (f" ({counted} counted)" if counted < count else "")
    ),
    "contact_made": lambda ago_s, within: (
        f"Victim contacted {_duration(ago_s)} ago, {'within' if within else 'after'} the "
        "target; awaiting attendance"
    ),
    "target_missed": lambda overdue_s: (
        f"Contact target missed {_duration(overdue_s)} ago: escalate to a supervisor"
    ),
    "target_will_be_missed": lambda left_s, margin_s: (
        f"{_duration(left_s)} left of the contact target (margin {_duration(margin_s)}): "
        "escalate to a supervisor"
    ),
    "telephone_reassessment_due": _reassessment_text,
}


@dataclass(frozen=True, slots=True)
class QueueReason:
    """Why a victim is where they are: a stable ``code``, the points it added, the facts.

    ``facts`` are the numbers behind the reason (seconds waited, target seconds, a marker
    code, ...) in a fixed order per code; ``text`` renders them as a sentence.

    Codes: ``grade``, ``time_waited``, ``overdue``, ``repeat_victimisation``,
    ``escalation_marker``, ``suspect_at_large``, ``children_present``, ``attendance``,
    ``contact_attempts`` (these add points); ``contact_made``, ``target_missed``,
    ``target_will_be_missed``, ``telephone_reassessment_due`` (flags, 0 points).
    """

    code: str
    contribution: float = 0.0
    facts: tuple[Any, ...] = ()

    @property
    def text(self) -> str:
        """The reason as a sentence for the queue page."""
        return _REASON_TEXT[self.code](*self.facts)

    def to_dict(self) -> dict[str, Any]:
        """Return the reason as JSON-ready data."""
        return {"code": self.code, "text": self.text, "contribution": round(self.contribution, 2)}


class QueueEntry(NamedTuple):
    """One victim's place in the queue and why.

    Immutable like the other records here, but a named tuple rather than a frozen
    dataclass: a frozen dataclass sets each field through ``object.__setattr__``, and
    building 50,000 of them was a fifth of the time to re-prioritise the queue.

    Attributes
    ----------
    victim
        The input record.
    position
        1 for the first victim to contact.
    score
        Priority score; the sum of the reasons' contributions.
    due_at
        ``reported_at`` plus the contact target for the grade.
    time_waited
        Time since the report (never negative).
    fraction_of_target_used
        ``time_waited`` divided by the target; above 1 means the target is missed.
    target_missed
        Past ``due_at`` without contact.
    needs_telephone_reassessment
        Attendance delayed or not possible and no re-assessment since (or not recently).
    escalate_to_supervisor
        The target is missed, or will be missed: less than the grade's margin left.
    assessed_at
        The ``now`` of the re-prioritisation.
    policy
        The policy that produced this entry (see :attr:`policy_version`).
    """

    victim: WaitingVictim
    position: int
    score: float
    due_at: datetime
    time_waited: timedelta
    fraction_of_target_used: float
    target_missed: bool
    needs_telephone_reassessment: bool
    escalate_to_supervisor: bool
    assessed_at: datetime
    policy: QueuePolicy

    @property
    def victim_id(self) -> str:
        """The victim's id."""
        return self.victim.victim_id

    @property
    def policy_version(self) -> str:
        """Version of the policy that produced this entry."""
        return self.policy.version

    @property
    def reasons(self) -> tuple[QueueReason, ...]:
        """Why the victim is at this position: contributions first, then flags.

        Built on access by the same computation that produced :attr:`score` (so they always
        agree): keeping ~8 reason objects per victim alive for a 50,000-victim queue made the
        garbage collector the largest cost of re-prioritising.
        """
        sink: list[RawReason] = []
        _assess(self.victim, self.assessed_at, _Rules.of(self.policy), sink)
        return tuple(QueueReason(code, points, facts) for code, points, facts in sink)

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data (``safehold safeguarding queue --json``)."""
        v = self.victim
        return {
            "position": self.position,
            "victim_id": v.victim_id,
            "grade": str(v.grade),
            "score": round(self.score, 2),
            "reported_at": v.reported_at.isoformat(),
            "due_at": self.due_at.isoformat(),
            "time_waited_minutes": round(self.time_waited.total_seconds() / 60, 1),
            "fraction_of_target_used": round(self.fraction_of_target_used, 3),
            "target_missed": self.target_missed,
            "escalate_to_supervisor": self.escalate_to_supervisor,
            "needs_telephone_reassessment": self.needs_telephone_reassessment,
            "attendance": str(v.attendance),
            "reasons": [r.to_dict() for r in self.reasons],
            "policy_version": self.policy_version,
        }


@dataclass(frozen=True, slots=True)
class _Rules:
    """The policy flattened for the hot loop: per-grade constants and weights."""

    per_grade: Mapping[Grade, tuple[timedelta, float, float, timedelta, timedelta]]
    weights: PriorityWeights

    @staticmethod
    def of(policy: QueuePolicy) -> _Rules:
        return _Rules(
            per_grade={
                g: (
                    policy.contact_target[g],
                    policy.contact_target[g].total_seconds(),
                    policy.weights.grade[g],
                    policy.escalation_margin[g],
                    policy.reassessment_interval[g],
                )
                for g in Grade
            },
            weights=policy.weights,
        )


_ZERO = timedelta(0)


def _assess(
    v: WaitingVictim, now: datetime, rules: _Rules, sink: list[RawReason] | None
) -> tuple[float, datetime, timedelta, float, bool, bool, bool]:
    """Score one victim; with a ``sink``, also record each reason in it.

    Returns ``(score, due_at, time_waited, fraction, missed, reassess, escalate)``.
    """
    w = rules.weights
    target, target_s, score, margin, interval = rules.per_grade[v.grade]
    if sink is not None:
        sink.append(("grade", score, (v.grade,)))
    waited = now - v.reported_at
    if waited < _ZERO:
        waited = _ZERO
    waited_s = waited.total_seconds()
    fraction = waited_s / target_s

    points = w.target_used * (fraction if fraction < 1.0 else 1.0)
    score += points
    if sink is not None:
        sink.append(("time_waited", points, (waited_s, target_s)))
    if fraction > 1.0:
        points = w.overdue_doubling * math.log2(fraction)
        score += points
        if sink is not None:
            sink.append(("overdue", points, (waited_s, target_s)))
    count = v.repeat_victimisation_12m
    if count:
        counted = min(count, w.repeat_victimisation_max_counted)
        points = w.repeat_victimisation_per_incident * counted
        score += points
        if sink is not None:
            sink.append(("repeat_victimisation", points, (count, counted)))
    for marker in v.escalation_markers:
        points = w.escalation_markers.get(marker, w.escalation_marker_default)
        score += points
        if sink is not None:
            sink.append(("escalation_marker", points, (marker,)))
    if v.suspect_at_large:
        score += w.suspect_at_large
        if sink is not None:
            sink.append(("suspect_at_large", w.suspect_at_large, ()))
    if v.children_present:
        score += w.children_present
        if sink is not None:
            sink.append(("children_present", w.children_present, ()))
    attendance = v.attendance
    outstanding = attendance is not Attendance.ATTENDED
    if outstanding:
        points = w.attendance[attendance]
        score += points
        if sink is not None:
            sink.append(("attendance", points, (attendance,)))
    count = v.contact_attempts
    if count:
        counted = min(count, w.contact_attempts_max_counted)
        points = w.contact_attempt * counted
        score += points
        if sink is not None:
            sink.append(("contact_attempts", points, (count, counted)))

    due_at = v.reported_at + target
    contact = v.last_contact_at
    if contact is not None and contact >= v.reported_at:
        missed = escalate = False
        if sink is not None:
            sink.append(("contact_made", 0.0, ((now - contact).total_seconds(), contact <= due_at)))
    else:
        missed = now > due_at
        escalate = now >= due_at - margin
        if sink is not None and missed:
            sink.append(("target_missed", 0.0, ((now - due_at).total_seconds(),)))
        elif sink is not None and escalate:
            sink.append(
                (
                    "target_will_be_missed",
                    0.0,
                    ((due_at - now).total_seconds(), margin.total_seconds()),
                )
            )

    reassess = False
    if outstanding:
        last = v.last_reassessed_at
        since_s: float | None = None
        if last is None or last < (v.attendance_changed_at or v.reported_at):
            reassess = True
        elif now - last >= interval:
            reassess = True
            since_s = (now - last).total_seconds()
        if sink is not None and reassess:
            sink.append(
                ("telephone_reassessment_due", 0.0, (attendance, since_s, interval.total_seconds()))
            )
    return score, due_at, waited, fraction, missed, reassess, escalate


def prioritise(
    waiting: Sequence[WaitingVictim],
    now: datetime,
    policy: QueuePolicy | None = None,
) -> list[QueueEntry]:
    """Order the waiting victims, highest priority first, with the reasons for each place.

    Parameters
    ----------
    waiting
        Victims awaiting contact.
    now
        The time of re-prioritisation, timezone-aware.
    policy
        Targets, margins and weights; ``None`` uses the packaged policy file.

    Returns
    -------
    list of QueueEntry
        One entry per victim, ``position`` 1 first; ties go to the earlier due time, then
        the smaller id. Each entry explains itself through :attr:`QueueEntry.reasons`.

    Notes
    -----
    One pass over the victims plus one sort (``bench/safeguarding_queue.py`` measures 50,000).
    """
    policy = policy or _default_policy()
    _aware(now, "now")
    rules = _Rules.of(policy)
    victims = list(waiting)
    rows = []
    for index, v in enumerate(victims):
        score, due_at, waited, fraction, missed, reassess, escalate = _assess(v, now, rules, None)
        # Sorted as plain tuples, without a key function: highest score, then earliest due,
        # then id; the index makes every row distinct so comparison never reaches the rest.
        rows.append(
            (-score, due_at, v.victim_id, index, waited, fraction, missed, reassess, escalate)
        )
    rows.sort()
    return [
        QueueEntry(
            victims[index],
            position,
            -neg_score,
            due_at,
            waited,
            fraction,
            missed,
            reassess,
            escalate,
            now,
            policy,
        )
        for position, (
            neg_score,
            due_at,
            _,
            index,
            waited,
            fraction,
            missed,
            reassess,
            escalate,
        ) in enumerate(rows, start=1)
    ]


# --- re-assessment ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GradeChange:
    """An accepted re-assessment: old and new grade, direction, reason and sign-off."""

    old_grade: Grade
    new_grade: Grade
    direction: str
    reason: str
    supervisor: str | None
    assessed_by: str | None

    @property
    def is_downgrade(self) -> bool:
        """True when the new grade is lower than the old one."""
        return self.direction == "lowered"


def reassessment_change(
    old_grade: Grade | str,
    new_grade: Grade | str,
    *,
    reason: str = "",
    supervisor: str | None = None,
    assessed_by: str | None = None,
) -> GradeChange:
    """Check a change of grade at re-assessment and return it, or say what is missing.

    Raising or keeping a grade needs nothing more: delaying an upgrade for paperwork would
    leave a victim under-protected. Lowering one needs a reason and a supervisor's sign-off,
    and the supervisor must not be the officer who re-assessed.

    Parameters
    ----------
    old_grade, new_grade
        The grade before and after re-assessment.
    reason
        Why the grade changes; required for a downgrade.
    supervisor
        Who signs the downgrade off (user id or collar number).
    assessed_by
        Who re-assessed, to check the sign-off is independent.

    Raises
    ------
    DowngradeWithoutReasonError, DowngradeWithoutSupervisorError, SupervisorIsAssessorError
        For a downgrade missing what it needs.
    BadGradeError
        If a grade is not a grade.
    """
    old = parse_grade(old_grade, field="old_grade")
    new = parse_grade(new_grade, field="new_grade")
    reason = (reason or "").strip()
    supervisor = (supervisor or "").strip() or None
    assessed_by = (assessed_by or "").strip() or None
    if new.rank > old.rank:
        direction = "raised"
    elif new.rank == old.rank:
        direction = "unchanged"
    else:
        direction = "lowered"
        if not reason:
            raise DowngradeWithoutReasonError(
                f"lowering the grade from {old} to {new} needs a reason; say what has changed",
                field="reason",
            )
        if supervisor is None:
            raise DowngradeWithoutSupervisorError(
                f"lowering the grade from {old} to {new} needs a supervisor's sign-off; ask a "
                "supervisor to review it",
                field="supervisor",
            )
        if assessed_by is not None and supervisor == assessed_by:
            raise SupervisorIsAssessorError(
                "the supervisor signing off a downgrade must not be the officer who "
                "re-assessed; ask another supervisor",
                field="supervisor",
            )
    return GradeChange(
        old_grade=old,
        new_grade=new,
        direction=direction,
        reason=reason,
        supervisor=supervisor,
        assessed_by=assessed_by,
    )
