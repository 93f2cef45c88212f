"""Why a victim is where they are in the queue: reason codes and their sentences."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from safehold.safeguarding.vocabulary import Attendance

__all__ = ["QueueReason", "RawReason", "duration"]


# Reason facts as stored in the hot loop: (code, contribution, facts). Plain tuples cost a
# fraction of an object each, and the sentence is only built when someone reads it.
RawReason = tuple[str, float, tuple[Any, ...]]


def duration(seconds: float) -> str:
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
        f"{_ATTENDANCE_TEXT[attendance]}; last re-assessed {duration(since_s)} ago (due every "
        f"{duration(every_s)} while attendance is outstanding): re-assess by telephone"
    )


_REASON_TEXT: dict[str, Callable[..., str]] = {
    "grade": lambda grade: f"Graded {grade}",
    "time_waited": lambda waited_s, target_s, until_contact=False: (
        f"{'Waited' if not until_contact else 'Reached after'} {duration(waited_s)} of the "
        f"{duration(target_s)} contact target ({waited_s / target_s:.0%})"
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
        f"Victim contacted {duration(ago_s)} ago, {'within' if within else 'after'} the "
        "target; awaiting attendance"
    ),
    "target_missed": lambda overdue_s: (
        f"Contact target missed {duration(overdue_s)} ago: escalate to a supervisor"
    ),
    "target_will_be_missed": lambda left_s, margin_s: (
        f"{duration(left_s)} left of the contact target (margin {duration(margin_s)}): "
        "escalate to a supervisor"
    ),
    "telephone_reassessment_due": _reassessment_text,
    "held_after_contact": lambda: (
        "Contacted: priority held at the grade's on-target level, so victims of the same "
        "grade not yet contacted past their target come first"
    ),
    "reassessment_overdue": lambda late_s: (
        f"Telephone re-assessment overdue by {duration(late_s)}: escalate to a supervisor"
    ),
    "attendance_outstanding": lambda attendance, for_s, limit_s: (
        f"{_ATTENDANCE_TEXT[attendance]} for {duration(for_s)} (limit {duration(limit_s)}): "
        "escalate to a supervisor"
    ),
}


# A few words per reason, for the queue's compact rows (the sentence is one click away).
_SHORT_TEXT: dict[str, Callable[..., str]] = {
    "repeat_victimisation": lambda count, counted: f"{count} earlier in 12 months",
    "escalation_marker": lambda marker: marker.replace("_", " ").capitalize(),
    "suspect_at_large": lambda: "Suspect at large",
    "children_present": lambda: "Children",
    "attendance": lambda attendance: _ATTENDANCE_TEXT[attendance],
    "contact_attempts": lambda count, counted: f"{count} failed attempt(s)",
}


@dataclass(frozen=True, slots=True)
class QueueReason:
    """Why a victim is where they are: a stable ``code``, the points it added, the facts.

    ``facts`` are the numbers behind the reason (seconds waited, target seconds, a marker
    code, ...) in a fixed order per code; ``text`` renders them as a sentence.

    Codes: ``grade``, ``time_waited``, ``overdue``, ``repeat_victimisation``,
    ``escalation_marker``, ``suspect_at_large``, ``children_present``, ``attendance``,
    ``contact_attempts`` (these add points); ``held_after_contact`` (takes points away
    once the victim is reached); ``contact_made``, ``target_missed``,
    ``target_will_be_missed``, ``telephone_reassessment_due``, ``reassessment_overdue``,
    ``attendance_outstanding`` (flags, 0 points).
    """

    code: str
    contribution: float = 0.0
    facts: tuple[Any, ...] = ()

    @property
    def text(self) -> str:
        """The reason as a sentence for the queue page."""
        return _REASON_TEXT[self.code](*self.facts)

    @property
    def short(self) -> str:
        """The reason in a few words for a compact row (the sentence when there is none)."""
        short = _SHORT_TEXT.get(self.code)
        return short(*self.facts) if short else self.text

    def to_dict(self) -> dict[str, Any]:
        """Return the reason as JSON-ready data."""
        return {"code": self.code, "text": self.text, "contribution": round(self.contribution, 2)}
