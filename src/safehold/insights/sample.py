"""A reproducible random sample of case files for a dip-sample by inspectors and supervisors.

Three strata over a period: offenders visited (a home visit made), DA incidents closed, and
outcome 15/16 closures. From each stratum ``per_stratum`` cases are drawn with a seeded
generator over the cases' ids in order, so the same period, stratum and seed always give
the same cases. Each case comes with its record and its audit trail (the access-log entries
for the record and the person). This names people: it is for the priorities lead and the
auditor (inspectors go through it with them), never analysts, and every case shown is
logged as a consultation.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q

from safehold.audit.models import AccessLogEntry
from safehold.datetext import short_datetime
from safehold.offenders.models import Offender, Visit, VisitOutcome
from safehold.safeguarding.models import OUTCOME_TYPES, ClosureReview, Incident

LONDON = ZoneInfo("Europe/London")
STRATA = {
    "offenders_visited": "Offenders visited",
    "da_closed": "DA incidents closed",
    "closures_15_16": "Outcome 15/16 closures",
}
TRAIL = 20


def draw(ids: Sequence[int], k: int, seed: str) -> list[int]:
    """``k`` of ``ids`` (all when fewer), the same for the same ids and seed."""
    pool = sorted(set(ids))
    if len(pool) <= k:
        return pool
    return sorted(random.Random(seed).sample(pool, k))  # noqa: S311 -- reproducible, not secret


@dataclass(frozen=True, slots=True)
class Case:
    stratum: str
    record_type: str
    record_id: int
    reference: str
    person_id: int | None
    person: str
    facts: tuple[tuple[str, str], ...]
    trail: tuple[dict[str, Any], ...]


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, datetime.min.time(), LONDON),
        datetime.combine(end + timedelta(days=1), datetime.min.time(), LONDON),
    )


def _when(moment: datetime | None) -> str:
    return short_datetime(moment) if moment else ""


def sample(start: date, end: date, *, per_stratum: int = 5, seed: int = 0) -> list[Case]:
    """The sample, stratum by stratum (a fixed number of queries)."""
    first, last = _bounds(start, end)
    key = f"{start}:{end}:{seed}"
    visited = Visit.objects.filter(
        outcome=VisitOutcome.SEEN, visited_at__gte=first, visited_at__lt=last
    )
    offender_ids = draw(
        list(visited.values_list("offender_id", flat=True)), per_stratum, f"{key}:offenders_visited"
    )
    closed = Incident.objects.filter(
        closed_at__gte=first, closed_at__lt=last, outcome_type__isnull=False
    )
    da_ids = draw(list(closed.values_list("pk", flat=True)), per_stratum, f"{key}:da_closed")
    nfa_ids = draw(
        list(closed.filter(outcome_type__in=(15, 16)).values_list("pk", flat=True)),
        per_stratum,
        f"{key}:closures_15_16",
    )
    cases: list[Case] = []
    offenders = Offender.objects.select_related("person").in_bulk(offender_ids)
    last_visit = {
        v.offender_id: v
        for v in visited.filter(offender_id__in=offender_ids).order_by("visited_at")
    }
    for oid in offender_ids:
        o = offenders[oid]
        v = last_visit.get(oid)
        cases.append(
            Case(
                "offenders_visited",
                "offender",
                oid,
                o.register_reference,
                o.person_id,
                f"{o.person.given_name} {o.person.family_name}",
                (
                    ("Risk level", o.get_risk_level_display() or "Not assessed"),
                    ("Status", o.get_status_display()),
                    ("Visited", _when(v.visited_at if v else None)),
                    ("Concerns raised", "yes" if v and v.raised_concern else "no"),
                ),
                (),
            )
        )
    incidents = Incident.objects.select_related("victim", "closed_by").in_bulk([*da_ids, *nfa_ids])
    reviews: dict[int, ClosureReview] = {
        r.incident_id: r
        for r in ClosureReview.objects.select_related("reviewer")
        .filter(incident_id__in=nfa_ids)
        .order_by("at")
    }
    for stratum, ids in (("da_closed", da_ids), ("closures_15_16", nfa_ids)):
        for iid in ids:
            i = incidents[iid]
            review = reviews.get(iid)
            facts = [
                ("Reported", _when(i.reported_at)),
                ("Grade", i.get_grade_display()),
                ("Outcome", f"{i.outcome_type}: {OUTCOME_TYPES.get(i.outcome_type or 0, '')}"),
                ("Closed", _when(i.closed_at)),
                ("Closed by", i.closed_by.display_name if i.closed_by else ""),
            ]
            if stratum == "closures_15_16":
                facts.append(
                    (
                        "Supervisor's review",
                        (
                            f"{review.get_decision_display()} by {review.reviewer.display_name} "
                            f"on {_when(review.at)}"
                            if review
                            else "none recorded"
                        ),
                    )
                )
            cases.append(
                Case(
                    stratum,
                    "incident",
                    iid,
                    i.reference,
                    i.victim_id,
                    f"{i.victim.given_name} {i.victim.family_name}",
                    tuple(facts),
                    (),
                )
            )
    return _with_trails(cases)


def _with_trails(cases: list[Case]) -> list[Case]:
    """Each case's latest access-log entries for its record or its person (one query)."""
    if not cases:
        return cases
    match = Q()
    for c in cases:
        match |= Q(record_type=c.record_type, record_id=str(c.record_id))
        if c.person_id:
            match |= Q(person_id=c.person_id)
    entries = list(AccessLogEntry.objects.filter(match).order_by("-at", "-id")[: 200 * len(cases)])
    out = []
    for c in cases:
        trail = [
            {
                "at": _when(e.at),
                "who": e.username,
                "role": e.role,
                "operation": e.operation,
                "record": f"{e.record_type} {e.record_id}",
                "reason": e.reason,
                "justification": e.justification,
            }
            for e in entries
            if (e.record_type == c.record_type and e.record_id == str(c.record_id))
            or (c.person_id and e.person_id == c.person_id)
        ][:TRAIL]
        out.append(
            Case(
                c.stratum,
                c.record_type,
                c.record_id,
                c.reference,
                c.person_id,
                c.person,
                c.facts,
                tuple(trail),
            )
        )
    return out
