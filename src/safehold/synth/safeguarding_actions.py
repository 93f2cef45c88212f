"""The synthetic force's protective actions (arrests, Clare's Law, IDVA and children's
social care referrals, safety plans; notices and orders are in ``safeguarding_orders``) and
the outcomes of DA crimes, with the supervisors' reviews of outcomes 15 and 16.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from safehold.accounts.models import User
from safehold.people.models import Person
from safehold.safeguarding import policies
from safehold.safeguarding.closure_rules import closure_oversight
from safehold.safeguarding.models import (
    ActionKind,
    ClosureStatus,
    ReviewDecision,
)
from safehold.safeguarding.protection_orders import action_clock
from safehold.safeguarding.vocabulary import (
    ClosureContact,
    Grade,
)
from safehold.synth.safeguarding_orders import seed_notice
from safehold.synth.safeguarding_plan import (
    Plan,
    Staff,
    Tables,
    pick,
)

# Outcome types of closed DA crimes (evidential difficulties dominate; charge about 1 in 8).
OUTCOME_MIX = (
    (16, 0.50), (15, 0.18), (1, 0.125), (14, 0.03), (8, 0.025), (3, 0.02), (21, 0.02),
    (18, 0.02), (10, 0.015), (20, 0.015), (22, 0.015), (9, 0.01), (12, 0.005), (17, 0.004),
    (2, 0.003), (13, 0.003),
)  # fmt: skip
# Arrest likelihood by outcome: a charge nearly always follows an arrest.
ARREST_GIVEN_OUTCOME = {1: 0.88, 15: 0.38, 16: 0.36}
ARREST_OTHERWISE = 0.22
ARREST_WHILE_OPEN = 0.42
# Clare's Law: chance, kind, hours after the victim was seen, days to the decision (from,
# to) and the note when done.
CLARES_LAW = (
    (0.015, ActionKind.DVDS_RIGHT_TO_ASK, 24, (8, 34), "Disclosure decision made"),
    (0.01, ActionKind.DVDS_RIGHT_TO_KNOW, 48, (6, 30), "Disclosed to the victim"),
)
ARREST_NOTES = ("Charged and remanded", "Released under investigation", "Bailed with conditions",
                "Released with no further action")  # fmt: skip


def _action(
    t: Tables,
    plan: Plan,
    kind: str,
    started: datetime,
    officer: User,
    policy: policies.Policies,
    *,
    subject: Person,
    done_after: timedelta | None,
    now: datetime,
    note: str = "",
    outcome: str = "",
    **extra: Any,
) -> None:
    days = extra.get("order_days")
    clock = action_clock(kind, started, policy.clocks, policy.orders, order_days=days)
    done = started + done_after if done_after is not None else None
    finished = done is not None and done <= now
    t.actions.add(
        incident_id=plan.id,
        kind=kind,
        started_at=started,
        due_at=clock.due_at,
        clock_text=clock.description,
        on_expiry=clock.on_expiry,
        policy_version=clock.policy_version,
        subject_id=subject.pk,
        completed_at=done if finished else None,
        completion_note=note if finished else "",
        outcome=outcome if finished else "",
        created_by_id=officer.pk,
        **extra,
    )


# What children's social care does with a police referral (illustrative shares; local data
# would replace them): most are taken or already known, some fall below the threshold.
CSC_OUTCOMES = (("accepted", 0.45), ("already_open", 0.3), ("not_accepted", 0.25))


def _childrens_social_care(
    t: Tables,
    plan: Plan,
    now: datetime,
    officer: User,
    policy: policies.Policies,
    seen: datetime,
) -> None:
    """A referral to children's social care for every household with children (the rule
    requires one). Drawn from the incident's own stream, so the rest of the force is unchanged."""
    rng = random.Random(plan.id * 7919 + 17)
    referred = seen + timedelta(minutes=rng.uniform(10, 240))
    if referred > now:
        return
    _action(
        t,
        plan,
        ActionKind.CHILDRENS_SOCIAL_CARE,
        referred,
        officer,
        policy,
        subject=plan.household.victim,
        done_after=timedelta(hours=rng.uniform(2, 40)),
        now=now,
        note="Referred through the MASH",
        outcome=pick(rng, CSC_OUTCOMES),
    )


