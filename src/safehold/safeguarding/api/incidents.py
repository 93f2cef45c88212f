"""API for the waiting queue and incidents: reads (each look a logged disclosure) and logging one.

One router per path: ninja serves a path from the first router that declares it.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from safehold.accounts.roles import Capability
from safehold.apiutil import api_user, require_api
from safehold.audit.api_looks import justification_of, log_disclosure
from safehold.clock import SYSTEM_CLOCK
from safehold.people.crosslinks import shown_links

from .. import history_queries, queries, services
from ..referral_prompts import referral_prompts
from .schemas_in import IncidentIn, IncidentQuery, PersonIn
from .schemas_out import (
    IncidentCreated,
    IncidentDetail,
    IncidentPage,
    IncidentSummary,
    QueueOut,
)

router = Router(tags=["safeguarding"])


@router.get("/queue", response=QueueOut, summary="The waiting queue, re-prioritised now")
@require_api(Capability.VIEW_SAFEGUARDING)
def get_queue(request: HttpRequest) -> QueueOut:
    justification = justification_of(request)
    queue = queries.compute_queue(SYSTEM_CLOCK.now())
    log_disclosure(
        request,
        justification,
        "da_queue",
        "",
        detail={"shown": queue.incident_ids},
        people=queue.person_ids,
    )
    data = queue.to_dict()
    links = shown_links(
        api_user(request),
        Capability.VIEW_SAFEGUARDING,
        queue.incident_ids,
        by="incident",
        justification=justification,
        where="da_queue",
        channel="api",
    )
    for entry in data["entries"]:
        entry["cross_links"] = [x.reason for x in links.get(entry["incident_id"], ())]
    return QueueOut(**data)


@router.get("/incidents", response=IncidentPage, summary="Domestic-abuse incidents, filtered")
@require_api(Capability.VIEW_SAFEGUARDING)
def list_incidents(request: HttpRequest, filters: Query[IncidentQuery]) -> IncidentPage:
    justification = justification_of(request)
    incidents = queries.incident_list(
        queries.IncidentFilters(
            q=filters.q[:100], status=filters.status, grade=filters.grade, person=filters.person
        )
    ).order_by("-reported_at", "-id")
    paginator = Paginator(incidents, 100)
    page = paginator.get_page(filters.page)
    items = [
        IncidentSummary(
            id=i.pk,
            reference=i.reference,
            reported_at=i.reported_at,
            victim_person_id=i.victim_id,
            victim=i.victim.full_name,
            suspect=i.suspect.full_name if i.suspect else None,
            grade=i.grade,
            attendance=i.attendance,
            waiting=i.is_waiting,
            closure_status=i.closure_status,
            outcome_type=i.outcome_type,
        )
        for i in page
    ]
    log_disclosure(
        request,
        justification,
        "da_incident_list",
        "",
        detail={"shown": [i.id for i in items]},
        people=[p for i in page for p in (i.victim_id, i.suspect_id) if p is not None],
    )
    return IncidentPage(
        count=paginator.count, page=page.number, pages=paginator.num_pages, items=items
    )


@router.get(
    "/incidents/{incident_id}",
    response=IncidentDetail,
    by_alias=True,
    summary="An incident's record",
)
@require_api(Capability.VIEW_SAFEGUARDING)
def get_incident(request: HttpRequest, incident_id: int) -> IncidentDetail:
    justification = justification_of(request)
    incident = queries.incident_record(incident_id)
    if incident is None:
        raise Http404
    now = SYSTEM_CLOCK.now()
    log_disclosure(request, justification, "da_incident", incident.pk, person_id=incident.victim_id)
    entry = queries.queue_entry_for(incident, now) if incident.is_waiting else None
    links = shown_links(
        api_user(request),
        Capability.VIEW_SAFEGUARDING,
        [incident.pk],
        by="incident",
        justification=justification,
        where=f"da_incident:{incident.pk}",
        channel="api",
    )
    return IncidentDetail.model_validate(
        {
            "id": incident.pk,
            "reference": incident.reference,
            "version": incident.version,
            "reported_at": incident.reported_at.isoformat(),
            "source": incident.source,
            "attendance": incident.attendance,
            "grade": incident.grade,
            "grade_source": incident.grade_source,
            "red_flags": incident.red_flags,
            "suspect_at_large": incident.suspect_at_large,
            "children_present": incident.children_present,
            "crime_recorded": incident.crime_recorded,
            "crime_type": incident.crime_type,
            "closure_status": incident.closure_status,
            "outcome_type": incident.outcome_type,
            "seen_at": incident.seen_at.isoformat() if incident.seen_at else None,
            "cross_links": [x.reason for x in links.get(incident.pk, ())],
            "queue": entry.to_dict() if entry else None,
            "parties": [
                {
                    "role": p.role,
                    "person_id": p.person_id,
                    "name": p.person.full_name,
                    "matches": [
                        {
                            "id": m.pk,
                            "candidate": m.candidate_id,
                            "status": m.status,
                            "probability": round(m.probability, 4),
                        }
                        for m in p.matches.all()
                    ],
                }
                for p in incident.parties.all()
            ],
            "history": history_queries.intake_history(incident, now).to_dict(),
            "assessments": [
                {
                    "id": a.pk,
                    "assessed_at": a.assessed_at.isoformat(),
                    "questionnaire": a.questionnaire_id,
                    "grade": a.grade,
                    "yes_count": a.yes_count,
                    "red_flags": a.red_flags,
                    "reasons": a.reasons,
                    "marac_criteria": a.marac_criteria,
                    "policy_version": a.policy_version,
                    "follow_ups": a.follow_ups,
                }
                for a in incident.assessments.all()
            ],
            "reassessments": [
                {
                    "id": r.pk,
                    "assessed_at": r.assessed_at.isoformat(),
                    "from": r.old_grade,
                    "to": r.new_grade,
                    "direction": r.direction,
                    "reason": r.reason,
                    "advice_given": r.advice_given,
                    "sign_off": r.sign_off,
                    "policy_version": r.policy_version,
                }
                for r in incident.reassessments.all()
            ],
            "actions": [
                {
                    "id": a.pk,
                    "kind": a.kind,
                    "started_at": a.started_at.isoformat(),
                    "due_at": a.due_at.isoformat(),
                    "clock": a.clock_text,
                    "completed_at": a.completed_at.isoformat() if a.completed_at else None,
                    "overdue": a.completed_at is None and now > a.due_at,
                    "policy_version": a.policy_version,
                    "outcome": a.outcome,
                    "victim_views": a.victim_views,
                    "children_welfare": a.children_welfare,
                    "suspect_representations": a.suspect_representations,
                    "requirements": a.requirements,
                }
                for a in incident.actions.all()
            ],
            "breaches": [
                {
                    "id": b.pk,
                    "action_id": b.order_id,
                    "order": b.order.kind,
                    "at": b.at.isoformat(),
                    "details": b.details,
                    "response": b.response,
                    "response_note": b.response_note,
                }
                for b in incident.breaches.all()
            ],
            "referral_prompts": [
                {
                    "kind": row.prompt.kind.value,
                    "required": row.prompt.required,
                    "reasons": [r.text for r in row.prompt.reasons],
                    "made": bool(row.recorded),
                    "outcomes": [a.outcome for a in row.recorded if a.outcome],
                    "policy_version": row.prompt.policy_version,
                }
                for row in referral_prompts(incident)
            ],
            "marac_referrals": [
                {
                    "id": r.pk,
                    "meeting": r.meeting.held_on.isoformat(),
                    "consent": r.consent,
                    "criteria": r.criteria,
                }
                for r in incident.referrals.all()
            ],
        }
    )


def _person(p: PersonIn) -> services.PersonDetails:
    return services.PersonDetails(**p.dict())


@router.post("/incidents", response={201: IncidentCreated}, summary="Log a DA incident")
@require_api(Capability.LOG_INCIDENTS)
def post_incident(request: HttpRequest, body: IncidentIn) -> Status[IncidentCreated]:
    d = body.dict()
    data = services.IncidentInput(
        **{
            **{k: v for k, v in d.items() if k not in ("victim", "suspect", "children", "others")},
            "victim": _person(body.victim),
            "suspect": _person(body.suspect) if body.suspect else None,
            "children": tuple(_person(c) for c in body.children),
            "others": tuple(_person(o) for o in body.others),
        }
    )
    incident = services.log_incident(api_user(request), data)
    pending = sum(
        1 for p in incident.parties.all() for m in p.matches.all() if m.status == "pending"
    )
    return Status(
        201,
        IncidentCreated(
            id=incident.pk,
            reference=incident.reference,
            victim_person_id=(
                incident.victim_id if api_user(request).can(Capability.VIEW_PEOPLE) else None
            ),
            waiting=incident.is_waiting,
            matches_to_review=pending,
        ),
    )
