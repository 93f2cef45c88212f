"""``outcomes explain``: the decomposition of a change in the DA charge or arrest rate
between two periods, as the plain data the command, the API and the page all show."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pyarrow as pa

from safehold.errors import InvalidInput
from safehold.safeguarding.models import OUTCOME_TYPES

from .duckdb_store import explain_counts
from .explain import Counts, Decomposition, decompose, outcome_shift, sentence
from .rates import DEFAULT_THRESHOLD

METRICS = {
    "charge_rate": ("DA charge/summons rate", "pp"),
    "arrest_rate": ("DA arrests per 100 DA crimes", "per 100"),
}
_PERIOD = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$")


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    text: str


def parse_period(text: str, field: str) -> Period:
    """``YYYY-MM..YYYY-MM`` as the first and last day it covers."""
    match = _PERIOD.match(text.strip())
    if not match:
        raise InvalidInput(
            f"'{text}' is not a period; use YYYY-MM..YYYY-MM, e.g. 2026-01..2026-03", field=field
        )
    y0, m0, y1, m1 = (int(g) for g in match.groups())
    if not (1900 <= y0 <= 2999 and 1900 <= y1 <= 2999):
        raise InvalidInput(f"'{text}' has a year outside 1900-2999", field=field)
    if not (1 <= m0 <= 12 and 1 <= m1 <= 12):
        raise InvalidInput(f"'{text}' has a month outside 01-12", field=field)
    start = date(y0, m0, 1)
    nxt = date(y1 + (m1 == 12), m1 % 12 + 1, 1)
    end = nxt - timedelta(days=1)
    if end < start:
        raise InvalidInput(f"'{text}' ends before it starts", field=field)
    return Period(start, end, text.strip())


def shift_month(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def default_periods(today: date) -> tuple[str, str]:
    """The last three complete months, and the three before them."""
    this = date(today.year, today.month, 1)
    fmt = "{:%Y-%m}..{:%Y-%m}"
    after = fmt.format(shift_month(this, -3), shift_month(this, -1))
    before = fmt.format(shift_month(this, -6), shift_month(this, -4))
    return before, after


def _parts(d: Decomposition) -> list[dict[str, Any]]:
    return [
        {
            "group": p.group,
            "rate_effect_pp": round(p.rate_effect_pp, 3),
            "mix_effect_pp": round(p.mix_effect_pp, 3),
            "contribution_pp": round(p.contribution_pp, 3),
        }
        for p in d.parts
    ]


def explain(
    table: pa.Table,
    metric: str,
    before: Period,
    after: Period,
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> dict[str, Any]:
    """The decomposition as JSON-ready data (no counts below ``threshold`` appear)."""
    if metric not in METRICS:
        raise InvalidInput(
            f"'{metric}' is not a metric; use one of {', '.join(METRICS)}", field="metric"
        )
    label, unit = METRICS[metric]
    if before.start <= after.end and after.start <= before.end:
        raise InvalidInput("The two periods overlap; choose periods that do not", field="after")
    b, a = explain_counts(table, metric, (before.start, before.end), (after.start, after.end))

    def counts(d: dict[str, tuple[float, int]]) -> dict[str, Counts]:
        return {k: Counts(num, n) for k, (num, n) in d.items()}

    by_area = decompose(counts(b.by_area), counts(a.by_area))
    by_type = decompose(counts(b.by_crime_type), counts(a.by_crime_type))

    def crimes(n: int) -> int | None:
        return None if 0 < n < threshold else n

    return {
        "metric": metric,
        "label": label,
        "unit": unit,
        "before": {
            "period": before.text,
            "rate": round(by_area.rate_before, 3),
            "crimes": crimes(by_area.crimes_before),
        },
        "after": {
            "period": after.text,
            "rate": round(by_area.rate_after, 3),
            "crimes": crimes(by_area.crimes_after),
        },
        "change_pp": round(by_area.change_pp, 3),
        "rate_effect_pp": round(by_area.rate_effect_pp, 3),
        "mix_effect_pp": round(by_area.mix_effect_pp, 3),
        "by_area": _parts(by_area),
        "by_crime_type": _parts(by_type),
        "outcome_shift": [
            {
                "outcome_type": s.outcome_type,
                "label": OUTCOME_TYPES.get(s.outcome_type, ""),
                "share_before": round(s.share_before, 4),
                "share_after": round(s.share_after, 4),
                "change_pp": round(s.change_pp, 3),
            }
            for s in outcome_shift(b.outcomes, a.outcomes)
        ],
        "sentence": sentence(label, by_area, by_area, unit),
        "definition": (
            "charge_rate: outcome 1 among DA crimes given an outcome (1-22) in the period, by "
            "outcome date. arrest_rate: arrests on DA crimes recorded in the period per 100 "
            "of them. Kitagawa decomposition: rate effect (r1-r0)(w0+w1)/2, mix effect "
            "(w1-w0)(r0+r1)/2 per group; the parts add up to change_pp."
        ),
    }
