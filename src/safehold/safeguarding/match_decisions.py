"""Deciding an uncertain person match from intake: confirm it (the incident's party moves to
the person held, with what was recorded against the person made at intake) or reject it.
Every decision is in the access log; linking two records is a "combination" under DPA 2018
s.62.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F

from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, Forbidden, NotFound

from .models import (
    DashAssessment,
    Incident,
    MaracReferral,
    MatchStatus,
    PartyRole,
    PersonMatch,
    ProtectiveAction,
)
from .support import (
    log,
    text,
    touch,
)

__all__ = ["decide_match"]


def _move_records(
    incident: Incident, recorded_id: int, held_id: int, actor: User, clock: Clock
) -> int:
    """Move what was recorded against the person made at intake, while the match waited, to
    the person held: their history (repeat victimisation, MARAC) must count it."""
    stamp: dict[str, Any] = {
        "modified_by": actor,
        "modified_at": clock.now(),
        "version": F("version") + 1,
    }
    on_it = {"incident": incident}
    return (
        DashAssessment.objects.filter(**on_it, victim_id=recorded_id).update(
            victim_id=held_id, **stamp
        )
        + MaracReferral.objects.filter(**on_it, victim_id=recorded_id).update(
            victim_id=held_id, **stamp
        )
        + ProtectiveAction.objects.filter(**on_it, subject_id=recorded_id).update(
            subject_id=held_id, **stamp
        )
    )


def decide_match(
    actor: User, match_id: int, *, confirm: bool, note: str = "", clock: Clock = SYSTEM_CLOCK
) -> PersonMatch:
    """Confirm (link the records) or reject an uncertain match; the decision is logged."""
    if not actor.can(Capability.VIEW_SAFEGUARDING):
        raise NotFound(f"No person match {match_id}")
    if not actor.can(Capability.EDIT_SAFEGUARDING):
        raise Forbidden("Your role cannot change safeguarding records", code="read_only")
    if not confirm:
        note = text(note, "note", "Say why these are different people")
    with transaction.atomic():
        match = (
            PersonMatch.objects.select_for_update(of=("self",))
            .select_related("party__incident")
            .filter(pk=match_id)
            .first()
        )
        if match is None:
            raise NotFound(f"No person match {match_id}")
        if match.status != MatchStatus.PENDING:
            raise Conflict(
                f"This match was already decided ({match.get_status_display().lower()})",
                code="already_decided",
            )
        party, incident = match.party, match.party.incident
        now = clock.now()
        match.status = MatchStatus.CONFIRMED if confirm else MatchStatus.REJECTED
        match.decided_by, match.decided_at, match.decision_note = actor, now, note.strip()
        match.modified_by, match.version = actor, match.version + 1
        match.save()
        detail = {
            "decision": match.status,
            "party": party.role,
            "recorded_as": party.person_id,
            "candidate": match.candidate_id,
            "probability": round(match.probability, 4),
            "model_version": match.model_version,
        }
        if confirm:
            previous = party.person_id
            party.person_id = match.candidate_id
            party.modified_by, party.version = actor, party.version + 1
            party.save(update_fields=["person", "modified_by", "modified_at", "version"])
            fields = []
            if party.role == PartyRole.VICTIM and incident.victim_id == previous:
                incident.victim_id, fields = match.candidate_id, ["victim"]
            elif party.role == PartyRole.SUSPECT and incident.suspect_id == previous:
                incident.suspect_id, fields = match.candidate_id, ["suspect"]
            touch(incident, actor, fields)
            detail["records_moved"] = _move_records(
                incident, previous, match.candidate_id, actor, clock
            )
            # Any other candidate for the same record is now moot.
            PersonMatch.objects.filter(party=party, status=MatchStatus.PENDING).update(
                status=MatchStatus.REJECTED,
                decided_by=actor,
                decided_at=now,
                decision_note=f"Another candidate (person {match.candidate_id}) was confirmed",
            )
        log(
            actor,
            Operation.COMBINATION if confirm else Operation.ALTERATION,
            "person_match",
            match.pk,
            incident,
            detail,
            person_id=match.candidate_id,
        )
    return match
