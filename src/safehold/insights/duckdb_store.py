"""The only module of Safehold's analytics that touches DuckDB (an import-linter contract
says so; Splink's use inside people.linkage is the other).

* Crimes: the outcome measures' counts and the decomposition's counts, computed in DuckDB
  over an Arrow table of recorded crimes (made by ``insights.queries``). The table has the
  columns of :class:`safehold.insights.models.Crime`.
* data.police.uk: the open-data files in a DuckDB file under the var directory (see
  :class:`PoliceUkStore`).

Everything returned is plain Python (dataclasses, dicts, lists), never a DuckDB object.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

GROUPS = {"all": "'All'", "area": "area", "crime_type": "crime_type"}


@dataclass(frozen=True, slots=True)
class MonthCounts:
    """One month of one group (area, crime type or 'All')."""

    month: str  # YYYY-MM
    group: str
    crimes: int  # DA crimes recorded in the month
    arrests: int  # arrests on them
    cohort_charged: int  # of those, eventually outcome 1
    cohort_outcomes: int  # of those, given an outcome (other than 0) so far
    outcomes: int  # DA crimes given an outcome (other than 0) in the month
    charged: int  # of those, outcome 1
    oc15: int
    oc16: int


def _connect(table: pa.Table) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.register("crimes", table)
    return con


def month_counts(table: pa.Table, by: str, start: date, end: date) -> list[MonthCounts]:
    """Counts per month (recorded month, and outcome month for outcomes) and group."""
    group = GROUPS[by]
    con = _connect(table)
    sql = f"""
    with da as (select * from crimes where domestic_abuse),
    rec as (
      select strftime(recorded_on, '%Y-%m') as month, {group} as grp, count(*) as crimes,
             sum(arrests) as arrests,
             count(*) filter (where outcome_type = 1) as cohort_charged,
             count(*) filter (where outcome_type > 0) as cohort_outcomes
      from da where recorded_on between $start and $end group by all),
    outc as (
      select strftime(outcome_on, '%Y-%m') as month, {group} as grp,
             count(*) as outcomes,
             count(*) filter (where outcome_type = 1) as charged,
             count(*) filter (where outcome_type = 15) as oc15,
             count(*) filter (where outcome_type = 16) as oc16
      from da where outcome_type > 0 and outcome_on between $start and $end group by all)
    select coalesce(rec.month, outc.month) as m, coalesce(rec.grp, outc.grp) as g,
           coalesce(crimes, 0), coalesce(arrests, 0), coalesce(cohort_charged, 0),
           coalesce(cohort_outcomes, 0), coalesce(outcomes, 0), coalesce(charged, 0),
           coalesce(oc15, 0), coalesce(oc16, 0)
    from rec full outer join outc on rec.month = outc.month and rec.grp = outc.grp
    order by m, g
    """  # noqa: S608 -- {group} is one of GROUPS
    # The query is built from the fixed GROUPS vocabulary only; dates are parameters.
    rows = con.execute(sql, {"start": start, "end": end}).fetchall()
    con.close()
    return [MonthCounts(r[0], r[1], *(int(x) for x in r[2:])) for r in rows]


@dataclass(frozen=True, slots=True)
class PeriodCounts:
    """Numerator and crimes per group for one period, and its outcome-type counts."""

    by_area: dict[str, tuple[float, int]]
    by_crime_type: dict[str, tuple[float, int]]
    outcomes: dict[int, int]


def period_counts(table: pa.Table, metric: str, start: date, end: date) -> PeriodCounts:
    """What the decomposition needs for one period.

    ``charge_rate``: DA crimes given an outcome (other than 0) with ``outcome_on`` in the
    period, numerator those with outcome 1. ``arrest_rate``: DA crimes recorded in the
    period, numerator their arrests.
    """
    con = _connect(table)
    if metric == "charge_rate":
        base = "outcome_type > 0 and outcome_on between $start and $end"
        num = "count(*) filter (where outcome_type = 1)"
    else:
        base = "recorded_on between $start and $end"
        num = "sum(arrests)"
    params: dict[str, Any] = {"start": start, "end": end}
    cube = con.execute(
        f"""select area, crime_type, {num}, count(*) from crimes
            where domestic_abuse and {base} group by grouping sets ((area), (crime_type))""",  # noqa: S608 -- fixed clauses
        params,
    ).fetchall()
    outcomes = con.execute(
        """select outcome_type, count(*) from crimes where domestic_abuse and outcome_type > 0
           and outcome_on between $start and $end group by 1""",
        params,
    ).fetchall()
    con.close()
    by_area = {r[0]: (float(r[2] or 0), int(r[3])) for r in cube if r[0] is not None}
    by_type = {r[1]: (float(r[2] or 0), int(r[3])) for r in cube if r[0] is None}
    return PeriodCounts(by_area, by_type, {int(o): int(n) for o, n in outcomes})


def arrow_crimes(columns: dict[str, list[Any]]) -> pa.Table:
    """An Arrow table of crimes from column lists (the schema the queries above read)."""
    return pa.table(
        {
            "recorded_on": pa.array(columns["recorded_on"], pa.date32()),
            "area": pa.array(columns["area"], pa.string()),
            "crime_type": pa.array(columns["crime_type"], pa.string()),
            "domestic_abuse": pa.array(columns["domestic_abuse"], pa.bool_()),
            "arrests": pa.array(columns["arrests"], pa.int32()),
            "outcome_type": pa.array(columns["outcome_type"], pa.int16()),
            "outcome_on": pa.array(columns["outcome_on"], pa.date32()),
        }
    )
