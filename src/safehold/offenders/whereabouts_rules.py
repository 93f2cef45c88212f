"""The whereabouts-unknown procedure's clock: which tasks are due when, which is next,
when repeated visits without access prompt the warrant route, and who may be routed.

Pure: plain values in and out; no Django. Timings come from ``[whereabouts]`` in the
visit-policy TOML (``WhereaboutsRules``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from safehold.datetext import day_month_time

from .procedure_config import WhereaboutsRules

__all__ = ["Task", "next_task", "routing_block", "tasks", "warrant_prompt"]


@dataclass(frozen=True, slots=True)
class Task:
    """One task of the procedure and when it is due."""

    kind: str
    label: str
    due_at: datetime
    done_at: datetime | None

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def overdue(self, now: datetime) -> bool:
        return not self.done and now > self.due_at

    def describe(self, now: datetime) -> str:
        """E.g. "Circulate on the PNC: due by 08 Dec 14:00 (overdue)"."""
        state = " (overdue)" if self.overdue(now) else ""
        return f"{self.label}: due by {day_month_time(self.due_at)}{state}"


def tasks(
    *,
    opened_at: datetime,
    done: Sequence[tuple[str, datetime]],
    now: datetime,
    rules: WhereaboutsRules,
) -> list[Task]:
    """The procedure's tasks, done or not, in the order they fall due.

    ``done`` holds (kind, when) of the steps taken: ``pnc``, ``enquiry``, ``breach`` or
    ``no_breach``, ``review``. DS reviews recur every ``ds_review_every_days`` from the
    opening (or the last review) while the procedure is open.
    """

    def first(*kinds: str) -> datetime | None:
        return min((at for k, at in done if k in kinds), default=None)

    out = [
        Task(
            "pnc",
            "Circulate on the PNC",
            opened_at + timedelta(hours=rules.pnc_circulation_within_hours),
            first("pnc"),
        ),
        Task(
            "enquiry",
            "Make enquiries (addresses, associates, hospitals, custody)",
            opened_at + timedelta(days=rules.enquiries_within_days),
            first("enquiry"),
        ),
        Task(
            "breach",
            "Record the breach (s91) or why not",
            opened_at + timedelta(days=rules.breach_record_within_days),
            first("breach", "no_breach"),
        ),
    ]
    reviews = sorted(at for k, at in done if k == "review")
    every = timedelta(days=rules.ds_review_every_days)
    due = opened_at + every
    for at in reviews:
        out.append(Task("review", "DS review", due, at))
        due = at + every
    out.append(Task("review", "DS review", due, None))
    return sorted(out, key=lambda t: t.due_at)


def next_task(all_tasks: Sequence[Task]) -> Task | None:
    """The next task not done: the earliest due."""
    return min((t for t in all_tasks if not t.done), key=lambda t: t.due_at, default=None)


def warrant_prompt(no_access_streak: int, rules: WhereaboutsRules) -> bool:
    """Whether visits without access in a row call for the warrant route (s96B)."""
    return no_access_streak >= rules.warrant_after_no_access


def routing_block(status: str, open_procedure: bool) -> str | None:
    """Why an offender may not be routed to a home visit, or ``None``.

    An open whereabouts-unknown procedure always blocks, whatever the status says:
    pairs are not sent to an address the offender is known not to live at.
    """
    if open_procedure or status == "whereabouts_unknown":
        return "whereabouts_unknown"
    if status != "managed":
        return status
    return None
