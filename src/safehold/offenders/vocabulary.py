"""The visit policy's vocabulary: risk levels, register statuses, visit outcomes and kinds.

Plain string enums (results give their values in JSON); the reasons the policy gives are
in ``policy_result.py``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

__all__ = [
    "IntervalSource",
    "NotificationKind",
    "OffenderStatus",
    "RiskLevel",
    "VisitKind",
    "VisitOutcome",
]


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
