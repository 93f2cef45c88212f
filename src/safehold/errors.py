"""Safehold's errors: each says what to fix, carries a stable code, and maps to HTTP and exit codes.

Hierarchy::

    SafeholdError                 400  exit 1   base: something the caller can fix
    ├── InvalidInput              400  exit 2   a field or row is wrong (names it)
    ├── NotFound                  404  exit 3   missing, or not yours to see
    ├── Forbidden                 403  exit 4   your role does not allow this
    ├── Conflict                  409  exit 5   someone else changed the record first
    └── JustificationRequired     428  exit 6   say why you need personal data

The API turns them into ``{"code", "message", "field"}`` JSON with the status above;
the CLI prints the message and exits with the code above. Nothing else in the code
base maps errors, so the two never drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class SafeholdError(Exception):
    """Base class: ``code`` is stable; ``message`` says what to fix."""

    status = 400
    exit_code = 1
    default_code = "error"

    def __init__(
        self, message: str, *, code: str | None = None, field: str | None = None, detail: Any = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.detail = detail

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        if self.detail is not None:
            body["detail"] = self.detail
        return body


class InvalidInput(SafeholdError):
    status, exit_code, default_code = 400, 2, "invalid_input"


class NotFound(SafeholdError):
    status, exit_code, default_code = 404, 3, "not_found"


class Forbidden(SafeholdError):
    status, exit_code, default_code = 403, 4, "forbidden"


class Conflict(SafeholdError):
    status, exit_code, default_code = 409, 5, "conflict"


class JustificationRequired(SafeholdError):
    status, exit_code, default_code = 428, 6, "justification_required"


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row of an imported file: line number, field and what to fix."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"
