"""``safehold restore FILE``: replace the database with a Safehold backup, after checking it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser

from safehold.commands import SafeholdCommand
from safehold.ops.backup import (
    BackupError,
    check_restorable,
    database_holds_data,
    read_manifest,
    restore_backup,
    row_counts,
)


class Command(SafeholdCommand):
    help = (
        "Restore a backup made by `safehold backup` into the database DATABASE_URL names, "
        "replacing what is there in one step, then apply newer migrations. Refuses a file "
        "that is not a Safehold backup, one of another engine or from a newer schema than "
        "this Safehold knows, and a database that holds data unless --replace is given. "
        "Stop the web server and workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a database that already holds data (its contents are lost).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        manifest = read_manifest(source)
        check_restorable(manifest)
        if database_holds_data() and not options["replace"]:
            raise BackupError(
                "the database DATABASE_URL names already holds data: pass --replace to "
                "overwrite it with the backup",
                code="database_not_empty",
            )
        restore_backup(source, migrate=lambda: call_command("migrate", verbosity=0))
        counts = row_counts()
        missing = {
            table: (expected, counts.get(table, 0))
            for table, expected in manifest["row_counts"].items()
            if counts.get(table, 0) < expected
        }
        if missing:
            raise BackupError(f"the restore lost rows (table: expected, found): {missing}")
        self.stdout.write(
            f"Restored {source} (made {manifest['created_at']}): "
            f"{sum(manifest['row_counts'].values())} rows. Check the access log with "
            "`safehold audit verify`."
        )
