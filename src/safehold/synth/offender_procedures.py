"""The register's procedures in the synthetic force, after the offenders seeder:

- every reactively managed offender has the signed-off move that put them there (a
  proposal by their manager, approved by a priorities sergeant, after three years at low
  risk — the offenders seeder keeps their assessments low that long);
- every offender whose whereabouts are unknown has an open procedure from when they were
  last seen, with the steps a unit would have taken by now (PNC circulation nearly
  always, enquiries, a breach record in about six in ten, DS reviews);
- about 4% of offenders have notified a change of details in the last 60 days (vehicles,
  bank cards, contact details, passports), a fifth of them late and flagged as a
  possible s91 matter (some decided), each in the details history;
- the no-access streak of each offender is counted from their visits.

None of this moves a visit due date, so the calibrated backlog stays as it is.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import Max

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.datetext import long_date
from safehold.offenders.models import (
    Breach,
    ChangeKind,
    ChangeState,
    Notification,
    NotificationKind,
    NotifiedDetail,
    Offender,
    RiskChange,
    Status,
    StepKind,
    Visit,
    VisitKind,
    WhereaboutsProcedure,
    WhereaboutsStep,
    WhereaboutsTrigger,
)

if TYPE_CHECKING:
    from safehold.synth.force import SeedContext

LONDON = ZoneInfo("Europe/London")
CHANGE_SHARE = 0.04
LATE_SHARE = 0.2
VEHICLES = ("Ford Focus", "Vauxhall Corsa", "VW Golf", "Nissan Qashqai", "Toyota Yaris")
BANKS = ("Barclays", "Lloyds", "NatWest", "HSBC", "Santander", "Nationwide")


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def _value(subject: str, rng: random.Random) -> str:
    if subject == "vehicle":
        plate = f"{rng.choice('ABDEFGHKLMNOPRSVWY')}{rng.choice('ABDEFGHKLMNOPRSVWY')}"
        tail = "".join(rng.choice("ABCDEFGHJKLMNOPRSTUVWXYZ") for _ in range(3))
        return f"{plate}{rng.randint(10, 74)} {tail}, {rng.choice(VEHICLES)}"
    if subject == "bank_card":
        return f"{rng.choice(BANKS)} debit card ending {rng.randint(1000, 9999)}"
    if subject == "passport_id":
        return (
            f"UK passport {rng.randint(100000000, 999999999)}, expires {2028 + rng.randint(0, 9)}"
        )
    return f"Mobile 07700 {rng.randint(900000, 900999)}"


def seed_procedures(ctx: SeedContext, progress: Callable[[float, str], None]) -> None:
    """Sign-offs, whereabouts procedures, structured notifications and no-access streaks."""
    rng, today = ctx.rng, ctx.params.today
    leads = ctx.staff.users_by_role[Role.PRIORITIES_LEAD]
    managers: list[User] = ctx.staff.users_by_role[Role.OFFENDER_MANAGER]
    offenders = list(Offender.objects.select_related("offender_manager").order_by("id"))
    last_breach = dict(
        Breach.objects.values("offender_id")
        .annotate(last=Max("occurred_on"))
        .values_list("offender_id", "last")
    )
    progress(0.0, "Reactive management sign-offs")
    changes: list[RiskChange] = []
    for o in offenders:
        if o.status != Status.REACTIVE:
            continue
        proposer = o.offender_manager or rng.choice(managers)
        earliest = o.registered_on + timedelta(days=3 * 365 + 30)
        after = last_breach.get(o.id)
        if after is not None and after + timedelta(days=30) > earliest:
            earliest = after + timedelta(days=30)
        span = max(1, (today - timedelta(days=14) - earliest).days)
        proposed = min(today - timedelta(days=14), earliest + timedelta(days=rng.randint(0, span)))
        changes.append(
            RiskChange(
                offender=o,
                kind=ChangeKind.REACTIVE_MANAGEMENT,
                from_value=Status.MANAGED,
                to_value=Status.REACTIVE,
                reason="Low risk at every assessment for three years; stable, compliant",
                eligibility="Low risk at every assessment for at least three years.",
                proposed_by=proposer,
                proposed_at=_at(proposed, 11),
                state=ChangeState.APPROVED,
                decided_by=rng.choice(leads),
                decided_at=_at(proposed + timedelta(days=rng.randint(1, 10)), 15),
                decision_note="Criteria met; annual station attendance",
                policy_version="staffs-2026.2",
                created_by=proposer,
            )
        )
    awaiting = [
        o for o in offenders if o.status == Status.MANAGED and o.risk_level in ("high", "medium")
    ]
    for o in rng.sample(awaiting, min(len(awaiting), max(1, len(offenders) // 150))):
        lower = "medium" if o.risk_level == "high" else "low"
        proposer = o.offender_manager or rng.choice(managers)
        changes.append(
            RiskChange(
                offender=o,
                kind=ChangeKind.LOWER_RISK,
                from_value=o.risk_level,
                to_value=lower,
                reason=f"ARMS review: protective factors stronger; proposes {lower}",
                proposed_by=proposer,
                proposed_at=_at(today - timedelta(days=rng.randint(1, 6)), 12),
                policy_version="staffs-2026.2",
                created_by=proposer,
            )
        )
    RiskChange.objects.bulk_create(changes, batch_size=1000)

    progress(0.3, "Whereabouts-unknown procedures")
    unknown = [o for o in offenders if o.status == Status.WHEREABOUTS_UNKNOWN]
    procedures: list[WhereaboutsProcedure] = []
    for o in unknown:
        since = o.last_visit_seen_on or o.registered_on
        opened = o.last_visit_attempt_on or today - timedelta(days=rng.randint(3, 60))
        procedures.append(
            WhereaboutsProcedure(
                offender=o,
                since=since,
                opened_at=_at(opened, 16),
                trigger=WhereaboutsTrigger.NOT_RESIDENT
                if o.last_visit_attempt_outcome == "not_resident"
                else WhereaboutsTrigger.STATUS,
                reason=f"Not resident at the notified address on {long_date(opened)}"
                if o.last_visit_attempt_outcome == "not_resident"
                else "Not seen at the notified address; neighbours say moved out",
                created_by=o.offender_manager,
            )
        )
    WhereaboutsProcedure.objects.bulk_create(procedures)
    steps: list[WhereaboutsStep] = []
    breaches: list[Breach] = []
    for p in procedures:
        opened = p.opened_at
        age = (_at(today, 8) - opened).days
        officer = p.offender.offender_manager or rng.choice(managers)
        if age >= 1 and rng.random() < 0.9:
            steps.append(
                WhereaboutsStep(
                    procedure=p,
                    kind=StepKind.PNC,
                    done_at=opened + timedelta(hours=rng.randint(2, 30)),
                    done_by=officer,
                    note="Circulated as wanted/missing on the PNC",
                    reference=f"{opened:%y}/{rng.randint(100000, 999999)}S",
                )
            )
        if age >= 2 and rng.random() < 0.75:
            steps.append(
                WhereaboutsStep(
                    procedure=p,
                    kind=StepKind.ENQUIRY,
                    done_at=opened + timedelta(days=rng.randint(1, 3)),
                    done_by=officer,
                    note="Hospitals, custody suites, known associates and previous addresses",
                )
            )
        if age >= 5 and rng.random() < 0.6:
            occurred = opened.date() + timedelta(days=3)
            breaches.append(
                Breach(
                    offender=p.offender,
                    what="Failed to notify a change of address (s91); whereabouts unknown",
                    occurred_on=occurred,
                    recorded_at=opened + timedelta(days=rng.randint(3, 6)),
                    action="wanted",
                    action_on=occurred,
                )
            )
            steps.append(
                WhereaboutsStep(
                    procedure=p,
                    kind=StepKind.BREACH,
                    done_at=opened + timedelta(days=6),
                    done_by=officer,
                    note="Breach recorded",
                )
            )
        review = opened + timedelta(days=7)
        while review < _at(today, 8) - timedelta(days=1) and rng.random() < 0.85:
            steps.append(
                WhereaboutsStep(
                    procedure=p,
                    kind=StepKind.REVIEW,
                    done_at=review,
                    done_by=rng.choice(leads),
                    note="Reviewed: keep circulated; next enquiries set",
                )
            )
            review += timedelta(days=7)
    WhereaboutsStep.objects.bulk_create(steps, batch_size=1000)
    Breach.objects.bulk_create(breaches)
    wanted = [b.offender for b in breaches]
    for o in wanted:
        o.wanted = True
    Offender.objects.bulk_update(wanted, ["wanted"])

    progress(0.6, "Notified changes of details")
    notes: list[Notification] = []
    details: list[NotifiedDetail] = []
    for o in offenders:
        if o.status not in (Status.MANAGED, Status.REACTIVE) or rng.random() >= CHANGE_SHARE:
            continue
        subject = rng.choice(("vehicle", "vehicle", "bank_card", "contact", "passport_id"))
        notified = today - timedelta(days=rng.randint(1, 60))
        late = len(notes) % round(1 / LATE_SHARE) == 0  # one in five, the first included
        after = rng.randint(4, 25) if late else rng.randint(0, 3)
        changed = max(o.registered_on, notified - timedelta(days=after))
        late = (notified - changed).days > 3
        decided = late and (today - notified).days > 14 and rng.random() < 0.6
        note = Notification(
            offender=o,
            kind=NotificationKind.CHANGE,
            notified_on=notified,
            station=o.station,
            subject=subject,
            changed_on=changed,
            possible_s91=late,
            lateness=f"Notified {(notified - changed).days - 3} days late "
            f"(due by {(changed + timedelta(days=3)).day} "
            f"{changed + timedelta(days=3):%B %Y})"
            if late
            else "",
            excuse="Thought it could wait until the annual notification"
            if late and rng.random() < 0.3
            else "",
            s91_decision="no_action" if decided else "",
            s91_note="Words of advice given; first lapse" if decided else "",
            s91_decided_by=rng.choice(leads) if decided else None,
            s91_decided_at=_at(notified + timedelta(days=3), 14) if decided else None,
            created_by=o.offender_manager,
        )
        notes.append(note)
    Notification.objects.bulk_create(notes)
    for n in notes:
        details.append(
            NotifiedDetail(
                offender=n.offender,
                subject=n.subject,
                value=_value(n.subject, rng),
                valid_from=n.changed_on or n.notified_on or today,
                notification=n,
                created_by=n.created_by,
            )
        )
    NotifiedDetail.objects.bulk_create(details)

    progress(0.85, "No-access streaks")
    streaks: dict[int, int] = {}
    rows = (
        Visit.objects.filter(kind=VisitKind.HOME)
        .exclude(outcome="")
        .order_by("offender_id", "visited_at")
        .values_list("offender_id", "outcome")
    )
    for oid, outcome in rows:
        if outcome == "seen":
            streaks[oid] = 0
        elif outcome in ("no_access", "refused_entry"):
            streaks[oid] = streaks.get(oid, 0) + 1
    counted = [o for o in offenders if streaks.get(o.id)]
    for o in counted:
        o.no_access_streak = streaks[o.id]
    Offender.objects.bulk_update(counted, ["no_access_streak"], batch_size=1000)
    ctx.counts["reactive_sign_offs"] = sum(1 for c in changes if c.state == ChangeState.APPROVED)
    ctx.counts["awaiting_sign_off"] = sum(1 for c in changes if c.state == ChangeState.AWAITING)
    ctx.counts["whereabouts_procedures"] = len(procedures)
    ctx.counts["notified_changes"] = len(notes)
    ctx.counts["possible_s91"] = sum(1 for n in notes if n.possible_s91)
