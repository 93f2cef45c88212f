"""The daily briefing: what the priorities team reads each morning, each line with why.

Thirteen queries whatever the size of the force: the policy over every offender (two),
open whereabouts procedures and their steps (two), the last breach per offender, the
breaches of the last 24 hours, trips abroad soon (with the travel check's flags),
visits that raised concerns (and whether a supervisor has reviewed them), changes
awaiting a DS's sign-off, reviews of a return to active management, possible s91
matters, orders ending soon, the open actions agreed at earlier meetings, and one for
the offenders named; two more for a reader allowed to see the links to domestic-abuse
incidents (``people.crosslinks``). The shapes (lines, sections, the opening summary)
are in ``briefing_lines.py``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.datetext import day_month, day_month_time, short_date
from safehold.people.crosslinks import links_for_offenders

from . import policy as rules
from .briefing_actions import open_action_notes
from .briefing_lines import (
    BRIEFING_CONCERN_DAYS,
    BRIEFING_TRAVEL_DAYS,
    CROSS_LINKS,
    CROSS_LINKS_TITLE,
    SECTION_TITLES,
    Briefing,
    BriefingLine,
    BriefingSection,
    attach_actions,
    with_anchors,
)
from .facts import current_policy, evaluate_offenders
from .models import (
    Breach,
    ChangeState,
    ManagementReview,
    Notification,
    NotificationKind,
    RiskChange,
    RiskLevel,
    Status,
    Visit,
    WhereaboutsProcedure,
)
from .order_config import current_orders_policy
from .orders import ending_orders
from .policy_result import days
from .queries import RISK_RANK, offenders_by_id, register_evaluation
from .whereabouts import procedure_tasks
from .whereabouts_rules import next_task, warrant_prompt

__all__ = [
    "BRIEFING_CONCERN_DAYS",
    "BRIEFING_TRAVEL_DAYS",
    "S91_OVERDUE_DAYS",
    "Briefing",
    "BriefingLine",
    "BriefingSection",
    "compute_briefing",
]

# A notification this many days overdue with no breach since its due date is put to the
# DS as a possible s91 matter.
S91_OVERDUE_DAYS = 7
# What an empty section says (otherwise "None.").
EMPTY = {
    "sign_off": "Nothing awaiting sign-off.",
    "overdue_high": "None overdue.",
    "breaches": "None recorded.",
    "travel": "None notified.",
    "reviews": "None overdue.",
    "orders_ending": "None ending.",
}


def _travel_flag_lines(n: Notification) -> list[str]:
    """A flagged trip waits "for the DS" until the DS's decision, then shows it."""
    reasons = [r for r in n.travel_flag.splitlines() if r]
    if not n.travel_decision:
        return [f"Flagged for the DS: {r}" for r in reasons]
    decision = n.get_travel_decision_display().lower()
    return [f"Flagged ({'; '.join(reasons)}); DS decision: {decision}: {n.travel_decision_note}"]


