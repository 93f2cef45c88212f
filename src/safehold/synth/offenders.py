"""The synthetic force's registered sex offenders, with histories that leave a backlog.

About 1,300 offenders at scale 1 with the national risk mix (2% very high, 18% high,
30% medium, 50% low — DOMAIN.md §1.2), each with visits, risk assessments, notifications,
orders and sometimes breaches going back to registration, and a visit history chosen so
that about ``overdue_target`` offenders (260 by default, Staffordshire's inspection
figure) are overdue a home visit today. Daily backlog snapshots for the last weeks are
computed from the same histories, so the trend is consistent with the records.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.offenders import policy as rules
from safehold.offenders.models import (
    BacklogSnapshot,
    Breach,
    Notification,
    NotificationKind,
    NotificationPeriod,
    Offender,
    Order,
    OrderKind,
    RiskAssessment,
    RiskTool,
    Status,
    Visit,
    VisitKind,
    VisitOutcome,
)
from safehold.synth.geography import nearest_station

if TYPE_CHECKING:
    from safehold.synth.force import SeedContext

LONDON = ZoneInfo("Europe/London")
OFFENDERS_AT_SCALE_1 = 1300
RISK_MIX = (("very_high", 0.02), ("high", 0.18), ("medium", 0.30), ("low", 0.50))
# Share of the overdue backlog by risk level (most of a real backlog is lower risk).
OVERDUE_MIX = {"very_high": 0.03, "high": 0.17, "medium": 0.35, "low": 0.45}
INTERVAL = {"very_high": 1, "high": 3, "medium": 6, "low": 12}
FAILED_ATTEMPT_SHARE = 0.3
# Years on the register before reactive management (three at low risk, and a little more
# for the assessments and the sign-off to fall inside).
REACTIVE_MIN_YEARS = 3.5
LOW_RISK_DAYS = int(REACTIVE_MIN_YEARS * 365)
DESTINATIONS = (
    "Spain",
    "Poland",
    "Ireland",
    "France",
    "Portugal",
    "Romania",
    "Netherlands",
    "Greece",
    "Turkey",
    "India",
)
CONCERNS = (
    "Unregistered mobile phone seen in the kitchen",
    "Child's bicycle in the hallway; occupants not known",
    "Evasive about a new partner who has children",
    "Internet-enabled games console in bedroom not declared",
    "Says he is staying at his sister's some nights",
)
CHECKS = "Rooms and devices checked; occupants confirmed; vehicle details checked"


def _at(day: date, rng: random.Random) -> datetime:
    # Visits happen across the day and into the evening (APP: vary days and times).
    return datetime.combine(
        day,
        time(rng.choice((9, 10, 11, 13, 14, 15, 17, 18, 19, 20)), rng.choice((0, 15, 30, 45))),
        tzinfo=LONDON,
    )


@dataclass
class _History:
    offender: Offender
    risk: str
    status: str
    seen: list[date] = field(default_factory=list)
    attempts: list[tuple[date, str]] = field(default_factory=list)
    station_attendances: list[date] = field(default_factory=list)
    notifications: list[date] = field(default_factory=list)
    assessments: list[tuple[date, str, date | None]] = field(default_factory=list)


def _pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    x, acc = rng.random(), 0.0
    for value, share in mix:
        acc += share
        if x < acc:
            return value
    return mix[-1][0]


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
    risks = [_pick(rng, RISK_MIX) for _ in range(n)]
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

    histories: list[_History] = []
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
        h = _History(offender, risk, status)
        _visits(h, rng, today, overdue=i in overdue)
        _paperwork(h, rng, today)
        histories.append(h)
        if i % 200 == 0:
            progress(0.1 + 0.5 * i / n, f"Offender histories {i:,}/{n:,}")

    _calibrate(histories, rng, today, overdue_target, statuses)
    Offender.objects.bulk_create([h.offender for h in histories], batch_size=1000)
    progress(0.65, "Visits, assessments and notifications")
    _write_events(histories, rng, today, managers, leads)
    progress(0.85, "Backlog trend")
    _snapshots(histories, today, days=90 if scale <= 2 else 14)
    ctx.counts["offenders"] = n
    ctx.counts["overdue_target"] = overdue_target
    ctx.counts["visits"] = Visit.objects.count()


def _visits(h: _History, rng: random.Random, today: date, *, overdue: bool) -> None:
    """Home visits (and failed attempts) back from today to registration."""
    reg = h.offender.registered_on
    if h.status == Status.REACTIVE:
        day = today - timedelta(days=rng.randint(10, 340))
        while day > reg:
            h.station_attendances.append(day)
            day -= timedelta(days=rng.randint(330, 372))
        return
    months = INTERVAL[h.risk]
    interval_days = int(months * 30.4)
    if overdue:
        # Overdue by a few days to several intervals (some have missed more than one).
        late = min(
            int(rng.expovariate(1 / max(20, interval_days * 0.6))) + 1, 3 * interval_days, 500
        )
        last = today - timedelta(days=interval_days + late + 2)
    else:
        last = today - timedelta(days=rng.randint(0, max(1, interval_days - 5)))
    if h.status == Status.IN_CUSTODY:
        last = today - timedelta(days=rng.randint(40, 400))
    if last <= reg:
        last = reg + timedelta(days=rng.randint(1, 20))
        if last > today:
            return
    day = last
    while day > reg:
        h.seen.append(day)
        if rng.random() < FAILED_ATTEMPT_SHARE:
            miss = day - timedelta(days=rng.randint(2, 12))
            if miss > reg:
                h.attempts.append(
                    (
                        miss,
                        rng.choice(
                            (
                                VisitOutcome.NO_ACCESS,
                                VisitOutcome.NO_ACCESS,
                                VisitOutcome.REFUSED_ENTRY,
                            )
                        ),
                    )
                )
        day -= timedelta(days=max(7, int(interval_days * rng.uniform(0.8, 1.15))))
    if overdue and rng.random() < 0.35:
        # A failed attempt after the last successful visit: tried, but no access.
        attempt = today - timedelta(days=rng.randint(1, 20))
        if attempt > last:
            outcome = rng.choice((VisitOutcome.NO_ACCESS, VisitOutcome.NOT_RESIDENT))
            h.attempts.append((attempt, outcome))
            if outcome == VisitOutcome.NOT_RESIDENT and h.status == Status.MANAGED:
                # Not resident at the notified address: whereabouts unknown, pursued (the
                # procedure itself is seeded by synth.offender_procedures).
                h.status = h.offender.status = Status.WHEREABOUTS_UNKNOWN
                h.offender.pursued = True
                h.offender.pursued_reason = "Whereabouts unknown: not resident at the address"
                h.offender.unnotified_change_on = attempt
    h.seen.sort()


def _overdue_now(histories: list[_History], today: date) -> list[bool]:
    policy = rules.default_policy()
    facts = [_facts_on(h, today, offender_id=i) for i, h in enumerate(histories)]
    return [r.is_overdue for r in rules.evaluate_many(facts, today, policy)]


def _calibrate(
    histories: list[_History], rng: random.Random, today: date, target: int, statuses: Sequence[str]
) -> None:
    """Make exactly ``target`` offenders overdue today (histories near registration or
    release can land either side), by re-drawing the visits of a few."""
    overdue = _overdue_now(histories, today)
    count = sum(overdue)
    candidates = [
        i
        for i, h in enumerate(histories)
        if statuses[i] == Status.MANAGED and h.status == Status.MANAGED and h.seen
    ]
    rng.shuffle(candidates)
    for i in candidates:
        if count == target:
            break
        h = histories[i]
        if count < target and not overdue[i]:
            make_overdue = True
        elif count > target and overdue[i]:
            make_overdue = False
        else:
            continue
        h.seen, h.attempts = [], []
        _visits(h, rng, today, overdue=make_overdue)
        now_overdue = _overdue_now([h], today)[0]
        count += int(now_overdue) - int(overdue[i])
        overdue[i] = now_overdue


def _paperwork(h: _History, rng: random.Random, today: date) -> None:
    """Risk assessments and notifications over the registration."""
    reg = h.offender.registered_on
    review_months = {"very_high": 3, "high": 6, "medium": 12, "low": 12}[h.risk]
    day = reg + timedelta(days=rng.randint(5, 25))
    levels = [lvl for lvl, _ in RISK_MIX]
    while day <= today:
        nxt = rules.add_months(day, review_months)
        h.assessments.append((day, rng.choice(levels), nxt))
        step = int(review_months * 30.4 * rng.uniform(0.85, 1.25))
        if rng.random() < 0.06 and nxt < today:
            step += rng.randint(30, 120)  # a review that ran late
        day += timedelta(days=step)
    if h.assessments:  # the latest assessment gives today's level
        last_day, _, last_next = h.assessments[-1]
        h.assessments[-1] = (last_day, h.risk, last_next)
    if h.status == Status.REACTIVE:
        # Reactively managed: low at every assessment of the last three years and more.
        since = today - timedelta(days=LOW_RISK_DAYS)
        h.assessments = [(d, "low" if d >= since else lvl, n) for d, lvl, n in h.assessments]
    day = reg + timedelta(days=rng.randint(0, 3))
    cadence = 7 if h.offender.no_fixed_abode else 365
    while day <= today:
        h.notifications.append(day)
        late = rng.random() < 0.03
        day += timedelta(
            days=cadence
            - rng.randint(1, min(30, cadence - 1) or 1)
            + (rng.randint(10, 40) if late else 0)
        )
    if rng.random() < 0.02:  # stopped notifying: the annual re-notification is overdue
        h.notifications = [d for d in h.notifications if (today - d).days > 380] or h.notifications[
            :1
        ]


def _write_events(
    histories: list[_History],
    rng: random.Random,
    today: date,
    managers: list[User],
    leads: list[User],
) -> None:
    visits: list[Visit] = []
    assessments: list[RiskAssessment] = []
    notifications: list[Notification] = []
    orders: list[Order] = []
    breaches: list[Breach] = []
    now = datetime.combine(today, time(8, 0), tzinfo=LONDON)
    concern_budget = max(3, round(len(histories) / 130))
    recent_breaches = max(2, round(len(histories) / 500))
    for h in histories:
        o = h.offender
        officer = o.offender_manager or rng.choice(managers)
        partner = rng.choice(managers)
        if partner.pk == officer.pk and len(managers) > 1:
            partner = managers[(managers.index(partner) + 1) % len(managers)]
        for day in h.seen:
            concern = ""
            if (today - day).days <= 6 and concern_budget > 0 and rng.random() < 0.3:
                concern, concern_budget = rng.choice(CONCERNS), concern_budget - 1
            visits.append(
                Visit(
                    offender=o,
                    kind=VisitKind.HOME,
                    visited_at=_at(day, rng),
                    officer_1=officer,
                    officer_2=partner,
                    announced=rng.random() < 0.3,
                    outcome=VisitOutcome.SEEN,
                    checks=CHECKS,
                    concerns=concern,
                    raised_concern=bool(concern),
                    intelligence_submitted=bool(concern),
                )
            )
        for day, outcome in h.attempts:
            visits.append(
                Visit(
                    offender=o,
                    kind=VisitKind.HOME,
                    visited_at=_at(day, rng),
                    officer_1=officer,
                    officer_2=partner,
                    outcome=outcome,
                )
            )
        for day in h.station_attendances:
            visits.append(
                Visit(
                    offender=o,
                    kind=VisitKind.STATION,
                    visited_at=_at(day, rng),
                    outcome=VisitOutcome.SEEN,
                    checks="Attended the front counter",
                )
            )
        for day, level, nxt in h.assessments:
            assessments.append(
                RiskAssessment(
                    offender=o,
                    tool=RiskTool.ARMS if rng.random() < 0.8 else RiskTool.RM2000,
                    level=level,
                    assessed_on=day,
                    next_review_due=nxt,
                    assessor=officer,
                    assessor_name=officer.get_full_name(),
                )
            )
        for k, day in enumerate(h.notifications):
            kind = (
                NotificationKind.INITIAL
                if k == 0
                else (
                    NotificationKind.WEEKLY_NFA if o.no_fixed_abode else NotificationKind.PERIODIC
                )
            )
            notifications.append(
                Notification(offender=o, kind=kind, notified_on=day, station=o.station)
            )
        if rng.random() < 0.4:
            orders.append(
                Order(
                    offender=o,
                    kind=OrderKind.SHPO,
                    starts_on=o.registered_on,
                    conditions="Not to have unsupervised contact with children "
                    "under 16; devices to be made available for "
                    "inspection",
                )
            )
        if h.status == Status.MANAGED and rng.random() < 0.012:
            departs = today + timedelta(days=rng.randint(1, 13))
            notifications.append(
                Notification(
                    offender=o,
                    kind=NotificationKind.FOREIGN_TRAVEL,
                    notified_on=max(
                        o.registered_on,
                        departs - timedelta(days=rng.randint(8, 30))
                        if departs - timedelta(days=8) <= today
                        else today,
                    ),
                    travel_departs_on=departs,
                    travel_returns_on=departs + timedelta(days=7),
                    travel_destination=rng.choice(DESTINATIONS),
                    station=o.station,
                )
            )
        if rng.random() < 0.05:
            occurred = today - timedelta(days=rng.randint(2, 700))
            recorded = datetime.combine(occurred, time(12), tzinfo=LONDON)
            if recent_breaches > 0 and h.status == Status.MANAGED and rng.random() < 0.2:
                occurred, recorded = (
                    today - timedelta(days=1),
                    now - timedelta(hours=rng.randint(1, 20)),
                )
                recent_breaches -= 1
            breaches.append(
                Breach(
                    offender=o,
                    what=rng.choice(
                        (
                            "Failed to notify a change of address",
                            "Breach of SHPO: unsupervised contact with a child",
                            "Failed to attend for annual notification",
                            "Undeclared internet-enabled device",
                        )
                    ),
                    occurred_on=occurred,
                    recorded_at=recorded,
                    action=rng.choice(("arrest", "arrest", "charged", "warning", "wanted")),
                    action_on=occurred,
                )
            )
        _summary(h)
    Visit.objects.bulk_create(visits, batch_size=2000)
    RiskAssessment.objects.bulk_create(assessments, batch_size=2000)
    Notification.objects.bulk_create(notifications, batch_size=2000)
    Order.objects.bulk_create(orders, batch_size=2000)
    Breach.objects.bulk_create(breaches, batch_size=2000)
    Offender.objects.bulk_update(
        [h.offender for h in histories],
        [
            "last_visit_seen_on",
            "last_visit_attempt_on",
            "last_visit_attempt_outcome",
            "last_risk_assessment_on",
            "risk_review_due_on",
            "last_notification_on",
            "last_station_attendance_on",
            "wanted",
        ],
        batch_size=1000,
    )


def _summary(h: _History) -> None:
    o = h.offender
    o.last_visit_seen_on = h.seen[-1] if h.seen else None
    attempts = [(d, VisitOutcome.SEEN.value) for d in h.seen] + [(d, str(x)) for d, x in h.attempts]
    if attempts:
        o.last_visit_attempt_on, o.last_visit_attempt_outcome = max(attempts)
    o.last_station_attendance_on = max(h.station_attendances) if h.station_attendances else None
    if h.assessments:
        o.last_risk_assessment_on, _, o.risk_review_due_on = h.assessments[-1]
    o.last_notification_on = h.notifications[-1] if h.notifications else None


def _facts_on(h: _History, day: date, *, offender_id: int | None = None) -> rules.OffenderFacts:
    seen = [d for d in h.seen if d <= day]
    attempts = sorted(
        [(d, "seen") for d in seen] + [(d, str(x)) for d, x in h.attempts if d <= day]
    )
    stations = [d for d in h.station_attendances if d <= day]
    notes = [d for d in h.notifications if d <= day]
    assessed = [(d, nxt) for d, _, nxt in h.assessments if d <= day]
    return rules.OffenderFacts(
        offender_id=h.offender.pk if offender_id is None else offender_id,
        registered_on=h.offender.registered_on,
        status=rules.OffenderStatus(h.status),
        risk_level=rules.RiskLevel(h.risk),
        registration_ends_on=h.offender.registration_ends_on,
        last_visit_seen_on=seen[-1] if seen else None,
        last_visit_attempt=(
            rules.VisitAttempt(attempts[-1][0], rules.VisitOutcome(attempts[-1][1]))
            if attempts
            else None
        ),
        last_station_attendance_on=max(stations) if stations else None,
        last_notification_on=notes[-1] if notes else None,
        no_fixed_abode=h.offender.no_fixed_abode,
        last_risk_assessment_on=assessed[-1][0] if assessed else None,
        risk_review_due_on=assessed[-1][1] if assessed else None,
        station=h.offender.station.name,
        interval_months_override=h.offender.interval_months_override,
    )


def _snapshots(histories: list[_History], today: date, *, days: int) -> None:
    """Backlog figures for each of the last ``days`` days, from the same histories."""
    policy = rules.default_policy()
    snapshots = []
    on_register = [h for h in histories if h.offender.registered_on <= today]
    for back in range(days, -1, -1):
        day = today - timedelta(days=back)
        facts = [_facts_on(h, day) for h in on_register if h.offender.registered_on <= day]
        pairs = list(zip(facts, rules.evaluate_many(facts, day, policy), strict=True))
        summary = rules.summarise_backlog(
            pairs, policy=policy, today=day, group_by={"station": lambda f: f.station}
        )
        snapshots.append(
            BacklogSnapshot(
                day=day,
                policy_version=policy.version,
                overdue_visits=summary.totals.overdue_visits,
                missed_visits=summary.totals.missed_visits,
                oldest_overdue_days=summary.totals.oldest_overdue_days,
                overdue_risk_reviews=summary.totals.risk_reviews_overdue,
                overdue_notifications=summary.totals.notifications_overdue,
                by_risk={k: v.overdue_visits for k, v in summary.by_risk.items()},
                by_station={k: v.overdue_visits for k, v in summary.groups["station"].items()},
            )
        )
    BacklogSnapshot.objects.bulk_create(snapshots)


def register() -> None:
    from safehold.synth.force import register_seeder
    from safehold.synth.offender_procedures import seed_procedures

    register_seeder("offenders", seed_offenders)
    register_seeder("offender procedures", seed_procedures)
    from safehold.synth.offender_risk import seed_risk_tools

    register_seeder("offender risk tools", seed_risk_tools)
    from safehold.synth.offender_orders import seed_orders

    register_seeder("offender orders", seed_orders)
