"""API for uncertain person matches from intake: the list and the decision."""

from django.http import HttpRequest
from ninja import Router

from safehold.accounts.roles import Capability
from safehold.apiutil import api_user, require_api
from safehold.audit.api_looks import justification_of, log_disclosure

from .. import queries, services
from .schemas_in import (
    MatchDecisionIn,
)
from .schemas_out import (
    Done,
    MatchOut,
)

router = Router(tags=["safeguarding"])


@router.get("/person-matches", response=list[MatchOut], summary="Matches awaiting review")
@require_api(Capability.VIEW_SAFEGUARDING)
def list_matches(request: HttpRequest) -> list[MatchOut]:
    justification = justification_of(request)
    pending = list(queries.pending_matches()[:200])
    log_disclosure(
        request,
        justification,
        "person_match_list",
        "",
        detail={"shown": [m.pk for m in pending]},
        people=[p for m in pending for p in (m.party.person_id, m.candidate_id)],
    )
    return [
        MatchOut.model_validate(
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
        )
        for m in pending
    ]


@router.post(
    "/person-matches/{match_id}/decision", response=Done, summary="Confirm or reject a match"
)
@require_api(Capability.EDIT_SAFEGUARDING)
def post_match_decision(request: HttpRequest, match_id: int, body: MatchDecisionIn) -> Done:
    made = services.decide_match(api_user(request), match_id, confirm=body.confirm, note=body.note)
    return Done(id=made.pk, status=made.status)
