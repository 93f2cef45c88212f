"""The recorded crimes' counting as plain data and SQL text: the dataclasses the crime
queries return, the statements ``duckdb_store`` runs over them, and the Arrow tables they
read. No DuckDB here (``duckdb_store`` executes the SQL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa


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


def codes(column: Any) -> tuple[pa.Array, list[str]]:
    """Integer codes and names of a text column (grouping on integers is much faster)."""
    encoded = column.combine_chunks()
    if not pa.types.is_dictionary(encoded.type):
        encoded = encoded.dictionary_encode()
    return encoded.indices, [str(v) for v in encoded.dictionary.to_pylist()]


# Every crime query reads ``counts``: the crimes counted by month recorded and by month of
# outcome, as ``CrimeMonthCount`` holds them (see insights.models). A table of one row
# per crime is first counted the same way, in DuckDB (COUNTS_SQL), so both give the same
# figures. Measures and the explanation count whole calendar months: a period starting or
# ending mid-month covers that whole month.
COUNTS_SQL = """
create view counts as
select 'recorded' as basis, date_trunc('month', recorded_on)::date as month, area,
       crime_type, domestic_abuse, null::smallint as outcome_type, count(*) as crimes,
       sum(arrests) as arrests, count(*) filter (where outcome_type = 1) as charged,
       count(*) filter (where outcome_type > 0) as with_outcome
from crimes group by all
union all
select 'outcome', date_trunc('month', outcome_on)::date, area, crime_type, domestic_abuse,
       outcome_type, count(*), 0, 0, 0
from crimes where outcome_type > 0 and outcome_on is not null group by all
"""

MONTH_COUNTS_SQL = """
with c as (select * from counts where domestic_abuse),
ev as (
  select month as m, area, crime_type, crimes, arrests, charged as cc, with_outcome as co,
         0 as outcomes, 0 as charged, 0 as oc15, 0 as oc16
  from c where basis = 'recorded' and month between $start and $end
  union all
  select month, area, crime_type, 0, 0, 0, 0, crimes, crimes * (outcome_type = 1)::int,
         crimes * (outcome_type = 15)::int, crimes * (outcome_type = 16)::int
  from c where basis = 'outcome' and month between $start and $end),
fine as (
  select m, area, crime_type, sum(crimes) as crimes, sum(arrests) as arrests,
         sum(cc) as cc, sum(co) as co, sum(outcomes) as outcomes, sum(charged) as charged,
         sum(oc15) as oc15, sum(oc16) as oc16
  from ev group by m, area, crime_type)
select strftime(m, '%Y-%m'), grouping(area, crime_type), area, crime_type, sum(crimes),
       sum(arrests), sum(cc), sum(co), sum(outcomes), sum(charged), sum(oc15), sum(oc16)
from fine group by grouping sets ((m), (m, area), (m, crime_type))
order by 1, 2, 3, 4
"""


@dataclass(frozen=True, slots=True)
class PeriodCounts:
    """Numerator and crimes per group for one period, and its outcome-type counts."""

    by_area: dict[str, tuple[float, int]]
    by_crime_type: dict[str, tuple[float, int]]
    outcomes: dict[int, int]


# One fixed statement per metric (nothing from the caller in the text; periods are bound).
EXPLAIN_SQL = {
    "charge_rate": """
        select p, area, crime_type, sum(crimes) filter (where outcome_type = 1), sum(crimes)
        from (select case when month between $b0 and $b1 then 0
                          when month between $a0 and $a1 then 1 end as p, *
              from counts where domestic_abuse and basis = 'outcome')
        where p is not null group by grouping sets ((p, area), (p, crime_type))""",
    "arrest_rate": """
        select p, area, crime_type, sum(arrests), sum(crimes)
        from (select case when month between $b0 and $b1 then 0
                          when month between $a0 and $a1 then 1 end as p, *
              from counts where domestic_abuse and basis = 'recorded')
        where p is not null group by grouping sets ((p, area), (p, crime_type))""",
}
OUTCOME_SHIFT_SQL = """
    select p, outcome_type, sum(crimes)
    from (select case when month between $b0 and $b1 then 0
                      when month between $a0 and $a1 then 1 end as p, outcome_type, crimes
          from counts where domestic_abuse and basis = 'outcome')
    where p is not null group by 1, 2"""


def arrow_crimes(columns: dict[str, list[Any]]) -> pa.Table:
    """An Arrow table of one row per crime from column lists."""
    return pa.table(
        {
            "recorded_on": pa.array(columns["recorded_on"], pa.date32()),
            "area": pa.array(columns["area"], pa.string()).dictionary_encode(),
            "crime_type": pa.array(columns["crime_type"], pa.string()).dictionary_encode(),
            "domestic_abuse": pa.array(columns["domestic_abuse"], pa.bool_()),
            "arrests": pa.array(columns["arrests"], pa.int64()),
            "outcome_type": pa.array(columns["outcome_type"], pa.int16()),
            "outcome_on": pa.array(columns["outcome_on"], pa.date32()),
        }
    )


COUNT_COLUMNS: tuple[str, ...] = ("basis", "month", "area", "crime_type", "domestic_abuse")
COUNT_COLUMNS += ("outcome_type", "crimes", "arrests", "charged", "with_outcome")


def arrow_counts(rows: list[tuple[Any, ...]]) -> pa.Table:
    """An Arrow table of ``CrimeMonthCount`` rows given as tuples of COUNT_COLUMNS."""
    cols: list[Any] = list(zip(*rows, strict=True)) if rows else [() for _ in COUNT_COLUMNS]
    types = [pa.string(), pa.date32(), pa.string(), pa.string(), pa.bool_(), pa.int16()]
    types += [pa.int64()] * 4
    return pa.table(
        {n: pa.array(list(c), t) for n, c, t in zip(COUNT_COLUMNS, cols, types, strict=True)}
    )
