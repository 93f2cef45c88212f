"""Reads for the visit backlog: the whole force's backlog on a day (overdue and missed
visits by risk, station and manager, caseloads against the cap), its daily snapshots and
the trend they draw (a fixed number of queries)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from . import policy as rules
from .backlog_cache import by_register_stamp
from .facts import current_policy, evaluate_offenders
from .models import (
    BacklogSnapshot,
)
from .queries import offender_managers, register_evaluation


@dataclass
class Backlog:
    """The backlog on a day, with the groupings the page and the CLI show."""

    summary: rules.BacklogSummary
    caseloads: tuple[rules.Caseload, ...]
    manager_names: dict[str, str]
    station_names: list[str]
    trend: list[BacklogSnapshot] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        s = self.summary
        return {
            "as_of": s.as_of.isoformat(),
            "policy_version": s.policy_version,
            "overdue_visits": s.totals.overdue_visits,
            "missed_visits": s.totals.missed_visits,
            "oldest_overdue_days": s.totals.oldest_overdue_days,
            "offenders": s.totals.offenders,
            "overdue_risk_reviews": s.totals.risk_reviews_overdue,
            "overdue_notifications": s.totals.notifications_overdue,
            "overdue_station_attendances": s.totals.overdue_station_attendances,
            "whereabouts_unknown": s.totals.whereabouts_unknown,
            "by_risk": {k: v.to_dict() for k, v in s.by_risk.items()},
            "by_station": {k: v.to_dict() for k, v in s.groups["station"].items()},
            "by_manager": {
                self.manager_names.get(k, k): v.to_dict() for k, v in s.groups["manager"].items()
            },
            "caseload_cap": s.caseload_cap,
            "caseloads": [
                {
                    "manager": self.manager_names.get(c.manager, c.manager),
                    "offenders": c.offenders,
                    "over_cap": c.over_cap,
                }
                for c in self.caseloads
            ],
            "trend": trend_points(self.trend),
        }


def backlog_trend(today: date, *, days: int = 90) -> list[BacklogSnapshot]:
    """The daily snapshots of the last ``days`` days up to ``today``, oldest first (one query)."""
    return list(
        BacklogSnapshot.objects.filter(
            day__gte=today - timedelta(days=days), day__lte=today
        ).order_by("day")
    )


def trend_points(trend: Sequence[BacklogSnapshot]) -> list[dict[str, Any]]:
    """The snapshots as the page, the API and the chart show them."""
    return [
        {
            "day": t.day.isoformat(),
            "overdue_visits": t.overdue_visits,
            "missed_visits": t.missed_visits,
        }
        for t in trend
    ]


def compute_backlog(today: date, *, trend_days: int = 90, cached: bool = False) -> Backlog:
    """The whole force's backlog (4 queries: offenders, trips, managers, snapshots).

    ``cached``: reuse the policy's verdict kept under the register's change stamp
    (``backlog_cache``; 2 cheap queries instead of the offenders and trips).
    """
    policy = current_policy()
    if cached:
        summary, counts = by_register_stamp(
            "backlog", today, policy.version, lambda: _register_summary(today, policy)
        )
    else:
        summary, counts = _register_summary(today, policy)
    managers = offender_managers()
    names = {m.username: m.get_full_name() or m.username for m in managers}
    for m in managers:
        counts.setdefault(m.username, 0)
    caseloads = rules.check_caseloads(dict(counts), policy)
    trend = backlog_trend(today, days=trend_days)
    stations = sorted(summary.groups["station"])
    return Backlog(summary, caseloads, names, stations, trend)


def _register_summary(
    today: date, policy: rules.VisitPolicy
) -> tuple[rules.BacklogSummary, Counter[str]]:
    evaluated = evaluate_offenders(today=today, policy=policy)
    summary = rules.summarise_backlog(
        ((e.facts, e.result) for e in evaluated),
        policy=policy,
        today=today,
        group_by={
            "station": lambda f: f.station,
            "manager": lambda f: f.offender_manager,
        },
    )
    counts = Counter(
        e.row["offender_manager__username"]
        for e in evaluated
        if e.row["offender_manager__username"]
    )
    return summary, counts


def take_snapshot(today: date) -> BacklogSnapshot:
    """Store today's backlog figures (replacing any earlier snapshot for the day)."""
    backlog = compute_backlog(today, trend_days=0)
    data = backlog.to_dict()
    snapshot, _ = BacklogSnapshot.objects.update_or_create(
        day=today,
        defaults={
            "policy_version": data["policy_version"],
            "overdue_visits": data["overdue_visits"],
            "missed_visits": data["missed_visits"],
            "oldest_overdue_days": data["oldest_overdue_days"],
            "overdue_risk_reviews": data["overdue_risk_reviews"],
            "overdue_notifications": data["overdue_notifications"],
            "by_risk": {k: v["overdue_visits"] for k, v in data["by_risk"].items()},
            "by_station": {k: v["overdue_visits"] for k, v in data["by_station"].items()},
        },
    )
    return snapshot


def warm_register(today: date) -> None:
    """Evaluate the register and the backlog's figures for ``today`` before a request
    asks: a web worker does it once it starts (``safehold.config.warmup``)."""
    register_evaluation(today)
    compute_backlog(today, trend_days=0, cached=True)
