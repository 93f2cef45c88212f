"""``safehold backup -o FILE``: the whole database, with what it is, in one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from safehold.commands import SafeholdCommand
from safehold.ops.backup import make_backup


class Command(SafeholdCommand):
    help = (
        "Back up the database DATABASE_URL names to FILE: SQLite's online backup (the site "
        "may keep running) or pg_dump -Fc on PostgreSQL, with a manifest recording the "
        "engine, every applied migration, the access log's head and each table's row count. "
        "Restore it with `safehold restore FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path, required=True, help="File to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["output"]
        manifest = make_backup(target)
        rows = sum(manifest.row_counts.values())
        self.stdout.write(
            f"Backed up the {manifest.engine} database to {target}: {rows} rows in "
            f"{len(manifest.row_counts)} tables, access log to entry "
            f"#{manifest.audit_head.get('last_id', 0)}."
        )
