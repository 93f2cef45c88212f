"""The supervisors' worklists page: closures to check, and what else a sergeant must see."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safehold.access import require
from safehold.accounts.roles import Capability
from safehold.audit.access import justified

from .. import policies, worklists
from .common import consult


@require(Capability.VIEW_SAFEGUARDING)
@justified("list", kind="da_worklists")
def worklists_page(request: HttpRequest) -> HttpResponse:
    """Closures of uncontacted or high-risk incidents, newest first, with who and why."""
    now = timezone.now()
    closed = worklists.closures(now)
    consult(
        request,
        "da_worklists",
        "",
        None,
        people=[r.incident.victim_id for r in closed.rows],
        shown=[r.incident.pk for r in closed.rows],
    )
    return render(
        request,
        "safeguarding/worklists.html",
        {
            "closures": closed,
            "closure_days": policies.current().closure.worklist_days,
            "now": now,
        },
    )
