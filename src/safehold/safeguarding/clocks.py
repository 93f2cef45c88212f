"""Protective actions in domestic abuse, and the clocks that run once they start.

=====================  ===========================================================
action                 clock (defaults; ``[clocks]`` in the policy file)
=====================  ===========================================================
arrest                 detention clock: 24 h from the relevant time (PACE 1984 s41)
DVPN                   DVPO hearing by magistrates within 48 h of serving the
                       notice, not counting Sundays, Christmas Day, Good Friday
                       or bank holidays (Crime and Security Act 2010 s27;
                       ``court_days``), or the notice lapses
DVPO                   the order expires 14 to 28 days after it is made, as the
                       court sets
Clare's Law (DVDS)     right to ask / right to know: decision within 28 days
                       (statutory guidance under the Domestic Abuse Act 2021 s77)
IDVA referral          24 h (local practice; the force sets it)
safety planning        24 h (local practice; the force sets it)
children's social care 24 h (local practice; the force sets it)
=====================  ===========================================================

A DVPN may be authorised only by an officer of superintendent rank or above, and only for a
person aged 18 or over: :func:`check_dvpn`. Closing a crime with no further action under
Home Office outcome 15 or 16 (evidential difficulties) needs a supervisor's review:
:func:`needs_supervisor_review`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from safehold.safeguarding.clock_policy import (
    HIGHEST_OUTCOME_TYPE,
    ClockPolicy,
    ProtectiveActionError,
    normalise_rank,
)
from safehold.safeguarding.clock_policy import default_policy as _default_policy
from safehold.safeguarding.court_days import CourtCalendar, hearing_deadline, load_calendar
from safehold.safeguarding.vocabulary import ActionKind

__all__ = [
    "Clock",
    "ClockPolicy",
    "ProtectiveActionError",
    "SupervisorReview",
    "check_dvpn",
    "clock_for",
    "needs_supervisor_review",
]


@dataclass(frozen=True, slots=True)
class Clock:
    """A running deadline started by a protective action.

    Attributes
    ----------
    action
        What started it.
    started_at
        When it started (arrest, service of the DVPN, the order, the application).
    due_at
        When it runs out.
    description
        What must happen by ``due_at``, in a sentence.
    on_expiry
        What happens if it runs out.
    policy_version
        The policy that set the length.
    """

    action: ActionKind
    started_at: datetime
    due_at: datetime
    description: str
    on_expiry: str
    policy_version: str

    def overdue(self, now: datetime) -> bool:
        """Return whether the clock has run out at ``now`` (exactly ``due_at`` is in time)."""
        return now > self.due_at

    def remaining(self, now: datetime) -> timedelta:
        """Return the time left at ``now`` (negative once overdue)."""
        return self.due_at - now


def clock_for(
    action: ActionKind | str,
    started_at: datetime,
    policy: ClockPolicy | None = None,
    *,
    order_days: int | None = None,
    calendar: CourtCalendar | None = None,
) -> Clock:
    """Start the clock for a protective action.

    Parameters
    ----------
    action
        The action (or its value, e.g. ``"dvpn"``).
    started_at
        When the clock starts, timezone-aware: the relevant time of an arrest, the service
        of a DVPN, the making of a DVPO, the receipt of a Clare's Law application or
        information.
    policy
        Clock lengths; ``None`` uses the packaged policy file.
    order_days
        DVPO only: the number of days the court ordered, within the policy's range.
    calendar
        The days not counted towards a hearing; ``None`` uses the packaged bank holidays.

    Raises
    ------
    ProtectiveActionError
        ``unknown_action``, ``bad_time``, ``missing_order_days`` or ``bad_order_days``.
    CalendarError
        ``calendar_out_of_range``: a hearing clock runs past the bank-holiday calendar.
    """
    policy = policy or _default_policy()
    try:
        kind = ActionKind(action)
    except ValueError:
        raise ProtectiveActionError(
            "unknown_action",
            f"{action!r} is not a protective action; use one of "
            f"{', '.join(a.value for a in ActionKind)}",
            field="action",
        ) from None
    if (
        not isinstance(started_at, datetime)
        or started_at.tzinfo is None
        or started_at.utcoffset() is None
    ):
        raise ProtectiveActionError(
            "bad_time",
            f"started_at {started_at!r} must be a timezone-aware datetime",
            field="started_at",
        )
    if kind in (ActionKind.DAPN, ActionKind.DAPO, ActionKind.DAPO_NOTIFICATION):
        raise ProtectiveActionError(
            "unknown_action",
            f"{kind.value}: use protection_orders.order_clock for DAPN and DAPO clocks",
            field="action",
        )
    if order_days is not None and kind is not ActionKind.DVPO:
        raise ProtectiveActionError(
            "bad_order_days", "order_days applies to a DVPO only", field="order_days"
        )

    def make(length: timedelta, description: str, on_expiry: str) -> Clock:
        return Clock(kind, started_at, started_at + length, description, on_expiry, policy.version)

    if kind is ActionKind.ARREST:
        return make(
            timedelta(hours=policy.detention_hours),
            f"Charge, release or seek an extension within {policy.detention_hours} h of the "
            "relevant time",
            "Detention is no longer authorised",
        )
    if kind is ActionKind.DVPN:
        calendar = calendar or load_calendar()
        due = hearing_deadline(started_at, policy.dvpo_hearing_hours, calendar)
        return Clock(
            kind,
            started_at,
            due,
            f"DVPO application to be heard by magistrates within {policy.dvpo_hearing_hours} h "
            "of serving the DVPN, not counting Sundays, Christmas Day, Good Friday or bank "
            f"holidays (calendar {calendar.version})",
            "The DVPN lapses and the victim loses its protection",
            policy.version,
        )
    if kind is ActionKind.DVPO:
        if order_days is None:
            raise ProtectiveActionError(
                "missing_order_days",
                f"a DVPO lasts {policy.dvpo_min_days} to {policy.dvpo_max_days} days as the "
                "court orders; give order_days",
                field="order_days",
            )
        if (
            isinstance(order_days, bool)
            or not isinstance(order_days, int)
            or not policy.dvpo_min_days <= order_days <= policy.dvpo_max_days
        ):
            raise ProtectiveActionError(
                "bad_order_days",
                f"order_days is {order_days!r}; a DVPO lasts {policy.dvpo_min_days} to "
                f"{policy.dvpo_max_days} days",
                field="order_days",
            )
        return make(
            timedelta(days=order_days),
            f"DVPO in force for {order_days} days; plan safeguarding for when it ends",
            "The order expires",
        )
    if kind in (ActionKind.DVDS_RIGHT_TO_ASK, ActionKind.DVDS_RIGHT_TO_KNOW):
        route = "right to ask" if kind is ActionKind.DVDS_RIGHT_TO_ASK else "right to know"
        return make(
            timedelta(days=policy.dvds_days),
            f"Clare's Law ({route}): decide on disclosure within {policy.dvds_days} days",
            "The disclosure decision is late",
        )
    if kind is ActionKind.CHILDRENS_SOCIAL_CARE:
        return make(
            timedelta(hours=policy.childrens_social_care_hours),
            f"Refer the children to children's social care within "
            f"{policy.childrens_social_care_hours} h",
            "The children's social care referral is late",
        )
    if kind is ActionKind.IDVA_REFERRAL:
        return make(
            timedelta(hours=policy.idva_referral_hours),
            f"Refer the victim to an IDVA within {policy.idva_referral_hours} h",
            "The IDVA referral is late",
        )
    return make(
        timedelta(hours=policy.safety_planning_hours),
        f"Agree a safety plan with the victim within {policy.safety_planning_hours} h",
        "The safety plan is late",
    )


def check_dvpn(
    authorising_rank: str,
    *,
    perpetrator_age_years: int | None = None,
    policy: ClockPolicy | None = None,
) -> None:
    """Check that a DVPN may be given on this authority, to this person.

    Parameters
    ----------
    authorising_rank
        Rank of the authorising officer (case and spacing ignored).
    perpetrator_age_years
        Age of the person the notice is given to, if known.
    policy
        Ranks and minimums; ``None`` uses the packaged policy file.

    Raises
    ------
    ProtectiveActionError
        ``unknown_rank``, ``rank_too_low`` or ``perpetrator_too_young``.
    """
    policy = policy or _default_policy()
    rank = normalise_rank(authorising_rank) if isinstance(authorising_rank, str) else ""
    if rank not in policy.ranks:
        raise ProtectiveActionError(
            "unknown_rank",
            f"{authorising_rank!r} is not a rank; use one of {', '.join(policy.ranks)}",
            field="authorising_rank",
        )
    if policy.ranks.index(rank) < policy.ranks.index(policy.dvpn_min_rank):
        raise ProtectiveActionError(
            "rank_too_low",
            f"a DVPN must be authorised by a {policy.dvpn_min_rank} or above, not a {rank}",
            field="authorising_rank",
        )
    if perpetrator_age_years is not None and perpetrator_age_years < policy.dvpn_min_age_years:
        raise ProtectiveActionError(
            "perpetrator_too_young",
            f"a DVPN may be given only to a person aged {policy.dvpn_min_age_years} or over",
            field="perpetrator_age_years",
        )


@dataclass(frozen=True, slots=True)
class SupervisorReview:
    """Whether closing a crime with this outcome needs a supervisor's review, and why."""

    required: bool
    code: str
    text: str
    policy_version: str


