"""API: the register, its events, the backlog, the briefing and the caseload import."""

from datetime import date, datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from safehold.accounts.roles import Capability
from safehold.apiutil import (
    Code,
    Codes,
    Day,
    Id,
    Line,
    LongText,
    Name,
    Page,
    Postcode,
    Reason,
    Search,
    Title,
    Version,
    api_user,
    require_api,
)
from safehold.audit.api_looks import justification_of, log_disclosure
from safehold.bodycap import body_cap
from safehold.people.crosslinks import log_links_shown, may_see_links

from . import services
from .backlog_queries import compute_backlog
from .briefing import compute_briefing
from .facts import evaluate_offenders
from .importer import import_caseload
from .models import Offender
from .queries import OffenderFilters, offender_list
from .record_queries import offender_record, timeline
from .schemas import BacklogOut, BriefingOut, ImportReportOut, PolicyResultOut

router = Router(tags=["offenders"])


class OffenderSummary(Schema):
    id: int
    register_reference: str
    name: str
    risk_level: str
    status: str
    next_visit_due: date | None
    days_overdue: int
    visits_missed: int
    offender_manager: str | None
    station: str
    policy_version: str


class OffenderPage(Schema):
    count: int
    page: int
    pages: int
    items: list[OffenderSummary]


class ListQuery(Schema):
    q: Search = ""
    risk: Codes = []
    station: Id | None = None
    manager: Id | None = None
    status: Code = ""
    overdue: Code = ""
    sort: Code = "due"
    page: Page = 1


class EventOut(Schema):
    at: date
    kind: str
    title: str
    detail: str


class OffenderOut(Schema):
    id: int
    register_reference: str
    person_id: int
    name: str
    date_of_birth: date | None
    risk_level: str
    status: str
    mappa_category: int
    mappa_level: int
    registered_on: date
    registration_ends_on: date | None
    offender_manager: str | None
    station: str
    pursued: bool
    version: int
    policy: PolicyResultOut | None
    timeline: list[EventOut]


class Created(Schema):
    id: int


class VisitIn(Schema):
    visited_at: datetime
    outcome: Code
    kind: Code = "home"
    officer_1_id: Id | None = None
    officer_2_id: Id | None = None
    announced: bool = False
    checks: LongText = ""
    concerns: LongText = ""
    intelligence_submitted: bool = False
    planned_visit_id: Id | None = None


class AssessmentIn(Schema):
    tool: Code
    level: Code
    assessed_on: Day
    next_review_due: Day | None = None
    assessor_name: Line = ""
    notes: LongText = ""


class NotificationIn(Schema):
    kind: Code
    notified_on: Day
    details: LongText = ""
    travel_departs_on: Day | None = None
    travel_returns_on: Day | None = None
    travel_destination: Line = ""
    subject: Code = ""
    changed_on: Day | None = None
    value: Line = ""
    new_given_name: Name = ""
    new_family_name: Name = ""
    address_line1: Line = ""
    address_town: Line = ""
    address_postcode: Postcode = ""
    address_lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    address_lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    stay_to: Day | None = None
    excuse: Reason = ""


class BreachIn(Schema):
    what: Title
    occurred_on: Day
    action: Code
    action_on: Day | None = None
    details: LongText = ""
    # The order or the term of an order the breach breaks (issue 10), the crime
    # reference and the result (a BreachResult value).
    order_id: Id | None = None
    requirement_id: Id | None = None
    crime_reference: Line = ""
    result: Code = ""


class AssignIn(Schema):
    manager_id: Id
    version: Version | None = None


class PursueIn(Schema):
    pursued: bool
    reason: Reason = ""
    version: Version | None = None


class ScheduleIn(Schema):
    planned_for: datetime
    officer_1_id: Id | None = None
    officer_2_id: Id | None = None


def _today() -> date:
    return timezone.localdate()


