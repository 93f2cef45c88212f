"""A victim waiting for contact, as the queue sees them (the queue's input record)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from safehold.safeguarding.queue_policy import QueueInputError, aware
from safehold.safeguarding.vocabulary import Attendance, Grade, TargetOutcome, parse_grade

__all__ = ["WaitingVictim"]


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
        Contact stops the contact-target escalation; the victim stays in the queue until
        seen.
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
    first_contact_at
        The first time the victim was reached; it decides whether the contact target was
        met. ``None`` with a ``last_contact_at`` means that one contact was the first.
    target_recorded
        The target outcome already recorded on the incident (met or missed), if any: once
        recorded it is kept, whatever happens later.
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
    first_contact_at: datetime | None = None
    target_recorded: TargetOutcome | None = None

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
        aware(self.reported_at, "reported_at")
        if self.first_contact_at is None and self.last_contact_at is not None:
            object.__setattr__(self, "first_contact_at", self.last_contact_at)
        if self.target_recorded is not None:
            try:
                object.__setattr__(self, "target_recorded", TargetOutcome(self.target_recorded))
            except ValueError:
                raise QueueInputError(
                    f"{where}: target_recorded {self.target_recorded!r} is not met or missed",
                    field="target_recorded",
                ) from None
        for name in (
            "last_contact_at",
            "last_reassessed_at",
            "attendance_changed_at",
            "first_contact_at",
        ):
            value = getattr(self, name)
            if value is not None:
                aware(value, name)
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
