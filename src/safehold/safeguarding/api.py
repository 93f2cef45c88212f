"""API: domestic-abuse incidents, the waiting queue, DASH, MARAC, protective actions, matches.

Reads of personal data need the ``X-Justification`` header and are logged as disclosures;
writes go through the same services as the pages.
"""

from datetime import date, datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from safehold.accounts.roles import Capability
from safehold.apiutil import api_user, justification_of, log_disclosure, require_api
from safehold.errors import InvalidInput

from . import queries, services
from .dash import SafeguardingRuleError, score_document

router = Router(tags=["safeguarding"])


class Created(Schema):
    id: int


class Done(Schema):
    id: int
    status: str


class PersonIn(Schema):
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    postcode: str = ""


class IncidentIn(Schema):
    reported_at: datetime
    source: str
    attendance: str
    grade: str
    victim: PersonIn
    suspect: PersonIn | None = None
    relationship: str = ""
    suspect_at_large: bool = False
    children_present: bool = False
    children: list[PersonIn] = []
    others: list[PersonIn] = []
    at_victims_home: bool = True
    location_description: str = ""
    summary: str = ""
    crime_recorded: bool = False
    crime_type: str = ""


class IncidentCreated(Schema):
    id: int
    reference: str
    victim_person_id: int
    waiting: bool
    matches_to_review: int


class IncidentSummary(Schema):
    id: int
    reference: str
    reported_at: datetime
    victim_person_id: int
    victim: str
    suspect: str | None
    grade: str
    attendance: str
    waiting: bool
    closure_status: str
    outcome_type: int | None


class IncidentPage(Schema):
    count: int
    page: int
    pages: int
    items: list[IncidentSummary]


class IncidentQuery(Schema):
    q: str = ""
    status: str = ""
    grade: str = ""
    person: int | None = None
    page: int = 1


class DashIn(Schema):
    answers: dict[str, str]
    questionnaire: str = "dash-27"
    professional_judgement: dict[str, str] | None = None
    assessed_at: datetime | None = None


class ContactIn(Schema):
    outcome: str
    at: datetime | None = None
    notes: str = ""


class ReassessmentIn(Schema):
    new_grade: str
    reason: str = ""
    advice_given: str = ""
    attendance: str = ""
    assessed_at: datetime | None = None
    version: int | None = None


class SignOffIn(Schema):
    approve: bool
    note: str
    version: int | None = None


class EscalationIn(Schema):
    reason: str
    to_supervisor_id: int | None = None


class ReferralIn(Schema):
    consent: str
    meeting_on: date
    no_consent_reason: str = ""
    judgement_reason: str = ""


class ActionIn(Schema):
    kind: str
    started_at: datetime | None = None
    order_days: int | None = None
    authorised_by_name: str = ""
    authorised_by_rank: str = ""
    details: str = ""


class CompleteIn(Schema):
    note: str
    completed_at: datetime | None = None


class CloseIn(Schema):
    reason: str
    crime_recorded: bool = False
    crime_type: str = ""
    outcome_type: int | None = None
    version: int | None = None


class ReviewIn(Schema):
    agree: bool
    note: str
    version: int | None = None


class MatchDecisionIn(Schema):
    confirm: bool
    note: str = ""


class MeetingOut(Schema):
    id: int
    held_on: date
    area: str
    cases: int


class ScoreIn(Schema):
    questionnaire: str = "dash-27"
    answers: dict[str, Any]
    professional_judgement: dict[str, Any] | None = None


_DASH_FIELDS = {
    "pj_grade": "professional_judgement.grade",
    "pj_reason": "professional_judgement.reason",
}


def _person(p: PersonIn) -> services.PersonDetails:
    return services.PersonDetails(**p.dict())


def _now() -> datetime:
    return timezone.now()


# ---------------------------------------------------------------------- reads


@router.get("/queue", response=dict[str, Any], summary="The waiting queue, re-prioritised now")
@require_api(Capability.VIEW_SAFEGUARDING)
def get_queue(request: HttpRequest) -> dict[str, Any]:
    justification = justification_of(request)
    queue = queries.compute_queue(_now())
    log_disclosure(request, justification, "da_queue", "", detail={"shown": queue.incident_ids})
    return queue.to_dict()


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
        request, justification, "da_incident_list", "", detail={"shown": [i.id for i in items]}
    )
    return IncidentPage(
        count=paginator.count, page=page.number, pages=paginator.num_pages, items=items
    )


