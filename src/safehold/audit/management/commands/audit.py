"""``safehold audit verify|export``: check the access log's chain, or write it as CSV."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from safehold.audit.anchor import append_anchor, check_anchors
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
        "pages' list and the operating-system user). `anchor` appends the chain head, "
        "signed, to a file outside the database; `verify --anchors FILE` then also detects "
        "a chain rewritten or truncated behind an anchor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check the hash chain of the whole log.")
        verify.add_argument(
            "--anchors",
            type=Path,
            default=None,
            help="Also check the log against the signed anchors in this file "
            "(written by `audit anchor`): detects a chain rewritten or truncated behind one.",
        )
        anchor = sub.add_parser(
            "anchor",
            help="Append the chain head, signed with SAFEHOLD_AUDIT_ANCHOR_KEY, to a file "
            "kept outside the database (and to the configured syslog/HTTP targets).",
        )
        anchor.add_argument(
            "--to",
            type=Path,
            default=None,
            help="Anchor file to append to (default SAFEHOLD_AUDIT_ANCHOR_FILE).",
        )
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

    def _anchor(self, to: Path | None) -> None:
        target = to or (
            Path(settings.SAFEHOLD_AUDIT_ANCHOR_FILE)
            if settings.SAFEHOLD_AUDIT_ANCHOR_FILE
            else None
        )
        if target is None:
            raise CommandError("Say where to anchor: --to FILE, or set SAFEHOLD_AUDIT_ANCHOR_FILE")
        anchor, note = append_anchor(target)
        if note:
            self.stderr.write(f"Note: {note}.")
        self.stdout.write(
            f"Anchored entry #{anchor['entry_id']} ({anchor['hash'][:16]}…) to {target}, "
            f"signed by key {anchor['key_id']}."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "anchor":
            self._anchor(options["to"])
            return
        if options["action"] == "verify":
            count = AccessLogEntry.objects.count()
            problem = verify_chain()
            if problem is not None:
                raise CommandError(f"Access log is NOT intact: {problem}", returncode=1)
            if options["anchors"] is not None:
                report = check_anchors(options["anchors"])
                if report.problem is not None:
                    raise CommandError(f"Access log is NOT intact: {report.problem}", returncode=1)
                self.stdout.write(
                    f"{report.anchors} anchors hold (the latest at entry #{report.latest_entry})."
                )
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
