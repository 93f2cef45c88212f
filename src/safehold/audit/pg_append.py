"""Appending one access-log entry on PostgreSQL in a single statement.

The chain head is locked, the entry's id and hash computed from it, the entry and its
people inserted and the head moved on, all inside one SQL statement: the head's row lock
is held for the statement's few microseconds in the server (or, inside a caller's
transaction, until that commits), never across round trips to a Python thread that may
be waiting for the GIL or a core. See docs/decisions/0029-access-log-append-in-one-statement.md.

The hash is the one :func:`safehold.audit.chain.entry_hash` computes: SHA-256 of the
previous hash, a newline and the entry's canonical JSON. That JSON is made here in
Python with a placeholder for the id, which only the head knows; the server joins the
two halves around the id (``json.dumps`` writes an integer as its decimal digits, as
``bigint::text`` does) and hashes the result with ``sha256()``.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection, transaction

from .chain import GENESIS_HASH, canonical_fields
from .models import AccessLogEntry, AccessLogPerson, ChainHead

_ID_MARK = 0x5AFE_5AFE_5AFE  # a placeholder id no real chain reaches

_COLUMNS = (
    "at",
    "user_id",
    "username",
    "role",
    "operation",
    "record_type",
    "record_id",
    "person_id",
    "reason",
    "justification",
    "recipient",
    "channel",
)


def _sql() -> str:
    head = ChainHead._meta.db_table
    entry = AccessLogEntry._meta.db_table
    person = AccessLogPerson._meta.db_table
    columns = ", ".join(_COLUMNS)
    values = ", ".join(f"%({c})s" for c in _COLUMNS)
    # Table and column names come from the models, never from input; values are parameters.
    return f"""
        WITH o AS (
            SELECT last_id, last_hash FROM {head} WHERE id = 1 FOR UPDATE
        ), h AS (
            UPDATE {head}
               SET last_id = o.last_id + 1,
                   last_hash = encode(sha256(convert_to(
                       o.last_hash || chr(10) || %(before)s || (o.last_id + 1)::text
                       || %(after)s, 'UTF8')), 'hex')
              FROM o
             WHERE {head}.id = 1
         RETURNING {head}.last_id AS id, {head}.last_hash AS hash, o.last_hash AS prev_hash
        ), e AS (
            INSERT INTO {entry} (id, {columns}, detail, prev_hash, hash)
            SELECT h.id, {values}, %(detail)s::jsonb, h.prev_hash, h.hash FROM h
            RETURNING id
        ), p AS (
            INSERT INTO {person} (entry_id, person_id)
            SELECT e.id, unnest(%(people)s::bigint[]) FROM e
        )
        SELECT id, prev_hash, hash FROM h
    """  # noqa: S608


def append(entry: AccessLogEntry, people: list[int]) -> AccessLogEntry:
    """Insert ``entry`` (all fields but id and hashes set) at the chain's end; return it
    with its id, previous hash and hash as stored."""
    entry.id = _ID_MARK
    payload = json.dumps(
        canonical_fields(entry), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    mark = f'"id":{_ID_MARK},'
    if payload.count(mark) != 1:  # the placeholder also in the detail: never guess
        raise ValueError("the access-log entry's canonical form could not be split at its id")
    before, _, after = payload.partition(mark)
    params: dict[str, Any] = {c: getattr(entry, c) for c in _COLUMNS}
    params.update(
        before=before + '"id":',
        after="," + after,
        detail=json.dumps(entry.detail),
        people=people,
    )
    if connection.in_atomic_block:
        # Inside a caller's transaction, a savepoint: an entry the server refuses (a NUL
        # character in the detail, say) leaves that transaction usable, as the ORM's did.
        with transaction.atomic():
            row = _insert(params)
    else:
        row = _insert(params)
    if row is None:
        raise RuntimeError("the access log's chain head could not be locked")
    entry.id, entry.prev_hash, entry.hash = int(row[0]), row[1], row[2]
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


def _insert(params: dict[str, Any]) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(_sql(), params)
        row: tuple[Any, ...] | None = cursor.fetchone()
        if row is None:  # a fresh database: no head row yet
            ChainHead.objects.get_or_create(
                id=1, defaults={"last_id": 0, "last_hash": GENESIS_HASH}
            )
            cursor.execute(_sql(), params)
            row = cursor.fetchone()
    return row
