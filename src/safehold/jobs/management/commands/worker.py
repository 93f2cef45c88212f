"""``safehold worker``: take background jobs from the database queue and run them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django_tasks_db.management.commands.db_worker import Worker

from safehold.commands import SafeholdCommand
from safehold.jobs.heartbeat import Heartbeat, this_worker_id


class Command(SafeholdCommand):
    help = (
        "Run background jobs (seeding, planning, simulation, ingest) from the database "
        "queue. Start as many workers as you like, on as many machines as share the "
        "PostgreSQL database: each job is taken by exactly one worker. Each worker reports "
        "a heartbeat (SAFEHOLD_WORKER_HEARTBEAT_SECONDS); a job whose worker has been quiet "
        "for SAFEHOLD_WORKER_STALE_SECONDS is retried (up to SAFEHOLD_JOB_MAX_ATTEMPTS "
        "starts) or marked failed with the reason by the next worker to notice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run every job already queued, then exit (for cron or tests).",
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls (default 1)."
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Exit after this many jobs."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = this_worker_id()
        worker = Worker(
            queue_names=["*"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=not options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            worker.configure_signals()
            worker.run()
        finally:
            heartbeat.stop()
