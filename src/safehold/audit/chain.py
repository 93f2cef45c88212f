"""The hash chain: how an entry's hash is computed, and how the whole chain is checked."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_fields(entry: Any) -> dict[str, Any]:
    """The fields an entry's hash covers, in a form both database engines round-trip."""
    at: datetime = entry.at
    return {
        "id": int(entry.id),
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "user_id": entry.user_id,
        "username": entry.username,
        "role": entry.role,
        "operation": entry.operation,
        "record_type": entry.record_type,
        "record_id": entry.record_id,
        "person_id": entry.person_id,
        "reason": entry.reason,
        "justification": entry.justification,
        "recipient": entry.recipient,
        "channel": entry.channel,
        "detail": entry.detail,
    }


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + "\n" + payload).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """The first entry at which the chain does not hold."""

    entry_id: int
    problem: str

    def __str__(self) -> str:
        return f"access-log entry #{self.entry_id}: {self.problem}"


def check_chain(entries: Iterator[Any], head_id: int, head_hash: str) -> ChainProblem | None:
    """Walk entries in id order; return the first problem or None when intact."""
    expected_prev = GENESIS_HASH
    expected_id = 1
    count = 0
    for entry in entries:
        count += 1
        if entry.id != expected_id:
            return ChainProblem(expected_id, f"missing (next entry found is #{entry.id})")
        if entry.prev_hash != expected_prev:
            return ChainProblem(entry.id, "previous-hash link broken (an entry before it changed)")
        if entry_hash(entry.prev_hash, canonical_fields(entry)) != entry.hash:
            return ChainProblem(entry.id, "contents do not match its hash (it was altered)")
        expected_prev = entry.hash
        expected_id += 1
    if head_id != count:
        return ChainProblem(
            min(head_id, count) + 1,
            f"the chain head records {head_id} entries but the log holds {count}",
        )
    if head_hash != expected_prev:
        return ChainProblem(count, "does not match the hash recorded at the chain head")
    return None
