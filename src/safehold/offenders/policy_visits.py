"""The visit rule: when one offender's next visit (or station attendance) is due, how many
were missed, and why — with the risk review and the notifications folded into the result.

Pure (no Django, no models). Called through ``policy.evaluate`` / ``policy.evaluate_many``,
which check the day first; the rules themselves are described in ``policy.py``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from .dates import add_months, months_before
from .policy_config import VisitPolicy
from .policy_facts import OffenderFacts
from .policy_notifications import NOT_DUE, notifications_due
from .policy_result import (
    PolicyResult,
    Reason,
    ReasonCode,
    ReasonValue,
    new_result,
)
from .policy_reviews import risk_review_due
from .vocabulary import IntervalSource, OffenderStatus, RiskLevel, VisitKind, VisitOutcome

__all__ = ["evaluate_one"]

_DECEASED: Final = Reason(ReasonCode.DECEASED)
_EXPIRED: Final = Reason(ReasonCode.REGISTRATION_EXPIRED)
_IN_CUSTODY: Final = Reason(ReasonCode.IN_CUSTODY_SUSPENDED)
_WHEREABOUTS: Final = Reason(ReasonCode.WHEREABOUTS_UNKNOWN)
_NO_DATES: Final[tuple[date, ...]] = ()


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


def evaluate_one(facts: OffenderFacts, today: date, policy: VisitPolicy) -> PolicyResult:
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
            _NO_DATES, None, IntervalSource.NONE, level, weight, None, False, 0, NOT_DUE,
            (_DECEASED if status is OffenderStatus.DECEASED else _EXPIRED,),
        )  # fmt: skip

    reasons: list[Reason] = []
    review_due: date | None
    review_reasons: tuple[Reason, ...]
    review_due, review_reason = risk_review_due(facts, effective, policy)
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
            review_days > 0, review_days, NOT_DUE, (_IN_CUSTODY, *review_reasons),
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
        review_days, notifications_due(facts, today, policy) if facts.notifiable else (),
        tuple(reasons),
    )  # fmt: skip
