"""Referring a victim to MARAC, with the criteria met, with or without a risk questionnaire.

A referral carries the SafeLives criteria it meets. With a questionnaire they come from its
score and the victim's history; without one (declined, or not completed) only potential
escalation, a repeat referral, or the officer's professional judgement can refer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, InvalidInput

from . import policies
from .dash import ProfessionalJudgement, score
from .history_queries import victim_history
from .marac import decide_marac, decide_marac_without_questionnaire
from .models import Consent, MaracMeeting, MaracReferral
from .questionnaires import load_questionnaire
from .support import choice, locked, log, rule_errors, text

__all__ = ["ReferralInput", "refer_to_marac"]


@dataclass(frozen=True, slots=True)
class ReferralInput:
    consent: str
    meeting_on: date
    no_consent_reason: str = ""
    judgement_reason: str = ""


def refer_to_marac(
    actor: User, incident_id: int, data: ReferralInput, *, clock: Clock = SYSTEM_CLOCK
) -> MaracReferral:
    """Refer the victim to a MARAC meeting, with the criteria met (or the judgement)."""
    choice(data.consent, Consent.values, "consent", "Consent")
    if data.consent == Consent.WITHOUT:
        text(
            data.no_consent_reason,
            "no_consent_reason",
            "Say why the referral is made without the victim's consent",
        )
    today = clock.today()
    if data.meeting_on < today:
        raise InvalidInput("The meeting must be today or later", field="meeting_on")
    if data.meeting_on > today + timedelta(days=90):
        raise InvalidInput("The meeting must be within the next 90 days", field="meeting_on")
    policy = policies.current()
    with transaction.atomic():
        incident = locked(actor, incident_id)
        latest = incident.assessments.order_by("-assessed_at", "-id").first()
        now = clock.now()
        history = victim_history(incident.victim_id, now)
        with rule_errors():
            if latest is None:
                # No questionnaire (declined, or not completed): potential escalation, a
                # repeat, or professional judgement can still refer.
                decision = decide_marac_without_questionnaire(
                    history, now=now, judgement_reason=data.judgement_reason, policy=policy.marac
                )
            else:
                questionnaire = load_questionnaire(latest.questionnaire_id)
                judgement = (
                    ProfessionalJudgement(latest.pj_grade, latest.pj_reason)  # type: ignore[arg-type]
                    if latest.pj_grade
                    else None
                )
                result = score(
                    questionnaire,
                    latest.answers,
                    judgement,
                    policy=policy.dash,
                    dara_policy=policy.dara,
                )
                decision = decide_marac(result, history, now=now, policy=policy.marac)
        if not decision.refer and not data.judgement_reason.strip():
            raise InvalidInput(
                "No MARAC criterion is met"
                + (" and there is no risk questionnaire" if latest is None else "")
                + "; give your professional judgement for referring",
                field="judgement_reason",
            )
        meeting, _ = MaracMeeting.objects.get_or_create(held_on=data.meeting_on)
        if incident.referrals.filter(meeting=meeting).exists():
            raise Conflict(
                f"{incident.reference} is already on the list for {meeting}",
                code="already_referred",
            )
        referral = MaracReferral.objects.create(
            incident=incident,
            victim_id=incident.victim_id,
            meeting=meeting,
            referred_at=now,
            consent=data.consent,
            no_consent_reason=data.no_consent_reason.strip(),
            criteria=[{"code": c.code, "text": c.text} for c in decision.criteria],
            notes=[{"code": c.code, "text": c.text} for c in decision.notes],
            judgement_reason=data.judgement_reason.strip(),
            policy_version=decision.policy_version,
            created_by=actor,
            modified_by=actor,
        )
        log(
            actor,
            Operation.DISCLOSURE,
            "marac_referral",
            referral.pk,
            incident,
            {
                "meeting": data.meeting_on.isoformat(),
                "consent": data.consent,
                "criteria": list(decision.codes),
            },
        )
    return referral
