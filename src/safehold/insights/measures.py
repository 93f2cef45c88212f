"""Every measure over a period, assembled from the crime table (DuckDB, via the store) and
the safeguarding and register queries. Aggregates only; small counts suppressed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pyarrow as pa
from django.conf import settings

from . import queries
from .crime_sql import MonthCounts
from .duckdb_store import month_counts_sets
from .rates import DEFAULT_THRESHOLD, Measure, median_measure, months_between, rate_measure

CHARGE_DEFINITION = (
    "Outcome 1 (charge/summons) among domestic-abuse crimes given an outcome (types 1 to 22) "
    "in the month, by the date the outcome was given (the Home Office's outcome-date view)."
)
COHORT_DEFINITION = (
    "Domestic-abuse crimes recorded in the month that have since been given outcome 1, "
    "among all recorded that month (the cohort view; recent months rise as outcomes arrive)."
)


def threshold() -> int:
    return int(getattr(settings, "SAFEHOLD_SUPPRESS_BELOW", DEFAULT_THRESHOLD))


@dataclass(frozen=True, slots=True)
class GroupRow:
    """One area or crime type over the whole period."""

    group: str
    crimes: float | None
    arrests_per_100: float | None
    outcomes: float | None
    charge_rate: float | None
    oc15_share: float | None
    oc16_share: float | None


def _sum(rows: list[MonthCounts], pick: str, num: str, den: str) -> dict[str, tuple[float, int]]:
    out: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for r in rows:
        key = getattr(r, pick)
        out[key][0] += getattr(r, num)
        out[key][1] += getattr(r, den)
    return {k: (v[0], int(v[1])) for k, v in out.items()}


@dataclass(frozen=True, slots=True)
class Overview:
    measures: list[Measure]
    by_area: list[GroupRow]
    by_crime_type: list[GroupRow]


def crime_overview(table: pa.Table, start: date, end: date) -> Overview:
    """The DA crime measures, and the same by area and crime type, from one DuckDB query."""
    sets = month_counts_sets(table, start, end)
    return Overview(
        crime_measures(table, start, end, sets["all"]),
        _by_group(sets["area"]),
        _by_group(sets["crime_type"]),
    )


def crime_measures(
    table: pa.Table, start: date, end: date, rows: list[MonthCounts] | None = None
) -> list[Measure]:
    months = months_between(f"{start:%Y-%m}", f"{end:%Y-%m}")
    if rows is None:
        rows = month_counts_sets(table, start, end)["all"]
    t = threshold()

    def series(num: str, den: str) -> dict[str, tuple[float, int]]:
        return _sum(rows, "month", num, den)

    return [
        rate_measure(
            "arrest_rate",
            "DA arrests per 100 DA crimes",
            "ratio",
            "Arrests on domestic-abuse crimes recorded in the month, per 100 of those crimes "
            "(a ratio, not a share: one crime can lead to several arrests, so it can exceed 100).",
            series("arrests", "crimes"),
            months,
            threshold=t,
            unit="per 100",
        ),
        rate_measure(
            "charge_rate",
            "DA charge/summons rate",
            "share",
            CHARGE_DEFINITION,
            series("charged", "outcomes"),
            months,
            threshold=t,
        ),
        rate_measure(
            "charge_rate_cohort",
            "DA charge/summons rate (cohort)",
            "share",
            COHORT_DEFINITION,
            series("cohort_charged", "crimes"),
            months,
            threshold=t,
        ),
        rate_measure(
            "oc15_share",
            "Outcome 15 share",
            "share",
            "Outcome 15 (evidential difficulties, victim supports action) among DA "
            "crimes given an outcome in the month.",
            series("oc15", "outcomes"),
            months,
            threshold=t,
            higher_is_better=False,
        ),
        rate_measure(
            "oc16_share",
            "Outcome 16 share",
            "share",
            "Outcome 16 (evidential difficulties, victim does not support action) "
            "among DA crimes given an outcome in the month.",
            series("oc16", "outcomes"),
            months,
            threshold=t,
            higher_is_better=False,
        ),
    ]


def by_group(table: pa.Table, by: str, start: date, end: date) -> list[GroupRow]:
    """The DA crime measures over the whole period for each area or crime type."""
    return _by_group(month_counts_sets(table, start, end)[by])


def _by_group(rows: list[MonthCounts]) -> list[GroupRow]:
    t = threshold()
    totals: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    for r in rows:
        acc = totals[r.group]
        for i, v in enumerate((r.crimes, r.arrests, r.outcomes, r.charged, r.oc15, r.oc16)):
            acc[i] += v

    def rate(num: int, den: int) -> float | None:
        return round(100 * num / den, 1) if den >= t else None

    out = [
        GroupRow(
            group=g,
            crimes=None if 0 < c < t else c,
            arrests_per_100=rate(a, c),
            outcomes=None if 0 < o < t else o,
            charge_rate=rate(ch, o),
            oc15_share=rate(o15, o),
            oc16_share=rate(o16, o),
        )
        for g, (c, a, o, ch, o15, o16) in totals.items()
    ]
    out.sort(key=lambda r: (-(r.crimes or 0), r.group))
    return out


def other_measures(start: date, end: date) -> list[Measure]:
    months = months_between(f"{start:%Y-%m}", f"{end:%Y-%m}")
    t = threshold()
    return [
        rate_measure(
            "closures_reviewed",
            "Outcome 15/16 closures reviewed by a supervisor",
            "share",
            "DA crimes closed with outcome 15 or 16 in the month that have a supervisor's review.",
            queries.closures_reviewed(start, end),
            months,
            threshold=t,
        ),
        median_measure(
            "attendance_delay",
            "Attendance delay (median hours)",
            "Median hours from the report to the victim being seen, by month reported.",
            queries.attendance_delay(start, end),
            months,
            threshold=t,
        ),
        rate_measure(
            "response_compliance",
            "Response compliance",
            "share",
            "Emergency and priority calls (the demand policy's response grades) attended "
            "within their grade's target, by month received (the demand work's compliance "
            "rule: the clock starts at the call, or at dispatch if the policy says so).",
            queries.response_compliance(start, end),
            months,
            threshold=t,
        ),
        rate_measure(
            "contact_within_target",
            "Contact within target",
            "share",
            "Victims reached (spoken to or seen) within the contact target for their "
            "grade (safeguarding policy), by month reported.",
            queries.contact_within_target(start, end),
            months,
            threshold=t,
        ),
        rate_measure(
            "reassessment_timeliness",
            "Re-assessment on time",
            "share",
            "Victims whose attendance was delayed or not possible, re-assessed by "
            "telephone (or seen) within the policy's interval for their grade.",
            queries.reassessment_timeliness(start, end),
            months,
            threshold=t,
        ),
        rate_measure(
            "dash_completion",
            "Risk assessment completion (DASH or DARA)",
            "share",
            "Victims seen who have a completed risk questionnaire (DASH-27, SafeLives-24 or "
            "DARA: each counts as a risk assessment), by month reported.",
            queries.dash_completion(start, end),
            months,
            threshold=t,
        ),
        rate_measure(
            "repeat_marac",
            "Repeat MARAC referrals",
            "share",
            "MARAC referrals of a victim referred in the 12 months before (SafeLives "
            "expects 28-40%; far lower suggests repeats are missed).",
            queries.repeat_marac(start, end),
            months,
            threshold=t,
        ),
        rate_measure(
            "dvpn_conversion",
            "DVPN to DVPO conversion",
            "share",
            "DVPNs issued in the month whose incident also has a DVPO.",
            queries.dvpn_conversion(start, end),
            months,
            threshold=t,
        ),
        rate_measure(
            "visits_on_time",
            "Home visits on time",
            "share",
            "Home visits (offender seen) made within the visit interval for the "
            "offender's risk level of the previous visit, by month visited.",
            queries.visits_on_time(start, end),
            months,
            threshold=t,
        ),
        rate_measure(
            "risk_reviews_on_time",
            "Risk reviews on time",
            "share",
            "Risk reviews falling due in the month that were done by the due date.",
            queries.risk_reviews_on_time(start, end),
            months,
            threshold=t,
        ),
    ]


def all_measures(start: date, end: date) -> list[Measure]:
    return [*crime_measures(queries.crime_table(), start, end), *other_measures(start, end)]
