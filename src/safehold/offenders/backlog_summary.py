"""The backlog over many evaluated offenders: its order, its counts, and caseloads.

`order_backlog` puts results in working order; `summarise_backlog` counts overdue and
missed visits, overdue reviews and notifications, in all, by risk level and by any
grouping the caller names (`STANDARD_GROUPS`: station and offender manager);
`check_caseloads` compares each offender manager's caseload with the policy's cap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, TypeAlias

from .dates import check_today
from .policy_config import VisitPolicy
from .policy_errors import PolicyError
from .policy_facts import OffenderFacts
from .policy_result import PolicyResult
from .vocabulary import LEVEL_KEYS, OffenderStatus, VisitKind

__all__ = [
    "STANDARD_GROUPS",
    "UNASSESSED",
    "UNASSIGNED",
    "BacklogSummary",
    "Caseload",
    "GroupCounts",
    "GroupKey",
    "check_caseloads",
    "order_backlog",
    "summarise_backlog",
]


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
    check_today(today)
    groupings = dict(group_by or {})
    total = _Tally()
    by_risk = {level: _Tally() for level in (*LEVEL_KEYS, UNASSESSED)}
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
