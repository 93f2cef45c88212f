"""What the visit policy needs to know about one offender, built from the register.

`OffenderFacts` holds the dates and flags the rules read; `VisitAttempt` the latest home
visit whatever its outcome; `ForeignTravel` a planned trip abroad. Each checks its
values when made and raises `OffenderFactsError` naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from .policy_errors import OffenderFactsError, is_whole
from .vocabulary import OffenderStatus, RiskLevel, VisitOutcome

__all__ = ["ForeignTravel", "OffenderFacts", "VisitAttempt"]


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
    risk_review_why
        Why the review is due then, when the risk management plan or a change since it
        set the date (empty: the assessment set it).
    notifiable
        False for MAPPA category 2 and 3 offenders: no notification requirements apply.
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
    risk_review_why: str = ""
    notifiable: bool = True

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
        if override is not None and (not is_whole(override) or override <= 0):
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