def needs_supervisor_review(
    outcome_type: int, *, policy: ClockPolicy | None = None
) -> SupervisorReview:
    """Say whether closing a domestic-abuse crime with ``outcome_type`` needs a supervisor.

    Outcomes 15 and 16 (evidential difficulties, suspect identified) close the case with no
    further action; a joint inspection found half such decisions unchecked, so each needs a
    supervisor's review.

    Raises
    ------
    ProtectiveActionError
        ``bad_outcome_type`` if ``outcome_type`` is not a whole number from 0 to 22.
    """
    policy = policy or _default_policy()
    if (
        isinstance(outcome_type, bool)
        or not isinstance(outcome_type, int)
        or not 0 <= outcome_type <= HIGHEST_OUTCOME_TYPE
    ):
        raise ProtectiveActionError(
            "bad_outcome_type",
            f"outcome type {outcome_type!r} is not a Home Office outcome type (0 to "
            f"{HIGHEST_OUTCOME_TYPE})",
            field="outcome_type",
        )
    if outcome_type in policy.supervisor_review_outcomes:
        return SupervisorReview(
            True,
            "nfa_outcome_review",
            f"Outcome {outcome_type} closes the case with no further action: a supervisor "
            "must review the decision before it is closed",
            policy.version,
        )
    return SupervisorReview(
        False,
        "no_review_needed",
        f"Outcome {outcome_type} does not need a supervisor's review under this policy",
        policy.version,
    )
