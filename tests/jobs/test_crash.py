"""Crash safety: a worker killed with SIGKILL mid-job leaves nothing half-done or "running".

The slow test starts a real ``safehold worker`` process on the test database, kills it in
the middle of a plan's search, starts another, and checks the job is retried to the end.
The others drive the recovery directly with a heartbeat made stale.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from tests.planning.force import Force

from safehold.jobs.models import JobRun, JobStatus, WorkerHeartbeat
from safehold.jobs.recovery import LOST, recover_abandoned
from safehold.jobs.services import start_job
from safehold.planning import services
from safehold.planning.models import PlanRun, PlanStatus


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def start_worker() -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safehold.config.settings",
        "DATABASE_URL": _database_url(),
        "SAFEHOLD_WORKER_HEARTBEAT_SECONDS": "0.5",
        "SAFEHOLD_WORKER_STALE_SECONDS": "3",
        "SAFEHOLD_JOB_MAX_ATTEMPTS": "2",
    }

    def start() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "safehold.cli", "worker", "--interval", "0.2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def _wait_for(what: str, check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def tiny_force(transactional_db: None) -> Force:
    from tests.planning.force import build_force

    return build_force()


@pytest.fixture
def force(db: None) -> Force:
    from tests.planning.force import build_force

    return build_force()


@pytest.mark.slow
def test_a_worker_killed_mid_search_is_replaced_and_the_plan_is_made_once(
    tiny_force: Force, start_worker: Callable[[], subprocess.Popen[bytes]]
) -> None:
    """SIGKILL during the search: no plan stored, then a new worker retries it to the end."""
    run = services.request_plan(
        tiny_force.lead,
        services.PlanRequest(start_date=tiny_force.start, days=3, seconds=4.0, seed=1),
    )
    assert run.job is not None
    job_id = run.job.pk
    first = start_worker()

    def searching() -> bool:
        job = JobRun.objects.get(pk=job_id)
        return job.status == JobStatus.RUNNING and job.progress > 0

    _wait_for("the first worker to start the search", searching)
    time.sleep(0.5)
    first_task = JobRun.objects.get(pk=job_id).task_id
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    # Killed mid-search: nothing of the plan was written.
    run.refresh_from_db()
    assert run.status == PlanStatus.RUNNING
    assert run.plan == {}

    start_worker()
    _wait_for(
        "the second worker to finish the job",
        lambda: JobRun.objects.get(pk=job_id).status in {JobStatus.SUCCEEDED, JobStatus.FAILED},
        timeout=90,
    )
    job = JobRun.objects.get(pk=job_id)
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.attempts == 2
    run.refresh_from_db()
    assert run.status == PlanStatus.READY
    assert run.plan["routes"]
    # The dead worker's queue row says why it failed; nothing is left running.
    lost = DBTaskResult.objects.get(pk=first_task)
    assert lost.status == TaskResultStatus.FAILED
    assert lost.exception_class_path == LOST
    assert "stopped responding" in lost.traceback
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()
    assert not JobRun.objects.filter(status=JobStatus.RUNNING).exists()
    assert WorkerHeartbeat.objects.filter(pid=first.pid).get().last_seen < (
        timezone.now() - timedelta(seconds=3)
    )


# ------------------------------------------------------------------ recovery, driven directly


def _running_job(kind: str, params: dict[str, Any], *, attempts: int, quiet_s: float) -> JobRun:
    now = timezone.now()
    beat = WorkerHeartbeat.objects.create(
        worker_id="gone:1",
        hostname="gone",
        pid=1,
        started_at=now - timedelta(hours=1),
        last_seen=now - timedelta(seconds=quiet_s),
    )
    job = start_job(None, kind, params)
    JobRun.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, worker=beat.worker_id, attempts=attempts, started_at=now
    )
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_a_job_whose_worker_went_quiet_is_failed_with_the_reason_after_the_last_attempt(
    force: Force, settings: Any
) -> None:
    """Out of attempts: job and plan run are failed, saying the worker stopped responding."""
    settings.SAFEHOLD_JOB_MAX_ATTEMPTS = 2
    run = PlanRun.objects.create(start_date=force.start, horizon_days=2, status=PlanStatus.RUNNING)
    job = _running_job("plan", {"run_id": run.pk}, attempts=2, quiet_s=600)
    assert recover_abandoned() == [job.pk]
    job.refresh_from_db()
    run.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "stopped responding" in job.message
    assert run.status == PlanStatus.FAILED
    assert "stopped responding" in run.error
    assert recover_abandoned() == []  # once only


@pytest.mark.django_db
def test_a_job_whose_worker_is_still_beating_is_left_alone(force: Force) -> None:
    run = PlanRun.objects.create(start_date=force.start, horizon_days=2, status=PlanStatus.RUNNING)
    job = _running_job("plan", {"run_id": run.pk}, attempts=1, quiet_s=1)
    assert recover_abandoned() == []
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


@pytest.mark.django_db
def test_the_waiting_pages_stop_polling_and_say_why_when_the_worker_went_quiet(
    force: Force,
) -> None:
    """Before any worker recovers it, the job and plan pages stop polling with a message."""
    run = PlanRun.objects.create(
        start_date=force.start, horizon_days=2, status=PlanStatus.RUNNING, requested_by=force.lead
    )
    job = _running_job("plan", {"run_id": run.pk}, attempts=1, quiet_s=600)
    JobRun.objects.filter(pk=job.pk).update(requested_by=force.lead)
    PlanRun.objects.filter(pk=run.pk).update(job=job)
    client = Client()
    client.force_login(force.lead)
    page = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in page
    assert "has not been heard from" in page
    poll = client.get(reverse("planning:run_progress", args=[run.pk]))
    assert poll.status_code == 200
    assert poll["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_a_job_no_worker_takes_is_flagged(force: Force, settings: Any) -> None:
    settings.SAFEHOLD_JOB_PICKUP_WARNING_SECONDS = 60
    job = start_job(force.lead, "plan", {"run_id": 0})
    JobRun.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    client = Client()
    client.force_login(force.lead)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "No worker has picked this job up in 10 minutes" in page
