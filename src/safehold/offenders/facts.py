"""From database rows to the policy's plain ``OffenderFacts``, and the results back.

Two queries whatever the size of the force: one for the offenders' summary columns,
one for trips abroad not yet taken. Everything else is the pure policy.
"""

from __future__ import annotations

import gc
import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from . import policy as rules
from .models import Notification, NotificationKind, Offender, Status

FACT_COLUMNS = (
    "id",
    "register_reference",
    "status",
    "risk_level",
    "registered_on",
    "registration_ends_on",
    "interval_months_override",
    "last_visit_seen_on",
    "last_visit_attempt_on",
    "last_visit_attempt_outcome",
    "released_from_custody_on",
    "last_risk_assessment_on",
    "risk_review_due_on",
    "last_notification_on",
    "no_fixed_abode",
    "unnotified_change_on",
    "last_station_attendance_on",
    "station__name",
    "offender_manager__username",
    "offender_manager_id",
    "station_id",
    "person__family_name",
    "person__given_name",
    "pursued",
    "wanted",
    "mappa_level",
    "no_access_streak",
    "person_id",
    "risk_review_reason",
    "mappa_category",
)

# Offenders the policy has nothing to say about are not loaded at all.
ON_REGISTER = (Status.DECEASED, Status.EXPIRED)


@cache
def _policy_from(path: str | None) -> rules.VisitPolicy:
    return rules.load_policy(Path(path)) if path else rules.default_policy()


def current_policy() -> rules.VisitPolicy:
    """The force's visit policy: ``SAFEHOLD_VISIT_POLICY`` (a TOML file) or the default."""
    return _policy_from(os.environ.get("SAFEHOLD_VISIT_POLICY") or None)


@dataclass(frozen=True, slots=True)
class Evaluated:
    """One offender's facts and the policy's result for them."""

    facts: rules.OffenderFacts
    result: rules.PolicyResult
    row: dict[str, Any]


_STATUS = {s.value: s for s in rules.OffenderStatus}
_RISK = {r.value: r for r in rules.RiskLevel}
_OUTCOME = {o.value: o for o in rules.VisitOutcome}


def _facts(row: dict[str, Any], trips: tuple[rules.ForeignTravel, ...]) -> rules.OffenderFacts:
    attempt = None
    if row["last_visit_attempt_on"] and row["last_visit_attempt_outcome"]:
        attempt = rules.VisitAttempt(
            row["last_visit_attempt_on"], _OUTCOME[row["last_visit_attempt_outcome"]]
        )
    return rules.OffenderFacts(
        offender_id=row["id"],
        reference=row["register_reference"],
        registered_on=row["registered_on"],
        status=_STATUS[row["status"]],
        risk_level=_RISK[row["risk_level"]] if row["risk_level"] else None,
        registration_ends_on=row["registration_ends_on"],
        interval_months_override=row["interval_months_override"],
        last_visit_seen_on=row["last_visit_seen_on"],
        last_visit_attempt=attempt,
        released_from_custody_on=row["released_from_custody_on"],
        last_risk_assessment_on=row["last_risk_assessment_on"],
        risk_review_due_on=row["risk_review_due_on"],
        last_notification_on=row["last_notification_on"],
        no_fixed_abode=row["no_fixed_abode"],
        unnotified_change_on=row["unnotified_change_on"],
        foreign_travel=trips,
        last_station_attendance_on=row["last_station_attendance_on"],
        station=row["station__name"],
        offender_manager=row["offender_manager__username"],
        risk_review_why=row["risk_review_reason"],
        notifiable=row["mappa_category"] == 1,
    )


def upcoming_trips(
    offenders: QuerySet[Offender] | None, today: date
) -> dict[int, list[tuple[date, date | None, str]]]:
    """Trips abroad notified for today or later, by offender (one query)."""
    trips = Notification.objects.filter(
        kind=NotificationKind.FOREIGN_TRAVEL, travel_departs_on__gte=today
    )
    if offenders is not None:
        trips = trips.filter(offender__in=offenders.values("id"))
    out: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
    for offender_id, departs, notified, destination in trips.values_list(
        "offender_id", "travel_departs_on", "notified_on", "travel_destination"
    ):
        if departs is not None:
            out[offender_id].append((departs, notified, destination))
    return out


def evaluate_offenders(
    offenders: QuerySet[Offender] | None = None,
    *,
    today: date,
    policy: rules.VisitPolicy | None = None,
    include_off_register: bool = False,
) -> list[Evaluated]:
    """Evaluate the policy for every offender in ``offenders`` (default: all on the register)."""
    policy = policy or current_policy()
    rows_qs = offenders if offenders is not None else Offender.objects.all()
    if not include_off_register:
        rows_qs = rows_qs.exclude(status__in=ON_REGISTER)
    # Thousands of small objects: the cyclic garbage collector would scan them again and
    # again while they are built (it doubled the time at 13,000 offenders); none are cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        rows = [
            dict(zip(FACT_COLUMNS, r, strict=True))
            for r in rows_qs.order_by("id").values_list(*FACT_COLUMNS)
        ]
        trips = upcoming_trips(None if offenders is None else rows_qs, today)
        facts = [
            _facts(r, tuple(rules.ForeignTravel(d, n) for d, n, _ in trips.get(r["id"], ())))
            for r in rows
        ]
    finally:
        if gc_was_enabled:
            gc.enable()
    results = rules.evaluate_many(facts, today, policy)
    return [Evaluated(f, res, r) for f, res, r in zip(facts, results, rows, strict=True)]
