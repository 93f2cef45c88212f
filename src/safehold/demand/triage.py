"""THRIVE and routing as writes: grade an incident, route it, send domestic abuse on to the
safeguarding queue, and a supervisor's decision on a downgrade."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Capability, Rank
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, Forbidden, InvalidInput, NotFound
from safehold.safeguarding import services as safeguarding

from .models import Incident, InvolvementRole, ThriveAssessment
from .policy import DemandPolicy, default_policy
from .questions import HEADINGS
from .routing import RoutingFacts, route
from .support import locked, log, touch
from .thrive import ThriveError, assess_change, clock_start, suggest_grade, target_for
from .vocabulary import IncidentType, Route

Matcher = Any  # safeguarding.matching.Matcher: a linkage scorer (tests pass a fake)


@dataclass(frozen=True, slots=True)
class ThriveInput:
    """The call handler's THRIVE: the answers, notes per heading, and the grade chosen."""

    answers: Mapping[str, str]
    chosen_grade: int
    notes: Mapping[str, str] | None = None
    reason: str = ""


def _apply_grade(
    incident: Incident,
    grade: int,
    answers: Mapping[str, str],
    policy: DemandPolicy,
    now: datetime,
) -> list[str]:
    """Set the grade in force, its route and its target clock; returns the changed fields."""
    decision = route(
        policy,
        RoutingFacts(
            grade,
            IncidentType(incident.incident_type),
            answers,
            domestic_abuse=incident.is_domestic_abuse,
        ),
    )
    target = target_for(policy, grade, incident.area)
    started = clock_start(policy, incident.received_at, incident.dispatched_at)
    incident.grade, incident.graded_at = grade, now
    if incident.route != decision.route:
        incident.routed_at = now
        if decision.route == Route.RESOLUTION_CENTRE and not incident.rc_status:
            incident.rc_status = "open"
    incident.route = decision.route
    incident.route_reasons = list(decision.reasons)
    incident.policy_version = decision.policy_version
    incident.high_risk_da = decision.to_safeguarding and answers.get("da_risk") == "high"
    needs_clock = decision.route in (Route.RESPONSE, Route.SCHEDULED)
    incident.target_minutes = target.minutes if needs_clock else None
    incident.clock_started_at = started if needs_clock else None
    incident.target_at = target.deadline(started) if needs_clock else None
    return [
        "grade",
        "graded_at",
        "route",
        "routed_at",
        "route_reasons",
        "policy_version",
        "rc_status",
        "high_risk_da",
        "target_minutes",
        "clock_started_at",
        "target_at",
    ]


def _refer_domestic_abuse(
    actor: User, incident: Incident, answers: Mapping[str, str], matcher: Matcher | None
) -> None:
    """Log the domestic abuse with the safeguarding team (once), through its service."""
    people = list(incident.people.select_related("person"))

    def details(role: str) -> Any:
        found = next((p for p in people if p.role == role), None)
        if found is None:
            return None
        return safeguarding.PersonDetails(
            given_name=found.person.given_name,
            family_name=found.person.family_name,
            date_of_birth=found.person.date_of_birth,
            postcode=incident.postcode if role == InvolvementRole.VICTIM else "",
        )

    victim = details(InvolvementRole.VICTIM)
    if victim is None:
        raise InvalidInput(
            "Domestic abuse goes on to the safeguarding queue: add the victim", field="people"
        )
    attended = incident.route == Route.RESPONSE and incident.grade == 1
    da = safeguarding.log_incident(
        actor,
        safeguarding.IncidentInput(
            reported_at=incident.received_at,
            source="officer" if incident.channel == "officer" else "call",
            attendance="attended" if attended else "delayed",
            grade={"high": "high", "medium": "medium"}.get(answers.get("da_risk", ""), "standard"),
            victim=victim,
            suspect=details(InvolvementRole.SUSPECT),
            at_victims_home=False,
            location_description=incident.location_description or incident.postcode,
            summary=f"From {incident.reference}: {incident.summary}"[:2000],
        ),
        **({"matcher": matcher} if matcher is not None else {}),
    )
    incident.safeguarding_incident = da


