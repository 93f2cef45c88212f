"""Pages of the safeguarding context: the waiting queue, incidents, forms, MARAC, matches.

Views are thin: reads come from ``queries``, writes go through ``services``, and every
look at personal data is logged as a consultation with the session's justification.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safehold.access import require, signed_in_user
from safehold.accounts.models import User
from safehold.accounts.roles import Capability, Rank
from safehold.audit.access import justified, log_consultation
from safehold.errors import SafeholdError
from safehold.lists import Column, sort_and_paginate

from . import policies, queries, services
from .dash import DEFAULT_QUESTIONNAIRE, SafeguardingRuleError, available_questionnaires
from .dash import load_questionnaire as questionnaire_named
from .forms import (
    ActionForm,
    CloseForm,
    ClosureReviewForm,
    CompleteActionForm,
    ContactForm,
    DashForm,
    EscalationForm,
    IncidentFilterForm,
    IncidentForm,
    MatchDecisionForm,
    ReassessmentForm,
    ReferralForm,
    SignOffForm,
    next_meeting,
    now_initial,
)
from .models import ClosureStatus, Incident

# Service fields that a form spells differently.
FIELD_ALIASES = {
    "reported_at": "reported_date",
    "at": "at_date",
    "started_at": "started_date",
}
_SHOWN_KEY = "safeguarding_queue_shown"


def put_error(form: Any, exc: SafeholdError) -> None:
    """Show a service's error against the field it names (or at the top of the form)."""
    field = FIELD_ALIASES.get(exc.field or "", exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


def _consult(
    request: HttpRequest, what: str, pk: object, person_id: int | None, **detail: Any
) -> None:
    log_consultation(
        signed_in_user(request),
        what,
        pk,
        request.justification,  # type: ignore[attr-defined]
        person_id=person_id,
        detail=detail or None,
    )


# ---------------------------------------------------------------------- the queue


def _queue_context(request: HttpRequest) -> dict[str, Any]:
    user = signed_in_user(request)
    queue = queries.compute_queue(timezone.now())
    return {
        "queue": queue,
        "can_edit": user.can(Capability.EDIT_SAFEGUARDING),
        "is_supervisor": Rank(user.rank).is_supervisor,
    }


@require(Capability.VIEW_SAFEGUARDING)
@justified("list")
def queue_page(request: HttpRequest) -> HttpResponse:
    """Every victim not yet seen, in priority order re-computed now, with the reasons."""
    context = _queue_context(request)
    shown = context["queue"].incident_ids
    _consult(request, "da_queue", "", None, shown=shown)
    request.session[_SHOWN_KEY] = _digest(shown)
    return render(request, "safeguarding/queue.html", context)


def _digest(ids: list[int]) -> str:
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]


@require(Capability.VIEW_SAFEGUARDING)
@justified("list")
def queue_fragment(request: HttpRequest) -> HttpResponse:
    """The queue's table alone, for the page's htmx refresh every 30 seconds.

    A refresh showing the same victims in the same order as the last logged look is not
    logged again (it would add 120 entries an hour per open screen); any change is.
    """
    context = _queue_context(request)
    shown = context["queue"].incident_ids
    digest = _digest(shown)
    if request.session.get(_SHOWN_KEY) != digest:
        _consult(request, "da_queue", "", None, shown=shown, refresh=True)
        request.session[_SHOWN_KEY] = digest
    return render(request, "safeguarding/_queue.html", context)


# ---------------------------------------------------------------------- incidents

INCIDENT_COLUMNS = (
    Column("Incident"),
    Column("Reported", "reported"),
    Column("Victim", "victim"),
    Column("Suspect"),
    Column("Grade", "grade"),
    Column("Attendance", "attendance"),
    Column("Status"),
)


@require(Capability.VIEW_SAFEGUARDING)
@justified("list")
def incident_list(request: HttpRequest) -> HttpResponse:
    """Incidents, searchable by name or reference, filtered by status and grade."""
    form = IncidentFilterForm(request.GET)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    filters = queries.IncidentFilters(
        q=(cleaned.get("q") or "")[:100],
        status=cleaned.get("status") or "",
        grade=cleaned.get("grade") or "",
        person=cleaned.get("person"),
    )
    listing = sort_and_paginate(
        request,
        queries.incident_list(filters),
        sort_fields=queries.INCIDENT_SORTS,
        default_sort="-reported",
        columns=INCIDENT_COLUMNS,
    )
    _consult(request, "da_incident_list", "", filters.person, shown=[i.pk for i in listing.page])
    return render(
        request,
        "safeguarding/incidents.html",
        {"form": form, "listing": listing, "filters": filters},
    )


