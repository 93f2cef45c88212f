"""Every Safehold command logs its work under the channel "cli", however it is run."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command, get_commands, load_command_class

from safehold.accounts.roles import Capability
from safehold.audit.log import record
from safehold.audit.models import AccessLogEntry, Operation
from safehold.commands import SafeholdCommand
from safehold.jobs.models import JobRun, JobStatus
from safehold.jobs.registry import KINDS, JobKind, Progress
from safehold.jobs.services import start_job


def test_every_safehold_command_derives_from_the_base_that_sets_the_channel() -> None:
    ours = {name: app for name, app in get_commands().items() if app.startswith("safehold")}
    assert {"worker", "briefing"} <= set(ours)
    for name, app in ours.items():
        assert isinstance(load_command_class(app, name), SafeholdCommand), name


def _probe(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    # A service writing without naming a channel, as most do.
    record(None, Operation.ALTERATION, "channel_probe", params["n"])
    return {}


@pytest.fixture
def probe_kind() -> Any:
    KINDS["test-channel"] = JobKind("test-channel", "Probe", _probe, Capability.VIEW_JOBS)
    yield
    KINDS.pop("test-channel")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("probe_kind")
def test_a_command_run_through_call_command_logs_under_cli() -> None:
    """`call_command("worker")` (not the `safehold` entry point) runs a job whose service
    records an entry without a channel: the entry says "cli"; outside it says "page"."""
    job = start_job(None, "test-channel", {"n": 1})
    call_command("worker", batch=True)
    assert JobRun.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED
    entry = AccessLogEntry.objects.get(record_type="channel_probe", record_id="1")
    assert entry.channel == "cli"
    _probe({"n": 2}, lambda fraction, message: None)
    entry = AccessLogEntry.objects.get(record_type="channel_probe", record_id="2")
    assert entry.channel == "page"
