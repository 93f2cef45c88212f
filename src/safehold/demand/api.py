"""API: record calls, THRIVE them, the queues, resolution-centre attempts and compliance.

Reads of personal data need the ``X-Justification`` header and are logged as disclosures;
writes go through the same services as the pages.
"""

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from safehold.accounts.roles import Capability
from safehold.apiutil import (
    Code,
    LongText,
    Name,
    Postcode,
    Reason,
    Title,
    api_user,
    require_api,
)
from safehold.audit.api_looks import justification_of, log_disclosure
from safehold.clock import SYSTEM_CLOCK
from safehold.errors import InvalidInput

from . import queries, services
from .models import Incident
from .policy import default_policy
from .thrive import ThriveError, suggest_grade

router = Router(tags=["demand"])


class PersonIn(Schema):
    family_name: Name
    given_name: Name = ""
    role: Code = "caller"
    date_of_birth: date | None = None
    vulnerable: bool = False
    phone: Annotated[str, Field(max_length=20)] = ""


class CallIn(Schema):
    channel: Code
    incident_type: Code
    received_at: datetime | None = None
    station_code: Annotated[str, Field(max_length=8)] = ""
    postcode: Postcode = ""
    location_description: Title = ""
    summary: LongText = ""
    domestic_abuse: bool = False
    people: Annotated[list[PersonIn], Field(max_length=20)] = []


class ThriveIn(Schema):
    answers: Annotated[dict[Code, LongText], Field(max_length=50)]
    chosen_grade: Annotated[int, Field(ge=1, le=5)] | None = None
    notes: Annotated[dict[Code, LongText], Field(max_length=50)] = {}
    reason: Reason = ""


class SuggestIn(Schema):
    incident_type: Code
    answers: Annotated[dict[Code, LongText], Field(max_length=50)]


class Suggestion(Schema):
    grade: int
    reasons: list[str]
    policy_version: str


class IncidentOut(Schema):
    id: int
    reference: str
    channel: str
    incident_type: str
    received_at: datetime
    area: str
    grade: int | None
    suggested_grade: int | None
    downgrade_pending: bool
    route: str
    route_reasons: list[str]
    policy_version: str
    target_at: datetime | None
    allocated_at: datetime | None
    dispatched_at: datetime | None
    arrived_at: datetime | None
    resolved_at: datetime | None
    rc_status: str
    contact_attempts: int
    people: list[dict[str, Any]]


class ContactIn(Schema):
    outcome: Code
    note: LongText = ""


class Created(Schema):
    id: int


def _out(i: Incident) -> dict[str, Any]:
    return {
        **{f: getattr(i, f) for f in IncidentOut.model_fields if f not in ("reference", "people")},
        "reference": i.reference,
        "people": [
            {"person_id": p.person_id, "role": p.role, "vulnerable": p.vulnerable}
            for p in i.people.all()
        ],
    }


@router.post("/incidents", response={201: IncidentOut})
@require_api(Capability.TRIAGE_CALLS)
def record_call(request: HttpRequest, body: CallIn) -> Status[dict[str, Any]]:
    """Record a call and the people in it (it then waits for THRIVE)."""
    data = services.CallInput(
        **{k: v for k, v in body.dict().items() if k != "people"},
        people=tuple(services.PersonInput(**p.dict()) for p in body.people),
    )
    incident = services.record_call(api_user(request), data)
    return Status(201, _out(queries.incident_for(api_user(request), incident.pk) or incident))


