"""Reads of the register shaped for its pages, the API and the CLI.

Each costs a fixed number of SQL queries whatever the size of the force: the policy
runs over the offenders' summary columns (two queries, see ``facts``), and each page then
fetches only the rows it shows, with their relations, in one more query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from safehold.accounts.models import User
from safehold.accounts.roles import Role

from . import policy as rules
from .backlog_cache import by_register_stamp, memo_by_register_stamp
from .facts import Evaluated, current_policy, evaluate_offenders
from .models import (
    BacklogSnapshot,
    Breach,
    ChangeState,
    Notification,
    NotificationKind,
    Offender,
    OffenderPhoto,
    RiskChange,
    Status,
    Visit,
    WhereaboutsProcedure,
)
from .order_reads import visit_checks
from .risk_models import MappaChange, RiskPlan

RISK_RANK = {"very_high": 0, "high": 1, "medium": 2, "low": 3, "": 4, None: 4}


# ------------------------------------------------------------------------ the list


@dataclass(frozen=True, slots=True)
class OffenderFilters:
    """What the offender list is narrowed to. Empty means no filter."""

    q: str = ""
    risk: tuple[str, ...] = ()
    station: int | None = None
    manager: int | None = None
    unassigned: bool = False
    status: str = ""
    overdue: str = ""  # "yes", "no" or ""


def _filtered(filters: OffenderFilters) -> QuerySet[Offender]:
    offenders = Offender.objects.all()
    for word in filters.q.split():
        offenders = offenders.filter(
            Q(person__family_name__icontains=word)
            | Q(person__given_name__icontains=word)
            | Q(register_reference__iexact=word)
            | Q(person__reference__iexact=word)
        )
    if filters.risk:
        offenders = offenders.filter(risk_level__in=filters.risk)
    if filters.station:
        offenders = offenders.filter(station_id=filters.station)
    if filters.manager:
        offenders = offenders.filter(offender_manager_id=filters.manager)
    if filters.unassigned:
        offenders = offenders.filter(offender_manager__isnull=True)
    if filters.status:
        offenders = offenders.filter(status=filters.status)
    return offenders


SORTS = {
    "name": lambda e: (e.row["person__family_name"].lower(), e.row["person__given_name"].lower()),
    "reference": lambda e: e.row["register_reference"],
    "risk": lambda e: (RISK_RANK[e.row["risk_level"]], -e.result.days_overdue),
    "due": lambda e: (e.result.next_visit_due or date.max, RISK_RANK[e.row["risk_level"]]),
    "overdue": lambda e: (e.result.days_overdue, -RISK_RANK[e.row["risk_level"]]),
    "station": lambda e: e.row["station__name"] or "",
    "manager": lambda e: e.row["offender_manager__username"] or "",
}


def offender_list(
    filters: OffenderFilters, *, sort: str, descending: bool, today: date, cached: bool = False
) -> list[Evaluated]:
    """Every offender matching the filters, evaluated and sorted (offenders off the
    register only when their status is asked for).

    ``cached``: filter the whole register's evaluation kept under its change stamp
    (``backlog_cache``) by the ids the filters select (one query) instead of evaluating
    the matching offenders again.
    """
    off_register = filters.status in (Status.DECEASED, Status.EXPIRED)
    if cached and not off_register:
        policy = current_policy()
        everyone = memo_by_register_stamp(
            "register",
            today,
            policy.version,
            lambda: evaluate_offenders(today=today, policy=policy),
        )
        if filters == OffenderFilters():
            evaluated = list(everyone)
        else:
            wanted = set(_filtered(filters).values_list("id", flat=True))
            evaluated = [e for e in everyone if e.row["id"] in wanted]
    else:
        evaluated = evaluate_offenders(
            _filtered(filters), today=today, include_off_register=off_register
        )
    if filters.overdue == "yes":
        evaluated = [e for e in evaluated if e.result.is_overdue]
    elif filters.overdue == "no":
        evaluated = [e for e in evaluated if not e.result.is_overdue]
    key = SORTS.get(sort, SORTS["due"])
    evaluated.sort(key=key, reverse=descending)
    return evaluated


def offenders_by_id(ids: Sequence[int]) -> dict[int, Offender]:
    """The offenders on one page with person, station and manager (one query)."""
    rows = Offender.objects.filter(pk__in=list(ids)).select_related(
        "person", "station", "offender_manager"
    )
    return {o.pk: o for o in rows}


def offender_managers() -> list[User]:
    return list(
        User.objects.filter(role=Role.OFFENDER_MANAGER, is_active=True)
        .select_related("station")
        .order_by("last_name", "first_name")
    )


# ---------------------------------------------------------------------- the record


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One thing that happened on a record, for the timeline."""

    at: date
    kind: str
    title: str
    detail: str
    flag: str = ""  # "", "warning" or "ok"


