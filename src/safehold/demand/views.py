"""Pages of the demand context: calls and THRIVE, the dispatch queue, the resolution centre,
appointments and compliance.

Views are thin: reads come from ``queries``, writes go through ``services``, and every look
at an incident's people or places is logged as a consultation with the session's
justification.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability, Rank
from safehold.audit.access import justified, log_consultation
from safehold.clock import SYSTEM_CLOCK
from safehold.errors import SafeholdError

from . import queries, services
from .contact import next_step
from .forms import (
    CallForm,
    ContactForm,
    DowngradeForm,
    LetterForm,
    TextForm,
    ThriveForm,
    UnitForm,
)
from .models import Incident, RcStatus, ThriveAssessment
from .policy import default_policy
from .questions import HEADINGS
from .thrive import ThriveError, describe, suggest_grade
from .vocabulary import Route

F = TypeVar("F", bound=Callable[..., HttpResponseBase])
INCIDENT_ROLES = (
    Capability.TRIAGE_CALLS,
    Capability.DISPATCH_UNITS,
    Capability.WORK_RESOLUTION_CASES,
)


def require_any(*capabilities: Capability) -> Callable[[F], F]:
    """Let a view run for users whose role grants at least one of ``capabilities``."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated or not any(user.can(c) for c in capabilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_capabilities = capabilities  # type: ignore[attr-defined]
        return cast(F, wrapped)

    return decorator


def consult(
    request: HttpRequest, what: str, pk: object, *, people: Iterable[int] = (), **detail: Any
) -> None:
    """Log a look (``people``: every person a list showed, indexed for the auditors)."""
    log_consultation(
        signed_in_user(request),
        what,
        pk,
        request.justification,  # type: ignore[attr-defined]
        person_id=detail.pop("person_id", None),
        detail=detail or None,
        people=people,
    )


def _put_error(form: Any, exc: SafeholdError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def digest(ids: list[int]) -> str:
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]


def _incident(request: HttpRequest, incident_id: int) -> Incident:
    incident = queries.incident_for(signed_in_user(request), incident_id)
    if incident is None:
        raise Http404
    return incident


# -------------------------------------------------------------------------- calls


@require(Capability.TRIAGE_CALLS)
def calls(request: HttpRequest) -> HttpResponse:
    """The control room's calls: the last 24 hours and anything not yet graded (no names)."""
    return render(request, "demand/calls.html", {"calls": queries.recent_calls(SYSTEM_CLOCK.now())})


@require(Capability.TRIAGE_CALLS)
def record_call(request: HttpRequest) -> HttpResponse:
    """Take a call: channel, type, where, the people involved; then THRIVE."""
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.record_call(
                signed_in_user(request), form.to_input(SYSTEM_CLOCK.now())
            )
        except SafeholdError as exc:
            _put_error(form, exc)
        else:
            return redirect("demand:thrive", incident_id=incident.pk)
    return render(request, "demand/call_form.html", {"form": form})


@require(Capability.TRIAGE_CALLS)
@justified("demand_incident", "incident_id")
def thrive(request: HttpRequest, incident_id: int) -> HttpResponse:
    """THRIVE: the six headings, the suggested grade and why; the handler's grade."""
    user = signed_in_user(request)
    incident = _incident(request, incident_id)
    latest = next(iter(incident.assessments.all()), None)
    initial = {f"q_{k}": v for k, v in (latest.answers if latest else {}).items()}
    form = ThriveForm(request.POST or None, initial=initial)
    suggestion = None
    policy = default_policy()
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = suggest_grade(policy, incident.incident_type, form.answers())
        except ThriveError as exc:
            form.add_error(None, str(exc))
        if suggestion is not None and request.POST.get("action") == "save":
            chosen = form.cleaned_data.get("chosen_grade") or suggestion.grade
            try:
                services.assess(
                    user,
                    incident.pk,
                    services.ThriveInput(
                        answers=form.answers(),
                        chosen_grade=chosen,
                        notes=form.notes(),
                        reason=form.cleaned_data.get("reason") or "",
                    ),
                    expected_version=int(request.POST.get("version") or incident.version),
                )
            except SafeholdError as exc:
                _put_error(form, exc)
            else:
                messages.success(request, "Graded and routed")
                return redirect("demand:incident", incident_id=incident.pk)
    consult(request, "demand_incident", incident.pk, page="thrive")
    return render(
        request,
        "demand/thrive.html",
        {
            "incident": incident,
            "form": form,
            "suggestion": suggestion,
            "latest": latest,
            "policy_version": policy.version,
        },
    )


