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

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from .policeuk_schema import DATE_FORMAT, KINDS, TYPE_MESSAGES, Kind


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


def _codes(column: Any) -> tuple[pa.Array, list[str]]:
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


def _connect(table: pa.Table) -> tuple[duckdb.DuckDBPyConnection, list[str], list[str]]:
    """A connection with ``counts`` (area and crime_type as integer codes) and the names.
    ``table`` holds counts (a ``basis`` column) or one row per crime."""
    area, areas = _codes(table["area"])
    kind, kinds = _codes(table["crime_type"])
    coded = table.drop_columns(["area", "crime_type"])
    coded = coded.append_column("area", area).append_column("crime_type", kind)
    con = duckdb.connect()
    if "basis" in table.column_names:
        con.register("counts", coded)
    else:
        con.register("crimes", coded)
        con.execute(COUNTS_SQL)
    return con, areas, kinds


def count_rows(table: pa.Table) -> list[dict[str, Any]]:
    """One row per crime counted as ``CrimeMonthCount`` holds them (for the benchmark)."""
    con, areas, kinds = _connect(table)
    cursor = con.execute("select * from counts")
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    con.close()
    for r in rows:
        r["area"], r["crime_type"] = areas[r["area"]], kinds[r["crime_type"]]
    return rows


def _month(day: date) -> date:
    return date(day.year, day.month, 1)


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


def month_counts_sets(table: pa.Table, start: date, end: date) -> dict[str, list[MonthCounts]]:
    """Counts per month for the force ('all'), per area and per crime type, in one query
    (grouping sets)."""
    con, areas, kinds = _connect(table)
    rows = con.execute(MONTH_COUNTS_SQL, {"start": _month(start), "end": _month(end)}).fetchall()
    con.close()
    # grouping(area, crime_type): 3 = neither (all), 1 = by area, 2 = by crime type.
    names = {3: "all", 1: "area", 2: "crime_type"}
    out: dict[str, list[MonthCounts]] = {"all": [], "area": [], "crime_type": []}
    for r in rows:
        group = areas[r[2]] if r[2] is not None else kinds[r[3]] if r[3] is not None else "All"
        out[names[int(r[1])]].append(MonthCounts(r[0], group, *(int(x or 0) for x in r[4:])))
    for groups in out.values():
        groups.sort(key=lambda c: (c.month, c.group))
    return out


def month_counts(table: pa.Table, by: str, start: date, end: date) -> list[MonthCounts]:
    """Counts per month and group: ``by`` is all, area or crime_type."""
    return month_counts_sets(table, start, end)[by]


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


def explain_counts(
    table: pa.Table, metric: str, before: tuple[date, date], after: tuple[date, date]
) -> tuple[PeriodCounts, PeriodCounts]:
    """What the decomposition needs for both periods (whole months), in two queries.

    ``charge_rate``: DA crimes given an outcome (other than 0) with ``outcome_on`` in the
    period, numerator those with outcome 1. ``arrest_rate``: DA crimes recorded in the
    period, numerator their arrests.
    """
    con, areas, kinds = _connect(table)
    params: dict[str, Any] = {
        "b0": _month(before[0]),
        "b1": _month(before[1]),
        "a0": _month(after[0]),
        "a1": _month(after[1]),
    }
    cube = con.execute(EXPLAIN_SQL[metric], params).fetchall()
    outcomes = con.execute(OUTCOME_SHIFT_SQL, params).fetchall()
    con.close()
    result = []
    for p in (0, 1):
        rows = [r for r in cube if r[0] == p]
        result.append(
            PeriodCounts(
                {areas[r[1]]: (float(r[3] or 0), int(r[4])) for r in rows if r[1] is not None},
                {kinds[r[2]]: (float(r[3] or 0), int(r[4])) for r in rows if r[1] is None},
                {int(o): int(n) for q, o, n in outcomes if q == p},
            )
        )
    return result[0], result[1]


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


# --- data.police.uk -------------------------------------------------------------------


@dataclass
class FileResult:
    file: str
    kind: str
    status: str  # ingested, duplicate or refused
    rows_read: int = 0
    rows_stored: int = 0
    rejects: list[tuple[int, str, str]] | None = None  # (line, field, message)

    @property
    def rows_rejected(self) -> int:
        return len(self.rejects or [])


