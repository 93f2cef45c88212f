"""DAPN and DAPO (Domestic Abuse Act 2021 Part 3) beside DVPN and DVPO: which regime a force
works under, who may give a notice, and the clocks a DAPN or DAPO starts.

=================  ==========================================================================
DAPN               given by an officer of ``dapn_min_rank`` or above (inspector: s22, "senior
                   police officer") to a person aged 18 or over; the DAPO application must be
                   heard within 48 counted hours (s29: Sundays, Christmas Day, Good Friday and
                   bank holidays not counted, ``court_days``)
DAPO               in force for the days the court ordered, or until further order (then the
                   clock is the force's review, ``dapo_review_days``: local practice); may
                   carry positive requirements and notification requirements
DAPO notification  the person must notify their name and address within
                   ``dapo_notification_days`` (3) of the order (s39)
=================  ==========================================================================

Which regime applies is per-force configuration with a start date (``[orders]
dapn_dapo_from``): notices given before it are DVPNs, on or after it DAPNs. A DVPO needs a
DVPN on the incident; a DAPO needs the DAPN/DAPO regime on the day it is made. Where the Act
or its guidance is uncertain the numbers are configuration (docs/safeguarding-rules.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from safehold.datetext import long_date
from safehold.safeguarding.clock_policy import ClockPolicy, ProtectiveActionError, normalise_rank
from safehold.safeguarding.clocks import Clock, clock_for
from safehold.safeguarding.court_days import CourtCalendar, hearing_deadline, load_calendar
from safehold.safeguarding.policy_file import PolicyDocument
from safehold.safeguarding.vocabulary import ActionKind

__all__ = [
    "ORDER_KINDS",
    "OrderPolicy",
    "Regime",
    "check_notice_authority",
    "check_regime",
    "order_clock",
    "regime_on",
]

ORDER_KINDS = frozenset({ActionKind.DAPN, ActionKind.DAPO, ActionKind.DAPO_NOTIFICATION})


@dataclass(frozen=True, slots=True)
class Regime:
    """The notice and order a force gives on a day."""

    notice: ActionKind
    order: ActionKind

    @property
    def name(self) -> str:
        return f"{self.notice.value.upper()}/{self.order.value.upper()}"


DVPN_REGIME = Regime(ActionKind.DVPN, ActionKind.DVPO)
DAPN_REGIME = Regime(ActionKind.DAPN, ActionKind.DAPO)


@dataclass(frozen=True, slots=True)
class OrderPolicy:
    """The ``[orders]`` table: the regime's start date, DAPN authority and DAPO clocks."""

    version: str = "built-in"
    dapn_dapo_from: date | None = None
    dapn_min_rank: str = "inspector"
    dapn_min_age_years: int = 18
    dapo_hearing_hours: int = 48
    dapo_max_days: int = 730
    dapo_review_days: int = 365
    dapo_notification_days: int = 3

    def __post_init__(self) -> None:
        object.__setattr__(self, "dapn_min_rank", normalise_rank(self.dapn_min_rank))
        for name in (
            "dapn_min_age_years",
            "dapo_hearing_hours",
            "dapo_max_days",
            "dapo_review_days",
            "dapo_notification_days",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ProtectiveActionError(
                    "bad_configuration", f"orders.{name} must be at least 1", field=f"orders.{name}"
                )

    @classmethod
    def from_document(cls, document: PolicyDocument) -> OrderPolicy:
        if not document.has("orders"):
            return cls(version=document.version)
        start = document.data["orders"].get("dapn_dapo_from", "")
        if start == "":
            start = None
        elif not isinstance(start, date) or isinstance(start, datetime):
            raise ProtectiveActionError(
                "bad_configuration",
                f"{document.source}: orders.dapn_dapo_from must be a date (2027-04-01) or "
                f'"" for DVPN/DVPO only, not {start!r}',
                field="orders.dapn_dapo_from",
            )
        return cls(
            version=document.version,
            dapn_dapo_from=start,
            dapn_min_rank=document.text("orders.dapn_min_rank"),
            dapn_min_age_years=document.integer("orders.dapn_min_age_years", minimum=1),
            dapo_hearing_hours=document.integer("orders.dapo_hearing_hours", minimum=1),
            dapo_max_days=document.integer("orders.dapo_max_days", minimum=1),
            dapo_review_days=document.integer("orders.dapo_review_days", minimum=1),
            dapo_notification_days=document.integer("orders.dapo_notification_days", minimum=1),
        )


def regime_on(day: date, policy: OrderPolicy) -> Regime:
    """The regime in force on ``day`` (England's calendar day)."""
    if policy.dapn_dapo_from is not None and day >= policy.dapn_dapo_from:
        return DAPN_REGIME
    return DVPN_REGIME


def check_regime(
    kind: ActionKind | str, day: date, policy: OrderPolicy, *, has_dvpn: bool = False
) -> None:
    """Refuse a notice or order the force's regime does not give on ``day``.

    A DVPN or DAPN must be the regime's notice; a DAPO needs the DAPN/DAPO regime; a DVPO
    needs a DVPN on the incident (``has_dvpn``), whenever that was served.

    Raises
    ------
    ProtectiveActionError
        ``wrong_regime`` or ``dvpo_without_dvpn`` (field ``kind``).
    """
    kind = ActionKind(kind)
    regime = regime_on(day, policy)
    since = (
        f" from {long_date(policy.dapn_dapo_from)}"
        if policy.dapn_dapo_from is not None and regime is DAPN_REGIME
        else ""
    )
    if kind in (ActionKind.DVPN, ActionKind.DAPN) and kind is not regime.notice:
        raise ProtectiveActionError(
            "wrong_regime",
            f"this force gives {regime.notice.value.upper()}s{since}, not a "
            f"{kind.value.upper()} "
            "([orders] dapn_dapo_from in the policy file)",
            field="kind",
        )
    if kind is ActionKind.DAPO and regime is not DAPN_REGIME:
        raise ProtectiveActionError(
            "wrong_regime",
            "this force is not under the DAPN/DAPO regime on that day ([orders] dapn_dapo_from)",
            field="kind",
        )
    if kind is ActionKind.DVPO and not has_dvpn:
        raise ProtectiveActionError(
            "dvpo_without_dvpn", "a DVPO follows a DVPN: record the DVPN first", field="kind"
        )


def check_notice_authority(
    kind: ActionKind | str,
    authorising_rank: str,
    *,
    perpetrator_age_years: int | None,
    clocks: ClockPolicy,
    orders: OrderPolicy,
) -> None:
    """Check the rank and the person's age for a DVPN or a DAPN (other kinds pass).

    Raises
    ------
    ProtectiveActionError
        ``unknown_rank``, ``rank_too_low`` (field ``authorising_rank``) or
        ``perpetrator_too_young`` (field ``perpetrator_age_years``).
    """
    kind = ActionKind(kind)
    if kind is ActionKind.DVPN:
        minimum, min_age = clocks.dvpn_min_rank, clocks.dvpn_min_age_years
    elif kind is ActionKind.DAPN:
        minimum, min_age = orders.dapn_min_rank, orders.dapn_min_age_years
    else:
        return
    if minimum not in clocks.ranks:
        raise ProtectiveActionError(
            "bad_configuration",
            f"orders.dapn_min_rank {minimum!r} is not in clocks.ranks",
            field="orders.dapn_min_rank",
        )
    rank = normalise_rank(authorising_rank) if isinstance(authorising_rank, str) else ""
    if rank not in clocks.ranks:
        raise ProtectiveActionError(
            "unknown_rank",
            f"{authorising_rank!r} is not a rank; use one of {', '.join(clocks.ranks)}",
            field="authorising_rank",
        )
    name = kind.value.upper()
    if clocks.ranks.index(rank) < clocks.ranks.index(minimum):
        raise ProtectiveActionError(
            "rank_too_low",
            f"a {name} must be authorised by a {minimum} or above, not a {rank}",
            field="authorising_rank",
        )
    if perpetrator_age_years is not None and perpetrator_age_years < min_age:
        raise ProtectiveActionError(
            "perpetrator_too_young",
            f"a {name} may be given only to a person aged {min_age} or over",
            field="perpetrator_age_years",
        )


def order_clock(
    kind: ActionKind | str,
    started_at: datetime,
    policy: OrderPolicy,
    *,
    order_days: int | None = None,
    calendar: CourtCalendar | None = None,
) -> Clock:
    """The clock a DAPN, a DAPO or a DAPO's notification requirement starts.

    Raises
    ------
    ProtectiveActionError
        ``unknown_action`` for another kind, ``bad_order_days`` for a length out of range.
    """
    kind = ActionKind(kind)
    if kind not in ORDER_KINDS:
        raise ProtectiveActionError(
            "unknown_action", f"{kind.value} is not a DAPN or DAPO clock", field="action"
        )
    if order_days is not None and kind is not ActionKind.DAPO:
        raise ProtectiveActionError(
            "bad_order_days", "order_days applies to a DVPO or DAPO only", field="order_days"
        )
    if kind is ActionKind.DAPN:
        calendar = calendar or load_calendar()
        due = hearing_deadline(started_at, policy.dapo_hearing_hours, calendar)
        return Clock(
            kind,
            started_at,
            due,
            f"DAPO application to be heard within {policy.dapo_hearing_hours} h of giving the "
            "DAPN, not counting Sundays, Christmas Day, Good Friday or bank holidays",
            "The DAPN lapses and the victim loses its protection",
            policy.version,
        )
    if kind is ActionKind.DAPO_NOTIFICATION:
        days = policy.dapo_notification_days
        return Clock(
            kind,
            started_at,
            started_at + timedelta(days=days),
            f"The person subject to the DAPO must notify their name and address within {days} "
            "days of the order",
            "Failing to notify is an offence: consider arrest",
            policy.version,
        )
    if order_days is None:
        return Clock(
            kind,
            started_at,
            started_at + timedelta(days=policy.dapo_review_days),
            f"DAPO until further order: review it within {policy.dapo_review_days} days",
            "The order's review is late",
            policy.version,
        )
    if isinstance(order_days, bool) or not 1 <= order_days <= policy.dapo_max_days:
        raise ProtectiveActionError(
            "bad_order_days",
            f"order_days is {order_days!r}; a DAPO here lasts 1 to {policy.dapo_max_days} days "
            "(or leave it blank for until further order)",
            field="order_days",
        )
    return Clock(
        kind,
        started_at,
        started_at + timedelta(days=order_days),
        f"DAPO in force for {order_days} days; plan safeguarding for when it ends",
        "The order expires",
        policy.version,
    )


def action_clock(
    kind: ActionKind | str,
    started_at: datetime,
    clocks: ClockPolicy,
    orders: OrderPolicy,
    *,
    order_days: int | None = None,
) -> Clock:
    """The clock any protective action starts: a DAPN's or DAPO's from the orders' rules,
    every other action's (a DVPN's included) from the clock policy."""
    if kind in ORDER_KINDS:
        return order_clock(kind, started_at, orders, order_days=order_days)
    return clock_for(kind, started_at, clocks, order_days=order_days)
