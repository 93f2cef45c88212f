"""``safehold import-crimes FILE``: import recorded crimes and outcomes, all-or-nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from safehold.commands import SafeholdCommand
from safehold.insights.importer import import_crimes


class Command(SafeholdCommand):
    help = (
        "Import recorded crimes and their outcomes from the force's crime system "
        "(columns: docs/crime-import.md). Every row is checked; if any is wrong nothing is "
        "written and the first 100 problems are printed by line and column with the total "
        "(exit status 2). Re-importing a file changes nothing: rows are matched on "
        "crime_reference, and a later file updates outcomes and arrests."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}", returncode=2)
        with path.open("rb") as handle:
            report = import_crimes(None, handle, dry_run=options["dry_run"], filename=path.name)
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), indent=2))
        if not report.ok:
            lines = "\n".join(f"  line {e.line}, {e.field}: {e.message}" for e in report.errors)
            more = report.error_count - len(report.errors)
            tail = f"\n  ... and {more} more" if more else ""
            raise CommandError(
                f"Nothing imported: {report.error_count} problem(s) in {path.name}\n{lines}{tail}",
                returncode=2,
            )
        if not options["json"]:
            verb = "Checked" if report.dry_run else "Imported"
            self.stdout.write(
                f"{verb} {report.rows} crimes: {report.created} new, "
                f"{report.updated} updated, {report.unchanged} unchanged."
            )
