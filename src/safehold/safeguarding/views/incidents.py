"""Incidents: the searchable list, one incident's page, and the call handler's form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability, Rank
from safehold.audit.access import justified
from safehold.clock import SYSTEM_CLOCK
from safehold.errors import SafeholdError
from safehold.lists import Column, sort_and_paginate
from safehold.people.crosslinks import shown_links

from .. import history_queries, policies, queries, services
from ..action_forms import CompleteActionForm
from ..forms import (
    IncidentFilterForm,
    IncidentForm,
    now_initial,
)
from ..models import Incident
from ..referral_prompts import referral_prompts
from ..vocabulary import ActionKind, ReferralOutcome
from .common import (
    consult,
    put_error,
)

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
@justified("list", kind="da_incidents")
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
    consult(
        request,
        "da_incident_list",
        "",
        filters.person,
        people=[p for i in listing.page for p in (i.victim_id, i.suspect_id)],
        shown=[i.pk for i in listing.page],
    )
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
    now = SYSTEM_CLOCK.now()
    consult(request, "da_incident", incident.pk, incident.victim_id)
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
            "history": history_queries.intake_history(incident, now),
            "latest_dash": next(iter(incident.assessments.all()), None),
            "pending": queries.pending_downgrade(incident),
            "actions": actions,
            "referral_prompts": referral_prompts(incident),
            "referral_kinds": [k.value for k in ActionKind if k.is_referral],
            "breachable_kinds": [k.value for k in ActionKind if k.is_breachable],
            "outcome_choices": ReferralOutcome.choices,
            "can_edit": user.can(Capability.EDIT_SAFEGUARDING),
            "is_supervisor": Rank(user.rank).is_supervisor,
            "complete_form": CompleteActionForm(),
            "policy_version": policies.current().version,
            "cross_links": shown_links(
                user,
                Capability.VIEW_SAFEGUARDING,
                [incident.pk],
                by="incident",
                justification=request.justification,  # type: ignore[attr-defined]
                where=f"da_incident:{incident.pk}",
            ).get(incident.pk, []),
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
