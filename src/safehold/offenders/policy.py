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
This module holds the interface above and re-exports it; the visit policy lives beside
it, one subject a module:

``policy_visits.py``
    The visit rule (`evaluate_one`): the due date, missed visits and their reasons.
``policy_reviews.py``
    When the risk assessment is next due for review.
``policy_notifications.py``
    Which notifications are owed, and when.

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
from datetime import date

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
from .dates import add_months, check_today
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
)
from .policy_visits import evaluate_one
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
    return evaluate_one(facts, today, policy)


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
        return [evaluate_one(f, today, policy) for f in facts]
    finally:
        if collecting:
            gc.enable()
