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
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any, Final, TypeAlias, TypeGuard

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

DEFAULT_POLICY_FILE: Final = "visit-policy.toml"

# --------------------------------------------------------------------------- vocabulary


class RiskLevel(StrEnum):
    """Risk of serious harm (ARMS / RM2000 / OASys RoSH): low, medium, high, very high."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"

    @property
    def rank(self) -> int:
        """0 for low up to 3 for very high: higher means more risk."""
        return _RANK[self]


_RANK: Final = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2, RiskLevel.VERY_HIGH: 3}


class OffenderStatus(StrEnum):
    """Where the offender stands on the register."""

    MANAGED = "managed"
    REACTIVE_MANAGEMENT = "reactive_management"
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown"
    IN_CUSTODY = "in_custody"
    DECEASED = "deceased"
    EXPIRED = "expired"


class VisitOutcome(StrEnum):
    """How a home visit ended. Only ``SEEN`` satisfies the visit."""

    SEEN = "seen"
    NO_ACCESS = "no_access"
    NOT_RESIDENT = "not_resident"
    REFUSED_ENTRY = "refused_entry"


class VisitKind(StrEnum):
    """What kind of contact is due: a home visit, a station attendance, or nothing."""

    HOME_VISIT = "home_visit"
    STATION_ATTENDANCE = "station_attendance"
    NONE = "none"


class IntervalSource(StrEnum):
    """Where ``PolicyResult.interval_months`` came from."""

    RISK_LEVEL_DEFAULT = "risk_level_default"
    RISK_MANAGEMENT_PLAN = "risk_management_plan"
    UNASSESSED_DEFAULT = "unassessed_default"
    REACTIVE_MANAGEMENT = "reactive_management"
    NONE = "none"


class NotificationKind(StrEnum):
    """Notifications under the Sexual Offences Act 2003 Part 2."""

    INITIAL = "initial"
    PERIODIC = "periodic"
    WEEKLY = "weekly"
    CHANGE_OF_DETAILS = "change_of_details"
    FOREIGN_TRAVEL = "foreign_travel"


class ReasonCode(StrEnum):
    """Stable codes for the reasons behind a result (texts may change, codes may not)."""

    DEFAULT_INTERVAL_FOR_RISK_LEVEL = "default_interval_for_risk_level"
    INTERVAL_SET_BY_RMP = "interval_set_by_rmp"
    NEVER_RISK_ASSESSED = "never_risk_assessed"
    REACTIVE_MANAGEMENT = "reactive_management"
    REACTIVE_MANAGEMENT_NOT_LOW_RISK = "reactive_management_not_low_risk"
    IN_CUSTODY_SUSPENDED = "in_custody_suspended"
    RELEASED_FROM_CUSTODY = "released_from_custody"
    NO_VISIT_SINCE_REGISTRATION = "no_visit_since_registration"
    LAST_SEEN_AT_HOME = "last_seen_at_home"
    NO_STATION_ATTENDANCE_SINCE_REGISTRATION = "no_station_attendance_since_registration"
    LAST_STATION_ATTENDANCE = "last_station_attendance"
    LAST_VISIT_UNSUCCESSFUL = "last_visit_unsuccessful"
    NOT_RESIDENT_AT_NOTIFIED_ADDRESS = "not_resident_at_notified_address"
    VISIT_OVERDUE = "visit_overdue"
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown"
    DECEASED = "deceased"
    REGISTRATION_EXPIRED = "registration_expired"
    REGISTRATION_ENDS_BEFORE_NEXT_VISIT = "registration_ends_before_next_visit"
    FIRST_RISK_ASSESSMENT_DUE = "first_risk_assessment_due"
    REVIEW_DATE_SET_BY_ASSESSMENT = "review_date_set_by_assessment"
    DEFAULT_REVIEW_INTERVAL_FOR_RISK_LEVEL = "default_review_interval_for_risk_level"
    RISK_REVIEW_OVERDUE = "risk_review_overdue"
    INITIAL_NOTIFICATION = "initial_notification"
    ANNUAL_RENOTIFICATION = "annual_renotification"
    WEEKLY_RENOTIFICATION = "weekly_renotification"
    CHANGE_OF_DETAILS = "change_of_details"
    RELEASE_FROM_CUSTODY_NOTIFICATION = "release_from_custody_notification"
    FOREIGN_TRAVEL_NOTICE = "foreign_travel_notice"


_TEXTS: Final[Mapping[ReasonCode, str]] = {
    ReasonCode.DEFAULT_INTERVAL_FOR_RISK_LEVEL: (
        "Home visit every {months} months: the force default for {level} risk."
    ),
    ReasonCode.INTERVAL_SET_BY_RMP: (
        "Home visit every {months} months, set by the risk management plan."
    ),
    ReasonCode.NEVER_RISK_ASSESSED: (
        "Never risk assessed: visited every {months} months, as {level} risk, until assessed."
    ),
    ReasonCode.REACTIVE_MANAGEMENT: (
        "Reactive management: no home visits; attends a police station every {months} months."
    ),
    ReasonCode.REACTIVE_MANAGEMENT_NOT_LOW_RISK: (
        "Reactively managed but assessed {level} risk: review the management status."
    ),
    ReasonCode.IN_CUSTODY_SUSPENDED: "In custody: visits and notifications suspended.",
    ReasonCode.RELEASED_FROM_CUSTODY: (
        "Released from custody on {released_on}: visit due within {grace_days} days of release."
    ),
    ReasonCode.NO_VISIT_SINCE_REGISTRATION: (
        "Not seen at home since registration on {registered_on}: first visit due {due_on}."
    ),
    ReasonCode.LAST_SEEN_AT_HOME: "Last seen at home on {seen_on}.",
    ReasonCode.NO_STATION_ATTENDANCE_SINCE_REGISTRATION: (
        "No station attendance or notification since registration on {registered_on}."
    ),
    ReasonCode.LAST_STATION_ATTENDANCE: "Last attended a police station on {attended_on}.",
    ReasonCode.LAST_VISIT_UNSUCCESSFUL: (
        "Visit on {visited_on} did not count ({outcome}): the visit is still due."
    ),
    ReasonCode.NOT_RESIDENT_AT_NOTIFIED_ADDRESS: (
        "Not resident at the notified address on {visited_on}: check for a breach and pursue."
    ),
    ReasonCode.VISIT_OVERDUE: (
        "Overdue by {days_overdue} days since {due_on}; visits missed: {missed}."
    ),
    ReasonCode.WHEREABOUTS_UNKNOWN: "Whereabouts unknown: pursue.",
    ReasonCode.DECEASED: "Deceased: nothing is due.",
    ReasonCode.REGISTRATION_EXPIRED: "Registration has ended: nothing is due.",
    ReasonCode.REGISTRATION_ENDS_BEFORE_NEXT_VISIT: (
        "Registration ends on {ends_on}, before the next visit would fall due on {due_on}."
    ),
    ReasonCode.FIRST_RISK_ASSESSMENT_DUE: (
        "No risk assessment recorded: first assessment due within {days} days of registration."
    ),
    ReasonCode.REVIEW_DATE_SET_BY_ASSESSMENT: (
        "Risk review due on {due_on}, as set by the assessment of {assessed_on}."
    ),
    ReasonCode.DEFAULT_REVIEW_INTERVAL_FOR_RISK_LEVEL: (
        "Risk review due {months} months after the assessment of {assessed_on} ({level} risk)."
    ),
    ReasonCode.RISK_REVIEW_OVERDUE: "Risk review overdue by {days_overdue} days.",
    ReasonCode.INITIAL_NOTIFICATION: (
        "No notification recorded: initial notification due within {days} days of {from_on}."
    ),
    ReasonCode.ANNUAL_RENOTIFICATION: (
        "Annual re-notification due within {months} months of the last, on {last_on}."
    ),
    ReasonCode.WEEKLY_RENOTIFICATION: (
        "No fixed abode: re-notification due {days} days after the last, on {last_on}."
    ),
    ReasonCode.CHANGE_OF_DETAILS: (
        "Change of notified details on {changed_on}: to be notified within {days} days."
    ),
    ReasonCode.RELEASE_FROM_CUSTODY_NOTIFICATION: (
        "Released from custody on {released_on}: to be notified within {days} days."
    ),
    ReasonCode.FOREIGN_TRAVEL_NOTICE: (
        "Travel abroad on {departs_on}: to be notified at least {days} days before departure."
    ),
}

ReasonValue: TypeAlias = str | int | date


def _format_value(value: ReasonValue) -> str:
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, StrEnum):
        return value.value.replace("_", " ")
    return str(value)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a result is what it is: a stable code and the values behind it.

    Parameters
    ----------
    code
        The rule that applied.
    details
        ``(name, value)`` pairs the text is built from, e.g. ``(("months", 3),)``.
    """

    code: ReasonCode
    details: tuple[tuple[str, ReasonValue], ...] = ()

    @property
    def text(self) -> str:
        """The reason in plain English, for pages and the briefing."""
        return _TEXTS[self.code].format(**{k: _format_value(v) for k, v in self.details})

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form: code, text and details (dates as ISO strings)."""
        return {
            "code": self.code.value,
            "text": self.text,
            "details": {k: _json_value(v) for k, v in self.details},
        }


def _json_value(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


# ----------------------------------------------------------------------------- errors


class PolicyError(ValueError):
    """Base of every error raised by the visit policy."""

    code = "visit_policy_error"


class PolicyConfigError(PolicyError):
    """The policy configuration is wrong; the message names the key and what to give.

    Parameters
    ----------
    key
        The TOML key to fix, dotted (``"intervals.very_high"``); empty for the whole file.
    problem
        What is wrong and what is allowed.
    source
        The file or origin named at the start of the message.
    """

    code = "invalid_visit_policy"

    def __init__(self, key: str, problem: str, *, source: str = DEFAULT_POLICY_FILE) -> None:
        self.key = key
        self.problem = problem
        self.source = source
        where = f"{key} " if key else ""
        super().__init__(f"{source}: {where}{problem}")

    def with_source(self, source: str) -> PolicyConfigError:
        """The same error, naming another source."""
        return PolicyConfigError(self.key, self.problem, source=source)


class OffenderFactsError(PolicyError):
    """An `OffenderFacts` value is impossible; the message names the field."""

    code = "invalid_offender_facts"


# ------------------------------------------------------------------------- dates


_DAYS_IN_MONTH: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(day: date, months: int) -> date:
    """Add calendar months, clamping to the end of a shorter month.

    Parameters
    ----------
    day
        The starting date.
    months
        Whole months to add; may be negative.

    Returns
    -------
    date
        The same day of the month ``months`` later, or the month's last day when the
        month is shorter: 31 January + 1 month is 28 February (29 in a leap year).

    Notes
    -----
    Always count from the original date: ``add_months(d, 2)`` may differ from
    ``add_months(add_months(d, 1), 1)`` (31 Jan → 31 Mar against 31 Jan → 28 Feb → 28 Mar).
    """
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    month = month0 + 1
    dom = day.day
    if dom > 28:  # every month has 28 days; only later days may need clamping
        last = _days_in_month(year, month)
        if dom > last:
            dom = last
    return date(year, month, dom)


def _months_before(base: date, today: date) -> int:
    """The largest m with ``add_months(base, m) < today`` (negative when base >= today)."""
    m = (today.year - base.year) * 12 + today.month - base.month
    # add_months(base, m) lands in today's month; one month earlier is always before today.
    if add_months(base, m) >= today:
        m -= 1
    return m


def _check_today(today: object) -> None:
    if isinstance(today, datetime) or not isinstance(today, date):
        raise PolicyError(
            f"today must be a calendar date (datetime.date), got {today!r}; "
            "convert a datetime with .astimezone(ZoneInfo('Europe/London')).date()"
        )


# ---------------------------------------------------------------------- configuration


_LEVEL_KEYS: Final = ("very_high", "high", "medium", "low")


def _is_whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class PerRiskLevel:
    """One whole number per risk level (months or weights)."""

    very_high: int
    high: int
    medium: int
    low: int

    def for_level(self, level: RiskLevel) -> int:
        """The value for ``level``."""
        if level is RiskLevel.VERY_HIGH:
            return self.very_high
        if level is RiskLevel.HIGH:
            return self.high
        if level is RiskLevel.MEDIUM:
            return self.medium
        return self.low

    def to_dict(self) -> dict[str, int]:
        """``{"very_high": ..., "high": ..., "medium": ..., "low": ...}``."""
        return {k: getattr(self, k) for k in _LEVEL_KEYS}


def _check_positive(key: str, value: object, unit: str) -> None:
    if not _is_whole(value) or value <= 0:
        raise PolicyConfigError(key, f"must be a positive whole number of {unit}, got {value!r}")


def _check_per_level(key: str, values: PerRiskLevel, unit: str, *, rising: bool) -> None:
    for level in _LEVEL_KEYS:
        _check_positive(f"{key}.{level}", getattr(values, level), unit)
    # Ordered from very high down to low: intervals may only lengthen, weights only fall.
    for higher, lower in pairwise(_LEVEL_KEYS):
        a, b = getattr(values, higher), getattr(values, lower)
        if (a > b) if not rising else (a < b):
            relation = "longer than" if not rising else "smaller than"
            raise PolicyConfigError(
                f"{key}.{higher}",
                f"({a}) must not be {relation} {key}.{lower} ({b}): "
                "a higher risk level may never get less attention",
            )


@dataclass(frozen=True, slots=True)
class NotificationRules:
    """Notification periods under the Sexual Offences Act 2003 Part 2 (DOMAIN.md §1.7).

    Parameters
    ----------
    initial_within_days
        Days after the relevant date (or release from custody) for the initial notification.
    change_within_days
        Days after a change of notified details (or release) to notify it.
    periodic_months
        Months after the last notification for the annual re-notification.
    no_fixed_abode_days
        Days between notifications when of no fixed abode.
    foreign_travel_days_before
        Days before departure by which foreign travel must be notified.
    """

    initial_within_days: int = 3
    change_within_days: int = 3
    periodic_months: int = 12
    no_fixed_abode_days: int = 7
    foreign_travel_days_before: int = 7

    def __post_init__(self) -> None:
        _check_positive("notifications.initial_within_days", self.initial_within_days, "days")
        _check_positive("notifications.change_within_days", self.change_within_days, "days")
        _check_positive("notifications.periodic_months", self.periodic_months, "months")
        _check_positive("notifications.no_fixed_abode_days", self.no_fixed_abode_days, "days")
        _check_positive(
            "notifications.foreign_travel_days_before", self.foreign_travel_days_before, "days"
        )


MAX_RELEASE_GRACE_DAYS: Final = 28


@dataclass(frozen=True, slots=True)
class VisitPolicy:
    """A force's visit policy, as loaded from its TOML (see docs/visit-policy.md).

    Parameters
    ----------
    version
        Stored with every result, e.g. ``"staffs-2026.1"``.
    description
        Free text for people.
    visit_interval_months
        ``[intervals]``: months between home visits by risk level.
    unassessed_risk_level
        ``unassessed.assume_risk_level``: the level assumed until the first assessment.
    first_visit_within_days
        ``first_visit.within_days``: first home visit after registration (or one interval
        after registration, if sooner).
    station_attendance_months
        ``reactive_management.station_attendance_months``.
    release_grace_days
        ``custody.release_grace_days`` (0 to 28): visit due within this many days of release.
    risk_review_months
        ``[risk_review.months]``: months from an assessment to its review, by risk level.
    first_risk_assessment_within_days
        ``risk_review.first_within_days``.
    notifications
        ``[notifications]``.
    caseload_cap
        ``caseload.cap``: most offenders per offender manager.
    risk_weights
        ``[risk_weights]``: weights that order the backlog.
    """

    version: str
    description: str = ""
    visit_interval_months: PerRiskLevel = PerRiskLevel(1, 3, 6, 12)
    unassessed_risk_level: RiskLevel = RiskLevel.HIGH
    first_visit_within_days: int = 28
    station_attendance_months: int = 12
    release_grace_days: int = 7
    risk_review_months: PerRiskLevel = PerRiskLevel(3, 6, 12, 12)
    first_risk_assessment_within_days: int = 28
    notifications: NotificationRules = field(default_factory=NotificationRules)
    caseload_cap: int = 50
    risk_weights: PerRiskLevel = PerRiskLevel(20, 8, 2, 1)

    def __post_init__(self) -> None:
        if not isinstance(self.version, str) or not self.version.strip():
            raise PolicyConfigError(
                "version",
                f'must be a non-empty string such as "staffs-2026.1", got {self.version!r}',
            )
        if not isinstance(self.description, str):
            raise PolicyConfigError("description", f"must be a string, got {self.description!r}")
        _check_per_level("intervals", self.visit_interval_months, "months", rising=False)
        if not isinstance(self.unassessed_risk_level, RiskLevel):
            raise PolicyConfigError(
                "unassessed.assume_risk_level",
                f"must be one of {', '.join(_LEVEL_KEYS)}, got {self.unassessed_risk_level!r}",
            )
        _check_positive("first_visit.within_days", self.first_visit_within_days, "days")
        _check_positive(
            "reactive_management.station_attendance_months",
            self.station_attendance_months,
            "months",
        )
        grace = self.release_grace_days
        if not _is_whole(grace) or not 0 <= grace <= MAX_RELEASE_GRACE_DAYS:
            # Capped below the shortest interval so that a visit after release never
            # brings the next due date forward (see docs/visit-policy.md).
            raise PolicyConfigError(
                "custody.release_grace_days",
                f"must be a whole number of days from 0 to {MAX_RELEASE_GRACE_DAYS}, got {grace!r}",
            )
        _check_per_level("risk_review.months", self.risk_review_months, "months", rising=False)
        _check_positive(
            "risk_review.first_within_days", self.first_risk_assessment_within_days, "days"
        )
        if not isinstance(self.notifications, NotificationRules):
            raise PolicyConfigError("notifications", "must be a table of notification periods")
        _check_positive("caseload.cap", self.caseload_cap, "offenders")
        _check_per_level("risk_weights", self.risk_weights, "points", rising=True)

    def to_dict(self) -> dict[str, Any]:
        """The policy in the TOML's shape (for display, export and round trips)."""
        n = self.notifications
        return {
            "version": self.version,
            "description": self.description,
            "intervals": self.visit_interval_months.to_dict(),
            "unassessed": {"assume_risk_level": self.unassessed_risk_level.value},
            "first_visit": {"within_days": self.first_visit_within_days},
            "reactive_management": {"station_attendance_months": self.station_attendance_months},
            "custody": {"release_grace_days": self.release_grace_days},
            "risk_review": {
                "first_within_days": self.first_risk_assessment_within_days,
                "months": self.risk_review_months.to_dict(),
            },
            "notifications": {
                "initial_within_days": n.initial_within_days,
                "change_within_days": n.change_within_days,
                "periodic_months": n.periodic_months,
                "no_fixed_abode_days": n.no_fixed_abode_days,
                "foreign_travel_days_before": n.foreign_travel_days_before,
            },
            "caseload": {"cap": self.caseload_cap},
            "risk_weights": self.risk_weights.to_dict(),
        }


