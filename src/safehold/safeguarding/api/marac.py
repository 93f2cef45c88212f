"""API for MARAC: meetings (counts, then one list), referral, and scoring a questionnaire."""

from django.http import Http404, HttpRequest
from ninja import Router, Status

from safehold.accounts.roles import Capability
from safehold.apiutil import api_user, require_api
from safehold.audit.api_looks import justification_of, log_disclosure
from safehold.clock import SYSTEM_CLOCK
from safehold.errors import InvalidInput

from .. import policies, queries, services
from ..dash_document import score_document
from ..rule_errors import SafeguardingRuleError
from .schemas_in import (
    ReferralIn,
    ScoreIn,
)
from .schemas_out import (
    MeetingListOut,
    MeetingOut,
    ReferralMade,
    ScoreOut,
)

router = Router(tags=["safeguarding"])


@router.get("/marac-meetings", response=list[MeetingOut], summary="MARAC meetings (counts only)")
@require_api(Capability.VIEW_SAFEGUARDING)
def list_meetings(request: HttpRequest) -> list[MeetingOut]:
    return [
        MeetingOut(id=m.pk, held_on=m.held_on, area=m.area, cases=getattr(m, "cases", 0))
        for m in queries.marac_meetings(SYSTEM_CLOCK.today())
    ]


@router.get(
    "/marac-meetings/{meeting_id}", response=MeetingListOut, summary="The list for a MARAC meeting"
)
@require_api(Capability.VIEW_SAFEGUARDING)
def get_meeting(request: HttpRequest, meeting_id: int) -> MeetingListOut:
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
    return MeetingListOut.model_validate(
        {
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
    )


@router.post(
    "/incidents/{incident_id}/marac-referrals",
    response={201: ReferralMade},
    summary="Refer to MARAC",
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_referral(request: HttpRequest, incident_id: int, body: ReferralIn) -> Status[ReferralMade]:
    made = services.refer_to_marac(
        api_user(request), incident_id, services.ReferralInput(**body.dict())
    )
    return Status(
        201,
        ReferralMade.model_validate(
            {
                "id": made.pk,
                "meeting_id": made.meeting_id,
                "criteria": made.criteria,
                "policy_version": made.policy_version,
            }
        ),
    )


@router.post("/dash/score", response=ScoreOut, summary="Score a risk questionnaire")
@require_api(Capability.VIEW_SAFEGUARDING)
def post_score(request: HttpRequest, body: ScoreIn) -> ScoreOut:
    try:
        policy = policies.current()
        return ScoreOut.model_validate(
            score_document(
                body.dict(),
                dash_policy=policy.dash,
                marac_policy=policy.marac,
                dara_policy=policy.dara,
            )
        )
    except SafeguardingRuleError as exc:
        raise InvalidInput(exc.message, code=exc.code, field=exc.field) from exc
