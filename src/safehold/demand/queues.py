"""Why each incident is where it is on the dispatch and resolution-centre queues.

Pure rules: the queries read the rows, these say each row's state, its order and its
reasons (data, not prose built in a template).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from .contact import next_step
from .policy import DemandPolicy

__all__ = ["DispatchEntry", "RcEntry", "dispatch_entry", "rc_entry"]


@dataclass(frozen=True, slots=True)
class DispatchEntry:
    """A row of the dispatch queue: the state of its clock and why it is here."""

    status: str  # "missed", "escalate", "on_track" or "no_clock"
    minutes_left: float | None
    reasons: tuple[str, ...]

    @property
    def sort_key(self) -> tuple[int, float]:
        order = {"missed": 0, "escalate": 1, "on_track": 2, "no_clock": 3}[self.status]
        return order, self.minutes_left if self.minutes_left is not None else 1e9


def dispatch_entry(
    policy: DemandPolicy,
    *,
    grade: int,
    area: str,
    target_at: datetime | None,
    unit: str,
    dispatched: bool,
    now: datetime,
) -> DispatchEntry:
    """The dispatch-queue state of an incident awaiting a unit's arrival."""
    t = policy.target(grade)
    minutes = t.target_minutes(area)
    reasons = []
    if minutes is not None:
        start = "the call" if policy.clock_start == "call" else "dispatch"
        reasons.append(f"{t.label}, {area}: attend within {_span(minutes)} of {start}")
    if target_at is None:
        reasons.append("The clock starts when a unit is dispatched" if minutes else "No clock")
        state = "no_clock"
        left = None
    else:
        left = (target_at - now).total_seconds() / 60
        if left < 0:
            state = "missed"
            reasons.append(f"Target missed {_span(-left)} ago")
        elif left <= t.escalate_minutes_before:
            state = "escalate"
            reasons.append(
                f"{_span(left)} left: escalate (within {t.escalate_minutes_before} min of target)"
            )
        else:
            state = "on_track"
            reasons.append(f"{_span(left)} left")
    if not unit:
        reasons.append("No unit allocated yet")
    elif not dispatched:
        reasons.append(f"{unit} allocated, not yet dispatched")
    else:
        reasons.append(f"{unit} on its way")
    return DispatchEntry(state, left, tuple(reasons))


def _span(minutes: float) -> str:
    m = round(minutes)
    if m < 120:
        return f"{m} min"
    if m < 48 * 60:
        return f"{m // 60} h {m % 60:02d} min"
    return f"{m // 1440} days {m % 1440 // 60} h"


@dataclass(frozen=True, slots=True)
class RcEntry:
    """A row of the resolution-centre queue: the next step and why."""

    action: str
    reasons: tuple[str, ...]
    waited_hours: float

    @property
    def sort_key(self) -> tuple[int, float]:
        order = {"letter": 0, "close": 1, "attempt": 2, "investigate": 3}[self.action]
        return order, -self.waited_hours


def rc_entry(
    policy: DemandPolicy,
    *,
    failed_attempts: int,
    contacted: bool,
    letter_sent: bool,
    received_at: datetime,
    reopened: bool,
    now: datetime,
    local_now: time,
) -> RcEntry:
    """The resolution-centre state of an open case."""
    step = next_step(
        failed_attempts=failed_attempts,
        contacted=contacted,
        letter_sent=letter_sent,
        attempts_required=policy.rc_contact_attempts,
    )
    waited = (now - received_at).total_seconds() / 3600
    reasons = [step.reason, f"Waiting {_span(waited * 60)} since the call"]
    if reopened:
        reasons.append("Re-opened on a new line of enquiry")
    if not policy.rc_is_open(local_now):
        reasons.append(
            f"The centre is closed now; it works {policy.rc_opens:%H:%M}-{policy.rc_closes:%H:%M}"
        )
    return RcEntry(step.action, tuple(reasons), waited)