def safeguarding_actions(
    t: Tables,
    plan: Plan,
    rng: random.Random,
    now: datetime,
    officer: User,
    policy: policies.Policies,
    grade: str,
    seen: datetime,
) -> None:
    h = plan.household
    hours = timedelta(hours=1)
    if (grade == Grade.HIGH and rng.random() < 0.85) or (
        grade == Grade.MEDIUM and rng.random() < 0.1
    ):
        _action(
            t,
            plan,
            ActionKind.IDVA_REFERRAL,
            seen,
            officer,
            policy,
            subject=h.victim,
            done_after=hours * rng.uniform(1, 30),
            now=now,
            note="IDVA service accepted",
            outcome="accepted",
        )
    if plan.children_present:
        _childrens_social_care(t, plan, now, officer, policy, seen)
    planning = {Grade.HIGH: 0.8, Grade.MEDIUM: 0.3, Grade.STANDARD: 0.02}[Grade(grade)]
    if rng.random() < planning:
        _action(
            t,
            plan,
            ActionKind.SAFETY_PLANNING,
            seen,
            officer,
            policy,
            subject=h.victim,
            done_after=hours * rng.uniform(1, 26),
            now=now,
            note="Safety plan agreed",
        )
    for chance, kind, after, span, note in CLARES_LAW:
        if rng.random() < chance:
            _action(
                t,
                plan,
                kind,
                seen + hours * after,
                officer,
                policy,
                subject=h.suspect,
                done_after=timedelta(days=rng.uniform(*span)),
                now=now,
                note=note,
            )
    seed_notice(t, plan, rng, now, officer, policy, grade, seen, _action)


def seed_outcome(
    t: Tables,
    plan: Plan,
    rng: random.Random,
    now: datetime,
    staff: Staff,
    officer: User,
    policy: policies.Policies,
) -> None:
    """Arrest, closure with an outcome type, and the review of outcomes 15 and 16."""
    incident, h = plan.incident, plan.household
    if plan.seen_at is None:
        return
    closes = plan.reported_at + timedelta(days=rng.gammavariate(2.0, 15.0) + 3)
    outcome = pick(rng, OUTCOME_MIX) if plan.crime else None
    closed = closes <= now
    if plan.crime:
        chance = (
            ARREST_GIVEN_OUTCOME.get(outcome or 0, ARREST_OTHERWISE)
            if closed
            else ARREST_WHILE_OPEN
        )
        if rng.random() < chance:
            arrested = plan.seen_at + timedelta(minutes=rng.randint(5, 240))
            if arrested <= now:
                _action(
                    t,
                    plan,
                    ActionKind.ARREST,
                    arrested,
                    officer,
                    policy,
                    subject=h.suspect,
                    done_after=timedelta(hours=rng.uniform(3, 22)),
                    now=now,
                    note=rng.choice(ARREST_NOTES),
                )
                incident["suspect_at_large"] = False
    if not closed:
        return
    incident.update(closed_at=closes, closed_by_id=officer.pk)
    oversight = closure_oversight(
        grade=incident["grade"], victim_contacted=True, policy=policy.closure
    )
    closer = officer
    if oversight.required:
        # A high-risk closure: a sergeant closes it with the contact outcome on record.
        # Chosen from the id, not the random stream, so the rest of the force is unchanged.
        sergeants = [u for u in staff.supervisors if u.pk != officer.pk] or staff.supervisors
        closer = sergeants[plan.id % len(sergeants)]
        declined = plan.id % 7 == 0
        incident.update(
            closed_by_id=closer.pk,
            closure_contact=str(ClosureContact.DECLINED if declined else ClosureContact.SEEN),
            closure_oversight=oversight.to_list(),
        )
    if outcome is None:
        incident.update(
            closure_status=ClosureStatus.CLOSED,
            closure_reason="No crime disclosed; safeguarding complete",
        )
        return
    incident["outcome_type"] = outcome
    incident["closure_reason"] = {
        1: "Charged; CPS decision",
        16: "Victim does not support a prosecution; no independent evidence",
        15: "Victim supports action but there is not enough evidence",
    }.get(outcome, "Closed after investigation")
    if outcome not in (15, 16):
        incident["closure_status"] = ClosureStatus.CLOSED
        return
    if now - closes < timedelta(days=5) or rng.random() < 0.03:
        incident["closure_status"] = ClosureStatus.AWAITING_REVIEW
        return
    incident["closure_status"] = ClosureStatus.CLOSED
    reviewer = staff.supervisor_other_than(rng, closer)
    t.reviews.add(
        incident_id=plan.id,
        outcome_type=outcome,
        reviewer_id=reviewer.pk,
        decision=ReviewDecision.AGREED,
        note="Checked the evidence: body-worn video, 999 call and statements reviewed",
        at=min(now, closes + timedelta(days=rng.uniform(0.5, 4))),
        policy_version=policy.version,
        created_by_id=reviewer.pk,
    )
