"""API: the register, its events, the backlog, the briefing and the caseload import."""

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from safehold.accounts.roles import Capability
from safehold.apiutil import (
    api_user,
    require_api,
)
from safehold.audit.api_looks import justification_of, log_disclosure
from safehold.bodycap import body_cap
from safehold.clock import SYSTEM_CLOCK
from safehold.people.crosslinks import log_links_shown, may_see_links

from . import services
from .backlog_queries import compute_backlog
from .briefing import compute_briefing
from .facts import evaluate_offenders
from .importer import import_caseload
from .models import Offender
from .queries import OffenderFilters, offender_list
from .record_queries import offender_record, timeline
from .schemas import (
    AssessmentIn,
    AssignIn,
    BacklogOut,
    BreachIn,
    BriefingOut,
    Created,
    EventOut,
    ImportReportOut,
    ListQuery,
    NotificationIn,
    OffenderOut,
    OffenderPage,
    OffenderSummary,
    PolicyResultOut,
    PursueIn,
    ScheduleIn,
    VisitIn,
)

router = Router(tags=["offenders"])


def _today() -> date:
    return SYSTEM_CLOCK.today()  # the edge: the API reads the real day


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
