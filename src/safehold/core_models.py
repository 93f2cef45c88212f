"""Base model fields every case record shares: who made and changed it, when, and a version.

The version column detects concurrent edits: a service locks the row and compares its
version with the one the editor's form or API call read (``expected_version``), so a
second editor's change is refused instead of silently overwriting the first (see
:func:`safehold.offenders.services.assign_manager`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


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