def _incident(incident_id: int) -> Incident:
    incident = queries.incident_record(incident_id)
    if incident is None:
        raise Http404
    return incident


@require(Capability.VIEW_SAFEGUARDING)
@justified("incident", "incident_id")
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    """An incident: the victim's place in the queue and why, history, DASH, actions, clocks."""
    user = signed_in_user(request)
    incident = _incident(incident_id)
    now = timezone.now()
    _consult(request, "da_incident", incident.pk, incident.victim_id)
    actions = [
        {
            "action": a,
            "overdue": a.completed_at is None and now > a.due_at,
            "remaining": a.due_at - now,
        }
        for a in incident.actions.all()
    ]
    return render(
        request,
        "safeguarding/incident.html",
        {
            "incident": incident,
            "now": now,
            "entry": queries.queue_entry_for(incident, now) if incident.is_waiting else None,
            "history": queries.intake_history(incident, now),
            "latest_dash": next(iter(incident.assessments.all()), None),
            "pending": queries.pending_downgrade(incident),
            "actions": actions,
            "can_edit": user.can(Capability.EDIT_SAFEGUARDING),
            "is_supervisor": Rank(user.rank).is_supervisor,
            "complete_form": CompleteActionForm(),
            "policy_version": policies.current().version,
        },
    )


