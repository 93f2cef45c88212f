"""Notification rules (Sexual Offences Act 2003 Part 2 and the 2012 Regulations): what a
structured notification is about, when it was due, whether it was late (a possible s91
matter for the DS), which changes restart the annual clock, and when stays at another
address reach the 7-day qualifying period.

Pure: plain values in and out; no Django. Periods come from ``[notifications]`` in the
visit-policy TOML (``NotificationRules``). Where the law is not certain the rule is
configuration; docs/visit-policy.md says which.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

__all__ = [
    "Lateness",
    "Subject",
    "assess_lateness",
    "later_notification",
    "qualifying_date",
    "stay_days",
]


class Subject(StrEnum):
    """What a change-of-details notification is about."""

    NAME = "name"
    HOME_ADDRESS = "home_address"
    OTHER_ADDRESS = "other_address"
    BANK_CARD = "bank_card"
    PASSPORT_ID = "passport_id"
    VEHICLE = "vehicle"
    CHILD_HOUSEHOLD = "child_household"
    CONTACT = "contact"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Subject.NAME: "Name",
    Subject.HOME_ADDRESS: "Home address",
    Subject.OTHER_ADDRESS: "Stay at another address",
    Subject.BANK_CARD: "Bank account or card",
    Subject.PASSPORT_ID: "Passport or identity document",
    Subject.VEHICLE: "Vehicle",
    Subject.CHILD_HOUSEHOLD: "Living or staying with a child",
    Subject.CONTACT: "Contact details",
}


@dataclass(frozen=True, slots=True)
class Lateness:
    """Whether a notification came in time, and if not why it may be an s91 matter."""

    deadline: date | None
    days_late: int
    possible_s91: bool
    why: str

    @property
    def late(self) -> bool:
        return self.days_late > 0


ON_TIME = Lateness(None, 0, False, "")


def later_notification(last: date | None, notified_on: date, *, restarts: bool) -> date | None:
    """The last notification that counts for the annual clock after this one.

    Only a notification that restarts the clock moves it, and never backwards: the
    annual date is one year after the latest such notification (s85).
    """
    if not restarts:
        return last
    return notified_on if last is None or notified_on > last else last


def stay_days(start: date, end: date) -> set[date]:
    """The days of a stay, both ends included."""
    return {start + timedelta(days=i) for i in range((end - start).days + 1)}


def qualifying_date(
    stays: Iterable[tuple[date, date]], *, days: int = 7, window_days: int = 365
) -> date | None:
    """The first day on which stays at other addresses reach the qualifying period.

    The qualifying period (s84(6)) is ``days`` days at one stretch, or in total over two
    or more stays within any ``window_days`` days. ``None`` when not reached.
    """
    all_days = sorted(set().union(*(stay_days(a, b) for a, b in stays if b >= a)))
    for i, day in enumerate(all_days):
        start = day - timedelta(days=window_days - 1)
        count = sum(1 for d in all_days[: i + 1] if d >= start)
        if count >= days:
            return day
    return None


def assess_lateness(
    *,
    kind: str,
    notified_on: date,
    changed_on: date | None = None,
    due_on: date | None = None,
    departs_on: date | None = None,
    excuse: str = "",
    within_days: int = 3,
    travel_days_before: int = 7,
) -> Lateness:
    """Whether a notification was late and whether to put it to the DS as a possible s91.

    - A change, release or initial notification is due ``within_days`` after
      ``changed_on``; a periodic one on ``due_on``. Late is always flagged: whether
      there was a reasonable excuse is for the DS, and ``excuse`` is shown to them.
    - Foreign travel is due ``travel_days_before`` days before ``departs_on``. The
      Regulations allow later notice when the details were not known, so short notice
      is flagged only when no reason is recorded.
    """
    if kind == "foreign_travel":
        if departs_on is None:
            return ON_TIME
        travel_deadline = departs_on - timedelta(days=travel_days_before)
        short = (notified_on - travel_deadline).days
        if short <= 0:
            return ON_TIME
        notice = (departs_on - notified_on).days
        if excuse.strip():
            return Lateness(
                travel_deadline, short, False, f"{notice} days' notice of travel; reason: {excuse}"
            )
        return Lateness(
            travel_deadline,
            short,
            True,
            f"Foreign travel notified {notice} days before departure "
            f"({travel_days_before} required) and no reason recorded",
        )
    deadline: date | None
    if kind in ("periodic", "weekly_nfa"):
        deadline = due_on
    else:
        deadline = changed_on + timedelta(days=within_days) if changed_on else None
    if deadline is None or notified_on <= deadline:
        return ON_TIME
    late = (notified_on - deadline).days
    what = "Periodic re-notification" if deadline == due_on else "Notified"
    why = f"{what} {late} days late (due by {deadline.day} {deadline:%B %Y})"
    return Lateness(deadline, late, True, why + (f"; reason given: {excuse}" if excuse else ""))


def restarts_periodic(kind: str, subject: str, restarting_subjects: Sequence[str]) -> bool:
    """Whether a notification restarts the annual clock (s85 counts from s83/s84/s85).

    Initial, periodic, weekly and release notifications do; a change does when its
    subject is one of ``restarting_subjects`` (configuration: which of the details the
    2012 Regulations added count as s84 changes is not settled); foreign travel does not.
    """
    if kind in ("initial", "periodic", "weekly_nfa", "release"):
        return True
    if kind == "change":
        return not subject or subject in restarting_subjects
    return False
