"""``safehold audit verify|export``: check the access log's chain, or write it as CSV."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from safehold.audit.log import EXPORT_COLUMNS, Justification, export_rows, record, verify_chain
from safehold.audit.models import AccessLogEntry, Operation
from safehold.commands import SafeholdCommand
from safehold.csvexport import csv_lines


class Command(SafeholdCommand):
    help = (
        "The access log. `verify` checks every entry's hash and its link to the one before; "
        "it exits 0 when the chain is intact and 1 naming the first bad entry otherwise. "
        "`export` writes the log as CSV (logged as a disclosure)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Check the hash chain of the whole log.")
        export = sub.add_parser("export", help="Write the log as CSV.")
        export.add_argument(
            "--output",
            "-o",
            type=Path,
            default=None,
            help="File to write (default standard output).",
        )
        export.add_argument(
            "--reason", default="supervision", help="Justification reason code for the export."
        )
        export.add_argument(
            "--text", default="access-log export from the command line", help="Justification text."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            count = AccessLogEntry.objects.count()
            problem = verify_chain()
            if problem is not None:
                raise CommandError(f"Access log is NOT intact: {problem}", returncode=1)
            self.stdout.write(f"Access log intact: {count} entries, hash chain verified.")
            return
        record(
            None,
            Operation.DISCLOSURE,
            "access_log_export",
            justification=Justification(options["reason"], options["text"]),
            recipient=str(options["output"] or "stdout"),
            channel="cli",
        )
        out = (
            options["output"].open("w", newline="", encoding="utf-8")
            if options["output"]
            else sys.stdout
        )
        try:
            for line in csv_lines(EXPORT_COLUMNS, export_rows(AccessLogEntry.objects.all())):
                out.write(line)
        finally:
            if options["output"]:
                out.close()
