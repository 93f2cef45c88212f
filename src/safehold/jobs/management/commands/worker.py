"""``safehold worker``: take background jobs from the database queue and run them."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Run background jobs (seeding, planning, simulation, ingest) from the database "
        "queue. Start as many workers as you like, on as many machines as share the "
        "PostgreSQL database: each job is taken by exactly one worker."
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
        kwargs: dict[str, Any] = {
            "batch": options["batch"],
            "interval": options["interval"],
            "startup_delay": not options["batch"],
            "queue_name": "*",
            "reload": False,
        }
        if options["max_tasks"] is not None:
            kwargs["max_tasks"] = options["max_tasks"]
        call_command("db_worker", **kwargs)
