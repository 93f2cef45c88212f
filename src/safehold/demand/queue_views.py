"""The demand context's self-refreshing queues and the compliance page.

Each queue page refreshes itself every 30 or 60 seconds (htmx) and logs the look; a refresh
showing the same incidents as the last logged look is not logged again.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safehold.accounts.access import require
from safehold.accounts.roles import Capability
from safehold.audit.access import justified
from safehold.clock import SYSTEM_CLOCK

from . import queries
from .forms import ComplianceForm
from .views import consult, digest

# ------------------------------------------------------------ the two live queues

_DISPATCH_SHOWN = "demand_dispatch_shown"
_RC_SHOWN = "demand_rc_shown"


def _log_look(
    request: HttpRequest, what: str, session_key: str, ids: list[int], *, refresh: bool
) -> None:
    """Log the incidents a queue shows and the people involved in them: always on the page,
    and on a self-refresh only when the queue has changed since the look last logged (else
    120 entries an hour a screen)."""
    shown = digest(ids)
    if refresh and request.session.get(session_key) == shown:
        return
    consult(
        request,
        what,
        "",
        shown=ids[:500],
        people=queries.people_involved(ids[:500]),
        **({"refresh": True} if refresh else {}),
    )
    request.session[session_key] = shown


@require(Capability.DISPATCH_UNITS)
@justified("list", kind="dispatch")
def dispatch_queue(request: HttpRequest) -> HttpResponse:
    """What awaits a unit, most urgent first, with the time left against each target."""
    queue = queries.dispatch_queue(SYSTEM_CLOCK.now())
    _log_look(request, "dispatch_queue", _DISPATCH_SHOWN, queue.incident_ids, refresh=False)
    return render(request, "demand/dispatch.html", {"queue": queue})


@require(Capability.DISPATCH_UNITS)
@justified("list", kind="dispatch")
def dispatch_fragment(request: HttpRequest) -> HttpResponse:
    """The dispatch table alone, for the page's htmx refresh (logged when it changes)."""
    queue = queries.dispatch_queue(SYSTEM_CLOCK.now())
    _log_look(request, "dispatch_queue", _DISPATCH_SHOWN, queue.incident_ids, refresh=True)
    return render(request, "demand/_dispatch.html", {"queue": queue})


@require(Capability.WORK_RESOLUTION_CASES)
@justified("list", kind="rc_queue")
def rc_queue(request: HttpRequest) -> HttpResponse:
    """Open resolution-centre cases, the next step first, each with why."""
    queue = queries.rc_queue(SYSTEM_CLOCK.now())
    _log_look(request, "rc_queue", _RC_SHOWN, queue.incident_ids, refresh=False)
    return render(request, "demand/rc.html", {"queue": queue})


@require(Capability.WORK_RESOLUTION_CASES)
@justified("list", kind="rc_queue")
def rc_fragment(request: HttpRequest) -> HttpResponse:
    """The resolution-centre table alone, for the page's htmx refresh."""
    queue = queries.rc_queue(SYSTEM_CLOCK.now())
    _log_look(request, "rc_queue", _RC_SHOWN, queue.incident_ids, refresh=True)
    return render(request, "demand/_rc.html", {"queue": queue})


# -------------------------------------------------------------------- appointments


@require(Capability.VIEW_APPOINTMENTS)
def appointments(request: HttpRequest) -> HttpResponse:
    """Appointment slots per station over the next week, and incidents awaiting one."""
    data = queries.appointments(SYSTEM_CLOCK.now())
    return render(request, "demand/appointments.html", data)


# ---------------------------------------------------------------------- compliance


def _range(form: ComplianceForm) -> tuple[datetime, datetime]:
    today = SYSTEM_CLOCK.today()
    d = form.cleaned_data if form.is_valid() else {}
    end_day = d.get("date_to") or today
    start_day = d.get("date_from") or end_day - timedelta(days=364)
    tz = timezone.get_current_timezone()
    start = datetime.combine(start_day, time(), tz)
    end = datetime.combine(end_day + timedelta(days=1), time(), tz)
    return start, end


@require(Capability.VIEW_RESPONSE_TIMES)
def compliance(request: HttpRequest) -> HttpResponse:
    """Share within target and p50/p90 time to arrival; the resolution centre's share."""
    form = ComplianceForm(request.GET or None)
    start, end = _range(form)
    report = queries.compliance(start, end)
    return render(
        request,
        "demand/compliance.html",
        {"form": form, "report": report, "start": start, "end": end - timedelta(days=1)},
    )
