"""Claim or release a waiting victim from the queue (POST only; see ``claims.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.errors import SafeholdError

from .. import claims


def _back(incident_id: int) -> HttpResponse:
    return redirect(f"{reverse('safeguarding:queue')}#claim-{incident_id}")


@require_POST
@require(Capability.EDIT_SAFEGUARDING)
def claim(request: HttpRequest, incident_id: int) -> HttpResponse:
    """Claim the victim so that nobody else phones them meanwhile."""
    try:
        held = claims.claim(signed_in_user(request), incident_id)
    except SafeholdError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{held.label}: yours for {claims.claim_minutes()} minutes.")
    return _back(incident_id)


@require_POST
@require(Capability.EDIT_SAFEGUARDING)
def release(request: HttpRequest, incident_id: int) -> HttpResponse:
    """Release a claim (its holder, or a supervisor)."""
    try:
        claims.release(signed_in_user(request), incident_id)
    except SafeholdError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Claim released: the victim is free for anyone to call.")
    return _back(incident_id)