class PoliceUkStore:
    """data.police.uk rows in a DuckDB file: one table per kind (months as dates,
    coordinates as numbers), the files ingested (by SHA-256 of their content, so a file
    ingested twice is stored once) and the rows kept out with their file, line and reason."""

    def __init__(self, path: str) -> None:
        self.con = duckdb.connect(path)
        self.con.execute(
            """create table if not exists files (id integer, sha256 varchar primary key,
               name varchar, kind varchar, rows_read integer, rows_stored integer,
               rows_rejected integer, ingested_at timestamptz default now())"""
        )
        self.con.execute(
            """create table if not exists rejects (sha256 varchar, file varchar,
               line integer, field varchar, message varchar)"""
        )
        for kind in KINDS.values():
            cols = ", ".join(f"{name} {sql}" for _, name, sql in kind.columns)
            self.con.execute(f"create table if not exists {kind.table} (file_id integer, {cols})")
            self._upgrade(kind)

    def _upgrade(self, kind: Kind) -> None:
        """Give a store made before the columns were typed (all text) its types; the rows
        in it passed the same checks, so every value converts."""
        stored = dict(
            self.con.execute(
                "select column_name, data_type from information_schema.columns"
                " where table_name = ?",
                [kind.table],
            ).fetchall()
        )
        for _, name, sql in kind.columns:
            if sql != "VARCHAR" and stored.get(name) == "VARCHAR":
                using = f"strptime({name}, '{DATE_FORMAT}')::date" if sql == "DATE" else name
                self.con.execute(f"alter table {kind.table} alter {name} type {sql} using {using}")

    def close(self) -> None:
        self.con.close()

    def has(self, digest: str) -> bool:
        return bool(self.con.execute("select 1 from files where sha256 = ?", [digest]).fetchone())

    def ingest(
        self,
        path: str,
        name: str,
        kind_name: str,
        digest: str,
        dropped: list[tuple[int, str, str]],
        data_lines: int,
    ) -> FileResult:
        """Read one file whose header is right into its table, in one transaction.

        ``dropped`` are lines already kept out by the caller (not UTF-8) as (line, field,
        message), with the original file's line numbers (the header is line 1); the file
        at ``path`` no longer holds them. ``data_lines`` is the number of data lines the
        original file has. DuckDB's CSV reader converts each column to its type and keeps
        out, with its line, every row it cannot split (broken quoting, missing cells) or
        convert (a month that is not YYYY-MM, a coordinate that is not a number); the
        rest go straight from the reader into the table in one pass. Only when rows are
        missing beyond those (an empty required cell) is the file read again to number
        them.
        """
        kind = KINDS[kind_name]
        reader = _reader(kind)
        bad = " or ".join(f"({cond})" for _, cond, _ in kind.checks)
        cols = ", ".join(col for _, col, _ in kind.columns)
        con = self.con
        con.execute("begin")
        try:
            file_id = _one(con, "select coalesce(max(id), 0) + 1 from files")
            stored = _one(
                con,
                f"insert into {kind.table} select ?, {cols} from {reader} where not ({bad})",  # noqa: S608 -- table, columns and checks from KINDS; path and id bound
                [file_id, path],
            )
            original = _unskip([line for line, _, _ in dropped])
            scanned = [
                (original(line), field, message)
                for line, field, message in _scan_rejects(con, kind)
            ]
            rejects = [*dropped, *scanned]
            if stored + len(rejects) < data_lines:
                gone = sorted({line for line, _, _ in rejects})
                rejects += self._check_rejects(reader, path, kind, gone)
            first: dict[int, tuple[int, str, str]] = {}
            for reject in sorted(rejects):
                first.setdefault(reject[0], reject)
            kept_out = list(first.values())
            read = max(data_lines, stored + len(kept_out))
            if kept_out:
                con.executemany(
                    "insert into rejects values (?, ?, ?, ?, ?)",
                    [(digest, name, ln, f, m) for ln, f, m in kept_out],
                )
            con.execute(
                "insert into files (id, sha256, name, kind, rows_read, rows_stored,"
                " rows_rejected) values (?, ?, ?, ?, ?, ?, ?)",
                [file_id, digest, name, kind_name, read, stored, len(kept_out)],
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        return FileResult(name, kind_name, "ingested", read, stored, kept_out)

    def _check_rejects(
        self, reader: str, path: str, kind: Kind, gone: list[int]
    ) -> list[tuple[int, str, str]]:
        """Read the file again, numbering its rows, to name the rows failing a check.
        ``gone``: the original file's lines the reader does not give (kept out already)."""
        con = self.con
        con.execute(
            "create or replace temp table raw as select row_number() over () as ordinal, *"  # noqa: S608 -- reader from KINDS; path bound
            f" from {reader}",
            [path],
        )
        # Row n of the reader is the n-th data line not kept out before the reader.
        con.execute(
            """create or replace temp table gone as select g - 2 - (row_number() over
               (order by g) - 1) as survivors_before from unnest(?::integer[]) t(g)""",
            [gone],
        )
        con.execute(
            """create or replace temp table numbered as select r.*, 1 + ordinal +
               (select count(*) from gone where survivors_before < r.ordinal) as line
               from raw r"""
        )
        found: list[tuple[int, str, str]] = []
        for field, cond, message in kind.checks:
            found += [
                (int(line), field, message)
                for (line,) in con.execute(
                    f"select line from numbered where {cond} order by line"  # noqa: S608 -- condition from KINDS
                ).fetchall()
            ]
        con.execute("drop table raw; drop table gone; drop table numbered")
        return found

    def street_totals(self) -> tuple[dict[str, int], dict[str, int]]:
        """Stored street rows by crime type and by last outcome category ("" for none)."""
        by_type = dict(
            self.con.execute(
                "select crime_type, count(*) from street group by 1 order by 2 desc, 1"
            ).fetchall()
        )
        by_outcome = dict(
            self.con.execute(
                "select coalesce(last_outcome, ''), count(*) from street"
                " group by 1 order by 2 desc, 1"
            ).fetchall()
        )
        return by_type, by_outcome

    def counts(self, by: str) -> list[tuple[str, str, int, int]]:
        """Street crimes by force and ``by`` (crime_type, month or lsoa): (force, key,
        crimes, crimes with an outcome other than under investigation)."""
        column = {
            "crime_type": "crime_type",
            "month": "strftime(month, '%Y-%m')",
            "lsoa": "lsoa_code",
        }[by]
        return [
            (str(f), str(k or ""), int(n), int(o))
            for f, k, n, o in self.con.execute(
                f"""select falls_within, {column}, count(*),
                      count(*) filter (where coalesce(last_outcome, '') not in
                        ('', 'Under investigation', 'Status update unavailable'))
                    from street where crime_type <> 'Anti-social behaviour'
                    group by 1, 2 order by 1, 3 desc, 2"""  # noqa: S608 -- column from the fixed map above
            ).fetchall()
        ]

    def outcome_shares(self) -> list[tuple[str, str, int]]:
        """Street crimes by force and last outcome category."""
        return [
            (str(f), str(o), int(n))
            for f, o, n in self.con.execute(
                """select falls_within, coalesce(last_outcome, ''), count(*) from street
                   where crime_type <> 'Anti-social behaviour' group by 1, 2
                   order by 1, 3 desc"""
            ).fetchall()
        ]


def _reader(kind: Kind) -> str:
    """DuckDB's CSV reader over one file (its path a bound parameter) with the kind's
    columns and types; the rows it keeps out go to the ``scan_errors`` table."""
    spec = ", ".join(f"'{name}': '{sql}'" for _, name, sql in kind.columns)
    return f"""read_csv(?, header=false, skip=1, auto_detect=false, columns={{{spec}}},
              dateformat='{DATE_FORMAT}', delim=',', quote='"', escape='"',
              strict_mode=false, store_rejects=true, rejects_table='scan_errors',
              rejects_scan='scan_files')"""


_CONVERT = re.compile(r'Could not convert string "(.*)" to')


def _scan_rejects(con: duckdb.DuckDBPyConnection, kind: Kind) -> list[tuple[int, str, str]]:
    """The rows the reader kept out, one per line (of the file it read): a row it cannot
    split is broken CSV; otherwise the first column it cannot convert, with the value."""
    errors = con.execute(
        """select line, error_type::varchar, column_name, error_message from scan_errors
           order by line, error_type::varchar = 'CAST', column_name"""
    ).fetchall()
    types = {name: sql for _, name, sql in kind.columns}
    out: dict[int, tuple[int, str, str]] = {}
    for line, error_type, column, message in errors:
        sql = types.get(str(column), "")
        if int(line) in out:
            continue
        if error_type != "CAST":
            out[int(line)] = (int(line), "row", f"broken CSV: {message}")
            continue
        value = _CONVERT.search(str(message))
        what = TYPE_MESSAGES.get(str(sql).upper(), f"is not of type {sql}")
        out[int(line)] = (int(line), str(column), f"'{value.group(1)}' {what}" if value else what)
    return list(out.values())


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> int:
    row = con.execute(sql, params or []).fetchone()
    return int(row[0]) if row else 0


def _unskip(dropped: list[int]) -> Any:
    """Map a line number of the cleaned file to the original's (``dropped`` removed)."""
    gone = sorted(dropped)

    def original(line: int) -> int:
        for g in gone:
            if g <= line:
                line += 1
        return line

    return original
