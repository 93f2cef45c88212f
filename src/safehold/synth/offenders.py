"""The synthetic force's registered sex offenders, with histories that leave a backlog.

About 1,300 offenders at scale 1 with the national risk mix (2% very high, 18% high,
30% medium, 50% low — DOMAIN.md §1.2), each with visits, risk assessments, notifications,
orders and sometimes breaches going back to registration, and a visit history chosen so
that about ``overdue_target`` offenders (260 by default, Staffordshire's inspection
figure) are overdue a home visit today. Daily backlog snapshots for the last weeks are
computed from the same histories, so the trend is consistent with the records.

The histories are drawn in ``offender_history.py`` and written in ``offender_events.py``;
this module chooses who is who and orchestrates.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.offenders import policy as rules
from safehold.offenders.models import NotificationPeriod, Offender, Status, Visit
from safehold.synth.geography import nearest_station
from safehold.synth.offender_events import write_events, write_snapshots
from safehold.synth.offender_history import (
    INTERVAL,
    REACTIVE_MIN_YEARS,
    RISK_MIX,
    History,
    calibrate,
    draw_paperwork,
    draw_visits,
    pick,
)

if TYPE_CHECKING:
    from safehold.synth.force import SeedContext

OFFENDERS_AT_SCALE_1 = 1300
# Share of the overdue backlog by risk level (most of a real backlog is lower risk).
OVERDUE_MIX = {"very_high": 0.03, "high": 0.17, "medium": 0.35, "low": 0.45}


def seed_offenders(ctx: SeedContext, progress: Callable[[float, str], None]) -> None:
    """Create the offenders and their histories (called inside the seed transaction)."""
    rng, today, scale = ctx.rng, ctx.params.today, ctx.params.scale
    n = max(10, round(OFFENDERS_AT_SCALE_1 * scale))
    overdue_target = round(ctx.params.overdue_target * scale)
    managers = ctx.staff.users_by_role[Role.OFFENDER_MANAGER]
    leads = ctx.staff.users_by_role[Role.PRIORITIES_LEAD]
    stations = {s.code: s for s in ctx.staff.stations}
    managers_by_station: dict[int, list[User]] = {}
    for m in managers:
        if m.station_id is not None:
            managers_by_station.setdefault(m.station_id, []).append(m)

    progress(0.0, "Offenders")
    risks = [pick(rng, RISK_MIX) for _ in range(n)]
    statuses = []
    for risk in risks:
        x = rng.random()
        if x < 0.03:
            statuses.append(Status.IN_CUSTODY)
        elif x < 0.045:
            statuses.append(Status.WHEREABOUTS_UNKNOWN)
        elif risk == "low" and x < 0.30:
            statuses.append(Status.REACTIVE)
        else:
            statuses.append(Status.MANAGED)
    # Choose who is overdue a home visit today: managed or whereabouts unknown offenders.
    eligible = {
        lvl: [
            i
            for i in range(n)
            if risks[i] == lvl and statuses[i] in (Status.MANAGED, Status.WHEREABOUTS_UNKNOWN)
        ]
        for lvl in INTERVAL
    }
    overdue: set[int] = {i for i in range(n) if statuses[i] == Status.WHEREABOUTS_UNKNOWN}
    for lvl, share in OVERDUE_MIX.items():
        pool = [i for i in eligible[lvl] if i not in overdue]
        want = min(
            len(pool),
            max(0, round(overdue_target * share) - sum(1 for i in overdue if risks[i] == lvl)),
        )
        overdue.update(rng.sample(pool, want))

    people = [
        ctx.people.person(
            sex="M" if rng.random() < 0.97 else "F",
            age_range=(19, 82),
            addresses=rng.choice((1, 1, 2, 3)),
        )
        for _ in range(n)
    ]
    homes = [ctx.people.home_location(p) for p in people]
    ctx.people.flush()

    histories: list[History] = []
    for i in range(n):
        risk, status, person, home = risks[i], statuses[i], people[i], homes[i]
        station = stations[nearest_station(home.lat, home.lon).code]
        local = managers_by_station.get(station.pk) or managers
        manager = rng.choice(local) if rng.random() > 0.02 else None
        years = min(20.0, rng.expovariate(1 / 9.0) + 0.3)
        registered = today - timedelta(days=int(years * 365))
        if status == Status.REACTIVE and years < REACTIVE_MIN_YEARS:
            # Reactive management needs three years at low risk (docs/visit-policy.md).
            status = statuses[i] = Status.MANAGED
        period = rng.choice(
            (
                NotificationPeriod.INDEFINITE,
                NotificationPeriod.TEN_YEARS,
                NotificationPeriod.TEN_YEARS,
                NotificationPeriod.SEVEN_YEARS,
                NotificationPeriod.FIVE_YEARS,
            )
        )
        ends = None
        if period != NotificationPeriod.INDEFINITE:
            ends = rules.add_months(registered, 12 * {"10y": 10, "7y": 7, "5y": 5}[period])
            if ends <= today:  # keep every synthetic offender on the register
                ends = today + timedelta(days=rng.randint(60, 1500))
        offender = Offender(
            person=person,
            register_reference=f"STF-{i + 1:07d}",
            status=status,
            risk_level=risk,
            mappa_category=1,
            mappa_level=3
            if risk == "very_high"
            else (2 if risk == "high" and rng.random() < 0.4 else 1),
            registered_on=registered,
            notification_period=period,
            registration_ends_on=ends,
            indefinite_review_on=rules.add_months(registered, 180)
            if period == NotificationPeriod.INDEFINITE
            else None,
            offender_manager=manager,
            station=station,
            no_fixed_abode=rng.random() < 0.02,
            pursued=status == Status.WHEREABOUTS_UNKNOWN,
            pursued_reason="Whereabouts unknown since last visit"
            if status == Status.WHEREABOUTS_UNKNOWN
            else "",
        )
        h = History(offender, risk, status)
        draw_visits(h, rng, today, overdue=i in overdue)
        draw_paperwork(h, rng, today)
        histories.append(h)
        if i % 200 == 0:
            progress(0.1 + 0.5 * i / n, f"Offender histories {i:,}/{n:,}")

    calibrate(histories, rng, today, overdue_target, statuses)
    Offender.objects.bulk_create([h.offender for h in histories], batch_size=1000)
    progress(0.65, "Visits, assessments and notifications")
    write_events(histories, rng, today, managers, leads)
    progress(0.85, "Backlog trend")
    write_snapshots(histories, today, days=90 if scale <= 2 else 14)
    ctx.counts["offenders"] = n
    ctx.counts["overdue_target"] = overdue_target
    ctx.counts["visits"] = Visit.objects.count()


def register() -> None:
    from safehold.synth.force import register_seeder
    from safehold.synth.offender_procedures import seed_procedures

    register_seeder("offenders", seed_offenders)
    register_seeder("offender procedures", seed_procedures)
    from safehold.synth.offender_risk import seed_risk_tools

    register_seeder("offender risk tools", seed_risk_tools)
    from safehold.synth.offender_orders import seed_orders

    register_seeder("offender orders", seed_orders)
