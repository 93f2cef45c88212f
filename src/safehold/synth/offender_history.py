"""Drawing a synthetic offender's history: home visits, failed attempts, risk assessments
and notifications back to registration, and calibrating how many are overdue today.

Histories are drawn in memory (:class:`History`) and judged by the register's visit policy
(:func:`facts_on`) before anything is written; ``offender_events.py`` writes them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from safehold.offenders import policy as rules
from safehold.offenders.models import Offender, Status, VisitOutcome

__all__ = [
    "INTERVAL",
    "LOW_RISK_DAYS",
    "REACTIVE_MIN_YEARS",
    "RISK_MIX",
    "History",
    "calibrate",
    "draw_paperwork",
    "draw_visits",
    "facts_on",
    "overdue_now",
    "pick",
]

RISK_MIX = (("very_high", 0.02), ("high", 0.18), ("medium", 0.30), ("low", 0.50))
INTERVAL = {"very_high": 1, "high": 3, "medium": 6, "low": 12}
FAILED_ATTEMPT_SHARE = 0.3
# Years on the register before reactive management (three at low risk, and a little more
# for the assessments and the sign-off to fall inside).
REACTIVE_MIN_YEARS = 3.5
LOW_RISK_DAYS = int(REACTIVE_MIN_YEARS * 365)


@dataclass
class History:
    """One offender's drawn history: visits, attempts, attendances, notifications and
    assessments, before any row is written."""

    offender: Offender
    risk: str
    status: str
    seen: list[date] = field(default_factory=list)
    attempts: list[tuple[date, str]] = field(default_factory=list)
    station_attendances: list[date] = field(default_factory=list)
    notifications: list[date] = field(default_factory=list)
    assessments: list[tuple[date, str, date | None]] = field(default_factory=list)


def pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    """One value of ``mix`` (value, share) drawn by share."""
    x, acc = rng.random(), 0.0
    for value, share in mix:
        acc += share
        if x < acc:
            return value
    return mix[-1][0]


def draw_visits(h: History, rng: random.Random, today: date, *, overdue: bool) -> None:
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


def overdue_now(histories: list[History], today: date) -> list[bool]:
    """Which histories leave the offender overdue a home visit today, by the visit policy."""
    policy = rules.default_policy()
    facts = [facts_on(h, today, offender_id=i) for i, h in enumerate(histories)]
    return [r.is_overdue for r in rules.evaluate_many(facts, today, policy)]


def calibrate(
    histories: list[History], rng: random.Random, today: date, target: int, statuses: Sequence[str]
) -> None:
    """Make exactly ``target`` offenders overdue today (histories near registration or
    release can land either side), by re-drawing the visits of a few."""
    overdue = overdue_now(histories, today)
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
        draw_visits(h, rng, today, overdue=make_overdue)
        now_overdue = overdue_now([h], today)[0]
        count += int(now_overdue) - int(overdue[i])
        overdue[i] = now_overdue


def draw_paperwork(h: History, rng: random.Random, today: date) -> None:
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


def facts_on(h: History, day: date, *, offender_id: int | None = None) -> rules.OffenderFacts:
    """The visit policy's facts about the offender as the history stood on ``day``."""
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