# The TOML schema: section -> allowed keys (None = a value, not a table).
_SCHEMA: Final[Mapping[str, tuple[str, ...] | None]] = {
    "version": None,
    "description": None,
    "intervals": _LEVEL_KEYS,
    "unassessed": ("assume_risk_level",),
    "first_visit": ("within_days",),
    "reactive_management": ("station_attendance_months",),
    "custody": ("release_grace_days",),
    "risk_review": ("first_within_days", "months"),
    "notifications": (
        "initial_within_days",
        "change_within_days",
        "periodic_months",
        "no_fixed_abode_days",
        "foreign_travel_days_before",
    ),
    "caseload": ("cap",),
    "risk_weights": _LEVEL_KEYS,
}


def _table(data: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    value = data.get(key.rsplit(".", 1)[-1], {})
    if not isinstance(value, Mapping):
        raise PolicyConfigError(key, f"must be a table with keys {', '.join(allowed)}")
    for k in value:
        if k not in allowed:
            raise PolicyConfigError(
                f"{key}.{k}", f"is not a known key; allowed: {', '.join(allowed)}"
            )
    return value


def _per_level(data: Mapping[str, Any], key: str, default: PerRiskLevel) -> PerRiskLevel:
    table = _table(data, key, _LEVEL_KEYS)
    if not table:
        return default
    for level in _LEVEL_KEYS:
        if level not in table:
            raise PolicyConfigError(
                f"{key}.{level}", f"is missing; give all four: {', '.join(_LEVEL_KEYS)}"
            )
    return PerRiskLevel(**{level: table[level] for level in _LEVEL_KEYS})


def _policy_from_mapping(data: Mapping[str, Any]) -> VisitPolicy:
    for key in data:
        if key not in _SCHEMA:
            raise PolicyConfigError(key, f"is not a known key; allowed: {', '.join(_SCHEMA)}")
    if "version" not in data:
        raise PolicyConfigError("version", 'is missing; give a string such as "staffs-2026.1"')
    defaults = VisitPolicy(version="defaults")
    unassessed = _table(data, "unassessed", ("assume_risk_level",))
    level_name = unassessed.get("assume_risk_level", defaults.unassessed_risk_level.value)
    if level_name not in _LEVEL_KEYS:
        raise PolicyConfigError(
            "unassessed.assume_risk_level",
            f"must be one of {', '.join(_LEVEL_KEYS)}, got {level_name!r}",
        )
    risk_review = _table(data, "risk_review", ("first_within_days", "months"))
    notifications = _table(data, "notifications", _SCHEMA["notifications"] or ())
    return VisitPolicy(
        version=data["version"],
        description=data.get("description", ""),
        visit_interval_months=_per_level(data, "intervals", defaults.visit_interval_months),
        unassessed_risk_level=RiskLevel(level_name),
        first_visit_within_days=_table(data, "first_visit", ("within_days",)).get(
            "within_days", defaults.first_visit_within_days
        ),
        station_attendance_months=_table(
            data, "reactive_management", ("station_attendance_months",)
        ).get("station_attendance_months", defaults.station_attendance_months),
        release_grace_days=_table(data, "custody", ("release_grace_days",)).get(
            "release_grace_days", defaults.release_grace_days
        ),
        risk_review_months=_per_level(
            risk_review, "risk_review.months", defaults.risk_review_months
        ),
        first_risk_assessment_within_days=risk_review.get(
            "first_within_days", defaults.first_risk_assessment_within_days
        ),
        notifications=NotificationRules(**notifications),
        caseload_cap=_table(data, "caseload", ("cap",)).get("cap", defaults.caseload_cap),
        risk_weights=_per_level(data, "risk_weights", defaults.risk_weights),
    )


def load_policy(source: Path | str | Mapping[str, Any], *, name: str | None = None) -> VisitPolicy:
    """Load and validate a visit policy.

    Parameters
    ----------
    source
        A `pathlib.Path` to a TOML file; a `str` of TOML text (a `str` with no newline and
        no ``=`` is read as a file path instead); or an already-parsed mapping.
    name
        How errors name the source; defaults to the file name or ``visit-policy.toml``.

    Returns
    -------
    VisitPolicy

    Raises
    ------
    OSError
        When a file cannot be read.
    PolicyConfigError
        When the TOML does not parse, a key is unknown or missing, or a value is out of
        range; the message names the key and the allowed values, e.g.
        ``visit-policy.toml: intervals.very_high must be a positive whole number of
        months, got 0``.
    """
    if isinstance(source, str) and "\n" not in source and "=" not in source:
        source = Path(source)
    text: str | None
    if isinstance(source, Path):
        label = name or source.name
        text = source.read_text(encoding="utf-8")
    else:
        label = name or DEFAULT_POLICY_FILE
        text = source if isinstance(source, str) else None
    try:
        if text is not None:
            try:
                data: Mapping[str, Any] = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise PolicyConfigError("", f"is not valid TOML: {exc}") from exc
        else:
            assert isinstance(source, Mapping)
            data = source
        return _policy_from_mapping(data)
    except PolicyConfigError as exc:
        raise exc.with_source(label) from exc.__cause__


@cache
def default_policy() -> VisitPolicy:
    """The packaged default force policy (``safehold/offenders/config/visit-policy.toml``)."""
    text = (
        resources.files("safehold.offenders")
        .joinpath("config", DEFAULT_POLICY_FILE)
        .read_text(encoding="utf-8")
    )
    return load_policy(text, name=DEFAULT_POLICY_FILE)


# ------------------------------------------------------------------------------ facts


def _check_date(owner: str, name: str, value: object, *, optional: bool = False) -> None:
    # A datetime is a date subclass but cannot be compared with one: refuse it here
    # rather than fail deep in the rules.
    if type(value) is not date and not (optional and value is None):
        raise OffenderFactsError(
            f"{name} must be a calendar date (datetime.date) for {owner}, got {value!r}"
        )


@dataclass(frozen=True, slots=True)
class VisitAttempt:
    """The most recent home visit, whatever its outcome (a string outcome is converted)."""

    on: date
    outcome: VisitOutcome

    def __post_init__(self) -> None:
        _check_date("a visit", "on", self.on)
        if type(self.outcome) is not VisitOutcome:
            _coerce_enum(self, "outcome", VisitOutcome, self.outcome)


@dataclass(frozen=True, slots=True)
class ForeignTravel:
    """A planned trip abroad; ``notified_on`` is None until the offender notifies it."""

    departs_on: date
    notified_on: date | None = None

    def __post_init__(self) -> None:
        _check_date("a trip abroad", "departs_on", self.departs_on)
        _check_date("a trip abroad", "notified_on", self.notified_on, optional=True)


_DATE_FIELDS: Final = (
    "registered_on",
    "registration_ends_on",
    "released_from_custody_on",
    "last_visit_seen_on",
    "last_risk_assessment_on",
    "risk_review_due_on",
    "last_notification_on",
    "unnotified_change_on",
    "last_station_attendance_on",
)


def _coerce_enum(obj: object, name: str, enum: type[StrEnum], value: object) -> None:
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        object.__setattr__(obj, name, enum(value))
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise OffenderFactsError(f"{name} must be one of {allowed}, got {value!r}") from None


@dataclass(frozen=True, slots=True)
class OffenderFacts:
    """What the policy needs to know about one offender (built from the register).

    Parameters
    ----------
    offender_id
        The offender's database id (carried through to the result).
    registered_on
        Start of the notification requirements (registration).
    reference
        The register reference, for people.
    status
        Where the offender stands on the register. Strings are accepted and converted.
    risk_level
        The current risk level, or None when never assessed. Strings are accepted.
    registration_ends_on
        Last day of the notification period, or None when indefinite.
    interval_months_override
        Months between home visits set by the risk management plan; wins over the default.
    last_visit_seen_on
        Date of the last home visit whose outcome was *seen*.
    last_visit_attempt
        The most recent home visit whatever its outcome; an unsuccessful one after
        ``last_visit_seen_on`` is reported (it does not satisfy the visit).
    released_from_custody_on
        Last release from custody; for an offender ``in_custody`` the expected release.
    last_risk_assessment_on
        Date of the latest risk assessment.
    risk_review_due_on
        The "next review due" recorded on that assessment; wins over the default.
    last_notification_on
        Date of the last notification (initial, change, periodic or travel).
    no_fixed_abode
        True when the offender has no sole or main residence (weekly notification).
    unnotified_change_on
        Date of a known change of notified details not yet notified.
    foreign_travel
        Planned trips abroad.
    last_station_attendance_on
        Last attendance at a police station (reactive management).
    station
        Station code, for grouping (optional).
    offender_manager
        Offender manager's id or username, for grouping (optional).
    """

    offender_id: int
    registered_on: date
    reference: str = ""
    status: OffenderStatus = OffenderStatus.MANAGED
    risk_level: RiskLevel | None = None
    registration_ends_on: date | None = None
    interval_months_override: int | None = None
    last_visit_seen_on: date | None = None
    last_visit_attempt: VisitAttempt | None = None
    released_from_custody_on: date | None = None
    last_risk_assessment_on: date | None = None
    risk_review_due_on: date | None = None
    last_notification_on: date | None = None
    no_fixed_abode: bool = False
    unnotified_change_on: date | None = None
    foreign_travel: tuple[ForeignTravel, ...] = ()
    last_station_attendance_on: date | None = None
    station: str | None = None
    offender_manager: str | None = None

    def __post_init__(self) -> None:
        if type(self.status) is not OffenderStatus:
            _coerce_enum(self, "status", OffenderStatus, self.status)
        if self.risk_level is not None and type(self.risk_level) is not RiskLevel:
            _coerce_enum(self, "risk_level", RiskLevel, self.risk_level)
        owner = f"offender {self.offender_id}"
        for name in _DATE_FIELDS:
            value = getattr(self, name)
            if type(value) is not date:
                _check_date(owner, name, value, optional=name != "registered_on")
        override = self.interval_months_override
        if override is not None and (not _is_whole(override) or override <= 0):
            raise OffenderFactsError(
                f"interval_months_override must be a positive whole number of months "
                f"or None for offender {self.offender_id}, got {override!r}"
            )
        ends = self.registration_ends_on
        if ends is not None and ends < self.registered_on:
            raise OffenderFactsError(
                f"registration_ends_on ({ends}) is before registered_on "
                f"({self.registered_on}) for offender {self.offender_id}"
            )
        if not isinstance(self.foreign_travel, tuple):
            object.__setattr__(self, "foreign_travel", tuple(self.foreign_travel))


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class NotificationDue:
    """A notification the offender must make, with its due date."""

    kind: NotificationKind
    due_on: date
    is_overdue: bool
    days_overdue: int
    reason: Reason

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "kind": self.kind.value,
            "due_on": self.due_on.isoformat(),
            "is_overdue": self.is_overdue,
            "days_overdue": self.days_overdue,
            "reason": self.reason.to_dict(),
        }


