"""The frame every form page about a person's record shares (the register's and the incident's).

On a valid POST the page hands the cleaned data to the service; a service error is shown
against the field it names (or at the top), otherwise the page says what was done and goes
back to the record. Every showing of the form names the person, so it is logged as a look
with its reason, like any other page about them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safehold.accounts.access import signed_in_user
from safehold.audit.access import log_consultation
from safehold.errors import SafeholdError

__all__ = ["Look", "form_page", "put_error"]


@dataclass(frozen=True, slots=True)
class Look:
    """The record a form page shows: what it is, its id and the person it names."""

    record_type: str
    record_id: int
    person_id: int | None


def put_error(form: Any, exc: SafeholdError, aliases: Mapping[str, str] | None = None) -> None:
    """Show a service's error against the field it names (or at the top of the form).

    ``aliases`` maps a service's field name to the form's where they differ.
    """
    field = (aliases or {}).get(exc.field or "", exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


def form_page(
    request: HttpRequest,
    form: Any,
    submit: Callable[[dict[str, Any]], object],
    *,
    look: Look,
    title: str,
    done: str,
    success_url: str,
    template: str,
    context: Mapping[str, Any],
    aliases: Mapping[str, str] | None = None,
) -> HttpResponse:
    """Handle a record's form page: submit, show errors, or say ``done`` and go back."""
    if request.method == "POST" and form.is_valid():
        try:
            submit(form.cleaned_data)
        except SafeholdError as exc:
            put_error(form, exc, aliases)
        else:
            messages.success(request, done)
            return redirect(success_url)
    log_consultation(
        signed_in_user(request),
        look.record_type,
        look.record_id,
        request.justification,  # type: ignore[attr-defined]
        person_id=look.person_id,
        detail={"form": title},
    )
    return render(request, template, {"form": form, "title": title, **context})
