"""``safehold ingest-policeuk PATH...``: data.police.uk files into the DuckDB store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from safehold.commands import SafeholdCommand, progress_bar
from safehold.insights.policeuk import ingest, store_path


class Command(SafeholdCommand):
    help = (
        "Ingest data.police.uk street, outcomes and stop-and-search files (single CSVs, "
        "monthly folders or the archive zip) into a DuckDB file under the var directory, "
        "as counts per file, month, force, LSOA and category, not rows "
        "(docs/policeuk-ingest.md). Headers and types are checked; bad rows are kept out "
        "with their file and line; a file ingested before is counted once. Exit status 2 "
        "when a file was refused or rows were kept out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Files, folders or zips.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--store", type=Path, default=None, help=f"The DuckDB file (default {store_path()})."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with progress_bar("Ingesting") as progress:
            report = ingest(options["paths"], store_file=options["store"], progress=progress)
        out = report.to_dict()
        if options["json"]:
            self.stdout.write(json.dumps(out, indent=2))
        else:
            for f in out["files"]:
                self.stdout.write(
                    f"{f['status']:<9} {f['file']}: {f['rows_stored']} stored, "
                    f"{f['rows_rejected']} kept out"
                )
                for r in f["rejects"][:10]:
                    self.stdout.write(f"    line {r['line']}, {r['field']}: {r['message']}")
            self.stdout.write(
                f"{out['rows_read']} rows read, {out['rows_stored']} stored, "
                f"{out['rows_rejected']} kept out."
            )
        if out["rows_rejected"] or any(f["status"] == "refused" for f in out["files"]):
            raise SystemExit(2)
