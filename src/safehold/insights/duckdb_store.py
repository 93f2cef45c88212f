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


# --- data.police.uk -------------------------------------------------------------------

# Per kind: the table, the file's columns in order (as the header names them), the column
# names stored, and the SQL type checks (a message for each failed check).
POLICEUK_TABLES: dict[str, tuple[str, list[tuple[str, str]], list[tuple[str, str, str]]]] = {
    "street": (
        "street",
        [
            ("Crime ID", "crime_id"),
            ("Month", "month"),
            ("Reported by", "reported_by"),
            ("Falls within", "falls_within"),
            ("Longitude", "longitude"),
            ("Latitude", "latitude"),
            ("Location", "location"),
            ("LSOA code", "lsoa_code"),
            ("LSOA name", "lsoa_name"),
            ("Crime type", "crime_type"),
            ("Last outcome category", "last_outcome"),
            ("Context", "context"),
        ],
        [
            (
                "month",
                "not regexp_full_match(coalesce(month, ''), '\\d{4}-(0[1-9]|1[0-2])')",
                "is not a month YYYY-MM",
            ),
            (
                "longitude",
                "longitude is not null and try_cast(longitude as double) is null",
                "is not a number",
            ),
            (
                "latitude",
                "latitude is not null and try_cast(latitude as double) is null",
                "is not a number",
            ),
            ("crime_type", "crime_type is null", "is empty"),
            ("falls_within", "falls_within is null", "is empty"),
        ],
    ),
    "outcomes": (
        "outcomes",
        [
            ("Crime ID", "crime_id"),
            ("Month", "month"),
            ("Reported by", "reported_by"),
            ("Falls within", "falls_within"),
            ("Longitude", "longitude"),
            ("Latitude", "latitude"),
            ("Location", "location"),
            ("LSOA code", "lsoa_code"),
            ("LSOA name", "lsoa_name"),
            ("Outcome type", "outcome_type"),
        ],
        [
            (
                "month",
                "not regexp_full_match(coalesce(month, ''), '\\d{4}-(0[1-9]|1[0-2])')",
                "is not a month YYYY-MM",
            ),
            (
                "longitude",
                "longitude is not null and try_cast(longitude as double) is null",
                "is not a number",
            ),
            (
                "latitude",
                "latitude is not null and try_cast(latitude as double) is null",
                "is not a number",
            ),
            ("outcome_type", "outcome_type is null", "is empty"),
        ],
    ),
    "stop-and-search": (
        "stop_search",
        [
            ("Type", "type"),
            ("Date", "date"),
            ("Part of a policing operation", "part_of_operation"),
            ("Policing operation", "policing_operation"),
            ("Latitude", "latitude"),
            ("Longitude", "longitude"),
            ("Gender", "gender"),
            ("Age range", "age_range"),
            ("Self-defined ethnicity", "self_defined_ethnicity"),
            ("Officer-defined ethnicity", "officer_defined_ethnicity"),
            ("Legislation", "legislation"),
            ("Object of search", "object_of_search"),
            ("Outcome", "outcome"),
            ("Outcome linked to object of search", "outcome_linked"),
            ("Removal of more than just outer clothing", "removal_of_clothing"),
        ],
        [
            ("date", "try_cast(date as timestamptz) is null", "is not a date and time"),
            (
                "longitude",
                "longitude is not null and try_cast(longitude as double) is null",
                "is not a number",
            ),
            (
                "latitude",
                "latitude is not null and try_cast(latitude as double) is null",
                "is not a number",
            ),
            ("type", "type is null", "is empty"),
        ],
    ),
}


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
    """data.police.uk rows in a DuckDB file: one table per kind, the files ingested (by
    SHA-256 of their content, so a file ingested twice is stored once) and the rows kept
    out with their file, line and reason."""

    def __init__(self, path: str) -> None:
        self.con = duckdb.connect(path)
        self.con.execute(
            """create table if not exists files (sha256 varchar primary key, name varchar,
               kind varchar, rows_read integer, rows_stored integer, rows_rejected integer,
               ingested_at timestamptz default now())"""
        )
        self.con.execute(
            """create table if not exists rejects (sha256 varchar, file varchar,
               line integer, field varchar, message varchar)"""
        )
        for table, columns, _ in POLICEUK_TABLES.values():
            cols = ", ".join(f"{name} varchar" for _, name in columns)
            self.con.execute(
                f"create table if not exists {table} (sha256 varchar, line integer, {cols})"
            )

    def close(self) -> None:
        self.con.close()

    def has(self, digest: str) -> bool:
        return bool(self.con.execute("select 1 from files where sha256 = ?", [digest]).fetchone())

    def ingest(
        self, path: str, name: str, kind: str, digest: str, dropped: list[tuple[int, str, str]]
    ) -> FileResult:
        """Read one file whose header is right into its table, in one transaction.

        ``dropped`` are lines already kept out by the caller (not UTF-8) as (line, field,
        message), with the original file's line numbers (the header is line 1); the file
        at ``path`` no longer holds them. Rows the CSV reader cannot split (broken
        quoting, missing cells) and rows that fail a type check are kept out too, each
        with its line and reason.
        """
        table, columns, checks = POLICEUK_TABLES[kind]
        spec = ", ".join(f"'{col}': 'VARCHAR'" for _, col in columns)
        con = self.con
        con.execute("begin")
        try:
            con.execute(
                f"""create or replace temp table raw as
                select row_number() over () as ordinal, * from read_csv(?, header=false,
                  skip=1, auto_detect=false, columns={{{spec}}}, delim=',', quote='"',
                  escape='"', strict_mode=false, store_rejects=true,
                  rejects_table='scan_errors', rejects_scan='scan_files')""",  # noqa: S608
                [path],
            )
            structural = con.execute(
                "select line, min(error_message) from scan_errors group by line order by line"
            ).fetchall()
            # The reader numbers lines of the cleaned file; map them back past the lines
            # the caller dropped, then number the rows it read the same way.
            original = _unskip([line for line, _, _ in dropped])
            broken = [(original(int(line)), str(msg)) for line, msg in structural]
            gone = sorted({line for line, _, _ in dropped} | {line for line, _ in broken})
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
            bad = " or ".join(f"({cond})" for _, cond, _ in checks)
            cols = ", ".join(col for _, col in columns)
            con.execute(
                f"insert into {table} select ?, line, {cols} from numbered where not ({bad})",  # noqa: S608
                [digest],
            )
            stored = _one(con, f"select count(*) from numbered where not ({bad})")  # noqa: S608
            rejects = [*dropped, *((line, "row", f"broken CSV: {m}") for line, m in broken)]
            for field, cond, message in checks:
                rejects += [
                    (int(line), field, message if value is None else f"'{value}' {message}")
                    for line, value in con.execute(
                        f"select line, {field} from numbered where {cond} order by line"  # noqa: S608
                    ).fetchall()
                ]
            first: dict[int, tuple[int, str, str]] = {}
            for reject in sorted(rejects):
                first.setdefault(reject[0], reject)
            kept_out = list(first.values())
            read = _one(con, "select count(*) from raw") + len(broken) + len(dropped)
            result = FileResult(name, kind, "ingested", read, stored, kept_out)
            if kept_out:
                con.executemany(
                    "insert into rejects values (?, ?, ?, ?, ?)",
                    [(digest, name, ln, f, m) for ln, f, m in kept_out],
                )
            con.execute(
                "insert into files (sha256, name, kind, rows_read, rows_stored, rows_rejected)"
                " values (?, ?, ?, ?, ?, ?)",
                [digest, name, kind, read, stored, len(kept_out)],
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        return result

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
        column = {"crime_type": "crime_type", "month": "month", "lsoa": "lsoa_code"}[by]
        return [
            (str(f), str(k or ""), int(n), int(o))
            for f, k, n, o in self.con.execute(
                f"""select falls_within, {column}, count(*),
                      count(*) filter (where coalesce(last_outcome, '') not in
                        ('', 'Under investigation', 'Status update unavailable'))
                    from street where crime_type <> 'Anti-social behaviour'
                    group by 1, 2 order by 1, 3 desc, 2"""  # noqa: S608 -- fixed columns
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


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
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
