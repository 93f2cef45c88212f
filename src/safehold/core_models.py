"""Base model fields every case record shares: who made and changed it, when, and a version.

The version column detects concurrent edits: a service locks the row and compares its
version with the one the editor's form or API call read (``expected_version``), so a
second editor's change is refused instead of silently overwriting the first (see
:func:`check_version` and :func:`touch`, which every context's ``locked`` uses).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from safehold.errors import Conflict

if TYPE_CHECKING:
    from safehold.accounts.models import User


class TrackedModel(models.Model):
    """created/modified by and at, plus an optimistic-locking version."""

    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


def check_version(record: TrackedModel, expected_version: int | None, *, noun: str) -> None:
    """Refuse a change made from a stale copy: ``Conflict`` (``stale_record``) when the locked
    row's version is not the one the editor read. ``None`` skips the check (no form read)."""
    if expected_version is not None and record.version != expected_version:
        raise Conflict(
            f"Someone else changed this {noun} since you opened it. Reload the page, check "
            "their change, and try again.",
            code="stale_record",
        )


def touch(record: TrackedModel, actor: User, fields: list[str]) -> None:
    """Save ``fields`` with the next version and who changed it (the row is locked)."""
    record.version += 1
    record.modified_by = actor
    record.save(update_fields=[*fields, "version", "modified_by", "modified_at"])
