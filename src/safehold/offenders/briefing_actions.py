"""Record and close the actions agreed at the daily meeting; read the open ones.

- :func:`record_briefing_action` — the priorities team records what the meeting agreed
  about a briefing line (an offender and the section they are on): assign to an officer
  or a team, pursue, or schedule a visit, by a due date, with a note;
- :func:`close_briefing_action` — done or closed without doing it, with the result;
- :func:`open_action_notes` — every open action, for the briefing (one query).

Each write checks permission, runs in one transaction and writes its access-log entry
in that transaction. Recording an action changes nothing on the offender's record (so it
never makes another editor's form stale); the quick actions and forms do that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from safehold.accounts.models import Team, User
from safehold.accounts.roles import Capability, Role
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.core_models import check_version
from safehold.errors import Conflict, Forbidden, InvalidInput, NotFound

from .briefing_lines import SECTION_TITLES, ActionNote
from .briefing_models import BriefingAction, MeetingActionKind, MeetingActionState
from .writes import locked, log, require

# An action is due within this many days of the meeting (a year: anything longer is a plan,
# not a meeting action).
LONGEST_DUE_DAYS = 366
NOTE_CHARS = 500
# Who an action can be given to by name: the people who work the register.
OFFICER_ROLES = (Role.OFFENDER_MANAGER, Role.PRIORITIES_LEAD)


@dataclass(frozen=True, slots=True)
class BriefingActionInput:
    """What the meeting agreed about one line of the briefing."""

    section: str
    kind: str
    due_on: date | None
    note: str = ""
    officer_id: int | None = None
    team_id: int | None = None


def _may_record(actor: User) -> None:
    if not (actor.can(Capability.VIEW_BRIEFING) and actor.can(Capability.ASSIGN_OFFENDERS)):
        raise Forbidden(
            "Only the priorities team records the daily meeting's actions",
            code="not_priorities_team",
        )


def _check(data: BriefingActionInput, today: date) -> tuple[date, User | None, Team | None]:
    if data.section not in SECTION_TITLES:
        raise InvalidInput(
            f"Choose the briefing section the action is about: {', '.join(SECTION_TITLES)}",
            field="section",
        )
    if data.kind not in MeetingActionKind.values:
        raise InvalidInput(
            f"The action must be one of: {', '.join(MeetingActionKind.values)}", field="kind"
        )
    due = data.due_on
    if due is None:
        raise InvalidInput("Give the date the action is due", field="due_on")
    if due < today:
        raise InvalidInput("The due date must be today or later", field="due_on")
    if due > today + timedelta(days=LONGEST_DUE_DAYS):
        raise InvalidInput(
            f"The due date must be within {LONGEST_DUE_DAYS} days of the meeting", field="due_on"
        )
    if len(data.note.strip()) > NOTE_CHARS:
        raise InvalidInput(f"Keep the note under {NOTE_CHARS} characters", field="note")
    if data.officer_id and data.team_id:
        raise InvalidInput("Give the action to an officer or to a team, not both", field="team")
    officer = team = None
    if data.officer_id:
        officer = User.objects.filter(
            pk=data.officer_id, is_active=True, role__in=[r.value for r in OFFICER_ROLES]
        ).first()
        if officer is None:
            raise InvalidInput("Choose the officer from the list", field="officer")
    if data.team_id:
        team = Team.objects.filter(pk=data.team_id).first()
        if team is None:
            raise InvalidInput("Choose the team from the list", field="team")
    if data.kind == MeetingActionKind.ASSIGN and officer is None and team is None:
        raise InvalidInput("Say which officer or team the offender is assigned to", field="officer")
    return due, officer, team


def record_briefing_action(
    actor: User,
    offender_id: int,
    data: BriefingActionInput,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> BriefingAction:
    """Record an action the daily meeting agreed against an offender's briefing line."""
    _may_record(actor)
    now = clock.now()
    today = clock.today()
    due, officer, team = _check(data, today)
    with transaction.atomic():
        offender = locked(actor, offender_id)
        action = BriefingAction.objects.create(
            offender=offender,
            section=data.section,
            kind=data.kind,
            officer=officer,
            team=team,
            due_on=due,
            note=data.note.strip(),
            meeting_on=today,
            agreed_by=actor,
            agreed_at=now,
            created_by=actor,
            modified_by=actor,
        )
        log(
            actor,
            Operation.COLLECTION,
            "briefing_action",
            action.pk,
            offender,
            {
                "section": data.section,
                "kind": data.kind,
                "officer": officer.pk if officer else None,
                "team": team.pk if team else None,
                "due_on": due.isoformat(),
            },
        )
    return action


def close_briefing_action(
    actor: User,
    action_id: int,
    *,
    outcome: str,
    result: str,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> BriefingAction:
    """Close a meeting action as done (or closed without doing it), with its result."""
    _may_record(actor)
    if outcome not in (MeetingActionState.DONE, MeetingActionState.CLOSED):
        raise InvalidInput(
            "Say whether the action was done or closed without doing it", field="outcome"
        )
    result = result.strip()
    require(result, "result", "Say what came of the action")
    if len(result) > NOTE_CHARS:
        raise InvalidInput(f"Keep the result under {NOTE_CHARS} characters", field="result")
    with transaction.atomic():
        action = BriefingAction.objects.select_for_update().filter(pk=action_id).first()
        if action is None:
            raise NotFound(f"No meeting action {action_id}")
        offender = locked(actor, action.offender_id)
        if action.state != MeetingActionState.OPEN:
            raise Conflict(
                f"This action is {action.get_state_display().lower()} already",
                code="action_closed",
            )
        check_version(action, expected_version, noun="action")
        action.state = outcome
        action.closed_by, action.closed_at, action.result = actor, clock.now(), result
        action.version += 1
        action.modified_by = actor
        action.save()
        log(
            actor,
            Operation.ALTERATION,
            "briefing_action",
            action.pk,
            offender,
            {"state": outcome, "result": result},
        )
    return action


def open_action_notes() -> list[ActionNote]:
    """Every open meeting action, as the briefing shows it (one query)."""
    rows = BriefingAction.objects.filter(state=MeetingActionState.OPEN).select_related(
        "officer", "team", "agreed_by"
    )
    return [
        ActionNote(
            action_id=a.pk,
            offender_id=a.offender_id,
            section=a.section,
            kind=a.kind,
            kind_label=a.get_kind_display(),
            owner=a.owner,
            due_on=a.due_on,
            note=a.note,
            agreed_by=a.agreed_by.display_name,
            agreed_at=a.agreed_at,
            meeting_on=a.meeting_on,
            version=a.version,
        )
        for a in rows
    ]
