"""A force's visit policy: the `VisitPolicy` parameter object and its TOML.

`VisitPolicy` holds every tunable of the rules (intervals by risk level, grace periods,
notification periods, the caseload cap, backlog weights) and validates itself when
made; `load_policy` reads it from a force's TOML and `default_policy` from the packaged
``config/visit-policy.toml``. A bad value raises `PolicyConfigError` naming the TOML
key to fix. docs/visit-policy.md describes the schema.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any, Final

from .policy_errors import DEFAULT_POLICY_FILE, PolicyConfigError, is_whole
from .procedure_config import WHEREABOUTS_KEYS, WhereaboutsRules, check_years_at_low_risk
from .vocabulary import LEVEL_KEYS, PerRiskLevel, RiskLevel

__all__ = [
    "MAX_RELEASE_GRACE_DAYS",
    "NotificationRules",
    "PerRiskLevel",
    "VisitPolicy",
    "default_policy",
    "load_policy",
]


def _check_positive(key: str, value: object, unit: str) -> None:
    if not is_whole(value) or value <= 0:
        raise PolicyConfigError(key, f"must be a positive whole number of {unit}, got {value!r}")


def _check_per_level(key: str, values: PerRiskLevel, unit: str, *, rising: bool) -> None:
    for level in LEVEL_KEYS:
        _check_positive(f"{key}.{level}", getattr(values, level), unit)
    # Ordered from very high down to low: intervals may only lengthen, weights only fall.
    for higher, lower in pairwise(LEVEL_KEYS):
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
    qualifying_days
        Days at another address (at one stretch or in total within a year) that make
        the stay notifiable (s84(6)).
    restart_periodic_on
        Subjects of a change notification that restart the annual clock.
    """

    initial_within_days: int = 3
    change_within_days: int = 3
    periodic_months: int = 12
    no_fixed_abode_days: int = 7
    foreign_travel_days_before: int = 7
    qualifying_days: int = 7
    restart_periodic_on: tuple[str, ...] = ("name", "home_address", "other_address")

    def __post_init__(self) -> None:
        _check_positive("notifications.initial_within_days", self.initial_within_days, "days")
        _check_positive("notifications.change_within_days", self.change_within_days, "days")
        _check_positive("notifications.periodic_months", self.periodic_months, "months")
        _check_positive("notifications.no_fixed_abode_days", self.no_fixed_abode_days, "days")
        _check_positive(
            "notifications.foreign_travel_days_before", self.foreign_travel_days_before, "days"
        )
        _check_positive("notifications.qualifying_days", self.qualifying_days, "days")
        known: tuple[str, ...] = ("name", "home_address", "other_address", "bank_card")
        known += ("passport_id", "vehicle", "child_household", "contact")
        if not isinstance(self.restart_periodic_on, tuple):
            raise PolicyConfigError(
                "notifications.restart_periodic_on", "must be a list of subjects"
            )
        for subject in self.restart_periodic_on:
            if subject not in known:
                raise PolicyConfigError(
                    "notifications.restart_periodic_on",
                    f"has {subject!r}; allowed: {', '.join(known)}",
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
    reactive_years_at_low_risk
        ``reactive_management.years_at_low_risk``: years at low risk before reactive
        management without a recorded override.
    whereabouts
        ``[whereabouts]``: the whereabouts-unknown procedure's clock and the warrant prompt.
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
    reactive_years_at_low_risk: int = 3
    whereabouts: WhereaboutsRules = field(default_factory=WhereaboutsRules)

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
                f"must be one of {', '.join(LEVEL_KEYS)}, got {self.unassessed_risk_level!r}",
            )
        _check_positive("first_visit.within_days", self.first_visit_within_days, "days")
        _check_positive(
            "reactive_management.station_attendance_months",
            self.station_attendance_months,
            "months",
        )
        grace = self.release_grace_days
        if not is_whole(grace) or not 0 <= grace <= MAX_RELEASE_GRACE_DAYS:
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
        check_years_at_low_risk(self.reactive_years_at_low_risk)
        if not isinstance(self.whereabouts, WhereaboutsRules):
            raise PolicyConfigError("whereabouts", "must be a table of procedure settings")

    def to_dict(self) -> dict[str, Any]:
        """The policy in the TOML's shape (for display, export and round trips)."""
        n = self.notifications
        return {
            "version": self.version,
            "description": self.description,
            "intervals": self.visit_interval_months.to_dict(),
            "unassessed": {"assume_risk_level": self.unassessed_risk_level.value},
            "first_visit": {"within_days": self.first_visit_within_days},
            "reactive_management": {
                "station_attendance_months": self.station_attendance_months,
                "years_at_low_risk": self.reactive_years_at_low_risk,
            },
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
                "qualifying_days": n.qualifying_days,
                "restart_periodic_on": list(n.restart_periodic_on),
            },
            "caseload": {"cap": self.caseload_cap},
            "risk_weights": self.risk_weights.to_dict(),
            "whereabouts": self.whereabouts.to_dict(),
        }


