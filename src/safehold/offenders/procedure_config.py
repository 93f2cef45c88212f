"""The register's procedure settings in the visit-policy TOML: reactive management's
eligibility, the whereabouts-unknown procedure's clock, the warrant prompt, and which
notified changes restart the annual clock.

Where the law or national guidance does not fix a value, the force sets it here (see
docs/visit-policy.md, "Procedures"). Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .policy_errors import PolicyConfigError, is_whole

__all__ = ["WHEREABOUTS_KEYS", "WhereaboutsRules"]

WHEREABOUTS_KEYS: Final = (
    "pnc_circulation_within_hours",
    "enquiries_within_days",
    "breach_record_within_days",
    "ds_review_every_days",
    "warrant_after_no_access",
    "open_on_not_resident",
)


@dataclass(frozen=True, slots=True)
class WhereaboutsRules:
    """``[whereabouts]``: the clock of the whereabouts-unknown procedure.

    Parameters
    ----------
    pnc_circulation_within_hours
        Hours from opening by which circulation on the PNC is to be recorded.
    enquiries_within_days
        Days by which the first enquiries (addresses, associates, hospitals, custody)
        are to be recorded.
    breach_record_within_days
        Days by which a breach of the notification requirements (s91) is to be recorded,
        or the decision not to.
    ds_review_every_days
        Days between a detective sergeant's reviews while the procedure is open.
    warrant_after_no_access
        Consecutive home visits without access after which the record and the briefing
        prompt the warrant route (SOA 2003 s96B, power of entry and search).
    open_on_not_resident
        Whether a visit finding the offender not resident at the notified address opens
        the procedure at once.
    """

    pnc_circulation_within_hours: int = 24
    enquiries_within_days: int = 2
    breach_record_within_days: int = 7
    ds_review_every_days: int = 7
    warrant_after_no_access: int = 3
    open_on_not_resident: bool = True

    def __post_init__(self) -> None:
        for key in WHEREABOUTS_KEYS[:-1]:
            value = getattr(self, key)
            if not is_whole(value) or value <= 0:
                raise PolicyConfigError(
                    f"whereabouts.{key}", f"must be a positive whole number, got {value!r}"
                )
        if not isinstance(self.open_on_not_resident, bool):
            raise PolicyConfigError(
                "whereabouts.open_on_not_resident",
                f"must be true or false, got {self.open_on_not_resident!r}",
            )

    def to_dict(self) -> dict[str, int | bool]:
        return {k: getattr(self, k) for k in WHEREABOUTS_KEYS}


def check_years_at_low_risk(value: object) -> None:
    """``reactive_management.years_at_low_risk``: a whole number of years, 1 to 15."""
    if not is_whole(value) or not 1 <= value <= 15:
        raise PolicyConfigError(
            "reactive_management.years_at_low_risk",
            f"must be a whole number of years from 1 to 15, got {value!r}",
        )
