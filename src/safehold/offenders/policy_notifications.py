"""Which notifications an offender owes under SOA 2003 Part 2, when, and why.

Pure (no Django, no models). Initial within 3 days of registration (or of release, when
registered in custody); then annual within 12 months of the last, or weekly when of no
fixed abode; a release from custody not yet notified within 3 days (it replaces the
periodic one, which it restarts); a known change within 3 days; each trip abroad not yet
notified 7 days before departure. Nothing falls due after the registration ends.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from .dates import add_months
from .policy_config import VisitPolicy
from .policy_facts import OffenderFacts
from .policy_result import NotificationDue, Reason, ReasonCode
from .vocabulary import NotificationKind

__all__ = ["NOT_DUE", "notifications_due"]

NOT_DUE: Final[tuple[NotificationDue, ...]] = ()


def _notice(kind: NotificationKind, due_on: date, today: date, reason: Reason) -> NotificationDue:
    late = (today - due_on).days
    return NotificationDue(kind, due_on, late > 0, late if late > 0 else 0, reason)


def notifications_due(
    facts: OffenderFacts, today: date, policy: VisitPolicy
) -> tuple[NotificationDue, ...]:
    rules = policy.notifications
    last = facts.last_notification_on
    released = facts.released_from_custody_on
    if released is not None and released > today:
        released = None
    if last is None:
        # Time in custody does not count towards the initial period (s83).
        days = rules.initial_within_days
        from_on = facts.registered_on
        if released is not None and released > from_on:
            from_on = released
        first = _notice(
            NotificationKind.INITIAL,
            from_on + timedelta(days=days),
            today,
            Reason(ReasonCode.INITIAL_NOTIFICATION, (("days", days), ("from_on", from_on))),
        )
    elif released is not None and last < released:
        # The release notification (s84) restarts the periodic clock, so the periodic one
        # is not owed on top of it.
        days = rules.change_within_days
        first = _notice(
            NotificationKind.CHANGE_OF_DETAILS,
            released + timedelta(days=days),
            today,
            Reason(
                ReasonCode.RELEASE_FROM_CUSTODY_NOTIFICATION,
                (("released_on", released), ("days", days)),
            ),
        )
    elif facts.no_fixed_abode:
        days = rules.no_fixed_abode_days
        due = last + timedelta(days=days)
        first = _notice(
            NotificationKind.WEEKLY,
            due,
            today,
            Reason(
                ReasonCode.WEEKLY_RENOTIFICATION,
                (("days", days), ("last_on", last), ("due_on", due)),
            ),
        )
    else:
        months = rules.periodic_months
        due = add_months(last, months)
        first = _notice(
            NotificationKind.PERIODIC,
            due,
            today,
            Reason(
                ReasonCode.ANNUAL_RENOTIFICATION,
                (("months", months), ("last_on", last), ("due_on", due)),
            ),
        )
    changed = facts.unnotified_change_on
    ends = facts.registration_ends_on
    if (changed is None or (last is not None and last >= changed)) and not facts.foreign_travel:
        # The usual case: one periodic notification owed.
        return (first,) if ends is None or first.due_on <= ends else NOT_DUE
    items = [first]
    if changed is not None and (last is None or last < changed):
        days = rules.change_within_days
        items.append(
            _notice(
                NotificationKind.CHANGE_OF_DETAILS,
                changed + timedelta(days=days),
                today,
                Reason(ReasonCode.CHANGE_OF_DETAILS, (("changed_on", changed), ("days", days))),
            )
        )
    days = rules.foreign_travel_days_before
    for trip in facts.foreign_travel:
        if trip.notified_on is None:
            items.append(
                _notice(
                    NotificationKind.FOREIGN_TRAVEL,
                    trip.departs_on - timedelta(days=days),
                    today,
                    Reason(
                        ReasonCode.FOREIGN_TRAVEL_NOTICE,
                        (("departs_on", trip.departs_on), ("days", days)),
                    ),
                )
            )
    items.sort(key=_due_on)
    return tuple(n for n in items if ends is None or n.due_on <= ends)


def _due_on(notice: NotificationDue) -> date:
    return notice.due_on
