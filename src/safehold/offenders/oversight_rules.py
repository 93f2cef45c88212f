"""Oversight rules: which changes lower the attention an offender gets (and so need a
detective sergeant's sign-off), who may sign them off, and whether an offender has been
low risk long enough for reactive management.

Pure: plain values in, plain values out; no Django. The services in ``oversight.py``
apply them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from safehold.datetext import long_date

from .dates import add_months
from .vocabulary import RiskLevel

__all__ = [
    "ChangeKind",
    "Eligibility",
    "SignOffRefused",
    "check_sign_off",
    "interval_lengthens",
    "lowers_risk",
    "reactive_eligibility",
]


class ChangeKind(StrEnum):
    """A change that lowers the attention an offender gets."""

    LOWER_RISK = "lower_risk"
    LONGER_INTERVAL = "longer_interval"
    REACTIVE_MANAGEMENT = "reactive_management"


class SignOffRefused(ValueError):
    """The person cannot sign this change off; ``code`` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def lowers_risk(current: RiskLevel | None, proposed: RiskLevel) -> bool:
    """True when ``proposed`` is a lower level than ``current`` (unassessed lowers nothing)."""
    return current is not None and proposed.rank < current.rank


def interval_lengthens(current_months: int, proposed_months: int) -> bool:
    """True when the proposed visit interval is longer than the one in force."""
    return proposed_months > current_months


def check_sign_off(*, proposer_id: int | None, signer_id: int, signer_is_supervisor: bool) -> None:
    """Raise :class:`SignOffRefused` unless the signer is a supervisor and not the proposer."""
    if not signer_is_supervisor:
        raise SignOffRefused(
            "sign_off_needs_sergeant",
            "Only a detective sergeant or above can sign off a change that lowers the "
            "attention an offender gets",
        )
    if proposer_id is not None and proposer_id == signer_id:
        raise SignOffRefused(
            "sign_off_not_independent",
            "You proposed this change; another supervisor must sign it off",
        )


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Whether an offender may be reactively managed without an override, and why."""

    eligible: bool
    low_since: date | None
    reason: str


def reactive_eligibility(
    assessments: Sequence[tuple[date, RiskLevel]], today: date, years: int
) -> Eligibility:
    """Eligible when every assessment for at least ``years`` years up to today was low.

    ``assessments`` are (date, level) pairs in any order. The unbroken run of low
    assessments ending with the latest must have begun ``years`` years ago or earlier.
    """
    # On a day with more than one assessment the highest counts as that day's latest: risk
    # cannot fall unseen by a same-day low assessment sorting after a higher one.
    history = sorted((a for a in assessments if a[0] <= today), key=lambda a: (a[0], a[1].rank))
    if not history:
        return Eligibility(False, None, "No risk assessment is on record.")
    latest_on, latest = history[-1]
    if latest is not RiskLevel.LOW:
        return Eligibility(
            False, None, f"The latest assessment ({long_date(latest_on)}) is {latest.value}."
        )
    low_since = latest_on
    for on, level in reversed(history):
        if level is not RiskLevel.LOW:
            break
        low_since = on
    last_higher = next(
        ((on, level) for on, level in reversed(history) if level is not RiskLevel.LOW), None
    )
    needed = add_months(low_since, 12 * years)
    if needed <= today:
        return Eligibility(
            True, low_since, f"Low risk at every assessment since {long_date(low_since)}."
        )
    higher = (
        f"; assessed {last_higher[1].value.replace('_', ' ')} on {long_date(last_higher[0])}"
        if last_higher
        else ""
    )
    return Eligibility(
        False,
        low_since,
        f"Low risk only since {long_date(low_since)}{higher}: reactive management needs "
        f"{years} years at low risk (from {long_date(needed)}).",
    )
