"""The synthetic force's domestic abuse: a year of incidents and a live waiting queue.

About 28,000 incidents a year at scale 1 (Staffordshire's figure), over the twelve months
up to ``ctx.params.today`` at 09:30. Victims recur (repeat victimisation: about a quarter
of victims have more than one incident in the year), some suspects abuse more than one
partner (serial perpetrators), and households have children. Each incident carries:

* a source, an attendance status (about a quarter delayed, one in sixteen unable) and the
  call handler's initial grade;
* for victims already seen, a DASH-27 questionnaire scored by the real rules, MARAC
  referrals where the rules say so, telephone re-assessments and contact attempts while
  attendance was outstanding, and escalations where the target was missed;
* protective actions with their clocks (arrests, DVPN and DVPO, Clare's Law, IDVA
  referrals, safety plans);
* for crimes, a Home Office outcome type, with supervisors' reviews of outcomes 15 and 16.

The mix is tuned so that arrests per 100 DA crimes land near 40 (ONS: 33 to 46) and
charge/summons near 12% of DA crimes (DOMAIN.md §4). Victims whose officers were delayed
or unable to attend in the last 30 hours, and those reported in the last two hours, have
not been seen yet: the live queue (a few dozen at scale 1). A few uncertain person
matches are planted for the review queue, marked with the model version "synthetic".
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from safehold.accounts.models import User
from safehold.accounts.roles import Rank, Role
from safehold.people.models import Location, Person
from safehold.safeguarding import policies
from safehold.safeguarding.bulk import Table
from safehold.safeguarding.clocks import clock_for
from safehold.safeguarding.closure_rules import closure_oversight
from safehold.safeguarding.contact_target import target_outcome
from safehold.safeguarding.dash import ProfessionalJudgement, score
from safehold.safeguarding.marac import EarlierGrade, VictimHistory, decide_marac
from safehold.safeguarding.models import (
    ActionKind,
    ClosureReview,
    ClosureStatus,
    Consent,
    ContactAttempt,
    ContactOutcome,
    DashAssessment,
    Escalation,
    GradeSource,
    Incident,
    MaracMeeting,
    MaracReferral,
    MatchStatus,
    Party,
    PartyRole,
    PersonMatch,
    ProtectiveAction,
    Reassessment,
    Relationship,
    ReviewDecision,
    SignOff,
    Source,
)
from safehold.safeguarding.questionnaires import Questionnaire, load_questionnaire
from safehold.safeguarding.vocabulary import (
    Attendance,
    ClosureContact,
    Grade,
    TargetOutcome,
    parse_grade,
)

if TYPE_CHECKING:
    from safehold.synth.force import SeedContext

LONDON = ZoneInfo("Europe/London")
# The chance a case meeting a MARAC criterion is referred, by its strongest criterion.
MARAC_REFER_REPEAT = 0.9
MARAC_REFER_VISIBLE = 0.29
MARAC_REFER_ESCALATION = 0.05
INCIDENTS_AT_SCALE_1 = 28_000
# Incidents per victim in the year: most once, a long tail of repeats.
INCIDENTS_PER_VICTIM = ((1, 0.70), (2, 0.16), (3, 0.07), (4, 0.04), (5, 0.02), (7, 0.01))
SERIAL_SHARE = 0.06  # a new victim's suspect is someone who already abused another
HOUR_WEIGHTS = (4, 3, 2, 1.5, 1, 1, 1, 1.5, 2, 2.5, 3, 3, 3.5, 3.5, 3.5, 4, 4.5, 5, 6, 6.5, 6.5,
                6, 5.5, 5)  # fmt: skip
ATTENDANCE_MIX = (
    (Attendance.ATTENDED, 0.68),
    (Attendance.DELAYED, 0.26),
    (Attendance.UNABLE, 0.06),
)
GRADE_MIX = ((Grade.STANDARD, 0.55), (Grade.MEDIUM, 0.32), (Grade.HIGH, 0.13))
CRIME_SHARE = 0.62
CRIME_TYPES = (
    ("violence_without_injury", 0.30),
    ("violence_with_injury", 0.22),
    ("stalking_harassment", 0.20),
    ("criminal_damage", 0.10),
    ("coercive_control", 0.08),
    ("public_order", 0.05),
    ("sexual_offence", 0.03),
    ("other", 0.02),
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
LIVE_WINDOW = timedelta(hours=30)
JUST_REPORTED = timedelta(hours=2)
ADVICE = (
    "Advised to call 999 if the suspect returns; safety plan discussed; bag packed",
    "Advised on keeping the phone charged and on silent; refuge number given",
    "Discussed staying with family tonight; 999 and silent solution explained",
)
SUPERINTENDENTS = ("Supt Okafor", "Supt Hale", "Ch Supt Brennan", "Supt Lindqvist")
ARREST_NOTES = ("Charged and remanded", "Released under investigation", "Bailed with conditions",
                "Released with no further action")  # fmt: skip


def _pick(rng: random.Random, mix: Sequence[tuple[Any, float]]) -> Any:
    x, acc = rng.random() * sum(w for _, w in mix), 0.0
    for value, weight in mix:
        acc += weight
        if x < acc:
            return value
    return mix[-1][0]


@dataclass
class _Household:
    victim: Person
    suspect: Person
    relationship: str
    home: Location
    children: list[Person]
    risk: int  # 0 standard, 1 medium, 2 high: the household's underlying risk


@dataclass
class _Plan:
    """One incident and what happened after it, before anything is written."""

    household: _Household
    reported_at: datetime
    attendance: str
    source: str
    initial: str
    children_present: bool
    crime: bool
    crime_type: str = ""
    seen_at: datetime | None = None
    id: int = 0
    incident: dict[str, Any] = field(default_factory=dict)  # the incident's columns
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Staff:
    call_handlers: list[User]
    officers: list[User]
    supervisors: list[User]

    def supervisor_other_than(self, rng: random.Random, user: User) -> User:
        choices = [s for s in self.supervisors if s.pk != user.pk] or self.supervisors
        return rng.choice(choices)


def _staff(ctx: SeedContext) -> _Staff:
    by_role: dict[Role, list[User]] = ctx.staff.users_by_role
    officers = by_role[Role.SAFEGUARDING_OFFICER]
    handlers = by_role[Role.RESOLUTION_INVESTIGATOR] + by_role[Role.RESPONSE_SUPERVISOR]
    supervisors = [
        u for u in officers + by_role[Role.RESPONSE_SUPERVISOR] if Rank(u.rank).is_supervisor
    ]
    return _Staff(handlers or officers, officers, supervisors or officers)


HOURS = tuple(range(24))
HOUR_CUMULATIVE = tuple(itertools.accumulate(HOUR_WEIGHTS))


def _moment(rng: random.Random, now: datetime, earliest: datetime) -> datetime:
    days = (now - earliest).days
    while True:
        day = (now - timedelta(days=rng.randint(0, days))).date()
        hour = rng.choices(HOURS, cum_weights=HOUR_CUMULATIVE)[0]
        at = datetime.combine(day, time(hour, rng.randint(0, 59)), tzinfo=LONDON)
        if earliest <= at <= now:
            return at


def seed_safeguarding(ctx: SeedContext, progress: Callable[[float, str], None]) -> None:
    """Create a year of DA incidents and the live queue (inside the seed transaction)."""
    rng, scale = ctx.rng, ctx.params.scale
    now = datetime.combine(ctx.params.today, time(9, 30), tzinfo=LONDON)
    earliest = now - timedelta(days=365)
    total = max(40, round(INCIDENTS_AT_SCALE_1 * scale))
    staff = _staff(ctx)
    progress(0.0, "Domestic-abuse households")
    plans = _plan_incidents(ctx, rng, total, now, earliest)
    people = ctx.people.flush()
    progress(0.3, f"{len(plans):,} domestic-abuse incidents")
    _write(plans, rng, now, staff, ctx, progress)
    ctx.counts["da_incidents"] = len(plans)
    ctx.counts["da_people"] = len(people)
    ctx.counts["da_waiting"] = sum(1 for p in plans if p.seen_at is None)
    progress(1.0, "Domestic abuse done")


def _plan_incidents(
    ctx: SeedContext, rng: random.Random, total: int, now: datetime, earliest: datetime
) -> list[_Plan]:
    plans: list[_Plan] = []
    suspects: list[tuple[Person, Location]] = []
    while len(plans) < total:
        household = _household(ctx, rng, suspects)
        count = min(_pick(rng, INCIDENTS_PER_VICTIM), total - len(plans))
        times = sorted(_moment(rng, now, earliest) for _ in range(count))
        for n, at in enumerate(times):
            plans.append(_incident_plan(rng, household, at, now, repeat=n))
    plans.sort(key=lambda p: p.reported_at)
    return plans


def _household(
    ctx: SeedContext, rng: random.Random, suspects: list[tuple[Person, Location]]
) -> _Household:
    people = ctx.people
    female_victim = rng.random() < 0.8
    victim = people.person(sex="F" if female_victim else "M", age_range=(18, 64))
    home = people.home_location(victim)
    relationship = _pick(
        rng,
        ((Relationship.PARTNER, 0.45), (Relationship.EX_PARTNER, 0.35),
         (Relationship.FAMILY, 0.15), (Relationship.OTHER, 0.05)),
    )  # fmt: skip
    if suspects and relationship != Relationship.FAMILY and rng.random() < SERIAL_SHARE:
        suspect = rng.choice(suspects)[0]
    else:
        sex = "M" if (female_victim and rng.random() < 0.93) or rng.random() < 0.3 else "F"
        suspect = people.person(sex=sex, age_range=(18, 60))
        suspects.append((suspect, home))
        lives_together = (relationship == Relationship.PARTNER and rng.random() < 0.65) or (
            relationship == Relationship.FAMILY and rng.random() < 0.5
        )
        if lives_together:
            people.share_home(suspect, victim)
    children = []
    if relationship in (Relationship.PARTNER, Relationship.EX_PARTNER) and rng.random() < 0.3:
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            child = people.person(age_range=(0, 16))
            if rng.random() < 0.7:
                child.family_name = victim.family_name
            people.share_home(child, victim)
            children.append(child)
    risk = _pick(rng, ((0, 0.55), (1, 0.32), (2, 0.13)))
    return _Household(victim, suspect, relationship, home, children, risk)


def _incident_plan(
    rng: random.Random, household: _Household, at: datetime, now: datetime, *, repeat: int
) -> _Plan:
    source = _pick(rng, ((Source.CALL, 0.85), (Source.OFFICER, 0.08), (Source.PARTNER, 0.07)))
    attendance = _pick(rng, ATTENDANCE_MIX)
    risk = min(2, household.risk + (1 if repeat >= 2 and rng.random() < 0.5 else 0))
    initial = _pick(rng, GRADE_MIX) if rng.random() < 0.35 else list(Grade)[risk]
    crime = rng.random() < CRIME_SHARE
    plan = _Plan(
        household=household,
        reported_at=at,
        attendance=attendance,
        source=source,
        initial=initial,
        children_present=bool(household.children) and rng.random() < 0.8,
        crime=crime,
        crime_type=_pick(rng, CRIME_TYPES) if crime else "",
    )
    plan.extras["risk"] = risk
    if source == Source.OFFICER:
        plan.seen_at = at
        return plan
    waited = now - at
    if (attendance != Attendance.ATTENDED and waited < LIVE_WINDOW) or waited < JUST_REPORTED:
        return plan  # still waiting: the live queue
    hours = {
        Attendance.ATTENDED: rng.lognormvariate(math.log(0.8), 0.6),
        Attendance.DELAYED: rng.uniform(2, 28),
        Attendance.UNABLE: rng.uniform(8, 48),
    }[attendance]
    seen = at + timedelta(hours=hours)
    plan.seen_at = seen if seen < now else now - timedelta(minutes=rng.randint(5, 60))
    return plan


def _write(
    plans: list[_Plan],
    rng: random.Random,
    now: datetime,
    staff: _Staff,
    ctx: SeedContext,
    progress: Callable[[float, str], None],
) -> None:
    policy = policies.current()
    questionnaire = load_questionnaire("dash-27")
    meetings = _meetings(now)
    t = _Tables()
    for plan in plans:
        h = plan.household
        plan.id = t.incidents.next_id()
        plan.incident = {
            "id": plan.id,
            "reported_at": plan.reported_at,
            "source": plan.source,
            "attendance": plan.attendance,
            "victim_id": h.victim.pk,
            "suspect_id": h.suspect.pk,
            "relationship": h.relationship,
            "location_id": h.home.pk,
            "location_description": "The victim's home",
            "suspect_at_large": plan.seen_at is None and rng.random() < 0.35,
            "children_present": plan.children_present,
            "crime_recorded": plan.crime,
            "crime_type": plan.crime_type,
            "grade": str(plan.initial),
            "grade_source": GradeSource.CALL_HANDLER,
            "seen_at": plan.seen_at,
            "created_by_id": rng.choice(staff.call_handlers).pk,
            "contact_attempts": 0,
        }
    histories: dict[int, dict[str, list[Any]]] = {}  # by victim
    for k, plan in enumerate(plans):
        history = histories.setdefault(
            plan.household.victim.pk, {"incidents": [], "referrals": [], "grades": []}
        )
        history["incidents"].append(plan.reported_at)
        _parties(t, plan)
        officer = rng.choice(staff.officers)
        if plan.seen_at is None:
            _waiting(t, plan, rng, now, staff, officer, policy)
        else:
            _seen(t, plan, rng, now, officer, policy, questionnaire, meetings, history)
        _outcome(t, plan, rng, now, staff, officer, policy)
        if k % 4000 == 0:
            progress(0.3 + 0.5 * k / len(plans), f"Incident histories {k:,}/{len(plans):,}")
    _downgrades_to_sign_off(t, plans, rng, now, staff, policy, max(1, round(2 * ctx.params.scale)))
    progress(0.8, "Writing incidents and their records")
    for plan in plans:
        _settle_target(plan, now, policy)
        t.incidents.add(**plan.incident)
    t.write()
    _plant_matches(plans, rng, now, ctx)
    ctx.counts["marac_referrals"] = MaracReferral.objects.count()
    ctx.counts["protective_actions"] = ProtectiveAction.objects.count()


class _Tables:
    """The rows of every table the seed writes, in the order they are written."""

    def __init__(self) -> None:
        self.incidents = Table(Incident, explicit_ids=True)
        self.parties = Table(Party)
        self.assessments = Table(DashAssessment)
        self.contacts = Table(ContactAttempt)
        self.reassessments = Table(Reassessment)
        self.escalations = Table(Escalation)
        self.referrals = Table(MaracReferral)
        self.actions = Table(ProtectiveAction)
        self.reviews = Table(ClosureReview)

    def write(self) -> None:
        for table in vars(self).values():
            table.write()


def _meetings(now: datetime) -> list[MaracMeeting]:
    day = (now - timedelta(days=372)).date()
    day += timedelta(days=(3 - day.weekday()) % 7)  # Thursdays
    rows = []
    while day <= now.date() + timedelta(days=28):
        rows.append(MaracMeeting(held_on=day))
        day += timedelta(days=7)
    return MaracMeeting.objects.bulk_create(rows)


def _parties(t: _Tables, plan: _Plan) -> None:
    h = plan.household
    people = [(PartyRole.VICTIM, h.victim), (PartyRole.SUSPECT, h.suspect)]
    if plan.children_present:
        people += [(PartyRole.CHILD, c) for c in h.children]
    for role, person in people:
        t.parties.add(
            incident_id=plan.id,
            role=role,
            person_id=person.pk,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            sex=person.sex,
        )


def _answers(rng: random.Random, questionnaire: Questionnaire, risk: int) -> dict[str, str]:
    count = len(questionnaire.questions)
    yes = {0: rng.randint(1, 9), 1: rng.randint(10, 13), 2: rng.randint(14, 21)}[risk]
    if rng.random() < 0.15:  # the questionnaire does not always agree with the call
        yes = max(0, min(count, yes + rng.choice((-4, -3, 3, 4))))
    chosen = set(rng.sample(range(1, count + 1), yes))
    answers = {}
    for number in range(1, count + 1):
        if number in chosen:
            answers[str(number)] = "yes"
        elif rng.random() < 0.06:
            answers[str(number)] = "not known"
        elif rng.random() < 0.97:
            answers[str(number)] = "no"
    return answers


def _seen(
    t: _Tables,
    plan: _Plan,
    rng: random.Random,
    now: datetime,
    officer: User,
    policy: policies.Policies,
    questionnaire: Questionnaire,
    meetings: list[MaracMeeting],
    history: dict[str, list[Any]],
) -> None:
    incident, seen = plan.incident, plan.seen_at
    assert seen is not None
    target = policy.queue.contact_target[parse_grade(plan.initial)]
    if plan.attendance != Attendance.ATTENDED:
        _telephone_contact(t, plan, rng, officer, policy, seen)
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
    answers = _answers(rng, questionnaire, plan.extras["risk"])
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
    _safeguarding_actions(t, plan, rng, now, officer, policy, str(result.grade), seen)


def _telephone_contact(
    t: _Tables,
    plan: _Plan,
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


def _waiting(
    t: _Tables,
    plan: _Plan,
    rng: random.Random,
    now: datetime,
    staff: _Staff,
    officer: User,
    policy: policies.Policies,
) -> None:
    """A victim in the live queue: some called, some re-assessed, some escalated."""
    incident = plan.incident
    if plan.attendance != Attendance.ATTENDED:
        _telephone_contact(t, plan, rng, officer, policy, now)
    target = policy.queue.contact_target[parse_grade(incident["grade"])]
    if now - plan.reported_at > target and rng.random() < 0.5:
        at = plan.reported_at + target
        t.escalations.add(
            incident_id=plan.id, at=at, to_supervisor_id=rng.choice(staff.supervisors).pk,
            reason="Contact target missed; no unit available", policy_version=policy.version,
            created_by_id=officer.pk,
        )  # fmt: skip
        incident["escalated_at"] = at


def _settle_target(plan: _Plan, now: datetime, policy: policies.Policies) -> None:
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


def _downgrades_to_sign_off(
    t: _Tables,
    plans: list[_Plan],
    rng: random.Random,
    now: datetime,
    staff: _Staff,
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


def _action(
    t: _Tables,
    plan: _Plan,
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
    clock = clock_for(kind, started, policy.clocks, order_days=extra.get("order_days"))
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
    t: _Tables,
    plan: _Plan,
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
        outcome=_pick(rng, CSC_OUTCOMES),
    )


def _safeguarding_actions(
    t: _Tables,
    plan: _Plan,
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
    if rng.random() < 0.015:
        _action(
            t,
            plan,
            ActionKind.DVDS_RIGHT_TO_ASK,
            seen + hours * 24,
            officer,
            policy,
            subject=h.suspect,
            done_after=timedelta(days=rng.uniform(8, 34)),
            now=now,
            note="Disclosure decision made",
        )
    if rng.random() < 0.01:
        _action(
            t,
            plan,
            ActionKind.DVDS_RIGHT_TO_KNOW,
            seen + hours * 48,
            officer,
            policy,
            subject=h.suspect,
            done_after=timedelta(days=rng.uniform(6, 30)),
            now=now,
            note="Disclosed to the victim",
        )
    if grade != Grade.STANDARD and rng.random() < 0.025:
        served = seen + hours * rng.uniform(4, 20)
        if served > now:
            return
        _action(
            t,
            plan,
            ActionKind.DVPN,
            served,
            officer,
            policy,
            subject=h.suspect,
            done_after=hours * rng.uniform(18, 46),
            now=now,
            note="DVPO hearing held",
            authorised_by_name=rng.choice(SUPERINTENDENTS),
            authorised_by_rank="superintendent",
            victim_views="Supports the notice; wants him kept away from the house",
            children_welfare="Children's interests considered; school and social care told"
            if h.children
            else "No child's interests are relevant",
            suspect_representations="Made none when asked",
        )
        made = served + hours * rng.uniform(18, 46)
        if rng.random() < 0.85 and made <= now:
            days = rng.randint(14, 28)
            _action(
                t,
                plan,
                ActionKind.DVPO,
                made,
                officer,
                policy,
                subject=h.suspect,
                done_after=timedelta(days=days),
                now=now,
                note="Order expired",
                order_days=days,
            )


def _outcome(
    t: _Tables,
    plan: _Plan,
    rng: random.Random,
    now: datetime,
    staff: _Staff,
    officer: User,
    policy: policies.Policies,
) -> None:
    """Arrest, closure with an outcome type, and the review of outcomes 15 and 16."""
    incident, h = plan.incident, plan.household
    if plan.seen_at is None:
        return
    closes = plan.reported_at + timedelta(days=rng.gammavariate(2.0, 15.0) + 3)
    outcome = _pick(rng, OUTCOME_MIX) if plan.crime else None
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


def _plant_matches(plans: list[_Plan], rng: random.Random, now: datetime, ctx: SeedContext) -> None:
    """A few recent victims recorded again under a misspelt name, awaiting a decision."""
    recent = [p for p in plans if now - p.reported_at < timedelta(days=14)]
    if not recent:
        return
    chosen = rng.sample(recent, min(len(recent), max(2, round(8 * ctx.params.scale))))
    for plan in chosen:
        original = plan.household.victim
        name = original.family_name
        typo = name[:-2] + name[-1] + name[-2] if len(name) > 2 else name + "e"
        provisional = Person.objects.create(
            reference=f"SD{plan.id:07d}",
            given_name=original.given_name,
            family_name=typo,
            date_of_birth=original.date_of_birth,
            sex=original.sex,
            notes="Recorded at domestic-abuse intake",
        )
        party = Party.objects.filter(incident_id=plan.id, role=PartyRole.VICTIM).first()
        if party is None:
            continue
        Party.objects.filter(pk=party.pk).update(person=provisional, family_name=typo)
        Incident.objects.filter(pk=plan.id).update(victim=provisional)
        PersonMatch.objects.create(
            party=party,
            candidate=original,
            probability=round(rng.uniform(0.6, 0.93), 3),
            match_weight=round(rng.uniform(1, 4), 2),
            explanation=[
                {"field": "given_name", "level": "exact match", "outcome": "agree",
                 "match_weight": 6.48},
                {"field": "family_name", "level": "spelling close", "outcome": "partial",
                 "match_weight": 2.56},
                {"field": "date_of_birth", "level": "exact match", "outcome": "agree",
                 "match_weight": 13.41},
                {"field": "postcode", "level": "missing", "outcome": "missing",
                 "match_weight": 0.0},
            ],
            model_version="synthetic",
            status=MatchStatus.PENDING,
        )  # fmt: skip
    ctx.counts["person_matches_to_review"] = len(chosen)


def register() -> None:
    from safehold.synth.force import register_seeder

    register_seeder("safeguarding", seed_safeguarding)
