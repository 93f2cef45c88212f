"""Uncertain person matches from intake, and the decision on one."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.audit.access import justified
from safehold.errors import SafeholdError

from .. import queries, services
from ..forms import (
    MatchDecisionForm,
)
from .common import (
    consult,
    put_error,
)


@require(Capability.VIEW_SAFEGUARDING)
@justified("list", kind="person_matches")
def matches(request: HttpRequest) -> HttpResponse:
    """Uncertain person matches from intake, awaiting a decision."""
    pending = list(queries.pending_matches()[:200])
    consult(
        request,
        "person_match_list",
        "",
        None,
        people=[p for m in pending for p in (m.party.person_id, m.candidate_id)],
        shown=[m.pk for m in pending],
    )
    return render(request, "safeguarding/matches.html", {"matches": pending})


@require(Capability.VIEW_SAFEGUARDING)
@justified("person_match", "match_id")
def match(request: HttpRequest, match_id: int) -> HttpResponse:
    """Two records side by side with the linkage engine's explanation; confirm or reject."""
    user = signed_in_user(request)
    found = queries.match_record(match_id)
    if found is None:
        raise Http404
    form = MatchDecisionForm(request.POST or None)
    if request.method == "POST":
        if not user.can(Capability.EDIT_SAFEGUARDING):
            raise Http404
        if form.is_valid():
            try:
                services.decide_match(
                    user,
                    found.pk,
                    confirm=form.cleaned_data["decision"] == "confirm",
                    note=form.cleaned_data["note"],
                )
            except SafeholdError as exc:
                put_error(form, exc)
            else:
                messages.success(request, "Decision recorded in the access log.")
                return redirect("safeguarding:matches")
    # Any page that shows both people is a look at both, a re-shown form included.
    consult(
        request,
        "person_match",
        found.pk,
        found.candidate_id,
        people=[found.candidate_id, found.party.person_id],
        recorded_as=found.party.person_id,
    )
    return render(
        request,
        "safeguarding/match.html",
        {
            "match": found,
            "form": form,
            "recorded": found.party,
            "candidate_incidents": queries.da_incidents_of(found.candidate),
            "can_edit": user.can(Capability.EDIT_SAFEGUARDING),
        },
    )