def offender_record(offender_id: int) -> Offender | None:
    """An offender with everything its record page shows (a fixed number of queries)."""
    return (
        Offender.objects.filter(pk=offender_id)
        .select_related("person", "station", "offender_manager")
        .prefetch_related(
            "assessments",
            "orders",
            Prefetch(
                "notifications",
                queryset=Notification.objects.select_related("travel_decided_by"),
            ),
            Prefetch("breaches", queryset=Breach.objects.select_related("order", "requirement")),
            "orders__terms",
            "safety_markers",
            Prefetch("photos", queryset=OffenderPhoto.objects.defer("image")),
            Prefetch("visits", queryset=Visit.objects.select_related("officer_1", "officer_2")),
            "person__aliases",
            Prefetch(
                "risk_changes",
                queryset=RiskChange.objects.select_related("proposed_by", "decided_by"),
            ),
            "management_reviews",
            "intelligence",
            "details",
            Prefetch(
                "whereabouts",
                queryset=WhereaboutsProcedure.objects.prefetch_related("steps"),
            ),
            # The timeline's MAPPA changes and plans; the risk section reuses them.
            Prefetch("mappa_history", queryset=MappaChange.objects.select_related("created_by")),
            Prefetch(
                "plans",
                queryset=RiskPlan.objects.select_related("made_by").prefetch_related("actions"),
            ),
        )
        .first()
    )


def _mappa_event(m: MappaChange) -> TimelineEvent:
    """ "MAPPA level 1 to 2" with the reason and who recorded it."""
    changed = [
        f"{what} {a} to {b}"
        for what, a, b in (
            ("category", m.from_category, m.to_category),
            ("level", m.from_level, m.to_level),
        )
        if a != b
    ]
    title = "MAPPA " + (
        ", ".join(changed) or f"confirmed: category {m.to_category}, level {m.to_level}"
    )
    who = m.created_by.get_full_name() if m.created_by else ""
    return TimelineEvent(m.changed_on, "mappa", title, "; ".join(p for p in (m.reason, who) if p))


def _plan_event(p: RiskPlan) -> TimelineEvent:
    """A risk management plan: the interval it sets, its review date, its summary (the
    reasons), its actions and who made it."""
    months = p.visit_interval_months
    actions = "; ".join(f"{a.action} ({a.owner})" for a in p.actions.all())
    who = p.made_by.get_full_name() if p.made_by else ""
    return TimelineEvent(
        p.made_on,
        "plan",
        f"Risk management plan: visits every {months} month{'s' if months != 1 else ''}, "
        f"review by {p.review_on:%d %b %Y}",
        "; ".join(x for x in (p.summary, f"Actions: {actions}" if actions else "", who) if x),
    )


