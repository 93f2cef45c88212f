"""The daily meeting's actions: record one against a briefing line, close one with its result.

Who may see them follows the briefing (``VIEW_BRIEFING``); who may record or close them is
the priorities team (``ASSIGN_OFFENDERS`` as well). The services check again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.access import justified
from safehold.clock import SYSTEM_CLOCK
from safehold.form_pages import Look, form_page

from .. import services
from ..briefing_forms import BriefingActionForm, CloseActionForm
from ..briefing_lines import SECTION_TITLES
from .actions import _quick_action
from .recording import _int_or_none, _offender_header


@require(Capability.VIEW_BRIEFING, Capability.ASSIGN_OFFENDERS)
@justified("offender", "offender_id")
def record_briefing_action(request: HttpRequest, offender_id: int) -> HttpResponse:
    """Record what the meeting agreed about an offender's line (``?section=`` names it)."""
    user = signed_in_user(request)
    offender = _offender_header(offender_id)
    asked = request.POST.get("section") or request.GET.get("section") or ""
    section = asked if asked in SECTION_TITLES else ""
    form = BriefingActionForm(
        request.POST or None,
        initial={"section": section, "due_on": SYSTEM_CLOCK.today() + timedelta(days=1)},
    )

    def submit(d: dict[str, Any]) -> object:
        return services.record_briefing_action(
            user,
            offender.pk,
            services.BriefingActionInput(
                section=d["section"],
                kind=d["kind"],
                due_on=d["due_on"],
                note=d["note"],
                officer_id=_int_or_none(d.get("officer")),
                team_id=_int_or_none(d.get("team")),
            ),
        )

    # Back with the line's section open (its lines load only when it is opened).
    anchor = (
        f"?{urlencode({'section': section})}#line-{section}-{offender.pk}"
        if section
        else f"#offender-{offender.pk}"
    )
    return form_page(
        request,
        form,
        submit,
        look=Look("offender", offender.pk, offender.person_id),
        title="Record a meeting action",
        done="Meeting action recorded: it shows on the briefing line until it is closed.",
        success_url=reverse("offenders:briefing") + anchor,
        template="offenders/briefing_action_form.html",
        context={"offender": offender, "section": section},
        aliases={"officer_id": "officer", "team_id": "team"},
    )


@require_POST
@require(Capability.VIEW_BRIEFING, Capability.ASSIGN_OFFENDERS)
def close_briefing_action(request: HttpRequest, offender_id: int) -> HttpResponse:
    """Close a meeting action as done (or not done) with its result; back to the briefing."""

    def act(user: User, d: dict[str, Any]) -> object:
        return services.close_briefing_action(
            user,
            d["action"],
            outcome=d["outcome"],
            result=d["result"],
            expected_version=d["version"],
        )

    signed_in_user(request)
    return _quick_action(request, offender_id, CloseActionForm, act, "Meeting action closed.")
