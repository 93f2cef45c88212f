"""The synthetic force's domestic-abuse households and incidents as planned before anything
is written: who, when, which grade and attendance, crime or not, seen or still waiting;
and the tables the seed writes them to.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from safehold.accounts.models import User
from safehold.accounts.roles import Rank, Role
from safehold.people.models import Location, Person
from safehold.safeguarding.bulk import Table
from safehold.safeguarding.models import (
    ClosureReview,
    ContactAttempt,
    DashAssessment,
    Escalation,
    Incident,
    MaracReferral,
    Party,
    ProtectiveAction,
    Reassessment,
    Relationship,
    Source,
)
from safehold.safeguarding.vocabulary import (
    Attendance,
    Grade,
)

if TYPE_CHECKING:
    from safehold.synth.force import SeedContext

LONDON = ZoneInfo("Europe/London")
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
# A household's underlying risk: 0 standard, 1 medium, 2 high (what its DASH answers show).
# With the repeat escalation below and the questionnaire's noise, about 6-7 % of DASH
# assessments grade high: the share a force referring nearly every high-risk case can have
# while its MARAC stays at SafeLives' recommended level (tests/safeguarding/
# test_marac_volume.py; docs/safeguarding.md, "Synthetic data").
RISK_MIX = ((0, 0.6175), (1, 0.35), (2, 0.0325))
# The chance risk rises one level from a victim's third incident in the year (escalation).
REPEAT_ESCALATION = 0.3
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
LIVE_WINDOW = timedelta(hours=30)
JUST_REPORTED = timedelta(hours=2)


def pick(rng: random.Random, mix: Sequence[tuple[Any, float]]) -> Any:
    x, acc = rng.random() * sum(w for _, w in mix), 0.0
    for value, weight in mix:
        acc += weight
        if x < acc:
            return value
    return mix[-1][0]


@dataclass
class Household:
    victim: Person
    suspect: Person
    relationship: str
    home: Location
    children: list[Person]
    risk: int  # 0 standard, 1 medium, 2 high: the household's underlying risk


@dataclass
class Plan:
    """One incident and what happened after it, before anything is written."""

    household: Household
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
class Staff:
    call_handlers: list[User]
    officers: list[User]
    supervisors: list[User]

    def supervisor_other_than(self, rng: random.Random, user: User) -> User:
        choices = [s for s in self.supervisors if s.pk != user.pk] or self.supervisors
        return rng.choice(choices)


def staff_of(ctx: SeedContext) -> Staff:
    by_role: dict[Role, list[User]] = ctx.staff.users_by_role
    officers = by_role[Role.SAFEGUARDING_OFFICER]
    handlers = by_role[Role.RESOLUTION_INVESTIGATOR] + by_role[Role.RESPONSE_SUPERVISOR]
    supervisors = [
        u for u in officers + by_role[Role.RESPONSE_SUPERVISOR] if Rank(u.rank).is_supervisor
    ]
    return Staff(handlers or officers, officers, supervisors or officers)


HOURS = tuple(range(24))
HOUR_CUMULATIVE = tuple(itertools.accumulate(HOUR_WEIGHTS))


def random_moment(rng: random.Random, now: datetime, earliest: datetime) -> datetime:
    days = (now - earliest).days
    while True:
        day = (now - timedelta(days=rng.randint(0, days))).date()
        hour = rng.choices(HOURS, cum_weights=HOUR_CUMULATIVE)[0]
        at = datetime.combine(day, time(hour, rng.randint(0, 59)), tzinfo=LONDON)
        if earliest <= at <= now:
            return at


def plan_incidents(
    ctx: SeedContext, rng: random.Random, total: int, now: datetime, earliest: datetime
) -> list[Plan]:
    plans: list[Plan] = []
    suspects: list[tuple[Person, Location]] = []
    while len(plans) < total:
        household = _household(ctx, rng, suspects)
        count = min(pick(rng, INCIDENTS_PER_VICTIM), total - len(plans))
        times = sorted(random_moment(rng, now, earliest) for _ in range(count))
        for n, at in enumerate(times):
            plans.append(_incident_plan(rng, household, at, now, repeat=n))
    plans.sort(key=lambda p: p.reported_at)
    return plans


def _household(
    ctx: SeedContext, rng: random.Random, suspects: list[tuple[Person, Location]]
) -> Household:
    people = ctx.people
    female_victim = rng.random() < 0.8
    victim = people.person(sex="F" if female_victim else "M", age_range=(18, 64))
    home = people.home_location(victim)
    relationship = pick(
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
    risk = pick(rng, RISK_MIX)
    return Household(victim, suspect, relationship, home, children, risk)


def _incident_plan(
    rng: random.Random, household: Household, at: datetime, now: datetime, *, repeat: int
) -> Plan:
    source = pick(rng, ((Source.CALL, 0.85), (Source.OFFICER, 0.08), (Source.PARTNER, 0.07)))
    attendance = pick(rng, ATTENDANCE_MIX)
    escalates = repeat >= 2 and rng.random() < REPEAT_ESCALATION
    risk = min(2, household.risk + (1 if escalates else 0))
    initial = pick(rng, GRADE_MIX) if rng.random() < 0.35 else list(Grade)[risk]
    crime = rng.random() < CRIME_SHARE
    plan = Plan(
        household=household,
        reported_at=at,
        attendance=attendance,
        source=source,
        initial=initial,
        children_present=bool(household.children) and rng.random() < 0.8,
        crime=crime,
        crime_type=pick(rng, CRIME_TYPES) if crime else "",
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


class Tables:
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
