"""Worker liveness: how often workers report, when one counts as gone, when a job waits too long.

Read from settings (``SAFEHOLD_WORKER_*``, ``SAFEHOLD_JOB_*``) at call time, so tests and
operators can change them without a restart of anything but the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from safehold.clock import SYSTEM_CLOCK, Clock

from .models import JobRun, JobStatus, WorkerHeartbeat


@dataclass(frozen=True, slots=True)
class Liveness:
    heartbeat_s: float
    stale_s: float
    pickup_warning_s: float
    max_attempts: int

    @classmethod
    def from_settings(cls) -> Liveness:
        return cls(
            heartbeat_s=float(getattr(settings, "SAFEHOLD_WORKER_HEARTBEAT_SECONDS", 5)),
            stale_s=float(getattr(settings, "SAFEHOLD_WORKER_STALE_SECONDS", 60)),
            pickup_warning_s=float(getattr(settings, "SAFEHOLD_JOB_PICKUP_WARNING_SECONDS", 300)),
            max_attempts=int(getattr(settings, "SAFEHOLD_JOB_MAX_ATTEMPTS", 2)),
        )


def live_workers(*, clock: Clock = SYSTEM_CLOCK) -> list[WorkerHeartbeat]:
    """Workers heard from within the stale limit and not stopped."""
    cutoff = clock.now() - timedelta(seconds=Liveness.from_settings().stale_s)
    return list(WorkerHeartbeat.objects.filter(last_seen__gte=cutoff, stopped_at__isnull=True))


@dataclass(frozen=True, slots=True)
class Waiting:
    """Why a job that has not finished may never finish by itself, for its page."""

    stalled: bool
    message: str


def waiting_state(job: JobRun, *, clock: Clock = SYSTEM_CLOCK) -> Waiting:
    """Whether an unfinished job is stuck: its worker went quiet, or no worker took it."""
    now = clock.now()
    limits = Liveness.from_settings()
    if job.status == JobStatus.RUNNING and job.worker:
        beat = WorkerHeartbeat.objects.filter(worker_id=job.worker).first()
        if beat is not None and (
            beat.stopped_at is not None or now - beat.last_seen > timedelta(seconds=limits.stale_s)
        ):
            seen = timezone.localtime(beat.last_seen).strftime("%H:%M:%S")
            return Waiting(
                True,
                f"The worker running this job has not been heard from since {seen}. "
                "The next worker to start will retry the job or mark it failed; "
                "refresh this page to check again.",
            )
    if job.status == JobStatus.QUEUED:
        waited = (now - job.created_at).total_seconds()
        if waited > limits.pickup_warning_s and not live_workers(clock=clock):
            return Waiting(
                True,
                f"No worker has picked this job up in {round(waited / 60)} minutes and none "
                "is running. Ask an administrator to start `safehold worker`; the job stays "
                "queued until then. Refresh this page to check again.",
            )
    return Waiting(False, "")
