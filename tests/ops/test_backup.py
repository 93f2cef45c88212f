"""`safehold backup` and `safehold restore`: every row back, the log intact, bad files refused."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from safehold.accounts.models import User
from safehold.audit.log import Justification, record, verify_chain
from safehold.audit.models import Operation
from safehold.ops.backup import MANIFEST, row_counts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _some_data() -> None:
    users = [UserFactory(username=f"officer{i}") for i in range(3)]
    for i, user in enumerate(users):
        record(user, Operation.CONSULTATION, "person", i, justification=Justification("x", "t"))


def _rewrite_manifest(source: Path, target: Path, change: dict[str, object]) -> None:
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old.getmembers():
            data = old.extractfile(member)
            assert data is not None
            body = data.read()
            if member.name == MANIFEST:
                body = json.dumps(json.loads(body) | change).encode()
                member.size = len(body)
            new.addfile(member, io.BytesIO(body))


def test_the_round_trip_keeps_every_row_and_the_access_log_verifies(tmp_path: Path) -> None:
    _some_data()
    before = row_counts()
    out = io.StringIO()
    call_command("backup", output=tmp_path / "b.tar", stdout=out)
    assert "Backed up" in out.getvalue()
    # Changes after the backup are undone by the restore.
    UserFactory(username="after.backup")
    record(None, Operation.CONSULTATION, "person", 99)
    call_command("restore", str(tmp_path / "b.tar"), replace=True, stdout=io.StringIO())
    assert row_counts() == before
    assert not User.objects.filter(username="after.backup").exists()
    assert verify_chain() is None
    call_command("audit", "verify", stdout=io.StringIO())


def test_a_database_holding_data_is_not_replaced_without_being_asked(tmp_path: Path) -> None:
    _some_data()
    call_command("backup", output=tmp_path / "b.tar", stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds data: pass --replace"):
        call_command("restore", str(tmp_path / "b.tar"), stdout=io.StringIO())


def test_a_file_that_is_not_a_backup_is_refused_saying_so(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup\n")
    with pytest.raises(CommandError, match="not a Safehold backup"):
        call_command("restore", str(junk), replace=True)
    other = tmp_path / "other.tar"
    with tarfile.open(other, "w") as tar:
        tar.add(junk, arcname="notes.txt")
    with pytest.raises(CommandError, match=r"has no readable safehold-backup\.json"):
        call_command("restore", str(other), replace=True)


def test_a_backup_from_a_newer_schema_is_refused_naming_the_migrations(tmp_path: Path) -> None:
    _some_data()
    call_command("backup", output=tmp_path / "b.tar", stdout=io.StringIO())
    from safehold.ops.backup import applied_migrations

    newer = applied_migrations() | {"jobs": [*applied_migrations()["jobs"], "0099_future"]}
    _rewrite_manifest(tmp_path / "b.tar", tmp_path / "newer.tar", {"migrations": newer})
    with pytest.raises(CommandError, match=r"newer schema .*jobs\.0099_future"):
        call_command("restore", str(tmp_path / "newer.tar"), replace=True)
    # Nothing was written.
    assert User.objects.count() == 3


def test_a_backup_of_the_other_engine_is_refused(tmp_path: Path) -> None:
    _some_data()
    call_command("backup", output=tmp_path / "b.tar", stdout=io.StringIO())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    _rewrite_manifest(tmp_path / "b.tar", tmp_path / "other.tar", {"engine": other})
    with pytest.raises(CommandError, match=f"backup is of a {other} database"):
        call_command("restore", str(tmp_path / "other.tar"), replace=True)
