"""Take back jobs whose worker died (SIGKILL, power cut): retry them or fail them with a reason.

A job is abandoned when the worker recorded on it has a heartbeat older than
``SAFEHOLD_WORKER_STALE_SECONDS`` or stopped. Its queue row is marked failed with the
reason, and the job is queued again under a new queue row (up to
``SAFEHOLD_JOB_MAX_ATTEMPTS`` starts in all) or marked failed. The job kind's
``on_abandon`` hook puts its own records right (a plan run back to queued, or failed).
Each step is a conditional update, so two workers recovering at once cannot both act.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.datetext import day_month_time

from .liveness import Liveness
from .models import JobRun, JobStatus, WorkerHeartbeat
from .registry import get_kind

log = logging.getLogger(__name__)

LOST = "safehold.jobs.recovery.WorkerLost"


def _dead_workers(now: datetime, stale_s: float) -> dict[str, WorkerHeartbeat]:
    cutoff = now - timedelta(seconds=stale_s)
    dead = WorkerHeartbeat.objects.filter(Q(last_seen__lt=cutoff) | Q(stopped_at__isnull=False))
    return {beat.worker_id: beat for beat in dead}


def recover_abandoned(*, clock: Clock = SYSTEM_CLOCK, by: str = "") -> list[int]:
    """Retry or fail every running job whose worker is gone; returns the job ids acted on."""
    now = clock.now()
    limits = Liveness.from_settings()
    dead = _dead_workers(now, limits.stale_s)
    if not dead:
        return []
    acted: list[int] = []
    for job in JobRun.objects.filter(status=JobStatus.RUNNING, worker__in=list(dead)):
        if _recover(job, dead[job.worker], now, limits.max_attempts, by):
            acted.append(job.pk)
    _requeue_claimed_rows(dead)
    return acted


def _recover(job: JobRun, beat: WorkerHeartbeat, now: datetime, max_attempts: int, by: str) -> bool:
    seen = day_month_time(timezone.localtime(beat.last_seen), seconds=True)
    reason = f"the worker {beat.worker_id} stopped responding during the job (last heard {seen})"
    retry = job.attempts < max_attempts
    with transaction.atomic():
        fields: dict[str, object] = (
            {
                "status": JobStatus.QUEUED,
                "progress": 0.0,
                "worker": "",
                "started_at": None,
                "task_id": "",
                "message": f"Queued again: {reason}"[:200],
            }
            if retry
            else {
                "status": JobStatus.FAILED,
                "finished_at": now,
                "message": f"Failed: {reason}; tried {job.attempts} times"[:200],
                "error": f"{reason}; tried {job.attempts} of {max_attempts} times",
            }
        )
        taken = JobRun.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, worker=job.worker, attempts=job.attempts
        ).update(**fields)
        if not taken:
            return False  # another worker got here first, or the job finished after all
        if job.task_id:
            DBTaskResult.objects.filter(pk=job.task_id).exclude(
                status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=LOST,
                traceback=reason,
            )
        kind = get_kind(job.kind)
        if kind.on_abandon is not None:
            kind.on_abandon(job.params, retry, reason)
        if retry:
            transaction.on_commit(lambda: _enqueue_again(job.pk))
    log.warning(
        "job %s (%s): %s; %s (noticed by %s)",
        job.pk,
        job.kind,
        reason,
        "queued again" if retry else "marked failed",
        by or "-",
    )
    return True


def _enqueue_again(job_id: int) -> None:
    from .services import enqueue

    enqueue(job_id)


def _requeue_claimed_rows(dead: dict[str, WorkerHeartbeat]) -> None:
    """Queue rows a dead worker claimed but whose job it never started: ready them again.

    (Killed between taking the row and marking the job running; the job is still queued.)
    """
    for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        ids = row.worker_ids or []
        if ids and ids[-1] in dead:
            job_queued = JobRun.objects.filter(task_id=str(row.pk), status=JobStatus.QUEUED)
            if job_queued.exists():
                DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.READY, started_at=None
                )