# The TOML schema: section -> allowed keys (None = a value, not a table).
_SCHEMA: Final[Mapping[str, tuple[str, ...] | None]] = {
    "version": None,
    "description": None,
    "intervals": LEVEL_KEYS,
    "unassessed": ("assume_risk_level",),
    "first_visit": ("within_days",),
    "reactive_management": ("station_attendance_months", "years_at_low_risk"),
    "custody": ("release_grace_days",),
    "risk_review": ("first_within_days", "months"),
    "notifications": (
        "initial_within_days",
        "change_within_days",
        "periodic_months",
        "no_fixed_abode_days",
        "foreign_travel_days_before",
        "qualifying_days",
        "restart_periodic_on",
    ),
    "caseload": ("cap",),
    "risk_weights": LEVEL_KEYS,
    "whereabouts": WHEREABOUTS_KEYS,
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
    table = _table(data, key, LEVEL_KEYS)
    if not table:
        return default
    for level in LEVEL_KEYS:
        if level not in table:
            raise PolicyConfigError(
                f"{key}.{level}", f"is missing; give all four: {', '.join(LEVEL_KEYS)}"
            )
    return PerRiskLevel(**{level: table[level] for level in LEVEL_KEYS})


def _notification_rules(table: Mapping[str, Any]) -> NotificationRules:
    values: dict[str, Any] = dict(table)
    subjects = values.get("restart_periodic_on")
    if isinstance(subjects, list):
        values["restart_periodic_on"] = tuple(subjects)
    return NotificationRules(**values)


def _policy_from_mapping(data: Mapping[str, Any]) -> VisitPolicy:
    for key in data:
        if key not in _SCHEMA:
            raise PolicyConfigError(key, f"is not a known key; allowed: {', '.join(_SCHEMA)}")
    if "version" not in data:
        raise PolicyConfigError("version", 'is missing; give a string such as "staffs-2026.1"')
    defaults = VisitPolicy(version="defaults")
    unassessed = _table(data, "unassessed", ("assume_risk_level",))
    level_name = unassessed.get("assume_risk_level", defaults.unassessed_risk_level.value)
    if level_name not in LEVEL_KEYS:
        raise PolicyConfigError(
            "unassessed.assume_risk_level",
            f"must be one of {', '.join(LEVEL_KEYS)}, got {level_name!r}",
        )
    risk_review = _table(data, "risk_review", ("first_within_days", "months"))
    notifications = _table(data, "notifications", _SCHEMA["notifications"] or ())
    reactive = _table(data, "reactive_management", _SCHEMA["reactive_management"] or ())
    return VisitPolicy(
        version=data["version"],
        description=data.get("description", ""),
        visit_interval_months=_per_level(data, "intervals", defaults.visit_interval_months),
        unassessed_risk_level=RiskLevel(level_name),
        first_visit_within_days=_table(data, "first_visit", ("within_days",)).get(
            "within_days", defaults.first_visit_within_days
        ),
        station_attendance_months=reactive.get(
            "station_attendance_months", defaults.station_attendance_months
        ),
        reactive_years_at_low_risk=reactive.get(
            "years_at_low_risk", defaults.reactive_years_at_low_risk
        ),
        whereabouts=WhereaboutsRules(**_table(data, "whereabouts", WHEREABOUTS_KEYS)),
        release_grace_days=_table(data, "custody", ("release_grace_days",)).get(
            "release_grace_days", defaults.release_grace_days
        ),
        risk_review_months=_per_level(
            risk_review, "risk_review.months", defaults.risk_review_months
        ),
        first_risk_assessment_within_days=risk_review.get(
            "first_within_days", defaults.first_risk_assessment_within_days
        ),
        notifications=_notification_rules(notifications),
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