@router.get("/offenders", response=OffenderPage, summary="The offender list, filtered")
@require_api(Capability.VIEW_OFFENDERS)
def list_offenders(request: HttpRequest, filters: Query[ListQuery]) -> OffenderPage:
    justification = justification_of(request)
    key = filters.sort.lstrip("-")
    evaluated = offender_list(
        OffenderFilters(
            q=filters.q[:100],
            risk=tuple(filters.risk),
            station=filters.station,
            manager=filters.manager,
            status=filters.status,
            overdue=filters.overdue,
        ),
        sort=key,
        descending=filters.sort.startswith("-"),
        today=_today(),
        cached=True,
    )
    size = 100
    pages = max(1, -(-len(evaluated) // size))
    page = min(max(1, filters.page), pages)
    chunk = evaluated[(page - 1) * size : page * size]
    items = [
        OffenderSummary(
            id=e.row["id"],
            register_reference=e.row["register_reference"],
            name=f"{e.row['person__given_name']} {e.row['person__family_name']}",
            risk_level=e.row["risk_level"],
            status=e.row["status"],
            next_visit_due=e.result.next_visit_due,
            days_overdue=e.result.days_overdue,
            visits_missed=e.result.visits_missed,
            offender_manager=e.row["offender_manager__username"],
            station=e.row["station__name"],
            policy_version=e.result.policy_version,
        )
        for e in chunk
    ]
    log_disclosure(
        request,
        justification,
        "offender_list",
        "",
        detail={"shown": [i.id for i in items]},
        people=[e.row["person_id"] for e in chunk],
    )
    return OffenderPage(count=len(evaluated), page=page, pages=pages, items=items)


def _get(offender_id: int) -> Offender:
    offender = offender_record(offender_id)
    if offender is None:
        raise Http404
    return offender


@router.get("/offenders/{offender_id}", response=OffenderOut, summary="An offender's record")
@require_api(Capability.VIEW_OFFENDERS)
def get_offender(request: HttpRequest, offender_id: int) -> OffenderOut:
    justification = justification_of(request)
    o = _get(offender_id)
    evaluated = evaluate_offenders(
        Offender.objects.filter(pk=o.pk), today=_today(), include_off_register=True
    )
    log_disclosure(request, justification, "offender", o.pk, person_id=o.person_id)
    return OffenderOut(
        id=o.pk,
        register_reference=o.register_reference,
        person_id=o.person_id,
        name=o.person.full_name,
        date_of_birth=o.person.date_of_birth,
        risk_level=o.risk_level,
        status=o.status,
        mappa_category=o.mappa_category,
        mappa_level=o.mappa_level,
        registered_on=o.registered_on,
        registration_ends_on=o.registration_ends_on,
        offender_manager=o.offender_manager.username if o.offender_manager else None,
        station=o.station.name,
        pursued=o.pursued,
        version=o.version,
        policy=PolicyResultOut.model_validate(evaluated[0].result.to_dict()) if evaluated else None,
        timeline=[
            EventOut(at=e.at, kind=e.kind, title=e.title, detail=e.detail) for e in timeline(o)
        ],
    )


@router.post("/offenders/{offender_id}/visits", response={201: Created}, summary="Record a visit")
@require_api(Capability.EDIT_OFFENDERS)
def post_visit(request: HttpRequest, offender_id: int, body: VisitIn) -> Status[Created]:
    data = body.dict()
    planned = data.pop("planned_visit_id")
    visit = services.record_visit(
        api_user(request), offender_id, services.VisitInput(**data), planned_visit_id=planned
    )
    return Status(201, Created(id=visit.pk))


@router.post(
    "/offenders/{offender_id}/visits/planned", response={201: Created}, summary="Schedule a visit"
)
@require_api(Capability.EDIT_OFFENDERS)
def post_planned_visit(request: HttpRequest, offender_id: int, body: ScheduleIn) -> Status[Created]:
    visit = services.schedule_visit(api_user(request), offender_id, **body.dict())
    return Status(201, Created(id=visit.pk))


@router.post(
    "/offenders/{offender_id}/assessments",
    response={201: Created},
    summary="Record a risk assessment",
)
@require_api(Capability.EDIT_OFFENDERS)
def post_assessment(request: HttpRequest, offender_id: int, body: AssessmentIn) -> Status[Created]:
    made = services.record_risk_assessment(
        api_user(request), offender_id, services.AssessmentInput(**body.dict())
    )
    return Status(201, Created(id=made.pk))


@router.post(
    "/offenders/{offender_id}/notifications",
    response={201: Created},
    summary="Record a notification",
)
@require_api(Capability.EDIT_OFFENDERS)
def post_notification(
    request: HttpRequest, offender_id: int, body: NotificationIn
) -> Status[Created]:
    made = services.record_notification(
        api_user(request), offender_id, services.NotificationInput(**body.dict())
    )
    return Status(201, Created(id=made.pk))


@router.post(
    "/offenders/{offender_id}/breaches", response={201: Created}, summary="Record a breach"
)
@require_api(Capability.EDIT_OFFENDERS)
def post_breach(request: HttpRequest, offender_id: int, body: BreachIn) -> Status[Created]:
    made = services.record_breach(
        api_user(request), offender_id, services.BreachInput(**body.dict())
    )
    return Status(201, Created(id=made.pk))


@router.post(
    "/offenders/{offender_id}/assign", response=Created, summary="Assign an offender manager"
)
@require_api(Capability.ASSIGN_OFFENDERS)
def post_assign(request: HttpRequest, offender_id: int, body: AssignIn) -> Created:
    o = services.assign_manager(
        api_user(request), offender_id, body.manager_id, expected_version=body.version
    )
    return Created(id=o.pk)


@router.post(
    "/offenders/{offender_id}/pursue",
    response=Created,
    summary="Mark an offender as pursued (or not)",
)
@require_api(Capability.ASSIGN_OFFENDERS)
def post_pursue(request: HttpRequest, offender_id: int, body: PursueIn) -> Created:
    o = services.mark_pursued(
        api_user(request),
        offender_id,
        pursued=body.pursued,
        reason=body.reason,
        expected_version=body.version,
    )
    return Created(id=o.pk)


@router.get("/backlog", response=BacklogOut, summary="The visit backlog (aggregates)")
@require_api(Capability.VIEW_BACKLOG)
def get_backlog(request: HttpRequest) -> dict[str, Any]:
    return compute_backlog(_today(), cached=True).to_dict()


@router.get("/briefing", response=BriefingOut, summary="The priorities team's briefing")
@require_api(Capability.VIEW_BRIEFING)
def get_briefing(request: HttpRequest, day: date | None = None) -> dict[str, Any]:
    justification = justification_of(request)
    user = api_user(request)
    data = compute_briefing(
        day or _today(),
        cross_links=may_see_links(user, Capability.VIEW_BRIEFING),
        cached=True,
    )
    log_disclosure(
        request,
        justification,
        "briefing",
        data.day.isoformat(),
        detail={"offenders": sorted(data.offender_ids)},
        people=data.person_ids,
    )
    log_links_shown(user, data.cross_links, justification, where="briefing", channel="api")
    return data.to_dict()


@router.post(
    "/caseload-imports", response=ImportReportOut, summary="Import a caseload CSV (all-or-nothing)"
)
@require_api(Capability.IMPORT_OFFENDERS)
@body_cap("SAFEHOLD_IMPORT_MAX_BYTES", envelope=64 * 1024)  # the file and the multipart envelope
def post_import(
    request: HttpRequest, file: File[UploadedFile], dry_run: bool = False
) -> dict[str, Any]:
    report = import_caseload(api_user(request), file, dry_run=dry_run, filename=file.name)
    return report.to_dict()


# The daily meeting's actions (their own module, mounted here).
from .briefing_api import router as briefing_router  # noqa: E402

router.add_router("", briefing_router)
# Risk tools, the risk management plan, MAPPA and the case (their own module).
from .risk_api import router as _risk_router  # noqa: E402

router.add_router("", _risk_router)
