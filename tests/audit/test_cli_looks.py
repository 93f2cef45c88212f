"""Looks from the command line are justified like the pages' and name the OS user
(issue 13, finding 7). Before: `safehold safeguarding queue --reason not-a-reason
--text ""` was accepted and logged as "system"; `audit export` the same; the retention
dry run listed people unlogged."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from tests.factories import PersonFactory

from safehold.audit.account_changes import os_user
from safehold.audit.models import AccessLogEntry
from safehold.people.models import Address, Person

pytestmark = pytest.mark.django_db


def latest(record_type: str) -> AccessLogEntry:
    entry = AccessLogEntry.objects.filter(record_type=record_type).order_by("-id").first()
    assert entry is not None
    return entry


@pytest.mark.parametrize(
    "command",
    [
        ["safeguarding", "queue"],
        ["audit", "export"],
        ["briefing"],
    ],
)
def test_a_reason_not_on_the_pages_list_is_refused(command: list[str]) -> None:
    with pytest.raises(CommandError):
        call_command(*command, "--reason", "not-a-reason", stdout=StringIO())
    assert not AccessLogEntry.objects.exclude(record_type="user").exists()  # users are set up


@pytest.mark.parametrize("command", [["safeguarding", "queue"], ["audit", "export"]])
def test_other_needs_an_explanation_as_on_the_page(command: list[str]) -> None:
    with pytest.raises(CommandError, match="--text"):
        call_command(*command, "--reason", "other", "--text", "", stdout=StringIO())
    assert not AccessLogEntry.objects.exclude(record_type="user").exists()  # users are set up


def test_the_queue_look_names_the_operating_system_user() -> None:
    call_command("safeguarding", "queue", "--reason", "safeguarding", stdout=StringIO())
    entry = latest("da_queue")
    assert entry.username == "system"
    assert entry.detail["os_user"] == os_user()
    assert entry.recipient == f"cli:{os_user()}"
    assert entry.reason == "safeguarding"


def test_the_audit_export_names_the_operating_system_user(tmp_path: Path) -> None:
    call_command("audit", "export", "-o", str(tmp_path / "log.csv"))
    entry = latest("access_log_export")
    assert entry.detail["os_user"] == os_user()
    assert entry.reason == "supervision"


def test_the_retention_dry_run_logs_the_people_it_lists() -> None:
    old = PersonFactory()
    long_ago = timezone.now() - timedelta(days=3000)
    Person.objects.filter(pk=old.pk).update(modified_at=long_ago)
    Address.objects.filter(residents__person=old).update(modified_at=long_ago)
    old.addresses.update(modified_at=long_ago)
    out = StringIO()
    call_command("retention", stdout=out)
    assert old.reference in out.getvalue()
    entry = latest("retention_review")
    assert entry.detail["shown"] == [old.pk]
    assert entry.detail["os_user"] == os_user()
