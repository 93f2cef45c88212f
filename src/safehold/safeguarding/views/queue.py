"""The waiting queue page and its self-refreshing rows: calls and deployments, filterable."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.models import Station
from safehold.accounts.roles import Capability, Rank
from safehold.audit.access import justified
from safehold.clock import SYSTEM_CLOCK
from safehold.people.crosslinks import links_for_incidents, log_links_shown, may_see_links

from .. import policies, queries
from ..claims import live_claims
from ..queue_view import FLAGS, QueueFilters, queue_page
from ..vocabulary import Grade
from .common import consult

_SHOWN_KEY = "safeguarding_queue_shown"


def _queue_context(request: HttpRequest) -> dict[str, Any]:
    user = signed_in_user(request)
    stations = list(Station.objects.all())
    filters = QueueFilters.from_query(request.GET.dict(), [s.code for s in stations])
    queue = queries.compute_queue(SYSTEM_CLOCK.now())
    policy = policies.current().queue
    links = (
        links_for_incidents(r.incident.pk for r in queue.rows)
        if may_see_links(user, Capability.VIEW_SAFEGUARDING)
        else {}
    )
    page = queue_page(queue, filters, stations, links, page=request.GET.get("page"))
    held = live_claims(page.shown_ids, queue.now)
    return {
        "queue": queue,
        "page": page,
        "filters": filters,
        "stations": stations,
        "grades": [g.value for g in Grade],
        "flags": FLAGS,
        "targets": [(g.value, policy.contact_target[g]) for g in reversed(Grade)],
        "target_source": policy.contact_target_source,
        "query": request.GET.urlencode(),
        "can_edit": user.can(Capability.EDIT_SAFEGUARDING),
        "is_supervisor": Rank(user.rank).is_supervisor,
        "claims": held,
        "user_id": user.pk,
    }


def _people_shown(context: dict[str, Any]) -> list[int]:
    """The victims named on the rows this page shows (filters leave the rest unseen)."""
    shown = set(context["page"].shown_ids)
    return [r.incident.victim_id for r in context["queue"].rows if r.incident.pk in shown]


@require(Capability.VIEW_SAFEGUARDING)
@justified("list", kind="da_queue")
def queue_page_view(request: HttpRequest) -> HttpResponse:
    """Every victim not yet seen, in priority order re-computed now: first those who need a
    call, then those who need officers to attend; each row with its heaviest reasons."""
    context = _queue_context(request)
    shown = context["page"].shown_ids
    consult(request, "da_queue", "", None, people=_people_shown(context), shown=shown)
    _log_links(request, context)
    request.session[_SHOWN_KEY] = _digest(shown)
    return render(request, "safeguarding/queue.html", context)


def _log_links(request: HttpRequest, context: dict[str, Any]) -> None:
    """Log the cross-unit links on the rows this page shows (each look)."""
    page = context["page"]
    links = [x for line in (*page.calls, *page.deployments) for x in line.cross_links]
    log_links_shown(
        signed_in_user(request),
        links,
        request.justification,  # type: ignore[attr-defined]
        where="da_queue",
    )


def _digest(ids: list[int]) -> str:
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]


@require(Capability.VIEW_SAFEGUARDING)
@justified("list", kind="da_queue")
def queue_fragment(request: HttpRequest) -> HttpResponse:
    """The queue's lists alone, for the page's htmx refresh every 30 seconds.

    A refresh showing the same victims in the same order as the last logged look is not
    logged again (it would add 120 entries an hour per open screen); any change is.
    """
    context = _queue_context(request)
    shown = context["page"].shown_ids
    digest = _digest(shown)
    if request.session.get(_SHOWN_KEY) != digest:
        consult(
            request,
            "da_queue",
            "",
            None,
            people=_people_shown(context),
            shown=shown,
            refresh=True,
        )
        _log_links(request, context)
        request.session[_SHOWN_KEY] = digest
    return render(request, "safeguarding/_queue.html", context)
