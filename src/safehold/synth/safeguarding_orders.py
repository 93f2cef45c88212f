"""The synthetic force's protection notices and orders: a DAPN/DAPO pilot force.

The packaged policy gives a real force DVPN and DVPO only (``[orders] dapn_dapo_from`` is
empty: Staffordshire is not a pilot force). The synthetic force is one: from
:func:`pilot_from` (the first of the month four months before the day its history runs up
to) it gives DAPNs and DAPOs, with positive and notification requirements and some
breaches; before that, DVPNs and DVPOs. :func:`pilot_policies` lays that date over the
force's policy for the seed only; ``safehold demo`` serves with the same date through the
file :func:`write_demo_policy` makes (docs/safeguarding.md, "The demo force is a DAPN/DAPO
pilot"). A force whose own policy file sets a date keeps it.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry
from safehold.safeguarding import policies
from safehold.safeguarding.court_days import CourtCalendar, hearing_deadline, load_calendar
from safehold.safeguarding.models import OrderBreach, ProtectiveAction
from safehold.safeguarding.protection_orders import DAPN_REGIME, order_clock, regime_on
from safehold.safeguarding.vocabulary import ActionKind, BreachResponse, Grade
from safehold.synth.safeguarding_plan import LONDON, Plan, Tables, pick

PILOT_MONTHS_BACK = 4
DEMO_POLICY_FILE = "demo-safeguarding-policy.toml"
NOTICE_CHANCE = 0.025  # of incidents graded medium or high
ORDER_CHANCE = 0.85  # the court makes the order
BREACH_CHANCE = 0.35  # a DAPO is breached (illustrative: local data would replace it)
# Who authorised a notice: a name without the rank (the page puts the rank before it) and a
# rank from policy.toml's ``ranks`` at or above the notice's minimum.
SUPERINTENDENTS = (
    ("Okafor", "superintendent"),
    ("Hale", "superintendent"),
    ("Brennan", "chief superintendent"),
    ("Lindqvist", "superintendent"),
)
INSPECTORS = (
    ("Adeyemi", "inspector"),
    ("Marsh", "inspector"),
    ("Kowalski", "chief inspector"),
    ("Devlin", "inspector"),
)
COURT_OPENS, COURT_SITS_HOURS = time(10), 6  # hearings between 10:00 and 16:00 London
# A DAPO's length: until further order (None) or the days the court set.
DAPO_DAYS = ((None, 0.35), (180, 0.2), (365, 0.3), (730, 0.15))
POSITIVE_REQUIREMENTS = (
    "Attend a domestic abuse perpetrator programme",
    "Electronic monitoring of the exclusion zone for 6 months",
    "Attend a drug and alcohol assessment",
)
BREACHES = (
    ("Came to the victim's home at night and banged on the door", 0.4),
    ("Sent the victim messages through a friend", 0.35),
    ("Seen inside the exclusion zone by the victim's neighbour", 0.25),
)
RESPONSES = (
    (BreachResponse.ARRESTED, 0.55),
    (BreachResponse.CRIME_RECORDED, 0.3),
    (BreachResponse.BACK_TO_COURT, 0.1),
    (BreachResponse.NO_ACTION, 0.05),
)
ActionFn = Callable[..., None]  # safeguarding_actions._action (that module imports this one)


def pilot_from(today: date) -> date:
    """The day the synthetic force began the DAPN/DAPO pilot: inside its seeded year."""
    month = today.month - PILOT_MONTHS_BACK
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def pilot_policies(base: policies.Policies, start: date) -> policies.Policies:
    """``base`` with the DAPN/DAPO regime from ``start``, unless it names its own date."""
    if base.orders.dapn_dapo_from is not None:
        return base
    orders = dataclasses.replace(
        base.orders, dapn_dapo_from=start, version=f"{base.orders.version}+synthetic-pilot"
    )
    return dataclasses.replace(base, orders=orders)


def write_demo_policy(path: Path, start: date) -> Path:
    """Write the packaged policy file with ``[orders] dapn_dapo_from = start`` to ``path``
    (for ``safehold demo``'s server); the version says it is the demo's."""
    text = (
        resources.files("safehold.safeguarding").joinpath("config/policy.toml").read_text("utf-8")
    )
    text, found = re.subn(
        r'^dapn_dapo_from = "".*$',
        f"dapn_dapo_from = {start.isoformat()}  # the synthetic demo force's pilot",
        text,
        count=1,
        flags=re.MULTILINE,
    )
    text, versions = re.subn(
        r'^version = "([^"]+)"', r'version = "\1+synthetic-pilot"', text, count=1, flags=re.M
    )
    if not found or not versions:
        raise ValueError("the packaged policy.toml has no empty dapn_dapo_from or no version")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def demo_policy(var_dir: Path) -> Path | None:
    """For ``safehold demo``: the policy file of the synthetic force in this database (its
    pilot from :func:`pilot_from` of the day it was seeded up to), or ``None`` when the
    database holds no synthetic force."""
    detail = (
        AccessLogEntry.objects.filter(record_type="synthetic_force")
        .order_by("-id")
        .values_list("detail", flat=True)
        .first()
    )
    if not isinstance(detail, dict) or "today" not in detail:
        return None
    start = pilot_from(date.fromisoformat(str(detail["today"])))
    return write_demo_policy(var_dir / DEMO_POLICY_FILE, start)


def seed_notice(
    t: Tables,
    plan: Plan,
    rng: random.Random,
    now: datetime,
    officer: User,
    policy: policies.Policies,
    grade: str,
    seen: datetime,
    action: ActionFn,
) -> None:
    """A DVPN and DVPO, or under the pilot a DAPN and DAPO, for a few incidents graded
    medium or high. The pilot's extras (requirements, breaches) come from the incident's
    own stream, so the rest of the force draws the same numbers under either regime."""
    h, hours = plan.household, timedelta(hours=1)
    if grade == Grade.STANDARD or rng.random() >= NOTICE_CHANCE:
        return
    served = seen + hours * rng.uniform(4, 20)
    if served > now:
        return
    pilot = regime_on(served.astimezone(LONDON).date(), policy.orders) is DAPN_REGIME
    authoriser, rank = rng.choice(INSPECTORS if pilot else SUPERINTENDENTS)
    heard = hours * rng.uniform(18, 46)
    # The second draw places the hearing within the court's sitting hours (kept as a draw
    # so the rest of the incident's stream is unchanged).
    limit = policy.orders.dapo_hearing_hours if pilot else policy.clocks.dvpo_hearing_hours
    made = in_court_hours(
        served, served + heard, (rng.uniform(18, 46) - 18) / 28, limit_hours=limit
    )
    considered = {
        "victim_views": "Supports the notice; wants him kept away from the house",
        "children_welfare": "Children's interests considered; school and social care told"
        if h.children
        else "No child's interests are relevant",
        "suspect_representations": "Made none when asked",
    }
    notice = ActionKind.DAPN if pilot else ActionKind.DVPN
    action(
        t, plan, notice, served, officer, policy, subject=h.suspect, done_after=made - served,
        now=now,
        note=f"{'DAPO' if pilot else 'DVPO'} hearing held", authorised_by_name=authoriser,
        authorised_by_rank=rank, **considered,
    )  # fmt: skip
    made_order = rng.random() < ORDER_CHANCE and made <= now
    days = rng.randint(14, 28)
    if not made_order:
        return
    if not pilot:
        action(
            t, plan, ActionKind.DVPO, made, officer, policy, subject=h.suspect,
            done_after=timedelta(days=days), now=now, note="Order expired", order_days=days,
        )  # fmt: skip
        return
    _dapo(t, plan, random.Random(plan.id * 7_727 + 5), now, officer, policy, made, action)


def in_court_hours(
    served: datetime,
    target: datetime,
    fraction: float,
    *,
    limit_hours: int = 48,
    calendar: CourtCalendar | None = None,
) -> datetime:
    """A hearing time in the court's sitting hours (10:00-16:00 London on a weekday the
    bank-holiday calendar counts) at least 4 hours after ``served`` and within
    ``limit_hours`` counted hours of it (the hearing deadline the product computes, which
    does not count Sundays, Christmas Day, Good Friday or bank holidays): the latest such
    sitting at or before ``target``, else the first one after ``served`` (late only when
    no sitting falls within the deadline). ``fraction``
    (0-1) places it within the sitting hours."""
    calendar = calendar or load_calendar()
    deadline = hearing_deadline(served, limit_hours, calendar)
    latest = min(target, deadline)
    earliest = served + timedelta(hours=4)

    def hearing_on(day: date, start: datetime, end: datetime) -> datetime | None:
        """The sitting time ``fraction`` places on ``day``, moved into [start, end]; None
        when the court does not sit that day or its hours miss [start, end]."""
        if day.weekday() >= 5 or calendar.excluded(day):
            return None
        opens = datetime.combine(day, COURT_OPENS, tzinfo=LONDON).astimezone(UTC)
        closes = opens + timedelta(hours=COURT_SITS_HOURS)
        low, high = max(opens, start), min(closes, end)
        if low > high:
            return None
        return min(max(opens + (closes - opens) * fraction, low), high)

    day = latest.astimezone(LONDON).date()
    while day >= earliest.astimezone(LONDON).date():
        if (made := hearing_on(day, earliest, latest)) is not None:
            return made
        day -= timedelta(days=1)
    for end in (deadline, datetime.max.replace(tzinfo=UTC)):  # in time if the court can
        day = earliest.astimezone(LONDON).date()
        while day <= end.astimezone(LONDON).date():
            if (made := hearing_on(day, earliest, end)) is not None:
                return made
            day += timedelta(days=1)
    raise AssertionError("unreachable: some later weekday is a sitting day")


def _dapo(
    t: Tables,
    plan: Plan,
    rng: random.Random,
    now: datetime,
    officer: User,
    policy: policies.Policies,
    made: datetime,
    action: ActionFn,
) -> None:
    """A DAPO with its requirements, the notification clock and perhaps a breach."""
    suspect, orders = plan.household.suspect, policy.orders
    days = pick(rng, DAPO_DAYS)
    positive = [r for r in POSITIVE_REQUIREMENTS if rng.random() < 0.4]
    notify = rng.random() < 0.9
    requirements = [{"kind": "positive", "text": r} for r in positive]
    if notify:
        requirements.append(
            {
                "kind": "notification",
                "text": f"Notify name and address within {orders.dapo_notification_days} days",
            }
        )
    clock = order_clock(ActionKind.DAPO, made, orders, order_days=days)
    ends = clock.due_at if days is not None else None
    action(
        t, plan, ActionKind.DAPO, made, officer, policy, subject=suspect,
        done_after=ends - made if ends is not None else None, now=now, note="Order expired",
        order_days=days, requirements=requirements,
    )  # fmt: skip
    breaches: list[dict[str, Any]] = plan.extras.setdefault("breaches", [])
    if notify:
        late = rng.random() < 0.12
        notified = None if late else timedelta(days=rng.uniform(0.3, 2.5))
        note = f"Notification requirements of the DAPO made {made:%d %b %Y}"
        action(
            t, plan, ActionKind.DAPO_NOTIFICATION, made, officer, policy, subject=suspect,
            done_after=notified, now=now, note="Name and address notified", details=note,
        )  # fmt: skip
        due = made + timedelta(days=orders.dapo_notification_days)
        if late and due + timedelta(days=1) <= now:
            breaches.append(
                _breach(
                    rng, ActionKind.DAPO_NOTIFICATION, made, due + timedelta(days=1), officer.pk
                )
                | {"details": "Did not notify name and address in time"}
            )
    if rng.random() < BREACH_CHANCE:
        at = made + timedelta(days=rng.uniform(2, 60))
        if at <= now and (ends is None or at < ends):
            breaches.append(_breach(rng, ActionKind.DAPO, made, at, officer.pk))


def _breach(
    rng: random.Random, kind: ActionKind, started: datetime, at: datetime, by: int
) -> dict[str, Any]:
    response = pick(rng, RESPONSES)
    return {
        "by": by,
        "kind": kind,
        "started_at": started,
        "at": at,
        "details": pick(rng, BREACHES),
        "response": response,
        "response_note": "Victim does not want action; safeguarding reviewed"
        if response is BreachResponse.NO_ACTION
        else "",
    }


def write_breaches(plans: Sequence[Plan]) -> int:
    """The breaches planned on the pilot's orders, once the orders have ids (one query)."""
    wanted = [(p, b) for p in plans for b in p.extras.get("breaches", ())]
    if not wanted:
        return 0
    ids = {
        (incident, kind, started): pk
        for pk, incident, kind, started in ProtectiveAction.objects.filter(
            incident_id__in={p.id for p, _ in wanted},
            kind__in=[ActionKind.DAPO, ActionKind.DAPO_NOTIFICATION],
        ).values_list("pk", "incident_id", "kind", "started_at")
    }
    rows = [
        OrderBreach(
            incident_id=p.id,
            order_id=ids[(p.id, b["kind"], b["started_at"])],
            at=b["at"],
            details=b["details"],
            response=b["response"],
            response_note=b["response_note"],
            created_by_id=b["by"],
            modified_by_id=b["by"],
        )
        for p, b in wanted
    ]
    OrderBreach.objects.bulk_create(rows)
    return len(rows)
