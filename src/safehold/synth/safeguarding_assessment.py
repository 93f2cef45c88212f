"""The synthetic force's risk work on each incident: DASH questionnaires and MARAC referrals
for victims seen, telephone contact and re-assessment while attendance was outstanding,
escalations, downgrades awaiting sign-off and the contact target's outcome.
"""

from __future__ import annotations

import bisect
import random
from datetime import datetime, timedelta
from typing import Any

from safehold.accounts.models import User
from safehold.safeguarding import policies
from safehold.safeguarding.contact_target import target_outcome
from safehold.safeguarding.dash import ProfessionalJudgement, score
from safehold.safeguarding.marac import EarlierGrade, VictimHistory, decide_marac
from safehold.safeguarding.models import (
    Consent,
    ContactOutcome,
    GradeSource,
    MaracMeeting,
    SignOff,
)
from safehold.safeguarding.vocabulary import (
    Attendance,
    Grade,
    TargetOutcome,
    parse_grade,
)
from safehold.synth.safeguarding_actions import safeguarding_actions
from safehold.synth.safeguarding_answers import Instruments
from safehold.synth.safeguarding_answers import answers as seeded_answers
from safehold.synth.safeguarding_plan import (
    Plan,
    Staff,
    Tables,
)

# The chance a case meeting a MARAC criterion is referred, by its strongest criterion: a
# unit refers nearly every visible-high-risk case (the few left are the supervisors'
# worklist), and few on potential escalation alone.
MARAC_REFER_REPEAT = 0.92
MARAC_REFER_VISIBLE = 0.95
MARAC_REFER_ESCALATION = 0.03
ADVICE = (
    "Advised to call 999 if the suspect returns; safety plan discussed; bag packed",
    "Advised on keeping the phone charged and on silent; refuge number given",
    "Discussed staying with family tonight; 999 and silent solution explained",
)


def seed_seen(
    t: Tables,
    plan: Plan,
    rng: random.Random,
    now: datetime,
    officer: User,
    policy: policies.Policies,
    instruments: Instruments,
    meetings: list[MaracMeeting],
    history: dict[str, list[Any]],
) -> None:
    incident, seen = plan.incident, plan.seen_at
    assert seen is not None
    target = policy.queue.contact_target[parse_grade(plan.initial)]
    if plan.attendance != Attendance.ATTENDED:
        telephone_contact(t, plan, rng, officer, policy, seen)
    if seen - plan.reported_at > target and rng.random() < 0.5:
        at = plan.reported_at + target
        t.escalations.add(
            incident_id=plan.id,
            at=at,
            reason="Contact target missed",
            policy_version=policy.version,
            created_by_id=officer.pk,
        )
        incident["escalated_at"] = at
    if rng.random() > 0.92:
        return  # no questionnaire: declined or not completed
    questionnaire = instruments.for_incident(plan)
    answers = seeded_answers(rng, questionnaire, plan.extras["risk"], policy)
    judgement = None
    if plan.extras["risk"] == 2 and rng.random() < 0.2:
        judgement = ProfessionalJudgement(
            parse_grade("high"), "Recent strangulation and escalating threats"
        )
    result = score(questionnaire, answers, judgement, policy=policy.dash, dara_policy=policy.dara)
    victim_history = VictimHistory(
        incidents_at=tuple(history["incidents"]),
        marac_referrals_at=tuple(history["referrals"]),
        earlier_grades=tuple(history["grades"]),
    )
    decision = decide_marac(result, victim_history, now=seen, policy=policy.marac)
    t.assessments.add(
        incident_id=plan.id,
        victim_id=plan.household.victim.pk,
        assessed_at=seen,
        assessor_id=officer.pk,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        answers=answers,
        yes_count=result.yes_count,
        grade=str(result.grade),
        actuarial_grade=str(result.actuarial_grade),
        pj_grade=str(judgement.grade) if judgement else "",
        pj_reason=judgement.reason if judgement else "",
        judgement_effect=str(result.judgement_effect or ""),
        red_flags=list(result.red_flags),
        reasons=[{"code": r.code, "text": r.text} for r in result.reasons],
        marac_criteria=[{"code": c.code, "text": c.text} for c in decision.criteria],
        marac_notes=[{"code": c.code, "text": c.text} for c in decision.notes],
        policy_version=result.policy_version,
        created_by_id=officer.pk,
    )
    history["grades"].append(EarlierGrade(seen, result.grade))
    incident.update(
        grade=str(result.grade), grade_source=GradeSource.DASH, red_flags=list(result.red_flags)
    )
    # Not every case meeting a criterion is referred. Calibrated (tests/safeguarding/
    # test_marac_volume.py) to SafeLives' recommended level, about 40 cases a year per
    # 10,000 adult women (some 35-40 a week for this force at scale 1), with a repeat share
    # of 30-40 %: a repeat is referred whatever its threshold, as SafeLives defines it.
    codes = set(decision.codes)
    if "repeat_referral" in codes:
        chance = MARAC_REFER_REPEAT
    elif codes & {"visible_high_risk", "professional_judgement"}:
        chance = MARAC_REFER_VISIBLE
    else:
        chance = MARAC_REFER_ESCALATION
    if decision.refer and rng.random() < chance:
        on = seen.date() + timedelta(days=2)
        index = bisect.bisect_left([m.held_on for m in meetings], on)
        if index < len(meetings):
            consent = Consent.WITH if rng.random() < 0.65 else Consent.WITHOUT
            t.referrals.add(
                incident_id=plan.id,
                victim_id=plan.household.victim.pk,
                meeting_id=meetings[index].pk,
                referred_at=seen + timedelta(hours=rng.randint(1, 20)),
                consent=consent,
                no_consent_reason=""
                if consent == Consent.WITH
                else "High risk to the victim and the children; consent declined",
                criteria=[{"code": c.code, "text": c.text} for c in decision.criteria],
                notes=[{"code": c.code, "text": c.text} for c in decision.notes],
                policy_version=decision.policy_version,
                created_by_id=officer.pk,
            )
            history["referrals"].append(seen)
    safeguarding_actions(t, plan, rng, now, officer, policy, str(result.grade), seen)