@router.get("/incidents/{incident_id}", response=dict[str, Any], summary="An incident's record")
@require_api(Capability.VIEW_SAFEGUARDING)
def get_incident(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    justification = justification_of(request)
    incident = queries.incident_record(incident_id)
    if incident is None:
        raise Http404
    now = _now()
    log_disclosure(request, justification, "da_incident", incident.pk, person_id=incident.victim_id)
    entry = queries.queue_entry_for(incident, now) if incident.is_waiting else None
    return {
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
        "history": queries.intake_history(incident, now).to_dict(),
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
            }
            for a in incident.actions.all()
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


@router.get("/marac-meetings", response=list[MeetingOut], summary="MARAC meetings (counts only)")
@require_api(Capability.VIEW_SAFEGUARDING)
def list_meetings(request: HttpRequest) -> list[MeetingOut]:
    return [
        MeetingOut(id=m.pk, held_on=m.held_on, area=m.area, cases=getattr(m, "cases", 0))
        for m in queries.marac_meetings(timezone.localdate())
    ]


@router.get(
    "/marac-meetings/{meeting_id}", response=dict[str, Any], summary="The list for a MARAC meeting"
)
@require_api(Capability.VIEW_SAFEGUARDING)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    justification = justification_of(request)
    meeting = queries.marac_meeting(meeting_id)
    if meeting is None:
        raise Http404
    referrals = list(meeting.referrals.all())
    log_disclosure(
        request,
        justification,
        "marac_list",
        meeting.pk,
        detail={"shown": [r.incident_id for r in referrals]},
    )
    return {
        "id": meeting.pk,
        "held_on": meeting.held_on.isoformat(),
        "area": meeting.area,
        "cases": [
            {
                "incident_id": r.incident_id,
                "incident": r.incident.reference,
                "victim": r.victim.full_name,
                "victim_person_id": r.victim_id,
                "consent": r.consent,
                "criteria": r.criteria,
                "judgement_reason": r.judgement_reason,
                "referred_at": r.referred_at.isoformat(),
            }
            for r in referrals
        ],
    }


@router.get("/person-matches", response=list[dict[str, Any]], summary="Matches awaiting review")
@require_api(Capability.VIEW_SAFEGUARDING)
def list_matches(request: HttpRequest) -> list[dict[str, Any]]:
    justification = justification_of(request)
    pending = list(queries.pending_matches()[:200])
    log_disclosure(
        request, justification, "person_match_list", "", detail={"shown": [m.pk for m in pending]}
    )
    return [
        {
            "id": m.pk,
            "incident_id": m.party.incident_id,
            "role": m.party.role,
            "recorded": {
                "given_name": m.party.given_name,
                "family_name": m.party.family_name,
                "date_of_birth": m.party.date_of_birth.isoformat()
                if m.party.date_of_birth
                else None,
                "postcode": m.party.postcode,
            },
            "recorded_as_person_id": m.party.person_id,
            "candidate_person_id": m.candidate_id,
            "candidate": m.candidate.full_name,
            "probability": round(m.probability, 4),
            "explanation": m.explanation,
            "hold_reason": m.hold_reason or None,
            "model_version": m.model_version,
        }
        for m in pending
    ]


@router.post("/dash/score", response=dict[str, Any], summary="Score a risk questionnaire")
@require_api(Capability.VIEW_SAFEGUARDING)
def post_score(request: HttpRequest, body: ScoreIn) -> dict[str, Any]:
    try:
        return score_document(body.dict())
    except SafeguardingRuleError as exc:
        raise InvalidInput(exc.message, code=exc.code, field=exc.field) from exc


# --------------------------------------------------------------------- writes


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
            victim_person_id=incident.victim_id,
            waiting=incident.is_waiting,
            matches_to_review=pending,
        ),
    )


