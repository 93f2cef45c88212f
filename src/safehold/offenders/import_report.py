"""What a caseload import did, and the limits that keep a file of junk from exhausting memory.

A 5 MB file of empty rows once produced 2.2 million errors, 2.7 GB of memory and a 214 MB
JSON report. The limits (configuration, see README): the file's size; how many bad rows
are checked before the import stops; and how many problems are listed (the total is
always counted and reported).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from safehold.errors import RowError

MAX_BYTES = 5 * 1024 * 1024
SHOWN_ERRORS = 100
MAX_BAD_ROWS = 1000


@dataclass(frozen=True, slots=True)
class ImportLimits:
    max_bytes: int = MAX_BYTES
    max_bad_rows: int = MAX_BAD_ROWS
    shown_errors: int = SHOWN_ERRORS

    @classmethod
    def from_settings(cls) -> ImportLimits:
        return cls(
            max_bytes=int(getattr(settings, "SAFEHOLD_IMPORT_MAX_BYTES", MAX_BYTES)),
            max_bad_rows=int(getattr(settings, "SAFEHOLD_IMPORT_MAX_BAD_ROWS", MAX_BAD_ROWS)),
            shown_errors=SHOWN_ERRORS,
        )

    @property
    def size_text(self) -> str:
        mb = self.max_bytes / (1024 * 1024)
        return f"{mb:g} MB" if mb >= 1 else f"{self.max_bytes} bytes"


@dataclass
class ImportReport:
    """What an import did, or why it did nothing (the first problems and how many)."""

    filename: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    shown_limit: int = SHOWN_ERRORS
    stopped_at: int | None = None  # the line checking stopped at, after too many bad rows

    def add(self, error: RowError) -> None:
        """Count a problem; keep it for the report while fewer than the limit are kept."""
        self.error_count += 1
        if len(self.errors) < self.shown_limit:
            self.errors.append(error)

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def summary(self) -> str:
        """One sentence: how many problems, how many are listed, and where checking stopped."""
        text = f"{self.error_count} problem{'s' if self.error_count != 1 else ''}"
        if self.error_count > len(self.errors):
            text += f" (the first {len(self.errors)} listed)"
        if self.stopped_at is not None:
            text += f"; checking stopped at line {self.stopped_at} after too many bad rows"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error_count": self.error_count,
            "stopped_at_line": self.stopped_at,
            "errors": [
                {"line": e.line, "field": e.field, "message": e.message} for e in self.errors
            ],
        }
