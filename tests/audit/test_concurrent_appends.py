"""Many looks logged at once, on real threads and connections: the chain stays whole.

On PostgreSQL each append is one statement (``audit/pg_append.py``) that locks the chain
head only while the server runs it; on SQLite the writers are serialised. Either way
every look gets its own place in the chain, none is lost or doubled, the hash the server
computed is the one ``safehold audit verify`` recomputes, and a rolled-back write leaves
no entry and no gap.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, connections, transaction
from tests.factories import UserFactory

from safehold.audit.chain import canonical_fields, entry_hash
from safehold.audit.log import Justification, Operation, record, verify_chain
from safehold.audit.models import AccessLogEntry, AccessLogPerson, ChainHead
from safehold.clock import FrozenClock

pytestmark = pytest.mark.django_db(transaction=True)

WHY = Justification("case_management", "checking — ünïcode “quotes” survive")


def test_looks_logged_at_once_from_many_threads_each_take_one_place_in_the_chain() -> None:
    users = [UserFactory(username=f"looker{i}") for i in range(6)]
    before = ChainHead.objects.filter(id=1).values_list("last_id", flat=True).first() or 0
    barrier = threading.Barrier(len(users))
    errors: list[BaseException] = []

    def look(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            for n in range(15):
                record(
                    users[i],
                    Operation.CONSULTATION,
                    "offender",
                    f"{i}-{n}",
                    person_id=1000 + i,
                    justification=WHY,
                    detail={"n": n, "nested": {"b": 1, "a": [1.5, "x"]}},
                    people=[i, i + 1, 7],
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=look, args=(i,)) for i in range(len(users))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    head = ChainHead.objects.get(id=1)
    assert head.last_id == before + 6 * 15
    ids = list(AccessLogEntry.objects.order_by("id").values_list("id", flat=True))
    assert ids == list(range(1, head.last_id + 1))
    assert verify_chain() is None
    # Each entry names its three people in the index, once.
    looks = AccessLogEntry.objects.filter(record_type="offender", id__gt=before)
    assert AccessLogPerson.objects.filter(entry__in=looks).count() == 6 * 15 * 3
    assert sorted(looks.get(record_id="2-4").detail["people"]) == [2, 3, 7]


def test_an_entry_returned_is_the_one_stored_and_its_hash_is_recomputable() -> None:
    user = UserFactory(username="looker")
    at = datetime(2026, 3, 29, 0, 59, 59, 123456, tzinfo=UTC)
    entry = record(
        user,
        Operation.DISCLOSURE,
        "offender",
        "x" * 80,  # cut to the column, kept whole in the detail
        recipient="Probation",
        justification=WHY,
        clock=FrozenClock(at),
    )
    stored = AccessLogEntry.objects.get(id=entry.id)
    assert (stored.prev_hash, stored.hash, stored.at) == (entry.prev_hash, entry.hash, at)
    assert stored.hash == entry_hash(stored.prev_hash, canonical_fields(stored))
    assert stored.detail == {"record_id": "x" * 80}
    assert verify_chain() is None


def test_a_rolled_back_write_leaves_no_entry_and_no_gap() -> None:
    user = UserFactory(username="writer")
    first = record(user, Operation.ALTERATION, "offender", "1")

    def failing_write() -> None:
        with transaction.atomic():
            record(user, Operation.ALTERATION, "offender", "2")
            raise RuntimeError("the write failed")

    with pytest.raises(RuntimeError):
        failing_write()
    after = record(user, Operation.ALTERATION, "offender", "3")
    assert after.id == first.id + 1
    assert not AccessLogEntry.objects.filter(record_id="2").exists()
    assert verify_chain() is None


def test_the_first_look_in_an_empty_log_starts_the_chain() -> None:
    ChainHead.objects.all().delete()
    if AccessLogEntry.objects.exists():
        pytest.skip("the log already holds entries (users were created)")
    entry = record(None, Operation.CONSULTATION, "offender", "1")
    assert entry.id == 1
    assert verify_chain() is None
    assert connection.vendor in {"sqlite", "postgresql"}
