"""Reading the victim's voice and the suspect's status on an incident (two queries)."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import Incident, SuspectStatusChange


def voice_record(incident_id: int) -> Incident | None:
    """The incident with its victim and suspect, and the suspect's status changes newest
    first (with who recorded that the victim was told of a release)."""
    changes = SuspectStatusChange.objects.select_related("victim_told_by").order_by("-at", "-id")
    return (
        Incident.objects.select_related("victim", "suspect")
        .prefetch_related(Prefetch("suspect_statuses", queryset=changes))
        .filter(pk=incident_id)
        .first()
    )
