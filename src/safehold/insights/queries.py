"""Read-only queries for the measures: recorded crimes, the safeguarding queue's records and
the offender register, each returned as monthly counts (no names, no ids leave here).

A fixed number of queries per call, whatever the size of the force. These read the
safeguarding and offender tables directly and never write them.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pyarrow as pa
from django.db.models import Exists, Min, OuterRef

from safehold.demand import compliance as response_rules
from safehold.demand.models import Incident as Call
from safehold.demand.policy import default_policy as demand_policy
from safehold.demand.queries import ROW_FIELDS as CALL_FIELDS
from safehold.offenders.models import Offender, RiskAssessment, Visit, VisitOutcome
from safehold.safeguarding import policies
from safehold.safeguarding.models import (
    ActionKind,
    ClosureReview,
    DashAssessment,
    Incident,
    MaracReferral,
    ProtectiveAction,
)
from safehold.safeguarding.vocabulary import Attendance

from .crime_sql import COUNT_COLUMNS, arrow_counts
from .models import Crime, CrimeMonthCount

LONDON = ZoneInfo("Europe/London")
MonthCounts = dict[str, tuple[float, int]]
# Months between home visits by risk level (DOMAIN.md §1.2; the visit policy's defaults).
VISIT_INTERVAL_MONTHS = {"very_high": 1, "high": 3, "medium": 6, "low": 12}


def _month(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        moment = moment.astimezone(LONDON)
    return f"{moment.year:04d}-{moment.month:02d}"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    first = datetime.combine(start, datetime.min.time(), LONDON)
    last = datetime.combine(end + timedelta(days=1), datetime.min.time(), LONDON)
    return first, last


def crime_table() -> pa.Table:
    """The recorded domestic-abuse crimes (all the measures are of those) as counts
    (:class:`CrimeMonthCount`, rebuilt on every write of crimes), as the Arrow table
    ``duckdb_store`` reads: one query, a few thousand rows however many crimes there are."""
    counts = CrimeMonthCount.objects.filter(domestic_abuse=True).order_by()
    return arrow_counts(list(counts.values_list(*COUNT_COLUMNS)))


def _tally(pairs: list[tuple[str, bool]]) -> MonthCounts:
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for month, hit in pairs:
        out[month][1] += 1
        out[month][0] += int(hit)
    return {m: (float(k), n) for m, (k, n) in out.items()}


def closures_reviewed(start: date, end: date) -> MonthCounts:
    """Outcome 15/16 closures by month of closure, and how many a supervisor reviewed."""
    first, last = _bounds(start, end)
    reviewed = ClosureReview.objects.filter(incident=OuterRef("pk"))
    rows = (
        Incident.objects.filter(outcome_type__in=(15, 16), closed_at__gte=first, closed_at__lt=last)
        .annotate(reviewed=Exists(reviewed))
        .values_list("closed_at", "reviewed")
    )
    return _tally([(_month(at), bool(r)) for at, r in rows if at is not None])


def attendance_delay(start: date, end: date) -> dict[str, tuple[float, int]]:
    """Median hours from report to the victim being seen, by month reported."""
    first, last = _bounds(start, end)
    rows = Incident.objects.filter(
        reported_at__gte=first, reported_at__lt=last, seen_at__isnull=False
    ).values_list("reported_at", "seen_at")
    hours: dict[str, list[float]] = defaultdict(list)
    for reported, seen in rows:
        if seen is None:
            continue
        hours[_month(reported)].append((seen - reported).total_seconds() / 3600)
    return {m: (round(statistics.median(v), 2), len(v)) for m, v in hours.items()}


def _targets() -> tuple[dict[str, timedelta], dict[str, timedelta]]:
    queue = policies.current().queue
    target = {str(getattr(g, "value", g)): t for g, t in queue.contact_target.items()}
    interval = {str(getattr(g, "value", g)): t for g, t in queue.reassessment_interval.items()}
    return target, interval


def contact_within_target(start: date, end: date) -> MonthCounts:
    """Victims reached (first contact or seen) within the contact target for their grade."""
    first, last = _bounds(start, end)
    target, _ = _targets()
    rows = Incident.objects.filter(reported_at__gte=first, reported_at__lt=last).values_list(
        "reported_at", "grade", "last_contact_at", "seen_at"
    )
    pairs = []
    for reported, grade, contact, seen in rows:
        reached = min((t for t in (contact, seen) if t is not None), default=None)
        limit = target.get(grade, timedelta(hours=24))
        pairs.append((_month(reported), reached is not None and reached - reported <= limit))
    return _tally(pairs)


def reassessment_timeliness(start: date, end: date) -> MonthCounts:
    """Victims whose attendance was delayed or not possible, and who were re-assessed by
    telephone within the interval for their grade (or seen within it)."""
    first, last = _bounds(start, end)
    _, interval = _targets()
    rows = (
        Incident.objects.filter(
            reported_at__gte=first,
            reported_at__lt=last,
            attendance__in=(Attendance.DELAYED, Attendance.UNABLE),
        )
        .annotate(first_re=Min("reassessments__assessed_at"))
        .values_list("reported_at", "grade", "first_re", "seen_at")
    )
    pairs = []
    for reported, grade, first_re, seen in rows:
        limit = interval.get(grade, timedelta(hours=12))
        done = min((t for t in (first_re, seen) if t is not None), default=None)
        pairs.append((_month(reported), done is not None and done - reported <= limit))
    return _tally(pairs)


def dash_completion(start: date, end: date) -> MonthCounts:
    """DA incidents whose victim was seen, and how many have a risk questionnaire (any
    instrument: DASH-27, SafeLives-24 or DARA all count as a risk assessment completed)."""
    first, last = _bounds(start, end)
    has = DashAssessment.objects.filter(incident=OuterRef("pk"))
    rows = (
        Incident.objects.filter(reported_at__gte=first, reported_at__lt=last, seen_at__isnull=False)
        .annotate(dash=Exists(has))
        .values_list("reported_at", "dash")
    )
    return _tally([(_month(r), bool(d)) for r, d in rows])


def repeat_marac(start: date, end: date) -> MonthCounts:
    """MARAC referrals by month, and how many were of a victim referred in the 12 months
    before (SafeLives' repeat definition)."""
    first, last = _bounds(start, end)
    rows = list(
        MaracReferral.objects.filter(referred_at__lt=last)
        .order_by("victim_id", "referred_at")
        .values_list("victim_id", "referred_at")
    )
    previous: dict[int, datetime] = {}
    pairs = []
    for victim, at in rows:
        before = previous.get(victim)
        if at >= first:
            pairs.append((_month(at), before is not None and at - before <= timedelta(days=365)))
        previous[victim] = at
    return _tally(pairs)


def dvpn_conversion(start: date, end: date) -> MonthCounts:
    """DVPNs issued by month, and how many incidents with a DVPN also got a DVPO."""
    first, last = _bounds(start, end)
    order = ProtectiveAction.objects.filter(incident=OuterRef("incident"), kind=ActionKind.DVPO)
    rows = (
        ProtectiveAction.objects.filter(
            kind=ActionKind.DVPN, started_at__gte=first, started_at__lt=last
        )
        .annotate(order=Exists(order))
        .values_list("started_at", "order")
    )
    return _tally([(_month(at), bool(o)) for at, o in rows])


def visits_on_time(start: date, end: date) -> MonthCounts:
    """Home visits made, by month, and how many came within the offender's visit interval
    of the previous visit (the offender's current risk level; a first visit counts)."""
    first, last = _bounds(start, end)
    levels = dict(Offender.objects.values_list("pk", "risk_level"))
    rows = (
        Visit.objects.filter(outcome=VisitOutcome.SEEN, visited_at__lt=last)
        .order_by("offender_id", "visited_at")
        .values_list("offender_id", "visited_at")
    )
    previous: dict[int, datetime] = {}
    pairs = []
    for offender, at in rows:
        if at is None:
            continue
        before = previous.get(offender)
        if at >= first and before is not None:
            months = VISIT_INTERVAL_MONTHS.get(levels.get(offender) or "low", 12)
            pairs.append((_month(at), at - before <= timedelta(days=round(30.44 * months) + 1)))
        previous[offender] = at
    return _tally(pairs)


def risk_reviews_on_time(start: date, end: date) -> MonthCounts:
    """Risk reviews falling due each month, and how many were done by the due date."""
    rows = RiskAssessment.objects.order_by("offender_id", "assessed_on").values_list(
        "offender_id", "assessed_on", "next_review_due"
    )
    by_offender: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for offender, assessed, due in rows:
        by_offender[offender].append((assessed, due))
    pairs = []
    for history in by_offender.values():
        for (_, due), nxt in zip(history, [*history[1:], None], strict=True):
            if due is None or not start <= due <= end:
                continue
            pairs.append((_month(due), nxt is not None and nxt[0] <= due))
    return _tally(pairs)


def response_compliance(start: date, end: date) -> MonthCounts:
    """Incidents of the demand policy's response grades attended, by month received, and
    how many were reached within their target: the demand work's own compliance rule
    (``safehold.demand.compliance.summarise``, its clock start and targets), month by
    month, from one query."""
    first, last = _bounds(start, end)
    policy = demand_policy()
    rows = Call.objects.filter(received_at__gte=first, received_at__lt=last, grade__isnull=False)
    by_month: dict[str, list[response_rules.IncidentRow]] = defaultdict(list)
    for values in rows.order_by().values_list(*CALL_FIELDS).iterator(chunk_size=5000):
        row = response_rules.IncidentRow(*values)
        by_month[_month(row.received_at)].append(row)
    out: MonthCounts = {}
    for month, month_rows in by_month.items():
        grades = response_rules.summarise(month_rows, policy)["by_grade"]
        cells = [grades[str(g)] for g in sorted(policy.response_grades) if str(g) in grades]
        attended = sum(c["attended"] for c in cells)
        if attended:
            out[month] = (float(sum(c["within_target"] for c in cells)), attended)
    return out


def open_crimes_count() -> int:
    return Crime.objects.filter(domestic_abuse=True, outcome_type__isnull=True).count()
