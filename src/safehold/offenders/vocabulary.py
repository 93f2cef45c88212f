"""The visit policy's vocabulary: risk levels, register statuses, visit outcomes and kinds.

Plain string enums (results give their values in JSON); the reasons the policy gives are
in ``policy_result.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from safehold.choices import LabelledChoices

__all__ = [
    "LEVEL_KEYS",
    "IntervalSource",
    "NotificationKind",
    "OffenderStatus",
    "PerRiskLevel",
    "RiskLevel",
    "VisitKind",
    "VisitOutcome",
]


class RiskLevel(LabelledChoices):
    """Risk of serious harm (ARMS / RM2000 / OASys RoSH): very high, high, medium, low.

    The one definition: the register's model and form choices and the planner's problem
    use this enum. Members run from the most to the least risk.
    """

    VERY_HIGH = "very_high", "Very high"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"

    @property
    def rank(self) -> int:
        """0 for low up to 3 for very high: higher means more risk."""
        return _RANK[self]


_RANK: Final = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2, RiskLevel.VERY_HIGH: 3}

#: The risk levels' keys (in TOML, JSON and ``PerRiskLevel``), highest first.
LEVEL_KEYS: Final = tuple(level.value for level in RiskLevel)


@dataclass(frozen=True, slots=True)
class PerRiskLevel:
    """One whole number per risk level (months, weights, minutes), highest level first."""

    very_high: int
    high: int
    medium: int
    low: int

    def for_level(self, level: RiskLevel) -> int:
        """The value for ``level`` (a member, or its string value)."""
        if level is RiskLevel.VERY_HIGH:
            return self.very_high
        if level is RiskLevel.HIGH:
            return self.high
        if level is RiskLevel.MEDIUM:
            return self.medium
        if level is RiskLevel.LOW:
            return self.low
        value: int = getattr(self, RiskLevel(level).value)
        return value

    def to_dict(self) -> dict[str, int]:
        """``{"very_high": ..., "high": ..., "medium": ..., "low": ...}``."""
        return {k: getattr(self, k) for k in LEVEL_KEYS}


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
