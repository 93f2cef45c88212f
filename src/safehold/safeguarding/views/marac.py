"""MARAC meetings: the calendar and one meeting's list."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from safehold.accounts.access import require
from safehold.accounts.roles import Capability
from safehold.audit.access import justified
from safehold.clock import SYSTEM_CLOCK

from .. import queries
from .common import (
    consult,
)


@require(Capability.VIEW_SAFEGUARDING)
def marac(request: HttpRequest) -> HttpResponse:
    """Recent and coming MARAC meetings with the number of cases on each (no names)."""
    today = SYSTEM_CLOCK.today()
    return render(
        request,
        "safeguarding/marac.html",
        {"meetings": queries.marac_meetings(today), "today": today},
    )


@require(Capability.VIEW_SAFEGUARDING)
@justified("list", kind="marac")
def marac_meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The list for one MARAC meeting: each case, consent and the criteria met."""
    meeting = queries.marac_meeting(meeting_id)
    if meeting is None:
        raise Http404
    referrals = list(meeting.referrals.all())
    consult(request, "marac_list", meeting.pk, None, shown=[r.incident_id for r in referrals])
    return render(
        request, "safeguarding/marac_meeting.html", {"meeting": meeting, "referrals": referrals}
    )