@router.post(
    "/incidents/{incident_id}/dash", response={201: dict[str, Any]}, summary="Record a DASH"
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_dash(request: HttpRequest, incident_id: int, body: DashIn) -> Status[dict[str, Any]]:
    pj = body.professional_judgement or {}
    try:
        made = services.record_dash(
            api_user(request),
            incident_id,
            services.DashInput(
                answers=body.answers,
                questionnaire=body.questionnaire,
                pj_grade=pj.get("grade", ""),
                pj_reason=pj.get("reason", ""),
                assessed_at=body.assessed_at,
            ),
        )
    except InvalidInput as exc:
        # The service names the form's fields; the API names the document's.
        exc.field = _DASH_FIELDS.get(exc.field or "", exc.field)
        if exc.field and exc.field[:1] == "q" and exc.field[1:].isdigit():
            exc.field = f"answers.{exc.field[1:]}"
        raise
    return Status(
        201,
        {
            "id": made.pk,
            "grade": made.grade,
            "actuarial_grade": made.actuarial_grade,
            "yes_count": made.yes_count,
            "red_flags": made.red_flags,
            "reasons": made.reasons,
            "marac_criteria": made.marac_criteria,
            "marac_notes": made.marac_notes,
            "policy_version": made.policy_version,
        },
    )


@router.post(
    "/incidents/{incident_id}/contacts", response={201: Created}, summary="Record a contact"
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_contact(request: HttpRequest, incident_id: int, body: ContactIn) -> Status[Created]:
    made = services.record_contact(
        api_user(request), incident_id, services.ContactInput(**body.dict())
    )
    return Status(201, Created(id=made.pk))


@router.post(
    "/incidents/{incident_id}/reassessments",
    response={201: Done},
    summary="Record a telephone re-assessment (a downgrade awaits sign-off)",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_reassessment(request: HttpRequest, incident_id: int, body: ReassessmentIn) -> Status[Done]:
    d = body.dict()
    version = d.pop("version")
    made = services.record_reassessment(
        api_user(request), incident_id, services.ReassessmentInput(**d, expected_version=version)
    )
    return Status(201, Done(id=made.pk, status=made.sign_off))


@router.post(
    "/incidents/{incident_id}/reassessments/sign-off",
    response=Done,
    summary="Sign off (or refuse) the downgrade awaiting a supervisor",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_sign_off(request: HttpRequest, incident_id: int, body: SignOffIn) -> Done:
    made = services.sign_off_downgrade(
        api_user(request),
        incident_id,
        approve=body.approve,
        note=body.note,
        expected_version=body.version,
    )
    return Done(id=made.pk, status=made.sign_off)


@router.post("/incidents/{incident_id}/escalations", response={201: Created}, summary="Escalate")
@require_api(Capability.EDIT_SAFEGUARDING)
def post_escalation(request: HttpRequest, incident_id: int, body: EscalationIn) -> Status[Created]:
    made = services.escalate(
        api_user(request), incident_id, reason=body.reason, to_supervisor_id=body.to_supervisor_id
    )
    return Status(201, Created(id=made.pk))


@router.post(
    "/incidents/{incident_id}/marac-referrals",
    response={201: dict[str, Any]},
    summary="Refer to MARAC",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_referral(
    request: HttpRequest, incident_id: int, body: ReferralIn
) -> Status[dict[str, Any]]:
    made = services.refer_to_marac(
        api_user(request), incident_id, services.ReferralInput(**body.dict())
    )
    return Status(
        201,
        {
            "id": made.pk,
            "meeting_id": made.meeting_id,
            "criteria": made.criteria,
            "policy_version": made.policy_version,
        },
    )


@router.post(
    "/incidents/{incident_id}/protective-actions",
    response={201: dict[str, Any]},
    summary="Record a protective action and start its clock",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_action(request: HttpRequest, incident_id: int, body: ActionIn) -> Status[dict[str, Any]]:
    made = services.record_protective_action(
        api_user(request), incident_id, services.ActionInput(**body.dict())
    )
    return Status(
        201,
        {
            "id": made.pk,
            "due_at": made.due_at.isoformat(),
            "clock": made.clock_text,
            "policy_version": made.policy_version,
        },
    )


@router.post(
    "/incidents/{incident_id}/protective-actions/{action_id}/complete",
    response=Done,
    summary="Stop a protective action's clock",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_complete(request: HttpRequest, incident_id: int, action_id: int, body: CompleteIn) -> Done:
    made = services.complete_protective_action(
        api_user(request), incident_id, action_id, note=body.note, completed_at=body.completed_at
    )
    return Done(id=made.pk, status="complete")


@router.post("/incidents/{incident_id}/closure", response=Done, summary="Close with an outcome")
@require_api(Capability.EDIT_SAFEGUARDING)
def post_closure(request: HttpRequest, incident_id: int, body: CloseIn) -> Done:
    d = body.dict()
    version = d.pop("version")
    made = services.close_incident(
        api_user(request), incident_id, services.CloseInput(**d, expected_version=version)
    )
    return Done(id=made.pk, status=made.closure_status)


@router.post(
    "/incidents/{incident_id}/closure/review",
    response=Done,
    summary="A supervisor's review of a no-further-action closure",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_review(request: HttpRequest, incident_id: int, body: ReviewIn) -> Done:
    made = services.review_closure(
        api_user(request),
        incident_id,
        agree=body.agree,
        note=body.note,
        expected_version=body.version,
    )
    return Done(id=made.pk, status=made.decision)


@router.post(
    "/person-matches/{match_id}/decision", response=Done, summary="Confirm or reject a match"
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_match_decision(request: HttpRequest, match_id: int, body: MatchDecisionIn) -> Done:
    made = services.decide_match(api_user(request), match_id, confirm=body.confirm, note=body.note)
    return Done(id=made.pk, status=made.status)
