"""The visit policy: when each registered sex offender is next due a visit, and why.

Pure rules. Plain frozen dataclasses in, plain frozen dataclasses out; no Django, no
clock, no I/O except reading the policy's TOML. The Django layer builds one
`OffenderFacts` per offender from the database, calls `evaluate_many`, and stores or
shows the `PolicyResult` objects (each carries the policy ``version``).

Interface
---------
``load_policy(source, *, name=None) -> VisitPolicy``
    Read a force's policy from a TOML file (`pathlib.Path`), TOML text (`str`) or an
    already-parsed mapping. ``default_policy()`` reads the packaged
    ``config/visit-policy.toml`` (once; the policy is immutable).
``evaluate(facts, today, policy) -> PolicyResult``
    One offender on one calendar day.
``evaluate_many(facts, today, policy) -> list[PolicyResult]``
    Many offenders, in input order (9-10 µs each on the 2-core development machine:
    0.11-0.13 s for 13,000; docs/visit-policy.md has the figures).
``summarise_backlog(pairs, *, policy, today, group_by=None) -> BacklogSummary``
    Counts over ``(facts, result)`` pairs: overdue and missed visits, by risk level and by
    any grouping the caller names (``{"station": lambda f: f.station}``).
``order_backlog(results) -> list[PolicyResult]``
    Overdue first, then by risk weight, days overdue and due date.
``check_caseloads(offenders_by_manager, policy) -> tuple[Caseload, ...]``
    Each offender manager's caseload against the policy's cap.
``add_months(day, months) -> date``
    Calendar-month arithmetic clamped to month ends (31 January + 1 month = 28/29 February).

Modules
-------
This module holds the rules and re-exports the whole interface above; the rest of the
visit policy lives beside it, one subject a module:

``vocabulary.py``
    Risk levels, register statuses, visit outcomes and kinds.
``policy_facts.py``
    `OffenderFacts`, `VisitAttempt` and `ForeignTravel`: what the rules read.
``policy_result.py``
    `PolicyResult`, `NotificationDue`, and the `Reason` codes and texts behind them.
``policy_config.py``
    `VisitPolicy` and its TOML: `load_policy`, `default_policy`.
``policy_errors.py``
    The errors listed below.
``dates.py``
    `add_months` and the check that ``today`` is a calendar date.
``backlog_summary.py``
    `order_backlog`, `summarise_backlog` and `check_caseloads`.

Dates
-----
Every date here is a calendar date in the force's local time (Europe/London): convert
timezone-aware datetimes with ``dt.astimezone(ZoneInfo("Europe/London")).date()`` at the
edge. A date is *overdue* when ``today`` is after it; on the day itself it is due, not
overdue.

The rules (docs/visit-policy.md has the reasoning)
--------------------------------------------------
* The interval is the risk management plan's (``interval_months_override``) when set,
  otherwise the policy's default for the risk level; an offender never risk assessed is
  treated as the policy's ``unassessed.assume_risk_level``.
* Only a visit with the outcome *seen* counts. The next home visit is due one interval
  after the last one; with no visit since registration it is due ``first_visit.within_days``
  after registration, or one interval after registration if that is sooner. A later
  unsuccessful visit (no access, refused entry, not resident) does not move the date but
  is reported as a reason.
* Missed visits: with base date B and interval n, the due dates are ``add_months(B, k·n)``
  for k = 1, 2, ... after a visit (B = the visit) and for k = 0, 1, ... when the first due
  date is the base (B = first visit after registration or after release). Every due date
  strictly before ``today`` is a missed visit; so ``visits_missed >= 1`` exactly when
  overdue, and ``missed_visit_due_dates[0] == next_visit_due``.
* Reactive management: no home visit; a station attendance is due
  ``reactive_management.station_attendance_months`` after the later of the last station
  attendance and the last notification (notification is made in person at a police
  station, SOA 2003 s87).
* In custody: no visit and no notification is due; the risk review clock keeps running.
  After release, when no visit has happened since, the next visit is due on the later of
  release + ``custody.release_grace_days`` and the normal due date; missed visits count
  from then (visits that fell due in custody are not missed).
* Deceased, expired, or past ``registration_ends_on``: nothing is due. Any due date after
  ``registration_ends_on`` is dropped.
* Whereabouts unknown: the visit is computed as usual and flagged "pursue".
* Notifications (SOA 2003 Part 2): initial within 3 days of registration (or of release,
  when registered in custody); then annual within 12 months of the last, or weekly when
  of no fixed abode; a release from custody not yet notified within 3 days (it replaces
  the periodic one, which it restarts); a known change within 3 days; each trip abroad
  not yet notified 7 days before departure.
* Risk review: the assessment's own next-review date; else ``risk_review.months`` after
  the assessment by risk level; never assessed: ``risk_review.first_within_days`` after
  registration.

Errors
------
::

    PolicyError(ValueError)            every error here; has a stable ``code``
    ├── PolicyConfigError              bad TOML or VisitPolicy values; names the key
    └── OffenderFactsError             bad OffenderFacts values; names the field

Examples
--------
>>> policy = default_policy()
>>> facts = OffenderFacts(offender_id=1, registered_on=date(2020, 1, 6),
...                       risk_level=RiskLevel.VERY_HIGH, last_visit_seen_on=date(2026, 1, 31))
>>> result = evaluate(facts, date(2026, 5, 15), policy)
>>> result.next_visit_due, result.days_overdue, result.visits_missed
(datetime.date(2026, 2, 28), 76, 3)
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final

from .backlog_summary import (
    STANDARD_GROUPS,
    UNASSESSED,
    UNASSIGNED,
    BacklogSummary,
    Caseload,
    GroupCounts,
    GroupKey,
    check_caseloads,
    order_backlog,
    summarise_backlog,
)
from .dates import add_months, check_today, months_before
from .policy_config import (
    MAX_RELEASE_GRACE_DAYS,
    NotificationRules,
    PerRiskLevel,
    VisitPolicy,
    default_policy,
    load_policy,
)
from .policy_errors import OffenderFactsError, PolicyConfigError, PolicyError
from .policy_facts import ForeignTravel, OffenderFacts, VisitAttempt

# Every reason code's sentence; importable from here as before (a test checks that
# no code is missing one).
from .policy_result import _TEXTS as _TEXTS
from .policy_result import (
    NotificationDue,
    PolicyResult,
    Reason,
    ReasonCode,
    ReasonValue,
    new_result,
)
from .vocabulary import (
    IntervalSource,
    NotificationKind,
    OffenderStatus,
    RiskLevel,
    VisitKind,
    VisitOutcome,
)

__all__ = [
    "MAX_RELEASE_GRACE_DAYS",
    "STANDARD_GROUPS",
    "UNASSESSED",
    "UNASSIGNED",
    "BacklogSummary",
    "Caseload",
    "ForeignTravel",
    "GroupCounts",
    "GroupKey",
    "IntervalSource",
    "NotificationDue",
    "NotificationKind",
    "NotificationRules",
    "OffenderFacts",
    "OffenderFactsError",
    "OffenderStatus",
    "PerRiskLevel",
    "PolicyConfigError",
    "PolicyError",
    "PolicyResult",
    "Reason",
    "ReasonCode",
    "RiskLevel",
    "VisitAttempt",
    "VisitKind",
    "VisitOutcome",
    "VisitPolicy",
    "add_months",
    "check_caseloads",
    "default_policy",
    "evaluate",
    "evaluate_many",
    "load_policy",
    "order_backlog",
    "summarise_backlog",
]


_DECEASED: Final = Reason(ReasonCode.DECEASED)
_EXPIRED: Final = Reason(ReasonCode.REGISTRATION_EXPIRED)
_IN_CUSTODY: Final = Reason(ReasonCode.IN_CUSTODY_SUSPENDED)
_WHEREABOUTS: Final = Reason(ReasonCode.WHEREABOUTS_UNKNOWN)
_NO_DATES: Final[tuple[date, ...]] = ()
_NOT_DUE: Final[tuple[NotificationDue, ...]] = ()


def evaluate(facts: OffenderFacts, today: date, policy: VisitPolicy) -> PolicyResult:
    """Apply the visit policy to one offender on one day.

    Parameters
    ----------
    facts
        The offender's register facts.
    today
        The calendar day to evaluate for (local date, not a datetime).
    policy
        The force's policy; its ``version`` is stored in the result.

    Returns
    -------
    PolicyResult
    """
    check_today(today)
    return _evaluate(facts, today, policy)


def evaluate_many(
    facts: Iterable[OffenderFacts], today: date, policy: VisitPolicy
) -> list[PolicyResult]:
    """Apply the visit policy to many offenders, in input order.

    Parameters
    ----------
    facts
        The offenders' register facts.
    today
        The calendar day to evaluate for.
    policy
        The force's policy.

    Returns
    -------
    list of PolicyResult
    """
    check_today(today)
    # Each evaluation makes about ten small acyclic objects; at 13,000 offenders the
    # cyclic garbage collector, repeatedly scanning the growing result list, took more than
    # half the time. Nothing here can form a cycle, so pause it (if it was running).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return [_evaluate(f, today, policy) for f in facts]
    finally:
        if collecting:
            gc.enable()


_SHARED_REASONS: dict[tuple[ReasonCode, int, RiskLevel | None], Reason] = {}


def _shared_reason(code: ReasonCode, months: int, level: RiskLevel | None) -> Reason:
    # Interval reasons repeat across thousands of offenders: build each one once. The
    # cache is bounded by the few (code, months, level) combinations a policy allows.
    key = (code, months, level)
    reason = _SHARED_REASONS.get(key)
    if reason is None:
        details: tuple[tuple[str, ReasonValue], ...] = (("months", months),)
        if level is not None:
            details += (("level", level),)
        reason = _SHARED_REASONS[key] = Reason(code, details)
    return reason


def _evaluate(facts: OffenderFacts, today: date, policy: VisitPolicy) -> PolicyResult:
    status = facts.status
    level = facts.risk_level
    effective = level if level is not None else policy.unassessed_risk_level
    weight = policy.risk_weights.for_level(effective)
    ends = facts.registration_ends_on

    if (
        status is OffenderStatus.DECEASED
        or status is OffenderStatus.EXPIRED
        or (ends is not None and today > ends)
    ):
        return new_result(
            facts.offender_id, today, policy.version, VisitKind.NONE, None, False, 0, 0,
            _NO_DATES, None, IntervalSource.NONE, level, weight, None, False, 0, _NOT_DUE,
            (_DECEASED if status is OffenderStatus.DECEASED else _EXPIRED,),
        )  # fmt: skip

    reasons: list[Reason] = []
    review_due: date | None
    review_reasons: tuple[Reason, ...]
    review_due, review_reason = _risk_review(facts, effective, policy)
    if ends is not None and review_due > ends:
        review_due, review_reasons, review_days = None, (), 0
    else:
        review_days = (today - review_due).days
        if review_days > 0:
            review_reasons = (
                review_reason,
                Reason(ReasonCode.RISK_REVIEW_OVERDUE, (("days_overdue", review_days),)),
            )
        else:
            review_reasons, review_days = (review_reason,), 0

    if status is OffenderStatus.IN_CUSTODY:
        return new_result(
            facts.offender_id, today, policy.version, VisitKind.NONE, None, False, 0, 0,
            _NO_DATES, None, IntervalSource.NONE, effective, weight, review_due,
            review_days > 0, review_days, _NOT_DUE, (_IN_CUSTODY, *review_reasons),
        )  # fmt: skip

    registered = facts.registered_on
    base: date
    first_is_base: bool  # whether the first due date is ``base`` itself (k starts at 0)
    anchor: date | None  # the last contact that satisfied the visit, if any
    if status is OffenderStatus.REACTIVE_MANAGEMENT:
        kind = VisitKind.STATION_ATTENDANCE
        interval = policy.station_attendance_months
        source = IntervalSource.REACTIVE_MANAGEMENT
        reasons.append(_shared_reason(ReasonCode.REACTIVE_MANAGEMENT, interval, None))
        if effective is not RiskLevel.LOW:
            reasons.append(
                Reason(ReasonCode.REACTIVE_MANAGEMENT_NOT_LOW_RISK, (("level", effective),))
            )
        attended = facts.last_station_attendance_on
        notified = facts.last_notification_on
        # A notification is made in person at a police station (SOA 2003 s87), so it is
        # an attendance too.
        if notified is not None and (attended is None or notified > attended):
            attended = notified
        if attended is None or attended < registered:
            anchor = None
            base, first_is_base = add_months(registered, interval), True
            reasons.append(
                Reason(
                    ReasonCode.NO_STATION_ATTENDANCE_SINCE_REGISTRATION,
                    (("registered_on", registered),),
                )
            )
        else:
            anchor = attended
            base, first_is_base = attended, False
            reasons.append(Reason(ReasonCode.LAST_STATION_ATTENDANCE, (("attended_on", attended),)))
    else:
        kind = VisitKind.HOME_VISIT
        override = facts.interval_months_override
        if override is not None:
            interval = override
            source = IntervalSource.RISK_MANAGEMENT_PLAN
            reasons.append(_shared_reason(ReasonCode.INTERVAL_SET_BY_RMP, interval, None))
        elif level is not None:
            interval = policy.visit_interval_months.for_level(level)
            source = IntervalSource.RISK_LEVEL_DEFAULT
            reasons.append(
                _shared_reason(ReasonCode.DEFAULT_INTERVAL_FOR_RISK_LEVEL, interval, level)
            )
        else:
            interval = policy.visit_interval_months.for_level(effective)
            source = IntervalSource.UNASSESSED_DEFAULT
            reasons.append(_shared_reason(ReasonCode.NEVER_RISK_ASSESSED, interval, effective))
        seen = facts.last_visit_seen_on
        if seen is None or seen < registered:
            # A visit before this registration began belongs to an earlier one.
            anchor = None
            first = registered + timedelta(days=policy.first_visit_within_days)
            one_interval = add_months(registered, interval)
            base, first_is_base = (first if first < one_interval else one_interval), True
            reasons.append(
                Reason(
                    ReasonCode.NO_VISIT_SINCE_REGISTRATION,
                    (("registered_on", registered), ("due_on", base)),
                )
            )
        else:
            anchor = seen
            base, first_is_base = seen, False
            reasons.append(Reason(ReasonCode.LAST_SEEN_AT_HOME, (("seen_on", seen),)))
        attempt = facts.last_visit_attempt
        if (
            attempt is not None
            and attempt.outcome is not VisitOutcome.SEEN
            and (seen is None or attempt.on > seen)
        ):
            details: tuple[tuple[str, ReasonValue], ...] = (
                ("visited_on", attempt.on),
                ("outcome", attempt.outcome),
            )
            reasons.append(Reason(ReasonCode.LAST_VISIT_UNSUCCESSFUL, details))
            if attempt.outcome is VisitOutcome.NOT_RESIDENT:
                reasons.append(Reason(ReasonCode.NOT_RESIDENT_AT_NOTIFIED_ADDRESS, details))

    released = facts.released_from_custody_on
    if released is not None and released <= today and (anchor is None or anchor < released):
        resumed = released + timedelta(days=policy.release_grace_days)
        normal_first = base if first_is_base else add_months(base, interval)
        if resumed > normal_first:
            base, first_is_base = resumed, True
            reasons.append(
                Reason(
                    ReasonCode.RELEASED_FROM_CUSTODY,
                    (("released_on", released), ("grace_days", policy.release_grace_days)),
                )
            )

    due: date | None = base if first_is_base else add_months(base, interval)
    overdue = False
    days_overdue = missed = 0
    missed_dates = _NO_DATES
    if ends is not None and due is not None and due > ends:
        reasons.append(
            Reason(
                ReasonCode.REGISTRATION_ENDS_BEFORE_NEXT_VISIT, (("ends_on", ends), ("due_on", due))
            )
        )
        due = None
    elif due is not None and due < today:
        overdue = True
        days_overdue = (today - due).days
        start = 0 if first_is_base else 1
        missed = months_before(base, today) // interval - start + 1
        missed_dates = tuple([add_months(base, k * interval) for k in range(start, start + missed)])
        reasons.append(
            Reason(
                ReasonCode.VISIT_OVERDUE,
                (
                    ("days_overdue", days_overdue),
                    ("due_on", due),
                    ("missed", missed),
                ),
            )
        )
    if status is OffenderStatus.WHEREABOUTS_UNKNOWN:
        reasons.append(_WHEREABOUTS)
    reasons.extend(review_reasons)

    return new_result(
        facts.offender_id, today, policy.version, kind, due, overdue, days_overdue, missed,
        missed_dates, interval, source, effective, weight, review_due, review_days > 0,
        review_days, _notifications(facts, today, policy) if facts.notifiable else (),
        tuple(reasons),
    )  # fmt: skip


def _risk_review(
    facts: OffenderFacts, effective: RiskLevel, policy: VisitPolicy
) -> tuple[date, Reason]:
    assessed = facts.last_risk_assessment_on
    if facts.risk_review_due_on is not None:
        due = facts.risk_review_due_on
        if facts.risk_review_why:
            return due, Reason(
                ReasonCode.REVIEW_DATE_SET_BY_PLAN,
                (("due_on", due), ("why", facts.risk_review_why)),
            )
        return due, Reason(
            ReasonCode.REVIEW_DATE_SET_BY_ASSESSMENT,
            (("due_on", due), ("assessed_on", assessed or due)),
        )
    if assessed is None:
        days = policy.first_risk_assessment_within_days
        return facts.registered_on + timedelta(days=days), Reason(
            ReasonCode.FIRST_RISK_ASSESSMENT_DUE, (("days", days),)
        )
    months = policy.risk_review_months.for_level(effective)
    return add_months(assessed, months), Reason(
        ReasonCode.DEFAULT_REVIEW_INTERVAL_FOR_RISK_LEVEL,
        (("months", months), ("assessed_on", assessed), ("level", effective)),
    )


def _notice(kind: NotificationKind, due_on: date, today: date, reason: Reason) -> NotificationDue:
    late = (today - due_on).days
    return NotificationDue(kind, due_on, late > 0, late if late > 0 else 0, reason)


def _notifications(
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
        return (first,) if ends is None or first.due_on <= ends else _NOT_DUE
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
