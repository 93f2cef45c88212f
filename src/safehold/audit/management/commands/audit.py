"""``safehold audit verify|export``: check the access log's chain, or write it as CSV."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from safehold.audit.cli import add_justification_arguments, cli_justification, record_cli_look
from safehold.audit.log import EXPORT_COLUMNS, export_rows, verify_chain
from safehold.audit.models import AccessLogEntry, Operation
from safehold.commands import SafeholdCommand
from safehold.csvexport import csv_lines


class Command(SafeholdCommand):
    help = (
        "The access log. `verify` checks every entry's hash and its link to the one before; "
        "it exits 0 when the chain is intact and 1 naming the first bad entry otherwise. "
        "`export` writes the log as CSV (logged as a disclosure, with --reason from the "
        "pages' list and the operating-system user)."
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
        add_justification_arguments(
            export, reason="supervision", text="access-log export from the command line"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            count = AccessLogEntry.objects.count()
            problem = verify_chain()
            if problem is not None:
                raise CommandError(f"Access log is NOT intact: {problem}", returncode=1)
            self.stdout.write(f"Access log intact: {count} entries, hash chain verified.")
            return
        record_cli_look(
            Operation.DISCLOSURE,
            "access_log_export",
            justification=cli_justification(options),
            detail={"output": str(options["output"] or "stdout")},
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
