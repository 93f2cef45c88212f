"""API: the DA outcome measures and the explanation of a change (aggregates only)."""

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router

from safehold.accounts.roles import Capability
from safehold.apiutil import Code, require_api
from safehold.clock import SYSTEM_CLOCK
from safehold.errors import InvalidInput

from . import queries
from .measures import crime_measures, threshold
from .outcomes import default_periods, explain, parse_period

# A period as YYYY-MM..YYYY-MM (parse_period says what is wrong with one that is not).
Period = Annotated[str, Field(max_length=16)]

router = Router(tags=["insights"])


@router.get(
    "/outcomes/explain", response=dict[str, Any], summary="Why a DA rate changed (aggregates)"
)
@require_api(Capability.VIEW_AGGREGATES)
def get_explain(
    request: HttpRequest, before: Period = "", after: Period = "", metric: Code = "charge_rate"
) -> dict[str, Any]:
    """The Kitagawa decomposition of the change between two periods (YYYY-MM..YYYY-MM;
    by default the last three complete months against the three before)."""
    default_before, default_after = default_periods(SYSTEM_CLOCK.today())
    before, after = before or default_before, after or default_after
    return explain(
        queries.crime_table(),
        metric,
        parse_period(before, "before"),
        parse_period(after, "after"),
        threshold=threshold(),
    )


@router.get("/outcomes/measures", response=dict[str, Any], summary="DA outcome measures")
@require_api(Capability.VIEW_AGGREGATES)
def get_measures(
    request: HttpRequest, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """Monthly DA crime measures with their trend tests (small counts suppressed)."""
    end = end or SYSTEM_CLOCK.today()
    start = start or date(end.year - 1, end.month, 1)
    if end < start or (end - start).days > 3660:
        raise InvalidInput("end must be on or after start, at most ten years later", field="end")
    measures = crime_measures(queries.crime_table(), start, end)
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "suppressed_below": threshold(),
        "measures": [
            {
                "key": m.key,
                "label": m.label,
                "kind": m.kind,
                "unit": m.unit,
                "definition": m.definition,
                "trend": {
                    **asdict(m.trend),
                    "significant": m.trend.significant,
                    "direction": m.trend.direction,
                },
                "points": [
                    {
                        "month": p.month,
                        "value": p.value,
                        "suppressed": p.suppressed,
                        "cases": None if p.suppressed else p.denominator,
                    }
                    for p in m.points
                ],
            }
            for m in measures
        ],
    }
