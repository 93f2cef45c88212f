"""Every write to the domestic-abuse record: one function each, which checks permission,
validates, writes in one transaction, keeps the incident's queue columns in step and
records the operation in the access log inside that same transaction.

Views, the API and the CLI call these; nothing else saves case data. This module holds the
risk and the waiting queue (DASH, contact, escalation); it also offers the writes of
``reassessment_writes`` (telephone re-assessment and its sign-off), ``referrals`` (MARAC),
``intake`` (logging an incident, person matches), ``actions`` (protective actions) and
``closure`` (outcomes and their review), so that callers have one place to go. The rules' errors
(``SafeguardingRuleError``) become :class:`~safehold.errors.InvalidInput` naming the form
field at fault.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Rank
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import InvalidInput

from . import policies
from .actions import (
    SUSPECT_ACTIONS,
    ActionInput,
    complete_protective_action,
    record_protective_action,
)
from .breaches import BreachInput, record_breach
from .closure import CloseInput, close_incident, review_closure
from .dash import ProfessionalJudgement, score
from .follow_ups import follow_ups_for
from .history_queries import victim_history
from .intake import IncidentInput, PersonDetails, log_incident
from .marac import decide_marac
from .match_decisions import decide_match
from .models import (
    GRADE_RANK,
    REACHED,
    ContactAttempt,
    ContactOutcome,
    DashAssessment,
    Escalation,
    GradeSource,
    Reassessment,
    SignOff,
)
from .reassessment_writes import (
    ReassessmentInput,
    awaiting_downgrade,
    record_reassessment,
    sign_off_downgrade,
)
from .referrals import ReferralInput, refer_to_marac
from .rule_errors import SafeguardingRuleError
from .support import (
    choice,
    locked,
    log,
    queue_reasons,
    require_open,
    rule_errors,
    settle_target,
    text,
    touch,
    when,
)
from .vocabulary import Answer, Attendance, Grade, parse_grade

__all__ = [
    "SUSPECT_ACTIONS",
    "ActionInput",
    "BreachInput",
    "CloseInput",
    "ContactInput",
    "DashInput",
    "IncidentInput",
    "PersonDetails",
    "ReassessmentInput",
    "ReferralInput",
    "close_incident",
    "complete_protective_action",
    "decide_match",
    "escalate",
    "log_incident",
    "record_breach",
    "record_contact",
    "record_dash",
    "record_protective_action",
    "record_reassessment",
    "refer_to_marac",
    "review_closure",
    "rule_errors",
    "sign_off_downgrade",
]


@dataclass(frozen=True, slots=True)
class DashInput:
    """A completed risk questionnaire: answers by question number, and judgement."""

    answers: Mapping[Any, object]
    questionnaire: str = ""  # blank: the force's default (policy [dash])
    pj_grade: str = ""
    pj_reason: str = ""
    assessed_at: datetime | None = None
    follow_ups: Mapping[str, Mapping[Any, object]] = field(default_factory=dict)  # by set id


def _dash_fields(exc_field: str | None) -> str | None:
    if exc_field and exc_field.startswith("answers."):
        return "q" + exc_field.removeprefix("answers.")
    return {
        "professional_judgement.grade": "pj_grade",
        "professional_judgement.reason": "pj_reason",
    }.get(exc_field or "", exc_field)


def record_dash(
    actor: User, incident_id: int, data: DashInput, *, clock: Clock = SYSTEM_CLOCK
) -> DashAssessment:
    """Score and record a risk questionnaire; it sets the grade (a lower one needs sign-off)."""
    policy = policies.current()
    try:
        questionnaire = policy.questionnaires.choose(data.questionnaire)
        judgement = None
        if (data.pj_grade or "").strip():
            judgement = ProfessionalJudgement(
                grade=parse_grade(data.pj_grade, field="professional_judgement.grade"),
                reason=data.pj_reason,
            )
        elif (data.pj_reason or "").strip():
            raise InvalidInput(
                "Select the grade your professional judgement gives, or clear the reason",
                field="pj_grade",
            )
        result = score(
            questionnaire, data.answers, judgement, policy=policy.dash, dara_policy=policy.dara
        )
        yes = frozenset(n for n, a in result.answers.items() if a is Answer.YES)
        follow_ups = follow_ups_for(questionnaire.triggered(yes), data.follow_ups)
    except SafeguardingRuleError as exc:
        raise InvalidInput(exc.message, code=exc.code, field=_dash_fields(exc.field)) from exc
    with transaction.atomic():
        incident = locked(actor, incident_id)
        require_open(incident)
        at = when(
            data.assessed_at,
            "assessed_at",
            "the time of the assessment",
            after=incident.reported_at,
            clock=clock,
        )
        with rule_errors():
            decision = decide_marac(
                result, victim_history(incident.victim_id, at), now=at, policy=policy.marac
            )
        assessment = DashAssessment.objects.create(
            incident=incident,
            victim_id=incident.victim_id,
            assessed_at=at,
            assessor=actor,
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            answers={str(n): str(a) for n, a in result.answers.items()},
            yes_count=result.yes_count,
            grade=str(result.grade),
            actuarial_grade=str(result.actuarial_grade),
            pj_grade=str(judgement.grade) if judgement else "",
            pj_reason=judgement.reason if judgement else "",
            judgement_effect=str(result.judgement_effect or ""),
            red_flags=list(result.red_flags),
            reasons=[
                {"code": r.code, "text": r.text}
                for r in (*result.reasons, *(r for f in follow_ups for r in f.reasons))
            ],
            follow_ups=[f.as_record() for f in follow_ups],
            marac_criteria=[{"code": c.code, "text": c.text} for c in decision.criteria],
            marac_notes=[{"code": c.code, "text": c.text} for c in decision.notes],
            policy_version=result.policy_version,
            created_by=actor,
            modified_by=actor,
        )
        fields = ["red_flags", *settle_target(incident, clock.now())]
        incident.red_flags = list(result.red_flags)
        new = Grade(str(result.grade))
        lower = GRADE_RANK[new] < GRADE_RANK[Grade(incident.grade)]
        if lower and incident.grade_source != GradeSource.CALL_HANDLER:
            # A questionnaire never lowers a considered grade by itself: it becomes a
            # downgrade awaiting a supervisor, like a re-assessment.
            awaiting_downgrade(incident)
            Reassessment.objects.create(
                incident=incident,
                assessed_at=at,
                assessor=actor,
                old_grade=incident.grade,
                new_grade=new,
                direction="lowered",
                reason=f"Risk questionnaire graded {new} ({result.yes_count} yes)",
                reasons=assessment.reasons,
                policy_version=result.policy_version,
                sign_off=SignOff.AWAITING,
                created_by=actor,
                modified_by=actor,
            )
        else:
            incident.grade, incident.grade_source = new, GradeSource.DASH
            fields += ["grade", "grade_source", *settle_target(incident, clock.now())]
        touch(incident, actor, fields)
        log(
            actor,
            Operation.COLLECTION,
            "dash_assessment",
            assessment.pk,
            incident,
            {
                "questionnaire": questionnaire.id,
                "grade": assessment.grade,
                "yes_count": assessment.yes_count,
                "marac_criteria": [c.code for c in decision.criteria],
                "policy_version": assessment.policy_version,
            },
        )
    return assessment


@dataclass(frozen=True, slots=True)
class ContactInput:
    outcome: str
    at: datetime | None = None
    notes: str = ""


def record_contact(
    actor: User, incident_id: int, data: ContactInput, *, clock: Clock = SYSTEM_CLOCK
) -> ContactAttempt:
    """Record an attempt to contact the victim; reaching them stops escalation, seeing them
    takes them off the queue."""
    choice(data.outcome, ContactOutcome.values, "outcome", "The outcome")
    with transaction.atomic():
        incident = locked(actor, incident_id)
        require_open(incident)
        at = when(data.at, "at", "the time of the attempt", after=incident.reported_at, clock=clock)
        attempt = ContactAttempt.objects.create(
            incident=incident,
            at=at,
            outcome=data.outcome,
            notes=data.notes.strip(),
            created_by=actor,
            modified_by=actor,
        )
        fields: list[str]
        if data.outcome in REACHED:
            incident.last_contact_at = max(at, incident.last_contact_at or at)
            incident.first_contact_at = min(at, incident.first_contact_at or at)
            fields = ["last_contact_at", "first_contact_at"]
            fields += settle_target(incident, clock.now())
            if data.outcome == ContactOutcome.SEEN and incident.seen_at is None:
                incident.seen_at = at
                fields.append("seen_at")
                if incident.attendance != Attendance.ATTENDED:
                    incident.attendance, incident.attendance_changed_at = Attendance.ATTENDED, at
                    fields += ["attendance", "attendance_changed_at"]
        else:
            incident.contact_attempts += 1
            fields = ["contact_attempts"]
        touch(incident, actor, fields)
        log(
            actor,
            Operation.COLLECTION,
            "contact_attempt",
            attempt.pk,
            incident,
            {"outcome": data.outcome},
        )
    return attempt


def escalate(
    actor: User,
    incident_id: int,
    *,
    reason: str,
    to_supervisor_id: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Escalation:
    """Escalate a waiting victim to a supervisor, with the queue's reasons at the time."""
    reason = text(reason, "reason", "Say why you are escalating")
    supervisor = None
    if to_supervisor_id is not None:
        supervisor = User.objects.filter(pk=to_supervisor_id, is_active=True).first()
        if supervisor is None or not Rank(supervisor.rank).is_supervisor:
            raise InvalidInput("Select a supervisor (sergeant or above)", field="to_supervisor")
    with transaction.atomic():
        incident = locked(actor, incident_id)
        require_open(incident)
        now = clock.now()
        escalation = Escalation.objects.create(
            incident=incident,
            at=now,
            to_supervisor=supervisor,
            reason=reason,
            reasons=queue_reasons(incident, now),
            policy_version=policies.current().version,
            created_by=actor,
            modified_by=actor,
        )
        incident.escalated_at = now
        touch(incident, actor, ["escalated_at"])
        log(
            actor,
            Operation.COLLECTION,
            "escalation",
            escalation.pk,
            incident,
            {"to": supervisor.username if supervisor else None},
        )
    return escalation


# ----------------------------------------------------------------------- MARAC
