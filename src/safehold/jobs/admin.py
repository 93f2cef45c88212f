"""Administrators see the workers' heartbeats and the jobs (read-only: the system writes them)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin
from django.http import HttpRequest

from safehold.clock import SYSTEM_CLOCK, Clock

from .liveness import Liveness
from .models import JobRun, JobStatus, WorkerHeartbeat


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    clock: Clock = SYSTEM_CLOCK  # where the "how long" columns read the time

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnly):
    list_display = ("worker_id", "state", "last_seen", "started_at", "job")
    ordering = ("-last_seen",)

    @admin.display(description="State")
    def state(self, beat: WorkerHeartbeat) -> str:
        if beat.stopped_at is not None:
            return "stopped"
        quiet = self.clock.now() - beat.last_seen
        if quiet > timedelta(seconds=Liveness.from_settings().stale_s):
            return f"not heard from for {round(quiet.total_seconds())} s"
        return "alive"


@admin.register(JobRun)
class JobRunAdmin(ReadOnly):
    list_display = ("pk", "kind", "status", "flag", "attempts", "worker", "created_at", "message")
    list_filter = ("status", "kind")
    ordering = ("-created_at",)

    @admin.display(description="Flag")
    def flag(self, job: JobRun) -> str:
        if job.status != JobStatus.QUEUED:
            return ""
        waited = (self.clock.now() - job.created_at).total_seconds()
        if waited > Liveness.from_settings().pickup_warning_s:
            return f"not picked up for {round(waited / 60)} min"
        return ""