def timeline(offender: Offender) -> list[TimelineEvent]:
    """Every event on the record, newest first (uses the prefetched relations)."""
    events: list[TimelineEvent] = [
        TimelineEvent(
            offender.registered_on,
            "registration",
            "Registered",
            offender.get_notification_period_display(),
        )
    ]
    for v in offender.visits.all():
        when = v.visited_at or v.planned_for
        if when is None:
            continue
        day = timezone.localdate(when)
        officers = ", ".join(o.get_full_name() for o in (v.officer_1, v.officer_2) if o)
        if v.outcome:
            events.append(
                TimelineEvent(
                    day,
                    "visit",
                    f"{v.get_kind_display()}: {v.get_outcome_display()}",
                    "; ".join(p for p in (officers, v.concerns, *visit_checks(v)) if p),
                    "ok" if v.outcome == "seen" else "warning",
                )
            )
        elif v.cancelled_at is not None:
            events.append(
                TimelineEvent(day, "planned", "Planned visit cancelled", v.cancel_reason, "warning")
            )
        else:
            events.append(TimelineEvent(day, "planned", "Visit planned", officers))
    for a in offender.assessments.all():
        events.append(
            TimelineEvent(
                a.assessed_on,
                "assessment",
                f"Risk assessment ({a.get_tool_display()}): {a.get_level_display()}",
                a.assessor_name,
            )
        )
    for n in offender.notifications.all():
        if n.notified_on:
            extra = (
                f"to {n.travel_destination} on {n.travel_departs_on:%d %b %Y}"
                if n.kind == NotificationKind.FOREIGN_TRAVEL and n.travel_departs_on
                else n.details
            )
            title = n.get_kind_display() + (f": {n.subject_label}" if n.subject else "")
            if n.possible_s91:
                extra = "; ".join(p for p in (extra, f"Possible s91: {n.lateness}") if p)
            events.append(
                TimelineEvent(
                    n.notified_on,
                    "notification",
                    title,
                    extra,
                    "warning" if n.possible_s91 and not n.s91_decision else "",
                )
            )
    for c in offender.risk_changes.all():
        who = c.proposed_by.get_full_name() if c.proposed_by else ""
        events.append(
            TimelineEvent(
                timezone.localdate(c.proposed_at),
                "oversight",
                f"{c.summary} ({c.get_state_display().lower()})",
                "; ".join(p for p in (who, c.reason, c.decision_note) if p),
                "warning" if c.state == ChangeState.AWAITING else "",
            )
        )
    for r in offender.management_reviews.all():
        events.append(
            TimelineEvent(
                timezone.localdate(r.opened_at),
                "oversight",
                "Back to active management pending review",
                r.why + (f" Review: {r.outcome}" if r.outcome else ""),
                "warning",
            )
        )
    for w in offender.whereabouts.all():
        events.append(
            TimelineEvent(
                timezone.localdate(w.opened_at),
                "whereabouts",
                "Whereabouts unknown",
                w.reason,
                "warning",
            )
        )
        if w.closed_at is not None:
            events.append(
                TimelineEvent(
                    timezone.localdate(w.closed_at),
                    "whereabouts",
                    f"Whereabouts known again ({w.get_cleared_by_display().lower()})",
                    w.clear_note,
                    "ok",
                )
            )
    for i in offender.intelligence.all():
        events.append(
            TimelineEvent(i.received_on, "intelligence", "Intelligence received", i.summary)
        )
    for b in offender.breaches.all():
        events.append(
            TimelineEvent(
                b.occurred_on, "breach", f"Breach: {b.what}", b.get_action_display(), "warning"
            )
        )
    for o in offender.orders.all():
        events.append(TimelineEvent(o.starts_on, "order", o.get_kind_display(), o.conditions))
    events += [_mappa_event(m) for m in offender.mappa_history.all()]
    events += [_plan_event(p) for p in offender.plans.all()]
    events.sort(key=lambda e: e.at, reverse=True)
    return events


# ----------------------------------------------------------------------- the backlog


