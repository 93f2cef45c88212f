"""Who is phoning a waiting victim: one claim row per incident (see ``claims.py``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class QueueClaim(models.Model):
    """An officer's claim on a waiting victim, so that two officers do not phone the same
    victim. One row per incident (the primary key), rewritten by each claim; a claim counts
    only while ``released_at`` is empty and ``expires_at`` is in the future."""

    incident = models.OneToOneField(
        "safeguarding.Incident", primary_key=True, on_delete=models.CASCADE, related_name="claim"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    claimed_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "claim on a waiting victim"

    def __str__(self) -> str:
        return f"claim on incident {self.incident_id} by user {self.officer_id}"