@require(Capability.LOG_INCIDENTS)
def log_incident(request: HttpRequest) -> HttpResponse:
    """The call handler's form: victim, suspect, household, attendance and initial grade."""
    user = signed_in_user(request)
    form = IncidentForm(
        request.POST or None,
        initial={**now_initial("reported"), "source": "call", "at_victims_home": True},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            incident = services.log_incident(user, _incident_input(d))
        except SafeholdError as exc:
            put_error(form, exc)
        else:
            waiting = " The victim is in the safeguarding queue." if incident.is_waiting else ""
            messages.success(request, f"Incident {incident.reference} logged.{waiting}")
            if user.can(Capability.VIEW_SAFEGUARDING):
                return redirect("safeguarding:incident", incident_id=incident.pk)
            return redirect("safeguarding:log_incident")
    return render(request, "safeguarding/log_incident.html", {"form": form})


def _person(d: dict[str, Any], prefix: str) -> services.PersonDetails:
    return services.PersonDetails(
        given_name=d.get(f"{prefix}_given_name") or "",
        family_name=d.get(f"{prefix}_family_name") or "",
        date_of_birth=d.get(f"{prefix}_date_of_birth"),
        sex=d.get(f"{prefix}_sex") or "",
        postcode=d.get(f"{prefix}_postcode") or "",
    )


def _incident_input(d: dict[str, Any]) -> services.IncidentInput:
    children = tuple(_person(d, f"child_{n}") for n in (1, 2, 3) if d.get(f"child_{n}_family_name"))
    others = tuple(_person(d, "other_1") for _ in (1,) if d.get("other_1_family_name"))
    has_suspect = bool(d.get("suspect_family_name") or d.get("suspect_given_name"))
    return services.IncidentInput(
        reported_at=d["reported_at"],
        source=d["source"],
        attendance=d["attendance"],
        grade=d["grade"],
        victim=_person(d, "victim"),
        suspect=_person(d, "suspect") if has_suspect else None,
        relationship=d.get("relationship") or "",
        suspect_at_large=d.get("suspect_at_large", False),
        children_present=d.get("children_present", False),
        children=children,
        others=others,
        at_victims_home=d.get("at_victims_home", False),
        location_description=d.get("location_description") or "",
        summary=d.get("summary") or "",
        crime_recorded=d.get("crime_recorded", False),
        crime_type=d.get("crime_type") or "",
    )


# ------------------------------------------------------------- incident forms

Handler = Callable[[User, Incident, dict[str, Any]], object]


def _incident_header(incident_id: int) -> Incident:
    incident = Incident.objects.select_related("victim", "suspect").filter(pk=incident_id).first()
    if incident is None:
        raise Http404
    return incident


def _incident_form(
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
    incident = _incident_header(incident_id)
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


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def record_dash(request: HttpRequest, incident_id: int) -> HttpResponse:
    """The risk questionnaire, with questions from configuration (DASH-27 by default)."""
    wanted = request.POST.get("questionnaire") or request.GET.get("questionnaire")
    try:
        questionnaire = questionnaire_named(wanted or DEFAULT_QUESTIONNAIRE)
    except SafeguardingRuleError:
        questionnaire = questionnaire_named(DEFAULT_QUESTIONNAIRE)
    form = DashForm(request.POST or None, questionnaire=questionnaire)

    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return services.record_dash(
            user,
            incident.pk,
            services.DashInput(
                answers=form.answers(),
                questionnaire=d["questionnaire"],
                pj_grade=d.get("pj_grade") or "",
                pj_reason=d.get("pj_reason") or "",
            ),
        )

    return _incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Risk questionnaire",
        done="Risk questionnaire recorded.",
        template="safeguarding/dash_form.html",
        extra={"questionnaire": questionnaire, "available": available_questionnaires()},
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def record_contact(request: HttpRequest, incident_id: int) -> HttpResponse:
    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return services.record_contact(
            user,
            incident.pk,
            services.ContactInput(outcome=d["outcome"], at=d["at"], notes=d["notes"]),
        )

    form = ContactForm(request.POST or None, initial=now_initial("at"))
    return _incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Record a contact attempt",
        done="Contact attempt recorded.",
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def reassess(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = _incident_header(incident_id)

    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        done = services.record_reassessment(
            user,
            incident.pk,
            services.ReassessmentInput(
                new_grade=d["new_grade"],
                reason=d["reason"],
                advice_given=d["advice_given"],
                attendance=d.get("attendance") or "",
                expected_version=d.get("version"),
            ),
        )
        if done.sign_off == "awaiting":
            messages.info(request, "The lower grade is waiting for a supervisor's sign-off.")
        return done

    form = ReassessmentForm(
        request.POST or None,
        initial={
            "new_grade": incident.grade,
            "attendance": incident.attendance,
            "version": incident.version,
        },
    )
    return _incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Telephone re-assessment",
        done="Re-assessment recorded.",
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def sign_off(request: HttpRequest, incident_id: int) -> HttpResponse:
    """A supervisor approves or refuses a downgrade awaiting sign-off."""
    incident = _incident_header(incident_id)
    pending = incident.reassessments.filter(sign_off="awaiting").select_related("assessor").first()

    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return services.sign_off_downgrade(
            user,
            incident.pk,
            approve=d["decision"] == "approve",
            note=d["note"],
            expected_version=d.get("version"),
        )

    form = SignOffForm(request.POST or None, initial={"version": incident.version})
    return _incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Sign off a downgrade",
        done="Decision recorded.",
        template="safeguarding/sign_off.html",
        extra={
            "pending": pending,
            "is_supervisor": Rank(signed_in_user(request).rank).is_supervisor,
        },
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def escalate(request: HttpRequest, incident_id: int) -> HttpResponse:
    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        chosen = d.get("to_supervisor")
        return services.escalate(
            user, incident.pk, reason=d["reason"], to_supervisor_id=int(chosen) if chosen else None
        )

    form = EscalationForm(request.POST or None)
    return _incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Escalate to a supervisor",
        done="Escalated to a supervisor.",
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def refer(request: HttpRequest, incident_id: int) -> HttpResponse:
    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return services.refer_to_marac(
            user,
            incident.pk,
            services.ReferralInput(
                consent=d["consent"],
                meeting_on=d["meeting_on"],
                no_consent_reason=d["no_consent_reason"],
                judgement_reason=d["judgement_reason"],
            ),
        )

    form = ReferralForm(
        request.POST or None, initial={"meeting_on": next_meeting(timezone.localdate())}
    )
    return _incident_form(
        request, incident_id, form, handle, title="Refer to MARAC", done="Referred to MARAC."
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def record_action(request: HttpRequest, incident_id: int) -> HttpResponse:
    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return services.record_protective_action(
            user,
            incident.pk,
            services.ActionInput(
                kind=d["kind"],
                started_at=d["started_at"],
                order_days=d.get("order_days"),
                authorised_by_name=d.get("authorised_by_name") or "",
                authorised_by_rank=d.get("authorised_by_rank") or "",
                details=d.get("details") or "",
            ),
        )

    form = ActionForm(request.POST or None, initial=now_initial("started"))
    return _incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Record a protective action",
        done="Protective action recorded; its clock has started.",
    )


@require_POST
@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def complete_action(request: HttpRequest, incident_id: int, action_id: int) -> HttpResponse:
    """Stop an action's clock (POST only, from the incident page)."""
    form = CompleteActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
    else:
        try:
            services.complete_protective_action(
                signed_in_user(request), incident_id, action_id, note=form.cleaned_data["note"]
            )
        except SafeholdError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Clock stopped: the action is complete.")
    return redirect(f"{reverse('safeguarding:incident', args=[incident_id])}#actions")


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def close(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = _incident_header(incident_id)

    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        closed = services.close_incident(
            user,
            incident.pk,
            services.CloseInput(
                reason=d["reason"],
                crime_recorded=d["crime_recorded"],
                crime_type=d.get("crime_type") or "",
                outcome_type=d.get("outcome_type"),
                expected_version=d.get("version"),
            ),
        )
        if closed.closure_status == ClosureStatus.AWAITING_REVIEW:
            messages.info(request, "Outcome 15 or 16: a supervisor must review the closure.")
        return closed

    form = CloseForm(
        request.POST or None,
        initial={
            "crime_recorded": incident.crime_recorded,
            "crime_type": incident.crime_type,
            "version": incident.version,
        },
    )
    return _incident_form(
        request, incident_id, form, handle, title="Close the incident", done="Incident closed."
    )


@require(Capability.EDIT_SAFEGUARDING)
@justified("incident", "incident_id")
def review_closure(request: HttpRequest, incident_id: int) -> HttpResponse:
    """A supervisor reviews a no-further-action closure (outcome 15 or 16)."""
    incident = _incident_header(incident_id)

    def handle(user: User, incident: Incident, d: dict[str, Any]) -> object:
        return services.review_closure(
            user,
            incident.pk,
            agree=d["decision"] == "agree",
            note=d["note"],
            expected_version=d.get("version"),
        )

    form = ClosureReviewForm(request.POST or None, initial={"version": incident.version})
    return _incident_form(
        request,
        incident_id,
        form,
        handle,
        title="Review a no-further-action closure",
        done="Review recorded.",
        template="safeguarding/review_closure.html",
        extra={"is_supervisor": Rank(signed_in_user(request).rank).is_supervisor},
    )


# ------------------------------------------------------------------------- MARAC


@require(Capability.VIEW_SAFEGUARDING)
def marac(request: HttpRequest) -> HttpResponse:
    """Recent and coming MARAC meetings with the number of cases on each (no names)."""
    today = timezone.localdate()
    return render(
        request,
        "safeguarding/marac.html",
        {"meetings": queries.marac_meetings(today), "today": today},
    )


@require(Capability.VIEW_SAFEGUARDING)
@justified("list")
def marac_meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The list for one MARAC meeting: each case, consent and the criteria met."""
    meeting = queries.marac_meeting(meeting_id)
    if meeting is None:
        raise Http404
    referrals = list(meeting.referrals.all())
    _consult(request, "marac_list", meeting.pk, None, shown=[r.incident_id for r in referrals])
    return render(
        request, "safeguarding/marac_meeting.html", {"meeting": meeting, "referrals": referrals}
    )


# ---------------------------------------------------------------- person matches


@require(Capability.VIEW_SAFEGUARDING)
@justified("list")
def matches(request: HttpRequest) -> HttpResponse:
    """Uncertain person matches from intake, awaiting a decision."""
    pending = list(queries.pending_matches()[:200])
    _consult(request, "person_match_list", "", None, shown=[m.pk for m in pending])
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
    else:
        _consult(
            request, "person_match", found.pk, found.candidate_id, recorded_as=found.party.person_id
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
