"""``safehold import-offenders FILE``: import a caseload CSV, all-or-nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from safehold.accounts.models import User
from safehold.commands import SafeholdCommand
from safehold.offenders.importer import import_caseload


class Command(SafeholdCommand):
    help = (
        "Import an existing caseload from a CSV file (columns: docs/caseload-import.md). "
        "Every row is checked; if any is wrong nothing is written and the problems are "
        "printed by line and column (exit status 2): the first 100 and their count; checking "
        "stops after SAFEHOLD_IMPORT_MAX_BAD_ROWS bad rows, and a file larger than "
        "SAFEHOLD_IMPORT_MAX_BYTES is refused. Re-importing the same file changes "
        "nothing: rows are matched on register_reference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument(
            "--as", dest="as_user", default=None, help="User name recorded as making the import."
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}", returncode=2)
        actor = None
        if options["as_user"]:
            actor = User.objects.filter(username=options["as_user"]).first()
            if actor is None:
                raise CommandError(f"No user {options['as_user']!r}", returncode=2)
        with path.open("rb") as handle:
            report = import_caseload(actor, handle, dry_run=options["dry_run"], filename=path.name)
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), indent=2))
        if not report.ok:
            lines = "\n".join(f"  line {e.line}, {e.field}: {e.message}" for e in report.errors)
            raise CommandError(
                f"Nothing imported: {report.summary} in {path.name}\n{lines}",
                returncode=2,
            )
        if not options["json"]:
            verb = "Checked" if report.dry_run else "Imported"
            self.stdout.write(
                f"{verb} {report.rows} rows: {report.created} new, "
                f"{report.updated} updated, {report.unchanged} unchanged."
            )
