"""Start jobs on the queue, or run them here and now (the CLI on a terminal)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from safehold.clock import SYSTEM_CLOCK, Clock

from .models import JobRun
from .registry import get_kind
from .tasks import execute, run_job

if TYPE_CHECKING:
    from safehold.accounts.models import User


def start_job(actor: User | None, kind: str, params: dict[str, Any]) -> JobRun:
    """Queue a job for the workers; returns its run record to poll."""
    job_kind = get_kind(kind)
    if actor is not None and not actor.can(job_kind.capability):
        raise PermissionDenied
    with transaction.atomic():
        job = JobRun.objects.create(kind=kind, params=params, requested_by=actor)
        transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id: int) -> None:
    """Put the job on the workers' queue under a new queue row."""
    result = run_job.enqueue(job_id)
    JobRun.objects.filter(pk=job_id).update(task_id=str(result.id))


def run_job_here(
    actor: User | None, kind: str, params: dict[str, Any], *, clock: Clock = SYSTEM_CLOCK
) -> JobRun:
    """Run a job in this process (no worker needed), recorded like a queued one."""
    get_kind(kind)
    job = JobRun.objects.create(kind=kind, params=params, requested_by=actor)
    execute(job.pk, clock)
    job.refresh_from_db()
    return job
