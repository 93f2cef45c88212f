"""Signed anchors of the access log's head, kept outside the database.

A database administrator can rewrite the whole chain consistently (every hash and the
head row): plain ``verify`` passes, ``verify --anchors`` must not.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from safehold.audit.anchor import anchor_if_due
from safehold.audit.chain import GENESIS_HASH, canonical_fields, entry_hash
from safehold.audit.log import record, verify_chain
from safehold.audit.models import AccessLogEntry, ChainHead, Operation


@pytest.fixture(autouse=True)
def anchor_key(tmp_path: Path, settings: Any) -> Path:
    key = tmp_path / "anchor.key"
    key.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    settings.SAFEHOLD_AUDIT_ANCHOR_KEY = str(key)
    settings.SAFEHOLD_AUDIT_ANCHOR_FILE = ""
    return key


def _log(n: int) -> None:
    for i in range(n):
        record(None, Operation.CONSULTATION, "person", i)


def _anchor(path: Path) -> None:
    call_command("audit", "anchor", to=path, stdout=io.StringIO(), stderr=io.StringIO())


def _verify(anchors: Path) -> str:
    out = io.StringIO()
    call_command("audit", "verify", anchors=anchors, stdout=out)
    return out.getvalue()


def _rewrite_consistently(change_id: int, keep_up_to: int | None = None) -> None:
    """What a database administrator could do: alter or drop rows, rehash, move the head."""
    table = AccessLogEntry._meta.db_table
    with connection.cursor() as cursor:
        if keep_up_to is not None:
            cursor.execute(f"DELETE FROM {table} WHERE id > %s", [keep_up_to])  # noqa: S608
        cursor.execute(
            f"UPDATE {table} SET justification = %s WHERE id = %s",  # noqa: S608
            ["nothing to see", change_id],
        )
    prev = GENESIS_HASH
    for entry in AccessLogEntry.objects.order_by("id"):
        new = entry_hash(prev, canonical_fields(entry))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
                [prev, new, entry.id],
            )
        prev = new
    last = AccessLogEntry.objects.order_by("-id").first()
    assert last is not None
    ChainHead.objects.filter(id=1).update(last_id=last.id, last_hash=prev)


@pytest.mark.django_db
def test_anchors_hold_for_an_untouched_log(tmp_path: Path) -> None:
    anchors = tmp_path / "anchors.jsonl"
    _log(3)
    _anchor(anchors)
    _log(2)
    _anchor(anchors)
    out = _verify(anchors)
    assert "2 anchors hold (the latest at entry #5)" in out
    line = json.loads(anchors.read_text().splitlines()[1])
    assert {"entry_id", "hash", "at", "sig", "key_id", "prev"} <= set(line)


@pytest.mark.django_db
def test_a_chain_rewritten_behind_an_anchor_is_caught_though_the_head_was_moved(
    tmp_path: Path,
) -> None:
    anchors = tmp_path / "anchors.jsonl"
    _log(5)
    _anchor(anchors)
    _rewrite_consistently(change_id=2)
    assert verify_chain() is None  # the chain alone cannot tell
    with pytest.raises(CommandError, match=r"entry #5 no longer has the hash anchored .*rewritten"):
        _verify(anchors)


@pytest.mark.django_db
def test_a_chain_truncated_behind_an_anchor_is_caught(tmp_path: Path) -> None:
    anchors = tmp_path / "anchors.jsonl"
    _log(6)
    _anchor(anchors)
    _rewrite_consistently(change_id=1, keep_up_to=4)
    assert verify_chain() is None
    with pytest.raises(CommandError, match=r"anchored entry #6 .* ends at #4: it was truncated"):
        _verify(anchors)


@pytest.mark.django_db
def test_an_altered_or_removed_anchor_line_is_caught(tmp_path: Path) -> None:
    anchors = tmp_path / "anchors.jsonl"
    for _ in range(3):
        _log(1)
        _anchor(anchors)
    lines = anchors.read_text().splitlines()
    forged = json.loads(lines[2]) | {"entry_id": 2}
    anchors.write_text("\n".join([*lines[:2], json.dumps(forged)]) + "\n")
    with pytest.raises(CommandError, match="anchor line 3: the signature does not match"):
        _verify(anchors)
    anchors.write_text("\n".join([lines[0], lines[2]]) + "\n")
    with pytest.raises(CommandError, match="anchor line 2 does not follow the line before it"):
        _verify(anchors)


@pytest.mark.django_db
def test_production_refuses_to_anchor_without_a_configured_key(
    tmp_path: Path, settings: Any
) -> None:
    settings.SAFEHOLD_AUDIT_ANCHOR_KEY = ""
    settings.SAFEHOLD_AUDIT_ANCHOR_DEMO_KEY = False
    with pytest.raises(CommandError, match="production must configure"):
        _anchor(tmp_path / "anchors.jsonl")


@pytest.mark.django_db
def test_the_demo_makes_its_own_key_and_says_production_must_not(
    tmp_path: Path, settings: Any
) -> None:
    settings.SAFEHOLD_AUDIT_ANCHOR_KEY = ""
    settings.VAR_DIR = tmp_path
    err = io.StringIO()
    call_command("audit", "anchor", to=tmp_path / "a.jsonl", stdout=io.StringIO(), stderr=err)
    assert "made a new demo anchor key" in err.getvalue()
    assert "production must set SAFEHOLD_AUDIT_ANCHOR_KEY" in err.getvalue()
    assert (tmp_path / "audit-anchor-demo.key").stat().st_mode & 0o077 == 0


@pytest.mark.django_db
def test_the_worker_anchors_once_a_day(tmp_path: Path, settings: Any) -> None:
    settings.SAFEHOLD_AUDIT_ANCHOR_FILE = str(tmp_path / "daily.jsonl")
    _log(1)
    start = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
    assert anchor_if_due(start) is not None
    assert anchor_if_due(start + timedelta(hours=23)) is None
    assert anchor_if_due(start + timedelta(hours=24, seconds=1)) is not None
    assert len((tmp_path / "daily.jsonl").read_text().splitlines()) == 2