@require_any(*INCIDENT_ROLES)
@justified("demand_incident", "incident_id")
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    """An incident: its timeline, grade and route with the reasons, THRIVE history, people."""
    user = signed_in_user(request)
    incident = _incident(request, incident_id)
    people = list(incident.people.all())
    for p in people:
        consult(request, "demand_incident", incident.pk, person_id=p.person_id, role=p.role)
    if not people:
        consult(request, "demand_incident", incident.pk)
    assessments = list(incident.assessments.all())
    policy = default_policy()
    step = None
    if incident.route == Route.RESOLUTION_CENTRE:
        step = next_step(
            failed_attempts=incident.contact_attempts,
            contacted=incident.contacted,
            letter_sent=incident.letter_sent_at is not None,
            attempts_required=policy.rc_contact_attempts,
        )
    return render(
        request,
        "demand/incident.html",
        {
            "incident": incident,
            "people": people,
            "assessments": [(a, describe(a.answers)) for a in assessments],
            "can_triage": user.can(Capability.TRIAGE_CALLS),
            "can_dispatch": user.can(Capability.DISPATCH_UNITS),
            "can_resolve": user.can(Capability.WORK_RESOLUTION_CASES)
            and incident.route == Route.RESOLUTION_CENTRE,
            "is_supervisor": Rank(user.rank).is_supervisor,
            "step": step,
            "closed": incident.rc_status == RcStatus.CLOSED,
            "contact_form": ContactForm(),
            "letter_form": LetterForm(),
            "text_form": TextForm(),
            "unit_form": UnitForm(),
            "free_slots": queries.free_slots(SYSTEM_CLOCK.now())
            if incident.route == Route.APPOINTMENT and user.can(Capability.TRIAGE_CALLS)
            else [],
            "headings": HEADINGS,
        },
    )


# ------------------------------------------------------------ response timeline


def _incident_action(
    request: HttpRequest, incident_id: int, steps: dict[str, tuple[Callable[[], object], str]]
) -> HttpResponse:
    """Run the step the form's ``action`` names and go back to the incident, saying what
    was recorded or what to fix."""
    step = steps.get(request.POST.get("action", ""))
    if step is None:
        messages.error(request, "Choose an action")
        return redirect("demand:incident", incident_id=incident_id)
    write, done = step
    try:
        write()
    except SafeholdError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("demand:incident", incident_id=incident_id)


@require_POST
@require(Capability.DISPATCH_UNITS)
def dispatch_action(request: HttpRequest, incident_id: int) -> HttpResponse:
    """One step of the response timeline, from the incident page."""
    user, post = signed_in_user(request), request.POST
    text = post.get("text", "")
    return _incident_action(
        request,
        incident_id,
        {
            "allocate": (
                lambda: services.allocate(user, incident_id, unit=post.get("unit", "")),
                "Recorded: allocate",
            ),
            "dispatch": (lambda: services.dispatch(user, incident_id), "Recorded: dispatch"),
            "arrive": (lambda: services.record_arrival(user, incident_id), "Recorded: arrive"),
            "resolve": (
                lambda: services.resolve(user, incident_id, resolution=text),
                "Recorded: resolve",
            ),
            "escalate": (
                lambda: services.escalate(user, incident_id, reason=text),
                "Recorded: escalate",
            ),
        },
    )


@require(Capability.DISPATCH_UNITS)
def decide_downgrade(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """A supervisor approves or refuses a call handler's downgrade."""
    assessment = (
        ThriveAssessment.objects.select_related("incident", "created_by")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        raise Http404
    form = DowngradeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_downgrade(
                signed_in_user(request),
                assessment_id,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data.get("note") or "",
            )
        except SafeholdError as exc:
            _put_error(form, exc)
        else:
            return redirect("demand:dispatch")
    return render(
        request,
        "demand/downgrade.html",
        {
            "assessment": assessment,
            "form": form,
            "is_supervisor": Rank(signed_in_user(request).rank).is_supervisor,
        },
    )


# --------------------------------------------------------------- resolution centre


@require_POST
@require(Capability.WORK_RESOLUTION_CASES)
def rc_action(request: HttpRequest, incident_id: int) -> HttpResponse:
    """A contact attempt, the letter or e-mail, closing or re-opening a case."""
    user, post = signed_in_user(request), request.POST
    text = post.get("text", "")
    return _incident_action(
        request,
        incident_id,
        {
            "contact": (
                lambda: services.record_contact(
                    user, incident_id, outcome=post.get("outcome", ""), note=post.get("note", "")
                ),
                "Contact attempt recorded",
            ),
            "letter": (
                lambda: services.send_letter(user, incident_id, method=post.get("method", "")),
                "Letter or e-mail recorded",
            ),
            "close": (
                lambda: services.close_case(user, incident_id, resolution=text),
                "Case closed",
            ),
            "reopen": (
                lambda: services.reopen_case(user, incident_id, reason=text),
                "Case re-opened",
            ),
        },
    )


# -------------------------------------------------------------------- appointments


@require_POST
@require(Capability.TRIAGE_CALLS)
def book(request: HttpRequest, incident_id: int) -> HttpResponse:
    try:
        services.book_appointment(
            signed_in_user(request), incident_id, int(request.POST.get("slot") or 0)
        )
    except SafeholdError as exc:
        if exc.status == 404 and exc.code != "no_slot":
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, "Appointment booked")
    return redirect("demand:incident", incident_id=incident_id)


@require_POST
@require(Capability.TRIAGE_CALLS)
def close_advice(request: HttpRequest, incident_id: int) -> HttpResponse:
    try:
        services.close_with_advice(
            signed_in_user(request), incident_id, advice=request.POST.get("text", "")
        )
    except SafeholdError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, "Closed with advice")
    return redirect("demand:incident", incident_id=incident_id)
