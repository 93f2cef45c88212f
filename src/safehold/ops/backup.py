"""Backups of the whole database that say what they are, and restores that check before writing.

A Safehold backup is a tar file holding ``safehold-backup.json`` (the format, the engine,
when it was made, every applied migration, the access log's head and row counts) and the
database itself: a SQLite copy taken with SQLite's online backup API, or ``pg_dump -Fc``
output on PostgreSQL. ``restore`` refuses anything else, a backup from another engine, or
one whose schema is newer than this version of Safehold knows, and says why; then it
replaces the database in one step (SQLite's backup API; ``pg_restore --single-transaction``)
and applies any newer migrations.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from safehold.dbstats import analyse
from safehold.errors import SafeholdError

FORMAT = "safehold-backup"
FORMAT_VERSION = 1
MANIFEST = "safehold-backup.json"
PAYLOAD = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(SafeholdError):
    """A backup that cannot be made or restored, saying why."""

    def __init__(self, message: str, *, code: str = "backup_refused") -> None:
        super().__init__(message, code=code)


@dataclass(frozen=True, slots=True)
class Manifest:
    engine: str
    created_at: str
    migrations: dict[str, list[str]]
    audit_head: dict[str, Any]
    row_counts: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "engine": self.engine,
            "created_at": self.created_at,
            "migrations": self.migrations,
            "audit_head": self.audit_head,
            "row_counts": self.row_counts,
        }


def applied_migrations() -> dict[str, list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    out: dict[str, list[str]] = {}
    for app, name in sorted(applied):
        out.setdefault(app, []).append(name)
    return out


def row_counts() -> dict[str, int]:
    """Rows in every table Django manages (the round trip's check)."""
    counts: dict[str, int] = {}
    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in tables and not model._meta.proxy and table not in counts:
            counts[table] = model._base_manager.count()
    return dict(sorted(counts.items()))


def _audit_head() -> dict[str, Any]:
    from safehold.audit.models import ChainHead

    head = ChainHead.objects.filter(id=1).first()
    return {"last_id": head.last_id, "last_hash": head.last_hash} if head else {"last_id": 0}


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in PAYLOAD:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def make_backup(target: Path) -> Manifest:
    """Write a backup of the database ``DATABASE_URL`` names to ``target``."""
    engine = _engine()
    manifest = Manifest(
        engine=engine,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        migrations=applied_migrations(),
        audit_head=_audit_head(),
        row_counts=row_counts(),
    )
    with tempfile.TemporaryDirectory(prefix="safehold-backup-") as work:
        payload = Path(work) / PAYLOAD[engine]
        (_sqlite_copy if engine == "sqlite" else _pg_dump)(payload)
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest.as_dict(), indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(datetime.now(UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(payload, arcname=PAYLOAD[engine])
        partial.replace(target)  # never a half-written file under the real name
    return manifest


def _sqlite_path() -> str:
    return str(connection.settings_dict["NAME"])


def _sqlite_copy(payload: Path) -> None:
    source = sqlite3.connect(_sqlite_path())
    copy = sqlite3.connect(payload)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = ["--host", s["HOST"] or "localhost", "--port", str(s["PORT"] or 5432)]
    args += ["--username", s["USER"]] if s.get("USER") else []
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client)",
            code="tool_missing",
        )
    return found


def _pg_dump(payload: Path) -> None:
    args, env = _pg_env()
    name = str(connection.settings_dict["NAME"])
    _run(
        [_tool("pg_dump"), "-Fc", "--no-owner", "--no-privileges", *args, "-f", str(payload), name],
        env,
    )


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed tool, arguments from settings
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[:500]}")


# --------------------------------------------------------------------------- restore


def read_manifest(source: Path) -> dict[str, Any]:
    """The backup's manifest, after checking the file is a Safehold backup at all."""
    if not source.is_file():
        raise BackupError(f"{source}: no such file", code="not_found")
    try:
        with tarfile.open(source, "r") as tar:
            handle = tar.extractfile(tar.getmember(MANIFEST))
            manifest = json.loads(handle.read()) if handle else None
    except tarfile.TarError:
        raise BackupError(
            f"{source} is not a Safehold backup (it is not a backup archive at all)",
            code="not_a_backup",
        ) from None
    except (KeyError, ValueError):
        raise BackupError(
            f"{source} is not a Safehold backup (it has no readable {MANIFEST})",
            code="not_a_backup",
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is not a Safehold backup (wrong format)", code="not_a_backup")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise BackupError(
            f"{source} is backup format {manifest['format_version']}; this Safehold reads "
            f"format {FORMAT_VERSION} and older: restore it with a newer Safehold",
            code="newer_backup",
        )
    return manifest


def check_restorable(manifest: dict[str, Any]) -> None:
    engine = _engine()
    if manifest.get("engine") != engine:
        raise BackupError(
            f"this backup is of a {manifest.get('engine')} database and DATABASE_URL names "
            f"a {engine} one: restore it into {manifest.get('engine')}",
            code="wrong_engine",
        )
    newer = _newer_than_code(manifest.get("migrations", {}))
    if newer:
        raise BackupError(
            "this backup is from a newer schema than this version of Safehold knows "
            f"(migrations {', '.join(newer[:5])}{' …' if len(newer) > 5 else ''}): "
            "upgrade Safehold, then restore",
            code="newer_schema",
        )


def _newer_than_code(recorded: dict[str, list[str]]) -> list[str]:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(
        f"{app}.{name}"
        for app, names in recorded.items()
        for name in names
        if (app, name) not in known
    )


def database_holds_data() -> bool:
    tables = connection.introspection.table_names()
    if "django_migrations" not in tables:
        return False
    from safehold.accounts.models import User

    return "accounts_user" in tables and User.objects.exists()


def restore_backup(source: Path, *, migrate: Callable[[], object]) -> dict[str, Any]:
    """Replace the database with the backup's contents; returns the backup's manifest."""
    manifest = read_manifest(source)
    check_restorable(manifest)
    name = PAYLOAD[manifest["engine"]]
    with tarfile.open(source, "r") as tar, tempfile.TemporaryDirectory() as work:
        try:
            tar.extract(name, work, filter="data")
        except KeyError:
            raise BackupError(
                f"{source} is damaged: it has no {name}", code="not_a_backup"
            ) from None
        payload = Path(work) / name
        connections.close_all()
        (_sqlite_restore if manifest["engine"] == "sqlite" else _pg_restore)(payload)
    connections.close_all()
    migrate()
    analyse()  # plan queries for the restored rows, not for the empty tables before
    return manifest


def _sqlite_restore(payload: Path) -> None:
    backup = sqlite3.connect(payload)
    try:
        if backup.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise BackupError("the database in the backup fails SQLite's integrity check")
        target = sqlite3.connect(_sqlite_path(), timeout=30)
        try:
            with target:
                backup.backup(target)  # page by page, under one lock: all or nothing
        finally:
            target.close()
    finally:
        backup.close()


def _pg_restore(payload: Path) -> None:
    args, env = _pg_env()
    name = str(connection.settings_dict["NAME"])
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            "--dbname",
            name,
            str(payload),
        ],
        env,
    )
