"""What every safeguarding page shares: errors on forms, logged looks, the incident form frame."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from safehold.accounts.access import signed_in_user
from safehold.accounts.models import User
from safehold.audit.access import log_consultation
from safehold.errors import SafeholdError
from safehold.form_pages import Look, form_page
from safehold.form_pages import put_error as shared_put_error

from ..models import Incident

# Service fields that a form spells differently.
FIELD_ALIASES = {
    "reported_at": "reported_date",
    "at": "at_date",
    "started_at": "started_date",
}


def put_error(form: Any, exc: SafeholdError) -> None:
    """Show a service's error against the field it names (or at the top of the form)."""
    shared_put_error(form, exc, FIELD_ALIASES)


def consult(
    request: HttpRequest,
    what: str,
    pk: object,
    person_id: int | None,
    *,
    people: Iterable[int | None] = (),
    **detail: Any,
) -> None:
    """Log a look; ``people``: every person a list shows (so an auditor finds it)."""
    log_consultation(
        signed_in_user(request),
        what,
        pk,
        request.justification,  # type: ignore[attr-defined]
        person_id=person_id,
        detail=detail or None,
        people=[p for p in people if p is not None],
    )


Handler = Callable[[User, Incident, dict[str, Any]], object]


def incident_header(incident_id: int) -> Incident:
    incident = Incident.objects.select_related("victim", "suspect").filter(pk=incident_id).first()
    if incident is None:
        raise Http404
    return incident


def incident_form(
    request: HttpRequest,
    incident_id: int,
    form: Any,
    handler: Handler,
    *,
    title: str,
    done: str,
    template: str = "safeguarding/form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    user = signed_in_user(request)
    incident = incident_header(incident_id)
    return form_page(
        request,
        form,
        lambda data: handler(user, incident, data),
        look=Look("incident", incident.pk, incident.victim_id),
        title=title,
        done=done,
        success_url=reverse("safeguarding:incident", args=[incident.pk]),
        template=template,
        context={"incident": incident, **(extra or {})},
        aliases=FIELD_ALIASES,
    )


def incident_action(
    request: HttpRequest,
    incident_id: int,
    act: Callable[[User], object],
    *,
    done: str,
    anchor: str,
    form: Any = None,
) -> HttpResponse:
    """A POST-only button on the incident page: check ``form`` (if any), ``act`` as the
    signed-in user, say what was done or what went wrong, and go back to ``#anchor``."""
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
    else:
        try:
            act(signed_in_user(request))
        except SafeholdError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
    return redirect(f"{reverse('safeguarding:incident', args=[incident_id])}#{anchor}")
