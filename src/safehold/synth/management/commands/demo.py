"""``safehold demo``: migrate, seed when empty, start a worker and serve the site."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser

from safehold.accounts.security import second_factor_notice
from safehold.commands import SafeholdCommand
from safehold.synth.force import database_is_empty
from safehold.synth.safeguarding_orders import demo_policy
from safehold.synth.staff import DEMO_LOGINS, DEMO_PASSWORD


def serve(port: int) -> None:
    """Serve the site with gunicorn on 127.0.0.1 only, as in production but without TLS.

    gunicorn runs as its own process with ``safehold.config.gunicorn`` (a worker process
    per core); metrics from every process are added up through ``var/metrics``.
    """
    metrics_dir = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR", settings.VAR_DIR / "metrics"))
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True)
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "SAFEHOLD_BIND": f"127.0.0.1:{port}",
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "safehold.config.settings"
        ),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:safehold.config.gunicorn",
            "safehold.config.wsgi:application",
        ],
        env=env,
    )
    try:
        server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait(timeout=30)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Command(SafeholdCommand):
    help = (
        "Run the demonstration: migrate the database, build the synthetic force when the "
        "database is empty, start a background worker, and serve http://127.0.0.1:8000 "
        "(or --port), with the synthetic force's safeguarding policy (a DAPN/DAPO pilot; "
        "SAFEHOLD_SAFEGUARDING_POLICY overrides it). Prints one login per role."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Port (default 8000).")
        parser.add_argument("--seed", type=int, default=0, help="Seed for a new force.")
        parser.add_argument("--scale", type=float, default=1.0, help="Scale of a new force.")
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start a background worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        if database_is_empty():
            self.stdout.write("Building the synthetic force (first run only)…")
            call_command(
                "seed",
                seed=options["seed"],
                scale=options["scale"],
                today=date.today(),
                no_migrate=True,
                stdout=self.stdout,
            )
        if not os.environ.get("SAFEHOLD_SAFEGUARDING_POLICY"):
            # The synthetic force is a DAPN/DAPO pilot: serve it with its own policy file.
            policy = demo_policy(settings.VAR_DIR)
            if policy is not None:
                os.environ["SAFEHOLD_SAFEGUARDING_POLICY"] = str(policy)
                self.stdout.write(f"Safeguarding policy (the demo force's DAPN pilot): {policy}")
        from safehold.insights.policeuk import ingest_packaged

        opened = ingest_packaged()  # idempotent: files already in the store count once
        self.stdout.write(f"data.police.uk open data: {opened} rows in {settings.VAR_DIR}")
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(
                [sys.executable, "-m", "safehold.cli", "worker"],
                env={
                    # The worker anchors the access log daily (docs/access-log.md).
                    "SAFEHOLD_AUDIT_ANCHOR_FILE": str(settings.VAR_DIR / "audit-anchors.jsonl"),
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": os.environ.get(
                        "DJANGO_SETTINGS_MODULE", "safehold.config.settings"
                    ),
                },
            )
        port = options["port"]
        self.stdout.write(self.style.SUCCESS(f"\nSafehold is at http://127.0.0.1:{port}/"))
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        self.stdout.write(second_factor_notice())
        self.stdout.write(f"Demo logins (password for each: {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<20} {login.role.label} — {login.description}")
        self.stdout.write("Press Ctrl+C to stop.\n")
        # `kill` (SIGTERM) stops the demo like Ctrl+C: the server and worker with it.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            serve(port)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
