"""The one Django Task that runs every job kind, so every kind gets progress and errors alike."""

from __future__ import annotations

import logging
import os
import socket
import time
import traceback
from collections.abc import Callable

from django_tasks import task

from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import SafeholdError

from .current import CURRENT_JOB
from .models import JobRun, JobStatus
from .registry import get_kind

log = logging.getLogger(__name__)

# Progress is written at most this often, so a chatty job does not hammer the database.
_PROGRESS_INTERVAL_S = 0.5

# A terminal's progress bar, when the CLI runs a job in its own process.
PROGRESS_HOOK: Callable[[float, str], None] | None = None


@task()
def run_job(job_id: int) -> dict[str, object]:
    """Run the job ``job_id`` to completion, recording progress, result or failure."""
    return execute(job_id)


def execute(job_id: int, clock: Clock = SYSTEM_CLOCK) -> dict[str, object]:
    """Run one job here and now: started and finished at ``clock``'s time."""
    job = JobRun.objects.get(pk=job_id)
    kind = get_kind(job.kind)
    attempt = job.attempts + 1
    started = JobRun.objects.filter(
        pk=job_id, status=JobStatus.QUEUED, attempts=job.attempts
    ).update(
        status=JobStatus.RUNNING,
        started_at=clock.now(),
        worker=f"{socket.gethostname()[:50]}:{os.getpid()}",
        message="Started" if attempt == 1 else f"Started again (attempt {attempt})",
        attempts=attempt,
    )
    if not started:
        # Already run, running elsewhere or failed: a stale queue row must not run it twice.
        log.warning("job %s is %s, not queued: not run again", job_id, job.status)
        return {"skipped": f"job {job_id} was {job.status}"}
    # Only this attempt may write: a worker presumed dead that comes back writes nothing.
    mine = JobRun.objects.filter(pk=job_id, attempts=attempt, status=JobStatus.RUNNING)
    CURRENT_JOB["id"] = job_id
    last_write = 0.0

    def progress(fraction: float, message: str) -> None:
        nonlocal last_write
        if PROGRESS_HOOK is not None:
            PROGRESS_HOOK(fraction, message)
        now = time.monotonic()
        if now - last_write >= _PROGRESS_INTERVAL_S or fraction >= 1.0:
            last_write = now
            mine.update(progress=max(0.0, min(1.0, fraction)), message=message[:200])

    began = time.monotonic()
    try:
        result = kind.run(job.params, progress)
    except Exception as exc:
        CURRENT_JOB["id"] = None
        log.exception("job %s (%s) failed", job_id, job.kind)
        # Errors that say what to fix are shown; anything else stays in the worker's log.
        shown = (
            str(exc)
            if isinstance(exc, SafeholdError | ValueError)
            else (f"an unexpected {type(exc).__name__}; the worker's log has the details")
        )
        mine.update(
            status=JobStatus.FAILED,
            finished_at=clock.now(),
            message=f"Failed: {shown}"[:200],
            error=traceback.format_exc(limit=5),
        )
        raise
    CURRENT_JOB["id"] = None
    log.info("job %s (%s) finished in %.1f s", job_id, job.kind, time.monotonic() - began)
    mine.update(
        status=JobStatus.SUCCEEDED,
        finished_at=clock.now(),
        progress=1.0,
        message="Finished",
        result=result,
    )
    return result
