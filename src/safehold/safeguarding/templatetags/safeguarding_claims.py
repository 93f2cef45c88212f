"""The queue's claims: ``{{ claims|claim_on:incident.pk }}`` (see ``safeguarding/claims.py``)."""

from __future__ import annotations

from django import template

from safehold.safeguarding.claims import Claim

register = template.Library()


@register.filter
def claim_on(claims: dict[int, Claim] | None, incident_id: int) -> Claim | None:
    """The live claim on the incident, or None."""
    return (claims or {}).get(int(incident_id))
