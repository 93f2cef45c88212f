"""Anchors: the access log's chain head, signed and kept outside the database.

The hash chain (``chain.py``) shows tampering by anyone who cannot rewrite every later hash
and the head row; a database administrator could. An anchor records the head — entry id,
its hash, the entry's time and the anchor's — signed with an Ed25519 key the database does
not hold, and is appended to a file (and, when configured, sent to syslog or an HTTP
endpoint). ``safehold audit verify --anchors FILE`` then checks every anchor's signature
and that the log still holds each anchored entry with the anchored hash: a chain rewritten
or truncated behind an anchor fails, even when the head row was moved to match.

Each anchor line also carries the SHA-256 of the line before it, so a line removed from
the middle of the file shows. Key: ``SAFEHOLD_AUDIT_ANCHOR_KEY`` (a PEM Ed25519 private
key). Without it the demo makes one under ``var/`` on first use and says so; production
settings refuse to.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import logging
import logging.handlers
import os
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from safehold.errors import SafeholdError

from .models import AccessLogEntry, ChainHead

log = logging.getLogger(__name__)
VERSION = 1
SIGNED_FIELDS = ("v", "entry_id", "hash", "entry_at", "at", "key_id", "prev")


class AnchorError(SafeholdError):
    """An anchor that cannot be made, or anchors that do not hold."""

    def __init__(self, message: str, *, code: str = "anchor_failed") -> None:
        super().__init__(message, code=code)


# --------------------------------------------------------------------------- the key


def _key_path() -> tuple[Path, bool]:
    """The configured key, or the demo's under var/ (``True`` when it is the demo's)."""
    configured = getattr(settings, "SAFEHOLD_AUDIT_ANCHOR_KEY", "")
    if configured:
        return Path(configured), False
    return Path(settings.VAR_DIR) / "audit-anchor-demo.key", True


def signing_key(*, create: bool = True) -> tuple[Ed25519PrivateKey, str]:
    """The private key and a note when it is the demo's own (else "")."""
    path, demo = _key_path()
    note = ""
    if demo:
        if not getattr(settings, "SAFEHOLD_AUDIT_ANCHOR_DEMO_KEY", True):
            raise AnchorError(
                "SAFEHOLD_AUDIT_ANCHOR_KEY is not set: production must configure a PEM "
                "Ed25519 private key kept away from the database (see docs/access-log.md)",
                code="anchor_key_missing",
            )
        note = (
            f"using the demo's own anchor key {path}; production must set "
            "SAFEHOLD_AUDIT_ANCHOR_KEY to a key the database administrators cannot read"
        )
        if not path.exists() and create:
            path.parent.mkdir(parents=True, exist_ok=True)
            pem = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
            note = f"made a new demo anchor key at {path}; " + note.split("; ", 1)[1]
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise AnchorError(f"cannot read the anchor key {path}: {exc}", code="anchor_key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise AnchorError(f"the anchor key {path} is not an Ed25519 key", code="anchor_key")
    return key, note


def verifying_key() -> Ed25519PublicKey:
    """``SAFEHOLD_AUDIT_ANCHOR_PUBLIC_KEY`` (an auditor's copy) or the signing key's."""
    public = getattr(settings, "SAFEHOLD_AUDIT_ANCHOR_PUBLIC_KEY", "")
    if public:
        key = serialization.load_pem_public_key(Path(public).read_bytes())
        if not isinstance(key, Ed25519PublicKey):
            raise AnchorError(f"{public} is not an Ed25519 public key", code="anchor_key")
        return key
    return signing_key(create=False)[0].public_key()


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


# --------------------------------------------------------------------------- making anchors


def _payload(anchor: dict[str, Any]) -> bytes:
    fields = {name: anchor[name] for name in SIGNED_FIELDS}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def _last_line(path: Path) -> str:
    if not path.exists():
        return ""
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - 4096))
        lines = handle.read().decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else ""


