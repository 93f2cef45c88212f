"""The supervisors' worklists page: closures to check, high risk not referred to MARAC, the
force-wide clocks board (overdue first) and closures awaiting review."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safehold.accounts.access import require
from safehold.accounts.roles import Capability
from safehold.audit.access import justified
from safehold.clock import SYSTEM_CLOCK

from .. import policies, worklists
from .common import consult


@require(Capability.VIEW_SAFEGUARDING)
@justified("list", kind="da_worklists")
def worklists_page(request: HttpRequest) -> HttpResponse:
    """Each list with its count; every incident shown is logged in one look."""
    now = SYSTEM_CLOCK.now()
    closed = worklists.closures(now)
    not_referred = worklists.high_risk_not_referred()
    clocks = worklists.running_clocks(now)
    reviews = worklists.reviews_awaited()
    releases = worklists.releases_not_told()
    shown = {
        *(r.incident_id for r in releases.rows),
        *(r.incident.pk for r in closed.rows),
        *(a.incident_id for a in not_referred.rows),
        *(c.action.incident_id for c in clocks.rows),
        *(i.pk for i in reviews.rows),
    }
    consult(
        request,
        "da_worklists",
        "",
        None,
        people=[r.incident.victim_id for r in closed.rows] + [i.victim_id for i in reviews.rows],
        shown=sorted(shown),
    )
    policy = policies.current()
    return render(
        request,
        "safeguarding/worklists.html",
        {
            "closures": closed,
            "closure_days": policy.closure.worklist_days,
            "not_referred": not_referred,
            "threshold": policy.marac.visible_high_risk_min_yes,
            "clocks": clocks,
            "overdue_clocks": worklists.overdue_clocks(now),
            "reviews": reviews,
            "releases": releases,
            "now": now,
        },
    )
