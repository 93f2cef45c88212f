"""API writes on an incident: log it, assess, contact, re-assess, escalate, act, close."""

from django.http import HttpRequest
from ninja import Router, Status

from safehold.accounts.roles import Capability
from safehold.apiutil import api_user, require_api
from safehold.errors import InvalidInput

from .. import services
from .schemas_in import (
    ActionIn,
    BreachIn,
    CloseIn,
    CompleteIn,
    ContactIn,
    DashIn,
    EscalationIn,
    ReassessmentIn,
    ReviewIn,
    SignOffIn,
)
from .schemas_out import (
    ActionMade,
    Created,
    DashRecorded,
    Done,
)

router = Router(tags=["safeguarding"])


_DASH_FIELDS = {
    "pj_grade": "professional_judgement.grade",
    "pj_reason": "professional_judgement.reason",
}


@router.post(
    "/incidents/{incident_id}/dash",
    response={201: DashRecorded},
    summary="Record a risk questionnaire",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_dash(request: HttpRequest, incident_id: int, body: DashIn) -> Status[DashRecorded]:
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
                follow_ups=body.follow_ups or {},
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
        DashRecorded.model_validate(
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
                "follow_ups": made.follow_ups,
            }
        ),
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
    "/incidents/{incident_id}/protective-actions",
    response={201: ActionMade},
    summary="Record a protective action and start its clock",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_action(request: HttpRequest, incident_id: int, body: ActionIn) -> Status[ActionMade]:
    made = services.record_protective_action(
        api_user(request), incident_id, services.ActionInput(**body.dict())
    )
    return Status(
        201,
        ActionMade(
            id=made.pk,
            due_at=made.due_at.isoformat(),
            clock=made.clock_text,
            policy_version=made.policy_version,
        ),
    )


@router.post(
    "/incidents/{incident_id}/protective-actions/{action_id}/complete",
    response=Done,
    summary="Stop a protective action's clock",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_complete(request: HttpRequest, incident_id: int, action_id: int, body: CompleteIn) -> Done:
    made = services.complete_protective_action(
        api_user(request),
        incident_id,
        action_id,
        note=body.note,
        completed_at=body.completed_at,
        outcome=body.outcome,
    )
    return Done(id=made.pk, status="complete")


@router.post(
    "/incidents/{incident_id}/protective-actions/{action_id}/breaches",
    response={201: Created},
    summary="Record a breach of a notice or order, and what was done",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_breach(
    request: HttpRequest, incident_id: int, action_id: int, body: BreachIn
) -> Status[Created]:
    made = services.record_breach(
        api_user(request), incident_id, action_id, services.BreachInput(**body.dict())
    )
    return Status(201, Created(id=made.pk))


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