def make_anchor(prev_line: str, now: datetime | None = None) -> tuple[dict[str, Any], str]:
    """The signed anchor for the chain head now, and a note about the key (or "")."""
    key, note = signing_key()
    head = ChainHead.objects.filter(id=1).first()
    last_id, last_hash = (head.last_id, head.last_hash) if head else (0, "0" * 64)
    entry = AccessLogEntry.objects.filter(id=last_id).first()
    anchor: dict[str, Any] = {
        "v": VERSION,
        "entry_id": last_id,
        "hash": last_hash,
        "entry_at": entry.at.astimezone(UTC).isoformat() if entry else None,
        "at": (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"),
        "key_id": key_id(key.public_key()),
        "prev": hashlib.sha256(prev_line.encode()).hexdigest() if prev_line else None,
    }
    anchor["sig"] = base64.b64encode(key.sign(_payload(anchor))).decode()
    return anchor, note


def append_anchor(path: Path, now: datetime | None = None) -> tuple[dict[str, Any], str]:
    """Sign the head and append it to ``path`` (locked, so two writers never interleave);
    also send it to the configured syslog and HTTP targets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            anchor, note = make_anchor(_last_line(path), now)
            line = json.dumps(anchor, sort_keys=True)
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    send_elsewhere(line)
    return anchor, note


def send_elsewhere(line: str) -> None:
    """Copies for other hands: syslog (``SAFEHOLD_AUDIT_ANCHOR_SYSLOG`` = host:port or a
    socket path) and HTTP (``SAFEHOLD_AUDIT_ANCHOR_URL``, POSTed as JSON)."""
    target = getattr(settings, "SAFEHOLD_AUDIT_ANCHOR_SYSLOG", "")
    if target:
        host, _, port = target.rpartition(":")
        address: str | tuple[str, int] = (
            (host, int(port)) if host and port.isascii() and port.isdigit() else target
        )
        handler = logging.handlers.SysLogHandler(address=address)
        try:
            handler.emit(logging.makeLogRecord({"msg": f"safehold-audit-anchor {line}"}))
        finally:
            handler.close()
    url = getattr(settings, "SAFEHOLD_AUDIT_ANCHOR_URL", "")
    if url:
        if not url.startswith(("https://", "http://")):
            raise AnchorError("SAFEHOLD_AUDIT_ANCHOR_URL must be an http(s) URL")
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url, data=line.encode(), headers={"Content-Type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            if answer.status >= 300:
                raise AnchorError(f"the anchor endpoint answered {answer.status}")


def anchor_if_due(now: datetime | None = None) -> dict[str, Any] | None:
    """The worker's daily anchor: append one to ``SAFEHOLD_AUDIT_ANCHOR_FILE`` when the last
    is older than ``SAFEHOLD_AUDIT_ANCHOR_EVERY_HOURS`` (24). Nothing when no file is set."""
    target = getattr(settings, "SAFEHOLD_AUDIT_ANCHOR_FILE", "")
    if not target:
        return None
    now = now or datetime.now(UTC)
    every = timedelta(hours=float(getattr(settings, "SAFEHOLD_AUDIT_ANCHOR_EVERY_HOURS", 24)))
    last = _last_line(Path(target))
    if last:
        try:
            if now - datetime.fromisoformat(json.loads(last)["at"]) < every:
                return None
        except (ValueError, KeyError, TypeError):
            pass  # an unreadable last line: anchor again, verify will name the bad line
    anchor, _ = append_anchor(Path(target), now)
    log.info("anchored the access log at entry #%s", anchor["entry_id"])
    return anchor


# --------------------------------------------------------------------------- checking


@dataclass(frozen=True, slots=True)
class AnchorReport:
    anchors: int
    latest_entry: int
    problem: str | None


def check_anchors(path: Path) -> AnchorReport:
    """Check every anchor in ``path`` against its signature, its predecessor and the log."""
    if not path.is_file():
        raise AnchorError(f"{path}: no such anchor file", code="not_found")
    public = verifying_key()
    expected_key = key_id(public)
    prev_line = ""
    latest = 0
    count = 0
    head = ChainHead.objects.filter(id=1).first()
    log_end = head.last_id if head else 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        count += 1
        problem = _check_line(line, number, prev_line, public, expected_key, log_end)
        if problem:
            return AnchorReport(count, latest, problem)
        latest = max(latest, int(json.loads(line)["entry_id"]))
        prev_line = line
    return AnchorReport(count, latest, None)


def _check_line(
    line: str, number: int, prev_line: str, public: Ed25519PublicKey, expected_key: str, end: int
) -> str | None:
    where = f"anchor line {number}"
    try:
        anchor = json.loads(line)
        signature = base64.b64decode(anchor["sig"])
        payload = _payload(anchor)
    except (ValueError, KeyError, TypeError):
        return f"{where} is not a readable anchor"
    if anchor["key_id"] != expected_key:
        return f"{where} was signed by key {anchor['key_id']}, not this force's {expected_key}"
    try:
        public.verify(signature, payload)
    except InvalidSignature:
        return f"{where}: the signature does not match (the anchor was altered)"
    expected_prev = hashlib.sha256(prev_line.encode()).hexdigest() if prev_line else None
    if anchor["prev"] != expected_prev:
        return f"{where} does not follow the line before it (an anchor was removed or moved)"
    entry_id = int(anchor["entry_id"])
    if entry_id == 0:
        return None
    if entry_id > end:
        return (
            f"{where} anchored entry #{entry_id} at {anchor['at']}, but the log now ends at "
            f"#{end}: it was truncated"
        )
    entry = AccessLogEntry.objects.filter(id=entry_id).only("hash").first()
    if entry is None:
        return f"{where} anchored entry #{entry_id}, which the log no longer holds"
    if entry.hash != anchor["hash"]:
        return (
            f"{where}: entry #{entry_id} no longer has the hash anchored at {anchor['at']}: "
            "the log was rewritten behind the anchor"
        )
    return None
