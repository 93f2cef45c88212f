"""A worker's heartbeat: a thread that reports the worker alive and takes back abandoned jobs.

The thread has its own database connection. Every ``SAFEHOLD_WORKER_HEARTBEAT_SECONDS`` it
writes ``last_seen`` (and the job in hand) and then runs :func:`recovery.recover_abandoned`,
so a worker that starts after another was killed takes its jobs back within one beat.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.db import close_old_connections, connection

from safehold.clock import SYSTEM_CLOCK, Clock

from .current import CURRENT_JOB
from .liveness import Liveness
from .models import WorkerHeartbeat
from .recovery import recover_abandoned

log = logging.getLogger(__name__)


def this_worker_id() -> str:
    """``host:pid``, as recorded on the jobs this process runs (at most 64 characters)."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}"


class Heartbeat:
    """Start with :meth:`start`; :meth:`stop` records a clean exit."""

    def __init__(self, worker_id: str | None = None, *, clock: Clock = SYSTEM_CLOCK) -> None:
        self.worker_id = worker_id or this_worker_id()
        self.clock = clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        now = self.clock.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:120],
                "pid": os.getpid(),
                "started_at": now,
                "last_seen": now,
                "stopped_at": None,
                "job": None,
            },
        )
        self._thread.start()

    def beat(self) -> None:
        """Report alive, then take back jobs whose workers have gone quiet."""
        now = self.clock.now()
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(
            last_seen=now, job_id=CURRENT_JOB["id"], stopped_at=None
        )
        recover_abandoned(clock=self.clock, by=self.worker_id)
        # The scheduled daily anchor of the access log (when SAFEHOLD_AUDIT_ANCHOR_FILE is set).
        from safehold.audit.anchor import anchor_if_due

        anchor_if_due(now)

    def _run(self) -> None:
        interval = Liveness.from_settings().heartbeat_s
        try:
            while True:
                close_old_connections()
                try:
                    self.beat()
                except Exception:
                    # A database hiccup must not stop the beat for good: try again later.
                    log.exception("worker %s: heartbeat failed", self.worker_id)
                if self._stop.wait(interval):
                    return
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(
            stopped_at=self.clock.now(), job=None
        )