@dataclass
class Backlog:
    """The backlog on a day, with the groupings the page and the CLI show."""

    summary: rules.BacklogSummary
    caseloads: tuple[rules.Caseload, ...]
    manager_names: dict[str, str]
    station_names: list[str]
    trend: list[BacklogSnapshot] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        s = self.summary
        return {
            "as_of": s.as_of.isoformat(),
            "policy_version": s.policy_version,
            "overdue_visits": s.totals.overdue_visits,
            "missed_visits": s.totals.missed_visits,
            "oldest_overdue_days": s.totals.oldest_overdue_days,
            "offenders": s.totals.offenders,
            "overdue_risk_reviews": s.totals.risk_reviews_overdue,
            "overdue_notifications": s.totals.notifications_overdue,
            "overdue_station_attendances": s.totals.overdue_station_attendances,
            "whereabouts_unknown": s.totals.whereabouts_unknown,
            "by_risk": {k: v.to_dict() for k, v in s.by_risk.items()},
            "by_station": {k: v.to_dict() for k, v in s.groups["station"].items()},
            "by_manager": {
                self.manager_names.get(k, k): v.to_dict() for k, v in s.groups["manager"].items()
            },
            "caseload_cap": s.caseload_cap,
            "caseloads": [
                {
                    "manager": self.manager_names.get(c.manager, c.manager),
                    "offenders": c.offenders,
                    "over_cap": c.over_cap,
                }
                for c in self.caseloads
            ],
            "trend": trend_points(self.trend),
        }


def backlog_trend(today: date, *, days: int = 90) -> list[BacklogSnapshot]:
    """The daily snapshots of the last ``days`` days up to ``today``, oldest first (one query)."""
    return list(
        BacklogSnapshot.objects.filter(
            day__gte=today - timedelta(days=days), day__lte=today
        ).order_by("day")
    )


def trend_points(trend: Sequence[BacklogSnapshot]) -> list[dict[str, Any]]:
    """The snapshots as the page, the API and the chart show them."""
    return [
        {
            "day": t.day.isoformat(),
            "overdue_visits": t.overdue_visits,
            "missed_visits": t.missed_visits,
        }
        for t in trend
    ]


def compute_backlog(today: date, *, trend_days: int = 90, cached: bool = False) -> Backlog:
    """The whole force's backlog (4 queries: offenders, trips, managers, snapshots).

    ``cached``: reuse the policy's verdict kept under the register's change stamp
    (``backlog_cache``; 2 cheap queries instead of the offenders and trips).
    """
    policy = current_policy()
    if cached:
        summary, counts = by_register_stamp(
            "backlog", today, policy.version, lambda: _register_summary(today, policy)
        )
    else:
        summary, counts = _register_summary(today, policy)
    managers = offender_managers()
    names = {m.username: m.get_full_name() or m.username for m in managers}
    for m in managers:
        counts.setdefault(m.username, 0)
    caseloads = rules.check_caseloads(dict(counts), policy)
    trend = backlog_trend(today, days=trend_days)
    stations = sorted(summary.groups["station"])
    return Backlog(summary, caseloads, names, stations, trend)


def _register_summary(
    today: date, policy: rules.VisitPolicy
) -> tuple[rules.BacklogSummary, Counter[str]]:
    evaluated = evaluate_offenders(today=today, policy=policy)
    summary = rules.summarise_backlog(
        ((e.facts, e.result) for e in evaluated),
        policy=policy,
        today=today,
        group_by={
            "station": lambda f: f.station,
            "manager": lambda f: f.offender_manager,
        },
    )
    counts = Counter(
        e.row["offender_manager__username"]
        for e in evaluated
        if e.row["offender_manager__username"]
    )
    return summary, counts


def take_snapshot(today: date) -> BacklogSnapshot:
    """Store today's backlog figures (replacing any earlier snapshot for the day)."""
    backlog = compute_backlog(today, trend_days=0)
    data = backlog.to_dict()
    snapshot, _ = BacklogSnapshot.objects.update_or_create(
        day=today,
        defaults={
            "policy_version": data["policy_version"],
            "overdue_visits": data["overdue_visits"],
            "missed_visits": data["missed_visits"],
            "oldest_overdue_days": data["oldest_overdue_days"],
            "overdue_risk_reviews": data["overdue_risk_reviews"],
            "overdue_notifications": data["overdue_notifications"],
            "by_risk": {k: v["overdue_visits"] for k, v in data["by_risk"].items()},
            "by_station": {k: v["overdue_visits"] for k, v in data["by_station"].items()},
        },
    )
    return snapshot
