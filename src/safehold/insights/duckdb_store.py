"""The only module of Safehold's analytics that touches DuckDB (an import-linter contract
says so; Splink's use inside people.linkage is the other).

* Crimes: the outcome measures' counts and the decomposition's counts, computed in DuckDB
  over an Arrow table of recorded crimes (made by ``insights.queries``). The table has the
  columns of :class:`safehold.insights.models.Crime`; the SQL is in ``insights.crime_sql``.
* data.police.uk: the open-data counts in a DuckDB file under the var directory (see
  :class:`PoliceUkStore`); the SQL is in ``insights.policeuk_sql``.

Everything returned is plain Python (dataclasses, dicts, lists), never a DuckDB object.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from . import policeuk_sql as sql
from .crime_sql import (
    COUNTS_SQL,
    EXPLAIN_SQL,
    MONTH_COUNTS_SQL,
    OUTCOME_SHIFT_SQL,
    MonthCounts,
    PeriodCounts,
    codes,
)
from .policeuk_schema import DATE_FORMAT, KINDS, Kind


def _connect(table: pa.Table) -> tuple[duckdb.DuckDBPyConnection, list[str], list[str]]:
    """A connection with ``counts`` (area and crime_type as integer codes) and the names.
    ``table`` holds counts (a ``basis`` column) or one row per crime."""
    area, areas = codes(table["area"])
    kind, kinds = codes(table["crime_type"])
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


# --- data.police.uk -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Staged:
    """One file read by the reader in a staging pass: the rows it gave, those of them
    failing a check (an empty required cell), and the rows it kept out (line, field,
    message; lines of the file read)."""

    rows: int
    bad: int
    rejects: list[tuple[int, str, str]]


@dataclass(frozen=True, slots=True)
class Kept:
    """One file to keep: the file read (as staged), its display name, kind and SHA-256,
    its size, the rows it had and the rows kept out (original lines)."""

    read_path: str
    name: str
    kind: str
    digest: str
    size: int
    rows_read: int
    rejects: list[tuple[int, str, str]]


class PoliceUkStore:
    """data.police.uk counts in a DuckDB file: per kind, rows counted per file and key
    (``Kind.keys``), the files ingested (by SHA-256 of their content, so a file ingested
    twice is stored once) and the rows kept out with their file, line and reason."""

    def __init__(self, path: str) -> None:
        self.con = duckdb.connect(path)
        self.con.execute(sql.FILES_DDL)
        self.con.execute(sql.FILES_SIZE)
        self.con.execute(sql.REJECTS_DDL)
        tables = {
            t for (t,) in self.con.execute("select table_name from duckdb_tables()").fetchall()
        }
        for kind in KINDS.values():
            self.con.execute(sql.counts_ddl(kind))
            if kind.table in tables:
                self._from_rows(kind)

    def _from_rows(self, kind: Kind) -> None:
        """Count a store made when rows were kept into the counts, and drop the rows. A
        store made before the columns were typed (all text) is typed first; its rows
        passed the same checks, so every value converts."""
        with self._transaction():
            stored = dict(
                self.con.execute(
                    "select column_name, data_type from information_schema.columns"
                    " where table_name = ?",
                    [kind.table],
                ).fetchall()
            )
            for _, name, typ in kind.columns:
                if typ != "VARCHAR" and stored.get(name) == "VARCHAR":
                    using = f"strptime({name}, '{DATE_FORMAT}')::date" if typ == "DATE" else name
                    self.con.execute(
                        f"alter table {kind.table} alter {name} type {typ} using {using}"
                    )
            self.con.execute(sql.from_rows(kind))
            self.con.execute(f"drop table {kind.table}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.con.execute("begin")
        try:
            yield
        except Exception:
            self.con.execute("rollback")
            raise
        self.con.execute("commit")

    def close(self) -> None:
        self.con.close()

    def stored(self) -> tuple[set[str], set[int | None]]:
        """The SHA-256 of every file stored, and their sizes (None: not kept)."""
        rows = self.con.execute("select sha256, size from files").fetchall()
        return {str(d) for d, _ in rows}, {None if s is None else int(s) for _, s in rows}

    def stage(
        self,
        kind_name: str,
        paths: list[str],
        progress: Callable[[float], None] | None = None,
    ) -> dict[str, Staged]:
        """Read every file of one kind in one pass of DuckDB's reader (in parallel, the
        GIL released), counting their rows per file and key into the staging table. The
        reader converts each column to its type and keeps out, with its line, every row
        it cannot split (broken quoting, missing cells) or convert (a month that is not
        YYYY-MM, a coordinate that is not a number). Nothing is kept yet (:meth:`keep`).
        ``progress`` is told the fraction done (DuckDB's own, polled from a thread)."""
        kind = KINDS[kind_name]
        self.con.execute(sql.staged_ddl(kind))
        with _polling(self.con, progress):
            self.con.execute(sql.stage(kind), [paths])
        rejects = sql.scan_rejects(kind, self.con.execute(sql.SCAN_ERRORS).fetchall())
        totals = {
            str(f): (int(n), int(b))
            for f, n, b in self.con.execute(sql.staged_totals(kind)).fetchall()
        }
        return {p: Staged(*totals.get(p, (0, 0)), rejects.get(p, [])) for p in paths}

    def failing_checks(
        self, kind_name: str, path: str, gone: list[int]
    ) -> list[tuple[int, str, str]]:
        """Read one file again, numbering its rows, to name the rows failing a check.
        ``gone``: the original file's lines the reader does not give (kept out already)."""
        kind = KINDS[kind_name]
        con = self.con
        con.execute(sql.number_rows(kind), [[path]])
        con.execute(sql.GONE, [gone])
        con.execute(sql.NUMBERED)
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

    def keep(self, files: list[Kept]) -> list[int]:
        """Keep the staged counts of ``files`` (good rows only), each under a new id, with
        their rejects, in one transaction; the rows stored per file."""
        if not files:
            return []
        con = self.con
        # Checkpoint at the commit: the counts are written once, into the file, instead of
        # to the write-ahead log and again into the file when the store is closed.
        con.execute("set checkpoint_threshold = '1b'")
        with self._transaction():
            first = _one(con, "select coalesce(max(id), 0) + 1 from files")
            ids = list(range(first, first + len(files)))
            for kind_name in sorted({f.kind for f in files}):
                mine = [
                    (f.read_path, i) for f, i in zip(files, ids, strict=True) if f.kind == kind_name
                ]
                con.execute(
                    sql.keep(KINDS[kind_name]), [[p for p, _ in mine], [i for _, i in mine]]
                )
            stored = dict.fromkeys(ids, 0)
            for kind_name in sorted({f.kind for f in files}):
                stored |= {
                    int(i): int(n)
                    for i, n in con.execute(
                        f"select file_id, sum(rows) from {KINDS[kind_name].counts_table}"  # noqa: S608 -- table from KINDS
                        " where file_id >= ? group by 1",
                        [first],
                    ).fetchall()
                }
            rejects = [(f.digest, f.name, *r) for f in files for r in f.rejects]
            if rejects:
                con.executemany("insert into rejects values (?, ?, ?, ?, ?)", rejects)
            con.executemany(
                "insert into files (id, sha256, size, name, kind, rows_read, rows_stored,"
                " rows_rejected) values (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (i, f.digest, f.size, f.name, f.kind, f.rows_read, stored[i], len(f.rejects))
                    for f, i in zip(files, ids, strict=True)
                ],
            )
        return [stored[i] for i in ids]

    def street_totals(self) -> tuple[dict[str, int], dict[str, int]]:
        """Stored street rows by crime type and by last outcome category ("" for none)."""
        by_type = dict(
            self.con.execute(
                "select crime_type, sum(rows)::bigint from street_counts"
                " group by 1 order by 2 desc, 1"
            ).fetchall()
        )
        by_outcome = dict(
            self.con.execute(
                "select coalesce(last_outcome, ''), sum(rows)::bigint from street_counts"
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
                f"""select falls_within, {column}, sum(rows),
                      coalesce(sum(rows) filter (where coalesce(last_outcome, '') not in
                        ('', 'Under investigation', 'Status update unavailable')), 0)
                    from street_counts where crime_type <> 'Anti-social behaviour'
                    group by 1, 2 order by 1, 3 desc, 2"""  # noqa: S608 -- column from the fixed map above
            ).fetchall()
        ]

    def outcome_shares(self) -> list[tuple[str, str, int]]:
        """Street crimes by force and last outcome category."""
        return [
            (str(f), str(o), int(n))
            for f, o, n in self.con.execute(
                """select falls_within, coalesce(last_outcome, ''), sum(rows)
                   from street_counts where crime_type <> 'Anti-social behaviour'
                   group by 1, 2 order by 1, 3 desc"""
            ).fetchall()
        ]


@contextmanager
def _polling(
    con: duckdb.DuckDBPyConnection, progress: Callable[[float], None] | None
) -> Iterator[None]:
    """Tell ``progress`` the running statement's fraction done, four times a second."""
    if progress is None:
        yield
        return
    con.execute("set enable_progress_bar = true; set enable_progress_bar_print = false")
    done = threading.Event()

    def poll() -> None:
        told = 0.0
        while not done.wait(0.25):
            percent = con.query_progress()  # -1 when none; never told going back
            if percent / 100 > told:
                told = min(percent, 100.0) / 100
                progress(told)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def _one(con: duckdb.DuckDBPyConnection, text: str, params: list[Any] | None = None) -> int:
    row = con.execute(text, params or []).fetchone()
    return int(row[0]) if row else 0