def telephone_contact(
    t: Tables,
    plan: Plan,
    rng: random.Random,
    officer: User,
    policy: policies.Policies,
    until: datetime,
) -> None:
    """Failed attempts, a call that got through, and a telephone re-assessment."""
    incident = plan.incident
    span = (until - plan.reported_at).total_seconds()
    if span < 600:
        return
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        at = plan.reported_at + timedelta(seconds=rng.uniform(0.05, 0.5) * span)
        outcome = rng.choice((ContactOutcome.NO_ANSWER, ContactOutcome.MESSAGE_LEFT))
        t.contacts.add(incident_id=plan.id, at=at, outcome=outcome, created_by_id=officer.pk)
        incident["contact_attempts"] += 1
    if rng.random() < 0.6:
        at = plan.reported_at + timedelta(seconds=rng.uniform(0.5, 0.9) * span)
        t.contacts.add(
            incident_id=plan.id, at=at, outcome=ContactOutcome.SPOKE, created_by_id=officer.pk
        )
        incident["last_contact_at"] = at
        old = Grade(incident["grade"])
        new = old
        if rng.random() < 0.08 and old != Grade.HIGH:
            new = Grade.HIGH if old == Grade.MEDIUM else Grade.MEDIUM
        t.reassessments.add(
            incident_id=plan.id,
            assessed_at=at,
            assessor_id=officer.pk,
            old_grade=old,
            new_grade=new,
            direction="raised" if new != old else "unchanged",
            reason="Victim reports further threats by text" if new != old else "",
            advice_given=rng.choice(ADVICE),
            policy_version=policy.version,
            sign_off=SignOff.NOT_NEEDED,
            created_by_id=officer.pk,
        )
        incident["last_reassessed_at"] = at
        if new != old:
            incident.update(grade=str(new), grade_source=GradeSource.REASSESSMENT)


def seed_waiting(
    t: Tables,
    plan: Plan,
    rng: random.Random,
    now: datetime,
    staff: Staff,
    officer: User,
    policy: policies.Policies,
) -> None:
    """A victim in the live queue: some called, some re-assessed, some escalated."""
    incident = plan.incident
    if plan.attendance != Attendance.ATTENDED:
        telephone_contact(t, plan, rng, officer, policy, now)
    target = policy.queue.contact_target[parse_grade(incident["grade"])]
    if now - plan.reported_at > target and rng.random() < 0.5:
        at = plan.reported_at + target
        t.escalations.add(
            incident_id=plan.id, at=at, to_supervisor_id=rng.choice(staff.supervisors).pk,
            reason="Contact target missed; no unit available", policy_version=policy.version,
            created_by_id=officer.pk,
        )  # fmt: skip
        incident["escalated_at"] = at


def settle_target(plan: Plan, now: datetime, policy: policies.Policies) -> None:
    """The first contact and, once decided, the contact-target outcome (as the services
    record them), against the grade the call handler gave."""
    incident = plan.incident
    reached = [at for at in (incident.get("last_contact_at"), plan.seen_at) if at is not None]
    incident["first_contact_at"] = min(reached) if reached else None
    outcome = target_outcome(
        reported_at=plan.reported_at,
        target=policy.queue.contact_target[parse_grade(plan.initial)],
        first_contact_at=incident["first_contact_at"],
        recorded=None,
        now=now,
    )
    incident["target_outcome"] = "" if outcome is TargetOutcome.PENDING else str(outcome)


def downgrades_to_sign_off(
    t: Tables,
    plans: list[Plan],
    rng: random.Random,
    now: datetime,
    staff: Staff,
    policy: policies.Policies,
    count: int,
) -> None:
    """Downgrades in the live queue waiting for a supervisor: the demo's sign-off."""
    waiting = [p for p in plans if p.seen_at is None]
    waiting.sort(key=lambda p: p.incident["grade"] == Grade.STANDARD)  # graded above first
    for plan in waiting[:count]:
        incident, officer = plan.incident, rng.choice(staff.officers)
        if incident["grade"] == Grade.STANDARD:
            incident["grade"] = str(Grade.MEDIUM)  # a small force may have none graded above
        old = Grade(incident["grade"])
        new = Grade.STANDARD if old == Grade.MEDIUM else Grade.MEDIUM
        at = max(now - timedelta(minutes=rng.randint(10, 50)), plan.reported_at)
        t.reassessments.add(
            incident_id=plan.id, assessed_at=at, assessor_id=officer.pk,
            old_grade=old, new_grade=new, direction="lowered",
            reason="Suspect has left the area and is in custody in another force",
            advice_given=rng.choice(ADVICE), policy_version=policy.version,
            sign_off=SignOff.AWAITING, created_by_id=officer.pk,
        )  # fmt: skip
        incident["last_reassessed_at"] = max(at, incident.get("last_reassessed_at") or at)