def assess(
    actor: User,
    incident_id: int,
    data: ThriveInput,
    *,
    clock: Clock = SYSTEM_CLOCK,
    policy: DemandPolicy | None = None,
    expected_version: int | None = None,
    matcher: Matcher | None = None,
) -> ThriveAssessment:
    """THRIVE (or re-THRIVE) an incident: suggest a grade, take the handler's, route it."""
    now = clock.now()
    policy = policy or default_policy()
    notes = {k: v.strip() for k, v in (data.notes or {}).items() if v and v.strip()}
    unknown = set(notes) - {h.key for h in HEADINGS}
    if unknown:
        raise InvalidInput(f"{sorted(unknown)[0]!r} is not a THRIVE heading", field="notes")
    with transaction.atomic():
        incident = locked(
            actor, incident_id, Capability.TRIAGE_CALLS, expected_version=expected_version
        )
        if incident.resolved_at is not None:
            raise Conflict(
                f"{incident.reference} is resolved; re-open it first", code="incident_resolved"
            )
        try:
            suggestion = suggest_grade(policy, incident.incident_type, data.answers)
            change = assess_change(suggestion.grade, data.chosen_grade, incident.grade)
        except ThriveError as exc:
            raise InvalidInput(str(exc), field=exc.field, code=exc.code) from exc
        reason = (data.reason or "").strip()
        if change.needs_reason and not reason:
            raise InvalidInput(f"{change.explanation}", field="reason", code="reason_needed")
        previous = incident.grade
        pending = change.needs_supervisor
        in_force = (
            min(suggestion.grade, previous if previous is not None else suggestion.grade)
            if pending
            else data.chosen_grade
        )
        assessment = ThriveAssessment.objects.create(
            incident=incident,
            assessed_at=now,
            is_reassessment=previous is not None,
            answers=dict(data.answers),
            notes=notes,
            suggested_grade=suggestion.grade,
            suggestion_reasons=list(suggestion.reasons),
            chosen_grade=data.chosen_grade,
            change_reason=reason,
            policy_version=policy.version,
            status=(
                ThriveAssessment.Status.AWAITING_SUPERVISOR
                if pending
                else ThriveAssessment.Status.CONFIRMED
            ),
            created_by=actor,
            modified_by=actor,
        )
        fields = _apply_grade(incident, in_force, data.answers, policy, now)
        incident.suggested_grade = suggestion.grade
        incident.downgrade_pending = pending
        fields += ["suggested_grade", "downgrade_pending"]
        if incident.is_domestic_abuse and incident.safeguarding_incident_id is None:
            _refer_domestic_abuse(actor, incident, data.answers, matcher)
            fields.append("safeguarding_incident")
        touch(incident, actor, fields)
        log(
            actor,
            Operation.ALTERATION,
            "thrive_assessment",
            assessment.pk,
            incident,
            {
                "suggested_grade": suggestion.grade,
                "chosen_grade": data.chosen_grade,
                "grade_in_force": in_force,
                "change": change.kind,
                "route": incident.route,
                "policy_version": policy.version,
                "reassessment": previous is not None,
            },
        )
    return assessment


def decide_downgrade(
    actor: User,
    assessment_id: int,
    *,
    approve: bool,
    note: str = "",
    clock: Clock = SYSTEM_CLOCK,
    policy: DemandPolicy | None = None,
) -> ThriveAssessment:
    """A supervisor (sergeant or above) approves or refuses a downgrade."""
    now = clock.now()
    policy = policy or default_policy()
    if not actor.can(Capability.DISPATCH_UNITS):
        raise NotFound(f"No THRIVE assessment {assessment_id}")
    if not Rank(actor.rank).is_supervisor:
        raise Forbidden(
            "Only a sergeant or above may decide a downgrade; ask a supervisor",
            code="not_a_supervisor",
        )
    if not approve and not note.strip():
        raise InvalidInput("Say why the downgrade is refused", field="note")
    with transaction.atomic():
        assessment = ThriveAssessment.objects.select_for_update().filter(pk=assessment_id).first()
        if assessment is None:
            raise NotFound(f"No THRIVE assessment {assessment_id}")
        if assessment.status != ThriveAssessment.Status.AWAITING_SUPERVISOR:
            raise Conflict("This downgrade was already decided", code="already_decided")
        incident = locked(actor, assessment.incident_id, Capability.DISPATCH_UNITS)
        latest = incident.assessments.order_by("-assessed_at", "-id").first()
        if latest is None or latest.pk != assessment.pk:
            raise Conflict(
                "A later THRIVE replaced this one; decide that one instead", code="superseded"
            )
        assessment.status = (
            ThriveAssessment.Status.APPROVED if approve else ThriveAssessment.Status.REFUSED
        )
        assessment.supervisor, assessment.supervised_at = actor, now
        assessment.supervisor_note = note.strip()
        assessment.modified_by, assessment.version = actor, assessment.version + 1
        assessment.save()
        fields = ["downgrade_pending"]
        incident.downgrade_pending = False
        if approve:
            fields += _apply_grade(
                incident, assessment.chosen_grade, assessment.answers, policy, now
            )
        touch(incident, actor, fields)
        log(
            actor,
            Operation.ALTERATION,
            "grade_downgrade",
            assessment.pk,
            incident,
            {"approved": approve, "grade": incident.grade, "note": note.strip()},
        )
    return assessment
