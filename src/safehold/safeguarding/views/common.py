"""What every safeguarding page shares: errors on forms, logged looks, the incident form frame."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safehold.access import signed_in_user
from safehold.accounts.models import User
from safehold.audit.access import log_consultation
from safehold.errors import SafeholdError

from ..models import Incident

# Service fields that a form spells differently.
FIELD_ALIASES = {
    "reported_at": "reported_date",
    "at": "at_date",
    "started_at": "started_date",
}


def put_error(form: Any, exc: SafeholdError) -> None:
    """Show a service's error against the field it names (or at the top of the form)."""
    field = FIELD_ALIASES.get(exc.field or "", exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


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
    if request.method == "POST" and form.is_valid():
        try:
            handler(user, incident, form.cleaned_data)
        except SafeholdError as exc:
            put_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("safeguarding:incident", incident_id=incident.pk)
    # The form page names the victim: a look like any other, logged with its reason.
    log_consultation(
        user,
        "incident",
        incident.pk,
        request.justification,  # type: ignore[attr-defined]
        person_id=incident.victim_id,
        detail={"form": title},
    )
    return render(
        request, template, {"form": form, "incident": incident, "title": title, **(extra or {})}
    )
