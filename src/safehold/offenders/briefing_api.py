"""API: record an action the daily meeting agreed against a briefing line.

The briefing itself is ``GET /api/briefing`` (``api.py``); each line there carries its
open actions. Recording needs the priorities team's capabilities, like the page.
"""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from safehold.accounts.roles import Capability
from safehold.apiutil import Code, Day, Id, api_user, require_api

from . import services
from .briefing_actions import NOTE_CHARS

router = Router(tags=["offenders"])

Note = Annotated[str, Field(max_length=NOTE_CHARS)]


class BriefingActionIn(Schema):
    """What the meeting agreed: the section (the reason the offender is on the briefing),
    the action, who does it (an officer or a team; one is needed to assign), and by when."""

    section: Code
    kind: Code
    due_on: Day
    note: Note = ""
    officer_id: Id | None = None
    team_id: Id | None = None


class ActionRecorded(Schema):
    id: int


@router.post(
    "/offenders/{offender_id}/briefing-actions",
    response={201: ActionRecorded},
    summary="Record a meeting action against a briefing line",
)
@require_api(Capability.VIEW_BRIEFING, Capability.ASSIGN_OFFENDERS)
def post_briefing_action(
    request: HttpRequest, offender_id: int, body: BriefingActionIn
) -> Status[ActionRecorded]:
    made = services.record_briefing_action(
        api_user(request),
        offender_id,
        services.BriefingActionInput(
            section=body.section,
            kind=body.kind,
            due_on=body.due_on,
            note=body.note,
            officer_id=body.officer_id,
            team_id=body.team_id,
        ),
    )
    return Status(201, ActionRecorded(id=made.pk))