@router.get("/incidents/{incident_id}", response=IncidentOut)
@require_api(Capability.TRIAGE_CALLS)
def incident(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    """An incident with its grade, route and reasons (a disclosure, logged)."""
    justification = justification_of(request)
    found = queries.incident_for(api_user(request), incident_id)
    if found is None:
        raise Http404
    log_disclosure(request, justification, "demand_incident", found.pk)
    return _out(found)


@router.post("/incidents/{incident_id}/thrive", response={201: IncidentOut})
@require_api(Capability.TRIAGE_CALLS)
def thrive(request: HttpRequest, incident_id: int, body: ThriveIn) -> Status[dict[str, Any]]:
    """THRIVE or re-THRIVE: without chosen_grade the suggested grade is taken."""
    user = api_user(request)
    found = queries.incident_for(user, incident_id)
    if found is None:
        raise Http404
    chosen = body.chosen_grade
    if chosen is None:
        try:
            chosen = suggest_grade(default_policy(), found.incident_type, body.answers).grade
        except ThriveError as exc:
            raise InvalidInput(str(exc), field=exc.field) from exc
    services.assess(
        user,
        incident_id,
        services.ThriveInput(
            answers=body.answers, chosen_grade=chosen, notes=body.notes, reason=body.reason
        ),
    )
    return Status(201, _out(queries.incident_for(user, incident_id) or found))


@router.post("/thrive/suggest", response=Suggestion)
@require_api(Capability.TRIAGE_CALLS)
def suggest(request: HttpRequest, body: SuggestIn) -> dict[str, Any]:
    """The grade the rules suggest for these answers, with reasons (nothing recorded)."""
    try:
        s = suggest_grade(default_policy(), body.incident_type, body.answers)
    except ThriveError as exc:
        raise InvalidInput(str(exc), field=exc.field) from exc
    except ValueError:
        raise InvalidInput("Unknown incident type", field="incident_type") from None
    return {"grade": s.grade, "reasons": list(s.reasons), "policy_version": s.policy_version}


@router.get("/dispatch-queue")
@require_api(Capability.DISPATCH_UNITS)
def dispatch_queue(request: HttpRequest) -> dict[str, Any]:
    """What awaits a unit, most urgent first, each with its clock and reasons (logged)."""
    justification = justification_of(request)
    q = queries.dispatch_queue(SYSTEM_CLOCK.now())
    log_disclosure(request, justification, "dispatch_queue", detail={"rows": len(q.rows)})
    return {
        "at": q.now.isoformat(),
        "policy_version": q.policy_version,
        "rows": [
            {
                "id": r.incident.pk,
                "reference": r.incident.reference,
                "grade": r.incident.grade,
                "incident_type": r.incident.incident_type,
                "area": r.incident.area,
                "target_at": r.incident.target_at.isoformat() if r.incident.target_at else None,
                "status": r.entry.status,
                "minutes_left": round(r.entry.minutes_left, 1)
                if r.entry.minutes_left is not None
                else None,
                "reasons": list(r.entry.reasons),
            }
            for r in q.rows
        ],
    }


@router.get("/resolution-centre/queue")
@require_api(Capability.WORK_RESOLUTION_CASES)
def rc_queue(request: HttpRequest) -> dict[str, Any]:
    """Open resolution-centre cases, next step first, with reasons (logged)."""
    justification = justification_of(request)
    q = queries.rc_queue(SYSTEM_CLOCK.now())
    log_disclosure(request, justification, "rc_queue", detail={"rows": len(q.rows)})
    return {
        "at": q.now.isoformat(),
        "open": q.is_open,
        "hours": q.hours,
        "rows": [
            {
                "id": r.incident.pk,
                "reference": r.incident.reference,
                "incident_type": r.incident.incident_type,
                "next_step": r.entry.action,
                "reasons": list(r.entry.reasons),
            }
            for r in q.rows
        ],
    }


@router.post("/incidents/{incident_id}/contacts", response={201: Created})
@require_api(Capability.WORK_RESOLUTION_CASES)
def record_contact(request: HttpRequest, incident_id: int, body: ContactIn) -> Status[Created]:
    """Record a resolution-centre attempt to reach the caller."""
    attempt = services.record_contact(
        api_user(request), incident_id, outcome=body.outcome, note=body.note
    )
    return Status(201, Created(id=attempt.pk))


class ComplianceQuery(Schema):
    date_from: date | None = None
    date_to: date | None = None


@router.get("/compliance")
@require_api(Capability.VIEW_RESPONSE_TIMES)
def compliance(request: HttpRequest, q: Query[ComplianceQuery]) -> dict[str, Any]:
    """Share within target and p50/p90 by grade, area and hour of week; aggregates only."""
    tz = timezone.get_current_timezone()
    end_day = q.date_to or SYSTEM_CLOCK.today()
    start_day = q.date_from or end_day - timedelta(days=364)
    if start_day > end_day:
        raise InvalidInput("date_from must be on or before date_to", field="date_from")
    return queries.compliance(
        datetime.combine(start_day, time(), tz),
        datetime.combine(end_day + timedelta(days=1), time(), tz),
    )
