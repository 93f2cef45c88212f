"""Writing the synthetic offenders' drawn histories: the visits, risk assessments,
notifications, orders and breaches, each offender's summary columns, and the daily
backlog snapshots computed from the same histories (so the trend agrees with the records).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from safehold.accounts.models import User
from safehold.offenders import policy as rules
from safehold.offenders.models import (
    BacklogSnapshot,
    Breach,
    Notification,
    NotificationKind,
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
from safehold.synth.offender_history import History, facts_on

__all__ = ["LONDON", "write_events", "write_snapshots"]

LONDON = ZoneInfo("Europe/London")
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


def write_events(
    histories: list[History],
    rng: random.Random,
    today: date,
    managers: list[User],
    leads: list[User],
) -> None:
    """Write every history's visits, assessments, notifications, orders and breaches, and
    each offender's summary columns (bulk inserts)."""
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


def _summary(h: History) -> None:
    o = h.offender
    o.last_visit_seen_on = h.seen[-1] if h.seen else None
    attempts = [(d, VisitOutcome.SEEN.value) for d in h.seen] + [(d, str(x)) for d, x in h.attempts]
    if attempts:
        o.last_visit_attempt_on, o.last_visit_attempt_outcome = max(attempts)
    o.last_station_attendance_on = max(h.station_attendances) if h.station_attendances else None
    if h.assessments:
        o.last_risk_assessment_on, _, o.risk_review_due_on = h.assessments[-1]
    o.last_notification_on = h.notifications[-1] if h.notifications else None


def write_snapshots(histories: list[History], today: date, *, days: int) -> None:
    """Backlog figures for each of the last ``days`` days, from the same histories."""
    policy = rules.default_policy()
    snapshots = []
    on_register = [h for h in histories if h.offender.registered_on <= today]
    for back in range(days, -1, -1):
        day = today - timedelta(days=back)
        facts = [facts_on(h, day) for h in on_register if h.offender.registered_on <= day]
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
