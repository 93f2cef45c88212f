"""The officer's route of the day, for a phone at the door."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.audit.access import justified, log_consultation
from safehold.clock import SYSTEM_CLOCK

from ..route import route_of_day


@require(Capability.EDIT_OFFENDERS)
@justified("list", kind="offenders")
def today(request: HttpRequest) -> HttpResponse:
    """The signed-in officer's stops of the day, in order, each a tap from its visit form.

    Only the stops where the officer is one of the pair; the look is logged naming every
    offender shown.
    """
    user = signed_in_user(request)
    day = SYSTEM_CLOCK.today()
    stops = route_of_day(user.pk, day)
    log_consultation(
        user,
        "visit_route",
        day.isoformat(),
        request.justification,  # type: ignore[attr-defined]
        person_id=None,
        detail={"shown": [s.visit.offender_id for s in stops]},
    )
    return render(request, "offenders/today.html", {"stops": stops, "day": day})
