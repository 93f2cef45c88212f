"""Writing to the access log. Call inside the transaction of the write it records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Q

from safehold.clock import SYSTEM_CLOCK, Clock

from . import pg_append
from .chain import canonical_fields, check_chain, entry_hash
from .channel import current_channel
from .models import AccessLogEntry, AccessLogPerson, ChainHead, Operation

if TYPE_CHECKING:
    from safehold.accounts.models import User
    from safehold.audit.chain import ChainProblem

__all__ = ["Justification", "Operation", "record", "verify_chain"]


@dataclass(frozen=True, slots=True)
class Justification:
    """Why personal data was looked at or disclosed: a reason code and free text."""

    reason: str
    text: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "text": self.text}


SYSTEM = Justification("record_keeping", "automatic: system process")

RECORD_ID_LENGTH = 64  # the column's size


def _record_id(record_id: object, detail: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """The record id as the column holds it; a longer one (a searched-for text) is cut
    there and kept whole (up to 1,000 characters) in the detail, never a database error."""
    text, detail = str(record_id), dict(detail or {})
    if len(text) > RECORD_ID_LENGTH:
        detail.setdefault("record_id", text[:1000])
        text = text[:RECORD_ID_LENGTH]
    return text, detail


def record(
    actor: User | None,
    operation: Operation | str,
    record_type: str,
    record_id: object = "",
    *,
    person_id: int | None = None,
    justification: Justification = SYSTEM,
    recipient: str = "",
    channel: str | None = None,
    detail: dict[str, Any] | None = None,
    clock: Clock = SYSTEM_CLOCK,
    people: Iterable[int] = (),
) -> AccessLogEntry:
    """Append one entry to the access log, chained to the previous one, at ``clock``'s now.

    ``people``: every person the operation showed or disclosed (a list's rows, an
    export's records). They go into the hashed detail and into an index, so an auditor
    searching for one person finds this entry.

    ``channel``: when not given, the channel of the request or command in hand
    (:mod:`safehold.audit.channel`), else "page".
    """
    record_id, detail = _record_id(record_id, detail)
    named = sorted({int(p) for p in people if p is not None})
    if named:
        detail["people"] = named
    entry = AccessLogEntry(
        at=clock.now(),
        user=actor if actor is not None and actor.pk else None,
        username=actor.get_username() if actor is not None else "system",
        role=getattr(actor, "role", "") or "",
        operation=str(Operation(operation)),
        record_type=record_type,
        record_id=str(record_id),
        person_id=person_id,
        reason=justification.reason,
        justification=justification.text,
        recipient=recipient,
        channel=channel or current_channel("page"),
        detail=detail,
    )
    if connection.vendor == "postgresql":
        # One statement: the chain head is locked only while the server runs it.
        return pg_append.append(entry, named)
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
        entry.id, entry.prev_hash = head.last_id + 1, head.last_hash
        entry.hash = entry_hash(entry.prev_hash, canonical_fields(entry))
        entry.save()
        if named:
            AccessLogPerson.objects.bulk_create(
                [AccessLogPerson(entry=entry, person_id=p) for p in named]
            )
        head.last_id, head.last_hash = entry.id, entry.hash
        head.save(update_fields=["last_id", "last_hash"])
    return entry


def naming(person_id: int) -> Q:
    """Entries about a person or naming them among others (for the auditors' search)."""
    return Q(person_id=person_id) | Q(
        id__in=AccessLogPerson.objects.filter(person_id=person_id).values("entry_id")
    )


def verify_chain() -> ChainProblem | None:
    """Check every entry against its hash and its predecessor; None when intact."""
    head = ChainHead.objects.filter(id=1).first()
    head_id, head_hash = (head.last_id, head.last_hash) if head else (0, "0" * 64)
    entries = AccessLogEntry.objects.order_by("id").iterator(chunk_size=5000)
    return check_chain(entries, head_id, head_hash)


@dataclass(frozen=True, slots=True)
class PendingEntry:
    """One entry for :func:`record_many`."""

    operation: Operation | str
    record_type: str
    record_id: object = ""
    person_id: int | None = None
    detail: dict[str, Any] | None = None


def record_many(
    actor: User | None,
    pending: list[PendingEntry],
    *,
    justification: Justification = SYSTEM,
    channel: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """Append many entries under one chain-head lock (imports); returns how many.

    ``channel``: when not given, the channel of the request or command in hand, else
    "import".
    """
    if not pending:
        return 0
    channel = channel or current_channel("import")
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
        now = clock.now()
        prev, next_id = head.last_hash, head.last_id + 1
        rows = []
        for item in pending:
            record_id, detail = _record_id(item.record_id, item.detail)
            entry = AccessLogEntry(
                id=next_id,
                at=now,
                user=actor if actor is not None and actor.pk else None,
                username=actor.get_username() if actor is not None else "system",
                role=getattr(actor, "role", "") or "",
                operation=str(Operation(item.operation)),
                record_type=item.record_type,
                record_id=record_id,
                person_id=item.person_id,
                reason=justification.reason,
                justification=justification.text,
                channel=channel,
                detail=detail,
                prev_hash=prev,
            )
            entry.hash = entry_hash(prev, canonical_fields(entry))
            rows.append(entry)
            prev, next_id = entry.hash, next_id + 1
        AccessLogEntry.objects.bulk_create(rows, batch_size=500)
        head.last_id, head.last_hash = rows[-1].id, rows[-1].hash
        head.save(update_fields=["last_id", "last_hash"])
    return len(rows)


EXPORT_COLUMNS = (
    "id",
    "at",
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
    "prev_hash",
    "hash",
)


def export_rows(entries: Any) -> Any:
    """Rows of :data:`EXPORT_COLUMNS` for a queryset of entries, streamed in id order."""
    for e in entries.order_by("id").iterator(chunk_size=5000):
        yield [
            e.id,
            e.at.isoformat(),
            e.username,
            e.role,
            e.operation,
            e.record_type,
            e.record_id,
            e.person_id or "",
            e.reason,
            e.justification,
            e.recipient,
            e.channel,
            e.prev_hash,
            e.hash,
        ]
