"""Background jobs: queued, run by workers, progress recorded, each taken exactly once."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker

from safehold.accounts.roles import Capability
from safehold.jobs.models import JobRun, JobStatus
from safehold.jobs.registry import KINDS, JobKind, Progress
from safehold.jobs.services import run_job_here, start_job

RUNS: list[int] = []
LOCK = threading.Lock()


def _count(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    progress(0.5, "half way")
    with LOCK:
        RUNS.append(int(params["n"]))
    progress(1.0, "done")
    return {"n": params["n"]}


def _explode(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    raise ValueError("the depot is on fire")


@pytest.fixture(autouse=True)
def test_kinds() -> Any:
    KINDS["test-count"] = JobKind("test-count", "Count", _count, Capability.VIEW_JOBS)
    KINDS["test-explode"] = JobKind("test-explode", "Explode", _explode, Capability.VIEW_JOBS)
    RUNS.clear()
    yield
    KINDS.pop("test-count")
    KINDS.pop("test-explode")


@pytest.mark.django_db
def test_a_job_run_here_records_its_result_and_finishes() -> None:
    """run_job_here runs in-process and leaves a finished run with the result."""
    job = run_job_here(None, "test-count", {"n": 7})
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"n": 7}
    assert job.progress == 1.0


@pytest.mark.django_db
def test_a_failing_job_is_recorded_as_failed_with_its_message() -> None:
    """An exception in the job marks the run failed with what went wrong."""
    with pytest.raises(ValueError, match="on fire"):
        run_job_here(None, "test-explode", {})
    job = JobRun.objects.get(kind="test-explode")
    assert job.status == JobStatus.FAILED
    assert "the depot is on fire" in job.message


@pytest.mark.django_db
def test_an_unknown_job_kind_is_refused_naming_the_known_ones() -> None:
    """Asking for a kind that does not exist says which kinds do."""
    with pytest.raises(ValueError, match="known kinds"):
        start_job(None, "no-such-kind", {})


@pytest.mark.django_db(transaction=True)
def test_queued_jobs_are_run_by_a_worker() -> None:
    """start_job queues; `safehold worker --batch` runs everything queued, then exits."""
    jobs = [start_job(None, "test-count", {"n": i}) for i in range(3)]
    call_command("worker", batch=True)
    for job in jobs:
        job.refresh_from_db()
        assert job.status == JobStatus.SUCCEEDED
        assert job.task_id
    assert sorted(RUNS) == [0, 1, 2]


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_queue_and_run_each_job_exactly_once() -> None:
    """Two workers on their own connections take 12 jobs; none runs twice, none is lost."""
    for i in range(12):
        start_job(None, "test-count", {"n": i})
    errors: list[BaseException] = []

    def work(worker_id: str) -> None:
        try:
            # The Worker itself, as `safehold worker` runs it (the command's signal
            # handlers can only be installed in the main thread).
            Worker(
                queue_names=["*"],
                interval=0.05,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
                excluded_queue_names=[],
            ).run()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(RUNS) == list(range(12))
    assert JobRun.objects.filter(status=JobStatus.SUCCEEDED).count() == 12


def _crash(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    raise KeyError("internal_column_name")


@pytest.mark.django_db
def test_an_unexpected_failure_is_not_shown_to_users_but_named_by_kind() -> None:
    """A KeyError's text stays in the worker's log; the run says what kind of failure."""
    KINDS["test-crash"] = JobKind("test-crash", "Crash", _crash, Capability.VIEW_JOBS)
    try:
        with pytest.raises(KeyError):
            run_job_here(None, "test-crash", {})
    finally:
        KINDS.pop("test-crash")
    job = JobRun.objects.get(kind="test-crash")
    assert "internal_column_name" not in job.message
    assert "unexpected KeyError" in job.message


@pytest.mark.django_db
def test_a_job_is_stamped_with_the_clock_it_is_given() -> None:
    """Started and finished at the clock's time: a frozen clock, not a patched time."""
    from datetime import UTC, datetime

    from safehold.clock import FrozenClock

    at = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    job = run_job_here(None, "test-count", {"n": 1}, clock=FrozenClock(at))
    assert (job.started_at, job.finished_at) == (at, at)
