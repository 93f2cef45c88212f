"""The waiting queue page and its self-refreshing rows."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safehold.access import require, signed_in_user
from safehold.accounts.roles import Capability, Rank
from safehold.audit.access import justified

from .. import queries
from .common import (
    consult,
)

_SHOWN_KEY = "safeguarding_queue_shown"


def _queue_context(request: HttpRequest) -> dict[str, Any]:
    user = signed_in_user(request)
    queue = queries.compute_queue(timezone.now())
    return {
        "queue": queue,
        "can_edit": user.can(Capability.EDIT_SAFEGUARDING),
        "is_supervisor": Rank(user.rank).is_supervisor,
    }


@require(Capability.VIEW_SAFEGUARDING)
@justified("list")
def queue_page(request: HttpRequest) -> HttpResponse:
    """Every victim not yet seen, in priority order re-computed now, with the reasons."""
    context = _queue_context(request)
    shown = context["queue"].incident_ids
    consult(request, "da_queue", "", None, shown=shown)
    request.session[_SHOWN_KEY] = _digest(shown)
    return render(request, "safeguarding/queue.html", context)


def _digest(ids: list[int]) -> str:
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]


@require(Capability.VIEW_SAFEGUARDING)
@justified("list")
def queue_fragment(request: HttpRequest) -> HttpResponse:
    """The queue's table alone, for the page's htmx refresh every 30 seconds.

    A refresh showing the same victims in the same order as the last logged look is not
    logged again (it would add 120 entries an hour per open screen); any change is.
    """
    context = _queue_context(request)
    shown = context["queue"].incident_ids
    digest = _digest(shown)
    if request.session.get(_SHOWN_KEY) != digest:
        consult(request, "da_queue", "", None, shown=shown, refresh=True)
        request.session[_SHOWN_KEY] = digest
    return render(request, "safeguarding/_queue.html", context)
