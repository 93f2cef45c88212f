"""The SQL of the data.police.uk ingest, built from the kinds in ``policeuk_schema``, and
the reading of DuckDB's reject records into (line, field, message). Plain text and Python:
``duckdb_store`` runs the statements. Table names, columns, types and conditions come
from KINDS, never from a file; paths and values are bound parameters."""

from __future__ import annotations

import re
from collections.abc import Callable

from .policeuk_schema import DATE_FORMAT, LOCATED, TYPE_MESSAGES, Kind

FILES_DDL = """create table if not exists files (id integer, sha256 varchar primary key,
    name varchar, kind varchar, rows_read integer, rows_stored integer,
    rows_rejected integer, ingested_at timestamptz default now())"""
REJECTS_DDL = """create table if not exists rejects (sha256 varchar, file varchar,
    line integer, field varchar, message varchar)"""
# Files ingested before the size was kept have none; a file of a size no stored file has
# cannot be one of them, so only files of a stored size are hashed before they are read.
FILES_SIZE = "alter table files add column if not exists size bigint"


def reader(kind: Kind) -> str:
    """DuckDB's CSV reader over a list of files (a bound parameter) with the kind's columns
    and types, naming each row's file; the rows it keeps out go to ``scan_errors``."""
    spec = ", ".join(f"'{name}': '{sql}'" for _, name, sql in kind.columns)
    return f"""read_csv(?, header=false, skip=1, auto_detect=false, columns={{{spec}}},
              dateformat='{DATE_FORMAT}', delim=',', quote='"', escape='"',
              strict_mode=false, store_rejects=true, rejects_table='scan_errors',
              rejects_scan='scan_files', filename=true)"""


def _key_columns(kind: Kind) -> str:
    return ", ".join(f"{name} {sql}" for name, sql, _ in kind.keys)


def counts_ddl(kind: Kind) -> str:
    """The stored counts: rows per file and key, and how many of them had coordinates."""
    return (
        f"create table if not exists {kind.counts_table} (file_id integer,"
        f" {_key_columns(kind)}, located bigint, rows bigint)"
    )


def staged_ddl(kind: Kind) -> str:
    """This run's counts before they are kept: per file read and key, and whether the
    rows fail a check the reader cannot make (an empty required cell)."""
    return (
        f"create temp table if not exists staged_{kind.table} (filename varchar,"
        f" bad boolean, {_key_columns(kind)}, located bigint, rows bigint)"
    )


def stage(kind: Kind) -> str:
    """Every file of one kind read in one pass of the reader, counted straight into the
    staging table (one row per file and key); the reader parses the files in parallel."""
    bad = " or ".join(f"({cond})" for _, cond, _ in kind.checks)
    keys = ", ".join(expr for _, _, expr in kind.keys)
    return (
        f"insert into staged_{kind.table} select filename, ({bad}), {keys},"  # noqa: S608 -- from KINDS
        f" count(*) filter (where {LOCATED}), count(*) from {reader(kind)} group by all"
    )


def staged_totals(kind: Kind) -> str:
    """Per file read: rows the reader gave, and of those the rows failing a check."""
    return (
        f"select filename, sum(rows), coalesce(sum(rows) filter (where bad), 0)"  # noqa: S608 -- from KINDS
        f" from staged_{kind.table} group by 1"
    )


def keep(kind: Kind) -> str:
    """The good rows' counts of the staged files to keep, each under its id (bound: the
    files read and their ids, as two lists). A file's keys are unique in the staging
    table once its bad rows are left out, so the rows go in as they are."""
    keys = ", ".join(name for name, _, _ in kind.keys)
    return (
        f"insert into {kind.counts_table} select m.id, {keys}, located, rows"  # noqa: S608 -- from KINDS
        f" from staged_{kind.table} join (select unnest(?) as filename, unnest(?) as id) m"
        " using (filename) where not bad"
    )


def from_rows(kind: Kind) -> str:
    """A store made when rows were kept (one table per kind, ``kind.table``): its rows
    counted into the counts table, the same way as a file's."""
    keys = ", ".join(expr for _, _, expr in kind.keys)
    return (
        f"insert into {kind.counts_table} select file_id, {keys},"  # noqa: S608 -- from KINDS
        f" count(*) filter (where {LOCATED}), count(*) from {kind.table} group by all"
    )


# The rows the reader kept out in its last scan, by file read.
SCAN_ERRORS = """select f.file_path, e.line, e.error_type::varchar, e.column_name,
       e.error_message
    from scan_errors e join scan_files f using (scan_id, file_id)
    where e.scan_id = (select max(scan_id) from scan_files)
    order by 1, 2, e.error_type::varchar = 'CAST', 4"""

_CONVERT = re.compile(r'Could not convert string "(.*)" to')


def scan_rejects(
    kind: Kind, errors: list[tuple[str, int, str, str, str]]
) -> dict[str, list[tuple[int, str, str]]]:
    """Per file read, one reject per line (of that file) from the reader's errors: a row
    it cannot split is broken CSV; otherwise the first column it cannot convert, with the
    value. ``errors`` are SCAN_ERRORS' rows, in its order."""
    types = {name: sql for _, name, sql in kind.columns}
    out: dict[str, dict[int, tuple[int, str, str]]] = {}
    for path, line, error_type, column, message in errors:
        lines = out.setdefault(str(path), {})
        if int(line) in lines:
            continue
        if error_type != "CAST":
            lines[int(line)] = (int(line), "row", f"broken CSV: {message}")
            continue
        sql = types.get(str(column), "")
        value = _CONVERT.search(str(message))
        what = TYPE_MESSAGES.get(str(sql).upper(), f"is not of type {sql}")
        lines[int(line)] = (int(line), str(column), f"'{value.group(1)}' {what}" if value else what)
    return {path: list(lines.values()) for path, lines in out.items()}


def number_rows(kind: Kind) -> str:
    """One file read again with its rows numbered, to name the rows failing a check
    (bound: the file as a one-item list)."""
    return (
        "create or replace temp table raw as select row_number() over () as ordinal, *"  # noqa: S608 -- from KINDS
        f" from {reader(kind)}"
    )


# Row n of the reader is the n-th data line not kept out before the reader (bound: the
# original file's lines kept out already).
GONE = """create or replace temp table gone as select g - 2 - (row_number() over
    (order by g) - 1) as survivors_before from unnest(?::integer[]) t(g)"""
NUMBERED = """create or replace temp table numbered as select r.*, 1 + ordinal +
    (select count(*) from gone where survivors_before < r.ordinal) as line from raw r"""


def unskip(dropped: list[int]) -> Callable[[int], int]:
    """Map a line number of the cleaned file to the original's (``dropped`` removed)."""
    gone = sorted(dropped)

    def original(line: int) -> int:
        for g in gone:
            if g <= line:
                line += 1
        return line

    return original