def compute_briefing(
    day: date,
    *,
    cross_links: bool = False,
    cached: bool = False,
    clock: Clock = SYSTEM_CLOCK,
) -> Briefing:
    """What the priorities team reads each morning, each line with why it is there.

    ``cross_links`` (for a reader allowed to see them): flag each offender linked to a DA
    incident and list them in their own section (two more queries).

    Queries: offenders and trips (policy), breaches, concerning visits, trips in the next
    fortnight, and one for the offenders named — six whatever the size of the force.
    """
    policy = current_policy()
    # cached: the register's evaluation kept under its change stamp (backlog_cache)
    evaluated = register_evaluation(day) if cached else evaluate_offenders(today=day, policy=policy)
    now = clock.now()
    start_of_day = timezone.make_aware(datetime.combine(day, time.min))

    procedures = {
        p.offender_id: p
        for p in WhereaboutsProcedure.objects.filter(closed_at__isnull=True).prefetch_related(
            "steps"
        )
    }
    breached = dict(
        Breach.objects.values("offender_id")
        .annotate(last=Max("occurred_on"))
        .values_list("offender_id", "last")
    )
    picks: dict[str, list[tuple[int, list[str]]]] = {
        k: []
        for k in (
            "overdue_high",
            "whereabouts",
            "breaches",
            "notifications",
            "travel",
            "reviews",
            "concerns",
            "sign_off",
            "active_review",
            "s91",
            "warrant",
            "cross_links",
            "orders_ending",
        )
    }

    for e in sorted(
        evaluated, key=lambda e: (RISK_RANK[e.row["risk_level"]], -e.result.days_overdue)
    ):
        r, row = e.result, e.row
        if r.is_overdue and row["risk_level"] in (RiskLevel.VERY_HIGH, RiskLevel.HIGH):
            assert r.next_visit_due is not None  # an overdue visit has a due date
            why = [
                (
                    f"{RiskLevel(row['risk_level']).label} risk; home visit due "
                    f"{short_date(r.next_visit_due)}, {days(r.days_overdue)} overdue, "
                    f"{r.visits_missed} visit{'s' if r.visits_missed != 1 else ''} missed"
                )
            ]
            why += [
                x.text
                for x in r.reasons
                if x.code
                in (
                    rules.ReasonCode.LAST_VISIT_UNSUCCESSFUL,
                    rules.ReasonCode.NOT_RESIDENT_AT_NOTIFIED_ADDRESS,
                )
            ]
            picks["overdue_high"].append((row["id"], why))
        if row["status"] == Status.WHEREABOUTS_UNKNOWN or row["wanted"]:
            why = []
            procedure = procedures.get(row["id"])
            if procedure is not None:
                why.append(f"Whereabouts unknown since {short_date(procedure.since)}")
                step = next_task(procedure_tasks(procedure, clock=clock))
                if step is not None:
                    why.append(f"Next: {step.describe(now)}")
            elif row["status"] == Status.WHEREABOUTS_UNKNOWN:
                why.append("Whereabouts unknown (no procedure open)")
            if row["wanted"]:
                why.append("Circulated as wanted")
            picks["whereabouts"].append((row["id"], why))
        if row["no_access_streak"] and warrant_prompt(row["no_access_streak"], policy.whereabouts):
            picks["warrant"].append(
                (
                    row["id"],
                    [
                        (
                            f"{row['no_access_streak']} home visits in a row without access: "
                            "consider a warrant of entry (s96B)"
                        )
                    ],
                )
            )
        overdue = [n for n in r.notifications_due if n.is_overdue]
        last_breach = breached.get(row["id"])
        for due in overdue:
            if due.days_overdue >= S91_OVERDUE_DAYS and (
                last_breach is None or last_breach < due.due_on
            ):
                picks["s91"].append(
                    (
                        row["id"],
                        [
                            (
                                f"{due.kind.value.replace('_', ' ').capitalize()} notification "
                                f"{days(due.days_overdue)} overdue and no breach recorded since"
                            )
                        ],
                    )
                )
        due_notes = [n for n in r.notifications_due if n.is_overdue or n.due_on == day]
        if due_notes:
            picks["notifications"].append(
                (
                    row["id"],
                    [
                        (
                            f"{n.kind.value.replace('_', ' ').capitalize()} "
                            + (
                                f"overdue by {days(n.days_overdue)}"
                                if n.is_overdue
                                else "due today"
                            )
                            + f": {n.reason.text}"
                        )
                        for n in due_notes
                    ],
                )
            )
        if r.risk_review_overdue:
            assert r.risk_review_due is not None  # an overdue review has a due date
            picks["reviews"].append(
                (
                    row["id"],
                    [
                        (
                            f"Risk review due {short_date(r.risk_review_due)}, "
                            f"{days(r.risk_review_days_overdue)} overdue"
                            + (
                                f": {row['risk_review_reason']}"
                                if row["risk_review_reason"]
                                else ""
                            )
                        )
                    ],
                )
            )

    for b in Breach.objects.filter(recorded_at__gte=now - timedelta(hours=24)).order_by(
        "-recorded_at"
    ):
        recorded = timezone.localtime(b.recorded_at)
        action = b.get_action_display().lower()
        picks["breaches"].append(
            (b.offender_id, [f"Breach recorded {day_month_time(recorded)}: {b.what} ({action})"])
        )
    for n in Notification.objects.filter(
        kind=NotificationKind.FOREIGN_TRAVEL,
        travel_departs_on__gte=day,
        travel_departs_on__lte=day + timedelta(days=BRIEFING_TRAVEL_DAYS),
    ).order_by("travel_departs_on"):
        assert n.travel_departs_on is not None  # the filter keeps dated travel only
        notified = f"notified {day_month(n.notified_on)}" if n.notified_on else "not notified"
        where = n.travel_destination or "abroad"
        picks["travel"].append(
            (
                n.offender_id,
                [
                    f"Travels to {where} on {short_date(n.travel_departs_on)} ({notified})",
                    *_travel_flag_lines(n),
                ],
            )
        )
    for v in (
        Visit.objects.filter(
            raised_concern=True,
            visited_at__gte=start_of_day - timedelta(days=BRIEFING_CONCERN_DAYS),
        )
        .select_related("supervisor_review")
        .order_by("-visited_at")
    ):
        assert v.visited_at is not None
        on = timezone.localdate(v.visited_at)
        reviewed = hasattr(v, "supervisor_review")
        picks["concerns"].append(
            (
                v.offender_id,
                [f"Visit on {day_month(on)} raised concerns: {v.concerns}"]
                + ([] if reviewed else ["Awaiting a supervisor's review"]),
            )
        )
    for alert in ending_orders(day):
        picks["orders_ending"].append((alert[0], [alert[1].text]))

    for c in RiskChange.objects.filter(state=ChangeState.AWAITING).select_related("proposed_by"):
        who = c.proposed_by.get_full_name() if c.proposed_by else "someone"
        on = timezone.localdate(c.proposed_at)
        picks["sign_off"].append(
            (c.offender_id, [f"{c.summary}, proposed by {who} on {day_month(on)}: {c.reason}"])
        )
    for review in ManagementReview.objects.filter(closed_at__isnull=True):
        since = timezone.localdate(review.opened_at)
        picks["active_review"].append(
            (
                review.offender_id,
                [f"Back to active management on {day_month(since)}, pending review: {review.why}"],
            )
        )

    for note in Notification.objects.filter(possible_s91=True, s91_decision=""):
        what = note.get_kind_display()
        assert note.notified_on is not None  # lateness is judged on a notified date
        if note.subject:
            what += f" ({note.subject_label.lower()})"
        picks["s91"].append(
            (note.offender_id, [f"{what} notified {day_month(note.notified_on)}: {note.lateness}"])
        )

    links = links_for_offenders(None) if cross_links else {}
    for oid, found in sorted(links.items()):
        picks["cross_links"].append((oid, [x.reason for x in found]))

    notes = open_action_notes()
    named = {oid for lines in picks.values() for oid, _ in lines} | {n.offender_id for n in notes}
    offenders = offenders_by_id(sorted(named))

    def line_for(oid: int, why: list[str]) -> BriefingLine | None:
        o = offenders.get(oid)
        if o is None:
            return None
        return BriefingLine(
            offender_id=oid,
            reference=o.register_reference,
            name=f"{o.person.family_name.upper()}, {o.person.given_name}",
            risk_level=o.get_risk_level_display() or "Not assessed",
            manager=o.offender_manager.get_full_name() if o.offender_manager else "Unassigned",
            station=o.station.name,
            why=tuple(why),
            pursued=o.pursued,
            version=o.version,
            person_id=o.person_id,
            cross_links=tuple(x.reason for x in links.get(oid, ())),
        )

    def lines(key: str) -> tuple[BriefingLine, ...]:
        # One line per offender in a section (two late notifications make one line with
        # both reasons), at the place of their first, most urgent, reason.
        merged: dict[int, list[str]] = {}
        for oid, why in picks[key]:
            merged.setdefault(oid, []).extend(why)
        return tuple(
            line for oid, why in merged.items() if (line := line_for(oid, why)) is not None
        )

    titles = {
        **SECTION_TITLES,
        "orders_ending": "Orders and licences ending in the next "
        + days(current_orders_policy().expiry_days),
    }
    sections = tuple(
        BriefingSection(key, title, EMPTY.get(key, "None."), lines(key))
        for key, title in titles.items()
    )
    if cross_links:
        sections += (BriefingSection(CROSS_LINKS, CROSS_LINKS_TITLE, "None.", lines(CROSS_LINKS)),)
    carried = {
        n.offender_id: line for n in notes if (line := line_for(n.offender_id, [])) is not None
    }
    shown = tuple(x for found in links.values() for x in found)
    return Briefing(
        day, policy.version, with_anchors(attach_actions(sections, notes, carried)), shown
    )
