"""Reads for one offender's record: the record with everything its page shows, and the
timeline of every event on it (a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from safehold.datetext import short_date

from .models import (
    Breach,
    ChangeState,
    Notification,
    NotificationKind,
    Offender,
    OffenderPhoto,
    RiskChange,
    Visit,
    WhereaboutsProcedure,
)
from .order_reads import visit_checks
from .risk_models import MappaChange, RiskAssessment, RiskPlan, RiskTool


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
        f"review by {short_date(p.review_on)}",
        "; ".join(x for x in (p.summary, f"Actions: {actions}" if actions else "", who) if x),
    )


def _overall_title(a: RiskAssessment) -> str:
    """ "Overall risk level: High (informed by Risk Matrix 2000)": the record is the overall
    level; a level-setting tool that informed it is named, ARMS never (it sets a priority
    for work, not a level)."""
    informed = a.tool in (RiskTool.RM2000, RiskTool.OASYS)
    tool = f" (informed by {a.get_tool_display()})" if informed else ""
    return f"Overall risk level: {a.get_level_display()}{tool}"


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
            TimelineEvent(a.assessed_on, "assessment", _overall_title(a), a.assessor_name)
        )
    for n in offender.notifications.all():
        if n.notified_on:
            extra = (
                f"to {n.travel_destination} on {short_date(n.travel_departs_on)}"
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
