"""The synthetic force's domestic abuse: a year of incidents and a live waiting queue.

About 28,000 incidents a year at scale 1 (Staffordshire's figure), over the twelve months
up to ``ctx.params.today`` at 09:30. Victims recur (repeat victimisation: about a quarter
of victims have more than one incident in the year), some suspects abuse more than one
partner (serial perpetrators), and households have children. Each incident carries:

* a source, an attendance status (about a quarter delayed, one in sixteen unable) and the
  call handler's initial grade;
* for victims already seen, a DASH-27 questionnaire (or, on a share of the incidents of
  the last six months, the force's DARA trial) scored by the real rules, MARAC
  referrals where the rules say so, telephone re-assessments and contact attempts while
  attendance was outstanding, and escalations where the target was missed;
* protective actions with their clocks (arrests, DVPN and DVPO — and, from the day the
  force began its DAPN/DAPO pilot, DAPN and DAPO with requirements and some breaches —,
  Clare's Law, IDVA referrals, safety plans);
* for crimes, a Home Office outcome type, with supervisors' reviews of outcomes 15 and 16.

The mix is tuned so that arrests per 100 DA crimes land near 40 (ONS: 33 to 46) and
charge/summons near 12% of DA crimes (DOMAIN.md §4). Victims whose officers were delayed
or unable to attend in the last 30 hours, and those reported in the last two hours, have
not been seen yet: the live queue (a few dozen at scale 1). A few uncertain person
matches are planted for the review queue, marked with the model version "synthetic".

The households and plans are in ``safeguarding_plan``; the risk work in
``safeguarding_assessment``; actions and outcomes in ``safeguarding_actions``; planted
matches in ``safeguarding_matches``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from safehold.safeguarding import policies
from safehold.safeguarding.models import (
    GradeSource,
    MaracMeeting,
    MaracReferral,
    PartyRole,
    ProtectiveAction,
)
from safehold.synth.safeguarding_actions import seed_outcome
from safehold.synth.safeguarding_answers import Instruments
from safehold.synth.safeguarding_assessment import (
    downgrades_to_sign_off,
    seed_seen,
    seed_waiting,
    settle_target,
)
from safehold.synth.safeguarding_matches import plant_matches
from safehold.synth.safeguarding_orders import pilot_from, pilot_policies, write_breaches
from safehold.synth.safeguarding_plan import (
    INCIDENTS_AT_SCALE_1,
    LONDON,
    Plan,
    Staff,
    Tables,
    plan_incidents,
    staff_of,
)

if TYPE_CHECKING:
    from safehold.synth.force import SeedContext


def seed_safeguarding(ctx: SeedContext, progress: Callable[[float, str], None]) -> None:
    """Create a year of DA incidents and the live queue (inside the seed transaction)."""
    # A stream of its own (the people still come from the force's): a change to a seeder
    # that runs before this one does not move the calibrated MARAC volume.
    rng, scale = random.Random(f"safeguarding-{ctx.params.seed}"), ctx.params.scale
    now = datetime.combine(ctx.params.today, time(9, 30), tzinfo=LONDON)
    earliest = now - timedelta(days=365)
    total = max(40, round(INCIDENTS_AT_SCALE_1 * scale))
    staff = staff_of(ctx)
    progress(0.0, "Domestic-abuse households")
    plans = plan_incidents(ctx, rng, total, now, earliest)
    people = ctx.people.flush()
    progress(0.3, f"{len(plans):,} domestic-abuse incidents")
    _write(plans, rng, now, staff, ctx, progress)
    ctx.counts["da_incidents"] = len(plans)
    ctx.counts["da_people"] = len(people)
    ctx.counts["da_waiting"] = sum(1 for p in plans if p.seen_at is None)
    progress(1.0, "Domestic abuse done")


def _write(
    plans: list[Plan],
    rng: random.Random,
    now: datetime,
    staff: Staff,
    ctx: SeedContext,
    progress: Callable[[float, str], None],
) -> None:
    # The synthetic force is a DAPN/DAPO pilot from a day inside its year (safeguarding_orders).
    policy = pilot_policies(policies.current(), pilot_from(ctx.params.today))
    instruments = Instruments.for_force(now)
    meetings = _meetings(now)
    t = Tables()
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
            seed_waiting(t, plan, rng, now, staff, officer, policy)
        else:
            seed_seen(t, plan, rng, now, officer, policy, instruments, meetings, history)
        seed_outcome(t, plan, rng, now, staff, officer, policy)
        if k % 4000 == 0:
            progress(0.3 + 0.5 * k / len(plans), f"Incident histories {k:,}/{len(plans):,}")
    downgrades_to_sign_off(t, plans, rng, now, staff, policy, max(1, round(2 * ctx.params.scale)))
    progress(0.8, "Writing incidents and their records")
    for plan in plans:
        settle_target(plan, now, policy)
        t.incidents.add(**plan.incident)
    t.write()
    ctx.counts["order_breaches"] = write_breaches(plans)
    plant_matches(plans, rng, now, ctx)
    ctx.counts["marac_referrals"] = MaracReferral.objects.count()
    ctx.counts["protective_actions"] = ProtectiveAction.objects.count()


def _meetings(now: datetime) -> list[MaracMeeting]:
    day = (now - timedelta(days=372)).date()
    day += timedelta(days=(3 - day.weekday()) % 7)  # Thursdays
    rows = []
    while day <= now.date() + timedelta(days=28):
        rows.append(MaracMeeting(held_on=day))
        day += timedelta(days=7)
    return MaracMeeting.objects.bulk_create(rows)


def _parties(t: Tables, plan: Plan) -> None:
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


def register() -> None:
    from safehold.synth.force import register_seeder

    register_seeder("safeguarding", seed_safeguarding)
