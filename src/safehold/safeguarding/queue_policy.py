"""The queue's policy: contact targets, escalation margins, re-assessment intervals, weights.

Read from the ``[queue]`` tables of the policy file. The default contact targets (high 1 h,
medium 8 h, standard 24 h) are a local choice, not a national rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType

from safehold.safeguarding.policy_file import PolicyDocument, load_policy_document
from safehold.safeguarding.rule_errors import SafeguardingRuleError
from safehold.safeguarding.vocabulary import Attendance, Grade

__all__ = ["PriorityWeights", "QueueInputError", "QueuePolicy", "aware", "default_queue_policy"]


class QueueInputError(SafeguardingRuleError):
    """Bad data about a waiting victim or a bad queue policy."""

    code = "queue_input_error"


def aware(value: object, field_name: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise QueueInputError(
            f"{field_name}: {value!r} must be a timezone-aware datetime (UTC inside Safehold)",
            field=field_name,
        )
    return value


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


DEFAULT_TARGET_SOURCE = "built-in defaults (a local choice, not national guidance)"


def _default_reassessment_escalation() -> dict[Grade, timedelta]:
    return {
        Grade.HIGH: timedelta(0),
        Grade.MEDIUM: timedelta(hours=1),
        Grade.STANDARD: timedelta(hours=4),
    }


def _default_attendance_escalation() -> dict[Grade, timedelta]:
    return {Grade.HIGH: timedelta(hours=4)}


def _optional_minutes_table(
    document: PolicyDocument, key: str, default: dict[Grade, timedelta]
) -> dict[Grade, timedelta]:
    """A per-grade table in which a grade left out means "never" (a missing table: defaults)."""
    return _minutes_table(document, key) if document.has(key) else default


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
    escalate_reassessment_overdue
        Escalate to a supervisor when a telephone re-assessment is overdue by at least this,
        per grade (default high at once, medium 1 h, standard 4 h); a grade left out never
        escalates for this.
    escalate_attendance_outstanding
        Escalate to a supervisor when attendance has been delayed or not possible for at
        least this, per grade (default high 4 h only).
    contact_target_source
        Where the contact targets come from (they are a local choice); shown on the queue.
    """

    version: str = "built-in"
    contact_target: Mapping[Grade, timedelta] = field(default_factory=_default_targets)
    escalation_margin: Mapping[Grade, timedelta] = field(default_factory=_default_margins)
    reassessment_interval: Mapping[Grade, timedelta] = field(default_factory=_default_intervals)
    weights: PriorityWeights = field(default_factory=PriorityWeights)
    escalate_reassessment_overdue: Mapping[Grade, timedelta] = field(
        default_factory=_default_reassessment_escalation
    )
    escalate_attendance_outstanding: Mapping[Grade, timedelta] = field(
        default_factory=_default_attendance_escalation
    )
    contact_target_source: str = DEFAULT_TARGET_SOURCE

    def __post_init__(self) -> None:
        for name in ("escalate_reassessment_overdue", "escalate_attendance_outstanding"):
            optional: Mapping[Grade, timedelta] = getattr(self, name)
            if any(t < timedelta(0) for t in optional.values()):
                raise QueueInputError(
                    f"queue.{name}_minutes: every threshold must be at least 0 minutes",
                    field=f"queue.{name}_minutes",
                )
            object.__setattr__(
                self, name, MappingProxyType({Grade(g): optional[g] for g in optional})
            )
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
            escalate_reassessment_overdue=_optional_minutes_table(
                document,
                "queue.escalate_reassessment_overdue_minutes",
                _default_reassessment_escalation(),
            ),
            escalate_attendance_outstanding=_optional_minutes_table(
                document,
                "queue.escalate_attendance_outstanding_minutes",
                _default_attendance_escalation(),
            ),
            contact_target_source=document.text("queue.contact_target_source")
            if document.has("queue.contact_target_source")
            else DEFAULT_TARGET_SOURCE,
        )

    @classmethod
    def load(cls, path: Path | None = None) -> QueuePolicy:
        """Read the policy from ``path`` or, by default, from the packaged policy file."""
        return cls.from_document(load_policy_document(path))


@cache
def default_queue_policy() -> QueuePolicy:
    return QueuePolicy.load()
