"""``safehold seed``: build the synthetic force into an empty database."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser

from safehold.commands import SafeholdCommand, progress_bar
from safehold.jobs.services import run_job_here, start_job
from safehold.synth.force import SeedParams, database_is_empty


class Command(SafeholdCommand):
    help = (
        "Build the synthetic force (stations, staff, people, offenders, incidents) into an "
        "empty database. Deterministic for a seed and a date. Scale 1 is Staffordshire-sized; "
        "--scale 10 is ten times that."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Size relative to Staffordshire (default 1)."
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The date the synthetic history runs up to, YYYY-MM-DD (default today).",
        )
        parser.add_argument(
            "--overdue",
            type=int,
            default=260,
            help="How many home visits the history leaves overdue at scale 1 (default 260).",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the job for `safehold worker` instead of running it here.",
        )
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")
        parser.add_argument("--no-migrate", action="store_true", help="Do not migrate first.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", verbosity=0, interactive=False)
        today = options["today"] or date.today()
        params = SeedParams(
            seed=options["seed"],
            scale=options["scale"],
            today=today,
            overdue_target=options["overdue"],
        )
        if not database_is_empty():
            raise CommandError(
                "The database already holds a force. Seed an empty database: delete "
                "var/safehold.sqlite3, or point DATABASE_URL at a new database.",
                returncode=2,
            )
        job_params = {
            "seed": params.seed,
            "scale": params.scale,
            "today": today.isoformat(),
            "overdue_target": params.overdue_target,
        }
        if options["enqueue"]:
            job = start_job(None, "seed", job_params)
            self.stdout.write(f"Queued seed job {job.pk}; run `safehold worker` to do it.")
            return
        with progress_bar("Seeding") as progress:
            from safehold.jobs import tasks

            tasks.PROGRESS_HOOK = progress
            try:
                job = run_job_here(None, "seed", job_params)
            finally:
                tasks.PROGRESS_HOOK = None
        if options["json"]:
            self.stdout.write(json.dumps(job.result, indent=2))
        else:
            counts = ", ".join(f"{k} {v}" for k, v in (job.result or {}).items())
            self.stdout.write(f"Seeded the synthetic force: {counts}")
