"""What the record page shows of risk, the plan, MAPPA and the case: a fixed number of
queries (one per kind of record) whatever the offender's history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from .models import Offender
from .risk_models import (
    ArmsAssessment,
    CaseDetails,
    MappaChange,
    MappaMeeting,
    PlanAction,
    RiskPlan,
    RoshAssessment,
    StaticAssessment,
)
from .risk_tools import Overall, default_config, overall_level

SHOWN = 5


@dataclass(frozen=True, slots=True)
class ArmsRow:
    label: str
    protective: bool
    score: int | None
    observed: str


def _arms_rows(arms: ArmsAssessment | None) -> list[ArmsRow]:
    if arms is None:
        return []
    return [
        ArmsRow(f.label, f.protective, arms.scores.get(f.key), arms.observations.get(f.key, ""))
        for f in default_config().factors
    ]


def _prefetched(offender: Offender, name: str) -> list[Any] | None:
    """A relation the record's query already prefetched (for the timeline), or None."""
    cache: dict[str, Any] = getattr(offender, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def risk_context(offender: Offender) -> dict[str, Any]:
    """The record page's risk, plan, MAPPA and case sections (eight queries; five when
    the record's query prefetched the plans and the MAPPA history)."""
    statics = list(StaticAssessment.objects.filter(offender=offender)[:SHOWN])
    arms = list(ArmsAssessment.objects.filter(offender=offender)[:SHOWN])
    rosh = list(RoshAssessment.objects.filter(offender=offender)[:SHOWN])
    plans = _prefetched(offender, "plans")
    plan = (
        (plans[0] if plans else None)
        if plans is not None
        else RiskPlan.objects.filter(offender=offender)
        .prefetch_related(Prefetch("actions", queryset=PlanAction.objects.all()))
        .first()
    )
    history = _prefetched(offender, "mappa_history")
    derived: Overall = overall_level(
        default_config(),
        static=(statics[0].tool_name, statics[0].combined) if statics else None,
        rosh=rosh[0].level if rosh else None,
        arms=arms[0].priority if arms else None,
    )
    return {
        "statics": statics,
        "arms_list": arms,
        "arms_rows": _arms_rows(arms[0] if arms else None),
        "rosh_list": rosh,
        "plan": plan,
        "derived": derived,
        "mappa_history": (
            history[:SHOWN]
            if history is not None
            else list(MappaChange.objects.filter(offender=offender)[:SHOWN])
        ),
        "meetings": list(MappaMeeting.objects.filter(offender=offender)[:SHOWN]),
        "case": CaseDetails.objects.filter(offender=offender).first(),
        "notifiable": offender.mappa_category == 1,
    }