# Not slotted: `_new_result` fills the instance dict directly (see there).
@dataclass(frozen=True)
class PolicyResult:
    """What the policy says about one offender on one day.

    Attributes
    ----------
    offender_id
        From the facts.
    evaluated_on
        The ``today`` the result was computed for.
    policy_version
        The policy's ``version``.
    visit_kind
        Home visit, station attendance (reactive management) or none.
    next_visit_due
        The earliest visit not yet made (the oldest missed one when overdue), or None.
    is_overdue
        ``evaluated_on`` is after ``next_visit_due``.
    days_overdue
        Days after ``next_visit_due``; 0 when not overdue.
    visits_missed
        Due dates passed without a visit; >= 1 exactly when overdue.
    missed_visit_due_dates
        Those due dates, oldest first.
    interval_months
        Months between visits used, or None when nothing is due.
    interval_source
        Where ``interval_months`` came from.
    effective_risk_level
        The risk level used (the assumed level when never assessed).
    risk_weight
        The policy's weight for ``effective_risk_level``.
    risk_review_due
        When the next risk review is due, or None.
    risk_review_overdue
        ``evaluated_on`` is after ``risk_review_due``.
    risk_review_days_overdue
        Days after ``risk_review_due``; 0 when not overdue.
    notifications_due
        Each notification the offender owes, soonest first (overdue or not).
    reasons
        Why, in order: the interval, the last visit, lateness, flags, the risk review.
    """

    offender_id: int
    evaluated_on: date
    policy_version: str
    visit_kind: VisitKind
    next_visit_due: date | None
    is_overdue: bool
    days_overdue: int
    visits_missed: int
    missed_visit_due_dates: tuple[date, ...]
    interval_months: int | None
    interval_source: IntervalSource
    effective_risk_level: RiskLevel | None
    risk_weight: int
    risk_review_due: date | None
    risk_review_overdue: bool
    risk_review_days_overdue: int
    notifications_due: tuple[NotificationDue, ...]
    reasons: tuple[Reason, ...]

    @property
    def notifications_overdue(self) -> tuple[NotificationDue, ...]:
        """The notifications already overdue."""
        return tuple(n for n in self.notifications_due if n.is_overdue)

    def has_reason(self, code: ReasonCode) -> bool:
        """True when a reason with ``code`` applies."""
        return any(r.code is code for r in self.reasons)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (dates as ISO strings, enums as their values)."""
        return {
            "offender_id": self.offender_id,
            "evaluated_on": self.evaluated_on.isoformat(),
            "policy_version": self.policy_version,
            "visit_kind": self.visit_kind.value,
            "next_visit_due": _json_value(self.next_visit_due),
            "is_overdue": self.is_overdue,
            "days_overdue": self.days_overdue,
            "visits_missed": self.visits_missed,
            "missed_visit_due_dates": [d.isoformat() for d in self.missed_visit_due_dates],
            "interval_months": self.interval_months,
            "interval_source": self.interval_source.value,
            "effective_risk_level": _json_value(self.effective_risk_level),
            "risk_weight": self.risk_weight,
            "risk_review_due": _json_value(self.risk_review_due),
            "risk_review_overdue": self.risk_review_overdue,
            "risk_review_days_overdue": self.risk_review_days_overdue,
            "notifications_due": [n.to_dict() for n in self.notifications_due],
            "reasons": [r.to_dict() for r in self.reasons],
        }


def _new_result(
    offender_id: int,
    evaluated_on: date,
    policy_version: str,
    visit_kind: VisitKind,
    next_visit_due: date | None,
    is_overdue: bool,
    days_overdue: int,
    visits_missed: int,
    missed_visit_due_dates: tuple[date, ...],
    interval_months: int | None,
    interval_source: IntervalSource,
    effective_risk_level: RiskLevel | None,
    risk_weight: int,
    risk_review_due: date | None,
    risk_review_overdue: bool,
    risk_review_days_overdue: int,
    notifications_due: tuple[NotificationDue, ...],
    reasons: tuple[Reason, ...],
) -> PolicyResult:
    # The generated __init__ of a frozen dataclass sets every field through
    # object.__setattr__, which for 18 fields was a fifth of an evaluation; filling the
    # instance dict is three times faster and gives an equal object (a test compares them).
    result = object.__new__(PolicyResult)
    result.__dict__.update(
        offender_id=offender_id,
        evaluated_on=evaluated_on,
        policy_version=policy_version,
        visit_kind=visit_kind,
        next_visit_due=next_visit_due,
        is_overdue=is_overdue,
        days_overdue=days_overdue,
        visits_missed=visits_missed,
        missed_visit_due_dates=missed_visit_due_dates,
        interval_months=interval_months,
        interval_source=interval_source,
        effective_risk_level=effective_risk_level,
        risk_weight=risk_weight,
        risk_review_due=risk_review_due,
        risk_review_overdue=risk_review_overdue,
        risk_review_days_overdue=risk_review_days_overdue,
        notifications_due=notifications_due,
        reasons=reasons,
    )
    return result


# --------------------------------------------------------------------------- the rules

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
    _check_today(today)
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
    _check_today(today)
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
        return _new_result(
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
        return _new_result(
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
        missed = _months_before(base, today) // interval - start + 1
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

    return _new_result(
        facts.offender_id, today, policy.version, kind, due, overdue, days_overdue, missed,
        missed_dates, interval, source, effective, weight, review_due, review_days > 0,
        review_days, _notifications(facts, today, policy), tuple(reasons),
    )  # fmt: skip


def _risk_review(
    facts: OffenderFacts, effective: RiskLevel, policy: VisitPolicy
) -> tuple[date, Reason]:
    assessed = facts.last_risk_assessment_on
    if facts.risk_review_due_on is not None:
        due = facts.risk_review_due_on
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
        first = _notice(
            NotificationKind.WEEKLY,
            last + timedelta(days=days),
            today,
            Reason(ReasonCode.WEEKLY_RENOTIFICATION, (("days", days), ("last_on", last))),
        )
    else:
        months = rules.periodic_months
        first = _notice(
            NotificationKind.PERIODIC,
            add_months(last, months),
            today,
            Reason(ReasonCode.ANNUAL_RENOTIFICATION, (("months", months), ("last_on", last))),
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


# ---------------------------------------------------------------------------- backlog


def order_backlog(results: Iterable[PolicyResult]) -> list[PolicyResult]:
    """Order results for the backlog: overdue first, then heavier risk, longer overdue.

    Ties fall to the earlier due date, then the offender id, so the order is stable.
    Results with no visit due come last.
    """

    def key(r: PolicyResult) -> tuple[bool, bool, int, int, date, int]:
        return (
            not r.is_overdue,
            r.next_visit_due is None,
            -r.risk_weight,
            -r.days_overdue,
            r.next_visit_due or date.max,
            r.offender_id,
        )

    return sorted(results, key=key)


@dataclass(frozen=True, slots=True)
class GroupCounts:
    """Backlog counts for one group of offenders (a risk level, a station, a manager).

    Attributes
    ----------
    offenders
        Offenders in the group who are still on the register (not deceased or expired).
    overdue_visits
        Offenders whose home visit is overdue (each counted once).
    missed_visits
        Home visits missed, summed (an offender can miss several).
    oldest_overdue_days
        The most days any overdue home visit in the group is late; 0 when none.
    overdue_station_attendances
        Reactively managed offenders whose station attendance is overdue.
    risk_reviews_overdue
        Offenders whose risk review is overdue.
    notifications_overdue
        Overdue notifications, summed.
    whereabouts_unknown
        Offenders whose whereabouts are unknown.
    """

    offenders: int = 0
    overdue_visits: int = 0
    missed_visits: int = 0
    oldest_overdue_days: int = 0
    overdue_station_attendances: int = 0
    risk_reviews_overdue: int = 0
    notifications_overdue: int = 0
    whereabouts_unknown: int = 0

    def to_dict(self) -> dict[str, int]:
        """A JSON-ready form."""
        return {
            "offenders": self.offenders,
            "overdue_visits": self.overdue_visits,
            "missed_visits": self.missed_visits,
            "oldest_overdue_days": self.oldest_overdue_days,
            "overdue_station_attendances": self.overdue_station_attendances,
            "risk_reviews_overdue": self.risk_reviews_overdue,
            "notifications_overdue": self.notifications_overdue,
            "whereabouts_unknown": self.whereabouts_unknown,
        }


class _Tally:
    __slots__ = (
        "missed",
        "notifications",
        "offenders",
        "oldest",
        "overdue",
        "reviews",
        "station",
        "unknown",
    )

    def __init__(self) -> None:
        self.offenders = self.overdue = self.missed = self.oldest = 0
        self.station = self.reviews = self.notifications = self.unknown = 0

    def add(self, facts: OffenderFacts, result: PolicyResult) -> None:
        status = facts.status
        if status is OffenderStatus.DECEASED or status is OffenderStatus.EXPIRED:
            return
        self.offenders += 1
        if result.is_overdue:
            if result.visit_kind is VisitKind.HOME_VISIT:
                self.overdue += 1
                self.missed += result.visits_missed
                if result.days_overdue > self.oldest:
                    self.oldest = result.days_overdue
            else:
                self.station += 1
        if result.risk_review_overdue:
            self.reviews += 1
        for n in result.notifications_due:
            if n.is_overdue:
                self.notifications += 1
        if status is OffenderStatus.WHEREABOUTS_UNKNOWN:
            self.unknown += 1

    def freeze(self) -> GroupCounts:
        return GroupCounts(
            self.offenders, self.overdue, self.missed, self.oldest, self.station,
            self.reviews, self.notifications, self.unknown,
        )  # fmt: skip


UNASSESSED: Final = "unassessed"
UNASSIGNED: Final = "unassigned"

GroupKey: TypeAlias = Callable[[OffenderFacts], "str | None"]

#: Ready-made groupings for `summarise_backlog`: by station and by offender manager.
STANDARD_GROUPS: Final[Mapping[str, GroupKey]] = {
    "station": lambda f: f.station,
    "manager": lambda f: f.offender_manager,
}


@dataclass(frozen=True, slots=True)
class BacklogSummary:
    """The backlog on one day: totals, by risk level and by the caller's groupings.

    Attributes
    ----------
    policy_version
        The version of the policy every counted result came from.
    as_of
        The day the results were evaluated for.
    totals
        Counts over every offender.
    by_risk
        Counts keyed ``very_high``, ``high``, ``medium``, ``low`` and ``unassessed``
        (always all five, by the offender's recorded risk level).
    groups
        ``{grouping name: {group label: counts}}`` for each ``group_by`` entry; offenders
        whose label is None or empty are counted under ``"unassigned"``.
    caseload_cap
        The policy's cap on offenders per offender manager.
    """

    policy_version: str
    as_of: date
    totals: GroupCounts
    by_risk: Mapping[str, GroupCounts]
    groups: Mapping[str, Mapping[str, GroupCounts]]
    caseload_cap: int

    @property
    def overdue_visits(self) -> int:
        """Offenders whose home visit is overdue."""
        return self.totals.overdue_visits

    @property
    def missed_visits(self) -> int:
        """Home visits missed in all."""
        return self.totals.missed_visits

    @property
    def oldest_overdue_days(self) -> int:
        """Days the most overdue home visit is late."""
        return self.totals.oldest_overdue_days

    def to_dict(self) -> dict[str, Any]:
        """JSON for ``safehold backlog --json``: totals flat, then ``by_risk``, ``by_<group>``."""
        out: dict[str, Any] = {
            "policy_version": self.policy_version,
            "as_of": self.as_of.isoformat(),
            **self.totals.to_dict(),
            "caseload_cap": self.caseload_cap,
            "by_risk": {k: v.to_dict() for k, v in self.by_risk.items()},
        }
        for name, counts in self.groups.items():
            out[f"by_{name}"] = {k: v.to_dict() for k, v in counts.items()}
        return out


def summarise_backlog(
    pairs: Iterable[tuple[OffenderFacts, PolicyResult]],
    *,
    policy: VisitPolicy,
    today: date,
    group_by: Mapping[str, GroupKey] | None = None,
) -> BacklogSummary:
    """Count the backlog over evaluated offenders.

    Parameters
    ----------
    pairs
        ``(facts, result)`` for each offender, e.g. ``zip(facts, evaluate_many(facts, ...))``.
    policy
        The policy the results came from.
    today
        The day the results were evaluated for.
    group_by
        Extra groupings: name to a function giving an offender's group label, e.g.
        `STANDARD_GROUPS` or ``{"station": lambda f: station_of[f.offender_id]}``.

    Returns
    -------
    BacklogSummary

    Raises
    ------
    PolicyError
        When a result came from another policy version or another day, or does not
        belong to the facts it is paired with.
    """
    _check_today(today)
    groupings = dict(group_by or {})
    total = _Tally()
    by_risk = {level: _Tally() for level in (*_LEVEL_KEYS, UNASSESSED)}
    groups: dict[str, dict[str, _Tally]] = {name: {} for name in groupings}
    version = policy.version
    for facts, result in pairs:
        if result.policy_version != version or result.evaluated_on != today:
            raise PolicyError(
                f"offender {result.offender_id} was evaluated with policy "
                f"{result.policy_version!r} on {result.evaluated_on}, not {version!r} on "
                f"{today}; evaluate every offender with one policy on one day"
            )
        if result.offender_id != facts.offender_id:
            raise PolicyError(
                f"result for offender {result.offender_id} is paired with the facts of "
                f"offender {facts.offender_id}; pair each result with its own facts"
            )
        total.add(facts, result)
        level = facts.risk_level
        # RiskLevel is a str enum, so it finds its own value's key.
        by_risk[level if level is not None else UNASSESSED].add(facts, result)
        for name, key in groupings.items():
            label = key(facts) or UNASSIGNED
            tallies = groups[name]
            tally = tallies.get(label)
            if tally is None:
                tally = tallies[label] = _Tally()
            tally.add(facts, result)
    return BacklogSummary(
        policy_version=version,
        as_of=today,
        totals=total.freeze(),
        by_risk={k: v.freeze() for k, v in by_risk.items()},
        groups={
            name: {label: tallies[label].freeze() for label in sorted(tallies)}
            for name, tallies in groups.items()
        },
        caseload_cap=policy.caseload_cap,
    )


@dataclass(frozen=True, slots=True)
class Caseload:
    """One offender manager's caseload against the cap."""

    manager: str
    offenders: int
    cap: int

    @property
    def over_cap(self) -> bool:
        """More offenders than the cap."""
        return self.offenders > self.cap

    @property
    def excess(self) -> int:
        """Offenders above the cap (0 when within it)."""
        return max(0, self.offenders - self.cap)


def check_caseloads(
    offenders_by_manager: Mapping[str, int], policy: VisitPolicy
) -> tuple[Caseload, ...]:
    """Compare each offender manager's caseload with the policy's cap, largest first.

    Parameters
    ----------
    offenders_by_manager
        Offenders on the register per manager, e.g. from ``BacklogSummary.groups["manager"]``.
    policy
        Supplies ``caseload_cap``.
    """
    return tuple(
        Caseload(manager, count, policy.caseload_cap)
        for manager, count in sorted(offenders_by_manager.items(), key=lambda kv: (-kv[1], kv[0]))
    )
