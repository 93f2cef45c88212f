"""The backlog forecast read from the register: when it clears at today's capacity, and
the days-to-clear curve against the number of pairs (``forecast.py`` holds the rules).

Today's capacity is the number of active officer pairs times the visits a pair-day the
latest finished plan achieved (or the planner's target of 10 before any plan).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.offenders import policy as rules
from safehold.offenders.facts import current_policy, evaluate_offenders
from safehold.offenders.models import Status

from .forecast import ClearanceForecast, CurvePoint, OffenderDue, days_to_clear_curve
from .forecast import forecast_clearance as roll_forward
from .models import FINISHED, OfficerPair, PlanRun

DEFAULT_VISITS_PER_PAIR_DAY = 10.0


@dataclass(frozen=True)
class Forecast:
    """When the backlog clears at today's capacity, and the what-if over pair counts."""

    today: date
    pairs: int
    visits_per_pair_day: float
    capacity_source: str
    policy_version: str
    at_capacity: ClearanceForecast
    curve: tuple[CurvePoint, ...]
    paths: dict[int, tuple[int, ...]]

    def to_dict(self) -> dict[str, Any]:
        f = self.at_capacity
        return {
            "today": self.today.isoformat(),
            "policy_version": self.policy_version,
            "pairs": self.pairs,
            "visits_per_pair_day": self.visits_per_pair_day,
            "capacity_source": self.capacity_source,
            "backlog_today": f.backlog_today,
            "clear_date": f.clear_date.isoformat() if f.clear_date else None,
            "days_to_clear": f.days_to_clear,
            "curve": [
                {
                    "pairs": p.pairs,
                    "days_to_clear": p.days_to_clear,
                    "clear_date": p.clear_date.isoformat() if p.clear_date else None,
                }
                for p in self.curve
            ],
        }

    def backlog_rows(self) -> list[dict[str, Any]]:
        """Backlog by day for a few pair counts, for the chart."""
        rows = []
        for pairs, path in sorted(self.paths.items()):
            for k, value in enumerate(path):
                rows.append(
                    {
                        "day": (self.today + timedelta(days=k)).isoformat(),
                        "backlog": value,
                        "pairs": f"{pairs} pairs",
                    }
                )
        return rows


def _cycles(today: date) -> tuple[list[OffenderDue], str]:
    policy = current_policy()
    cycles = []
    for e in evaluate_offenders(today=today, policy=policy):
        r = e.result
        if (
            e.row["status"] != Status.MANAGED
            or r.visit_kind is not rules.VisitKind.HOME_VISIT
            or r.next_visit_due is None
            or r.interval_months is None
            or r.effective_risk_level is None
        ):
            continue
        cycles.append(
            OffenderDue(
                offender_id=str(e.row["id"]),
                risk_level=r.effective_risk_level.value,
                interval_days=max(1, round(r.interval_months * 365.25 / 12)),
                next_due=r.next_visit_due,
            )
        )
    return cycles, policy.version


def capacity(run: PlanRun | None = None) -> tuple[float, str]:
    """Visits per pair-day: the given plan's, else the latest finished plan's, else 10."""
    if run is None:
        run = (
            PlanRun.objects.filter(status__in=FINISHED, kpis__isnull=False)
            .order_by("-finished_at", "-pk")
            .first()
        )
    if run is not None and run.kpis.get("visits_per_pair_day"):
        return float(run.kpis["visits_per_pair_day"]), f"visit plan {run.pk}"
    return DEFAULT_VISITS_PER_PAIR_DAY, "the planner's target (no plan made yet)"


def forecast(
    today: date,
    *,
    pairs: int | None = None,
    visits_per_pair_day: float | None = None,
    run: PlanRun | None = None,
    max_pairs: int | None = None,
) -> Forecast:
    """Roll the register forward at today's capacity, and for other numbers of pairs."""
    if visits_per_pair_day is None:
        visits_per_pair_day, source = capacity(run)
    else:
        source = "given"
    if pairs is None:
        pairs = OfficerPair.objects.filter(active=True).count()
        if pairs == 0:
            pairs = max(
                1, User.objects.filter(role=Role.OFFENDER_MANAGER, is_active=True).count() // 2
            )
    cycles, version = _cycles(today)
    at_capacity = roll_forward(
        cycles, today=today, pairs=pairs, visits_per_pair_day=visits_per_pair_day
    )
    top = max_pairs or max(4, 2 * pairs)
    counts = sorted({*range(1, top + 1)})
    curve = days_to_clear_curve(
        cycles, today=today, pair_counts=counts, visits_per_pair_day=visits_per_pair_day
    )
    shown = sorted({max(1, math.ceil(pairs / 2)), pairs, pairs + max(1, pairs // 2)})
    paths = {}
    for n in shown:
        result = roll_forward(cycles, today=today, pairs=n, visits_per_pair_day=visits_per_pair_day)
        horizon = at_capacity.days_to_clear or len(at_capacity.backlog_by_day)
        paths[n] = result.backlog_by_day[: max(horizon + 7, 14)]
    return Forecast(
        today=today,
        pairs=pairs,
        visits_per_pair_day=visits_per_pair_day,
        capacity_source=source,
        policy_version=version,
        at_capacity=at_capacity,
        curve=curve,
        paths=paths,
    )
