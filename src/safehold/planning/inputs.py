"""From the register to the planner's plain inputs: visits due, officer pairs, travel times.

- **Visits**: offenders on the register, managed in the community (not in custody, not
  on reactive management), whose home visit falls due by the last day of the horizon,
  at their home address on the first day (a notified move counts from its date).
  Offenders whose whereabouts are unknown (status, or an open whereabouts-unknown
  procedure) are never routed and are counted in ``skipped["whereabouts_unknown"]``.
  Each carries its risk level (the policy's effective level), its due date and the
  weekdays and times of its last few home visits, so the planner can vary them (APP).
  Offenders without a home address on record, with a visit already scheduled by hand in
  the horizon, or visited today are counted in ``skipped`` and not planned.
- **Re-planning**: when a plan is re-planned during its first day, the visits of that
  day that are done (outcome recorded) or under way (planned time passed, no outcome
  yet) are *pinned* to their pair and start time; the rest is planned afresh from now.
- **Pairs** and **travel** (``pair_inputs.py``): the active officer pairs (or those asked
  for), with their duty per day, and the travel-time provider.

Reads only. Three queries for the visits whatever the size of the force (offenders via
the policy, addresses, recent visits) and two for the pairs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q

from safehold.offenders import policy as rules
from safehold.offenders.facts import current_policy, evaluate_offenders
from safehold.offenders.models import Offender, VisitKind, WhereaboutsProcedure
from safehold.offenders.models import Visit as RegisterVisit
from safehold.offenders.whereabouts_rules import routing_block
from safehold.people.models import AddressKind, PersonAddress

from .models import PlanRun
from .pair_inputs import local_day_bounds, local_zone, officer_pairs
from .problem import OfficerPair, RiskLevel, Visit

RECENT_VISITS = 3
RECENT_WITHIN_DAYS = 400


@dataclass(frozen=True)
class PlanInputs:
    """What the planner is given, and what the pages need to show the plan later."""

    visits: tuple[Visit, ...]
    pairs: tuple[OfficerPair, ...]
    visit_info: dict[str, dict[str, Any]]
    pair_info: dict[str, dict[str, Any]]
    policy_version: str
    skipped: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------------------- visits


def _homes(offender_ids: list[int], on: date | None = None) -> dict[int, dict[str, Any]]:
    """Each offender's home address on ``on`` (default: the current one) with its
    coordinates (one query). A notified move takes effect from its date."""
    current = Q(valid_to__isnull=True)
    if on is not None:
        current = Q(valid_from__lte=on) & (current | Q(valid_to__gte=on))
    rows = (
        PersonAddress.objects.filter(
            current,
            person__offender__id__in=offender_ids,
            kind=AddressKind.HOME,
        )
        .order_by("person__offender__id", "-valid_from", "-id")
        .values_list(
            "person__offender__id",
            "address__line1",
            "address__town",
            "address__postcode",
            "address__location__lat",
            "address__location__lon",
        )
    )
    homes: dict[int, dict[str, Any]] = {}
    for oid, line1, town, postcode, lat, lon in rows:
        homes.setdefault(
            oid,
            {
                "address": ", ".join(p for p in (line1, town) if p),
                "postcode": postcode,
                "lat": lat,
                "lon": lon,
            },
        )
    return homes


def _recent_visits(offender_ids: list[int], now: datetime) -> dict[int, list[datetime]]:
    """When each offender's last few home visits were made (one query)."""
    rows = (
        RegisterVisit.objects.filter(
            offender_id__in=offender_ids,
            kind=VisitKind.HOME,
            visited_at__isnull=False,
            visited_at__gte=now - timedelta(days=RECENT_WITHIN_DAYS),
        )
        .order_by("offender_id", "-visited_at")
        .values_list("offender_id", "visited_at")
    )
    recent: dict[int, list[datetime]] = defaultdict(list)
    for oid, at in rows:
        if at is not None and len(recent[oid]) < RECENT_VISITS:
            recent[oid].append(at)
    return recent


@dataclass(frozen=True, slots=True)
class PinnedVisit:
    """A visit of the re-planned day that is done or under way."""

    visit_pk: int
    offender_id: int
    pair_id: str
    start: time
    state: str  # "done" or "under_way"


def pinned_visits(replan_of: PlanRun, today: date, now: datetime) -> list[PinnedVisit]:
    """The visits of ``today`` in the plan being re-planned that are done or under way."""
    pair_of: dict[int, str] = {}
    for route in replan_of.plan.get("routes", []):
        if route["date"] != today.isoformat():
            continue
        for stop in route["stops"]:
            info = replan_of.visits.get(stop["visit_id"])
            if info is not None:
                pair_of[int(info["offender_id"])] = str(route["pair_id"])
    if not pair_of:
        return []
    begin, end = local_day_bounds(today, 1)
    zone = local_zone()
    rows = RegisterVisit.objects.filter(
        offender_id__in=list(pair_of),
        kind=VisitKind.HOME,
        plan_run_id__isnull=False,
        cancelled_at__isnull=True,
    ).order_by("offender_id", "id")
    pinned: dict[int, PinnedVisit] = {}
    for v in rows:
        if v.outcome and v.visited_at is not None and begin <= v.visited_at < end:
            at, state = v.visited_at, "done"
        elif not v.outcome and v.planned_for is not None and begin <= v.planned_for <= now:
            at, state = v.planned_for, "under_way"
        else:
            continue
        pinned[v.offender_id] = PinnedVisit(
            v.pk, v.offender_id, pair_of[v.offender_id], at.astimezone(zone).time(), state
        )
    return list(pinned.values())


def _busy_today(offender_ids: list[int], start_date: date, days: int) -> tuple[set[int], set[int]]:
    """Offenders visited on the first day, and those with a visit scheduled by hand."""
    begin, end = local_day_bounds(start_date, days)
    first_end = local_day_bounds(start_date, 1)[1]
    visited = set(
        RegisterVisit.objects.filter(
            offender_id__in=offender_ids,
            kind=VisitKind.HOME,
            visited_at__gte=begin,
            visited_at__lt=first_end,
        ).values_list("offender_id", flat=True)
    )
    by_hand = set(
        RegisterVisit.objects.filter(
            offender_id__in=offender_ids,
            kind=VisitKind.HOME,
            outcome="",
            cancelled_at__isnull=True,
            plan_run_id__isnull=True,
            planned_for__gte=begin,
            planned_for__lt=end,
        ).values_list("offender_id", flat=True)
    )
    return visited, by_hand


def build_inputs(
    *,
    start_date: date,
    days: int,
    now: datetime,
    pair_ids: list[int] | None = None,
    replan_of: PlanRun | None = None,
) -> PlanInputs:
    """Everything the planner needs for a horizon, read from the register."""
    pairs, pair_info = officer_pairs(start_date, days, pair_ids)
    policy = current_policy()
    last_day = start_date + timedelta(days=days - 1)
    due: list[tuple[int, rules.PolicyResult, dict[str, Any]]] = []
    unknown = set(
        WhereaboutsProcedure.objects.filter(closed_at__isnull=True).values_list(
            "offender_id", flat=True
        )
    )
    skipped: dict[str, int] = defaultdict(int)
    for e in evaluate_offenders(today=start_date, policy=policy):
        r = e.result
        block = routing_block(e.row["status"], e.row["id"] in unknown)
        if block == "whereabouts_unknown":
            # Not sent to an address the offender is known not to live at; counted so
            # the plan says why they are missing.
            skipped["whereabouts_unknown"] += 1
            continue
        if (
            block is None
            and r.visit_kind is rules.VisitKind.HOME_VISIT
            and r.next_visit_due is not None
            and r.next_visit_due <= last_day
            and r.effective_risk_level is not None
        ):
            due.append((e.row["id"], r, e.row))

    pinned = pinned_visits(replan_of, start_date, now) if replan_of is not None else []
    known_pairs = {p.id for p in pairs}
    for p in pinned:
        if p.pair_id not in known_pairs:
            skipped["pinned_pair_not_planned"] += 1
    pinned = [p for p in pinned if p.pair_id in known_pairs]
    pinned_ids = {p.offender_id for p in pinned}

    ids = sorted({oid for oid, _, _ in due} | pinned_ids)
    homes = _homes(ids, start_date)
    recent = _recent_visits(ids, now)
    visited, by_hand = _busy_today(ids, start_date, days)
    rows = {oid: row for oid, _, row in due}
    results = {oid: r for oid, r, _ in due}
    if pinned_ids - set(rows):
        # Done today and no longer due: still needed for the pinned visit's details.
        for e in evaluate_offenders(
            today=start_date,
            policy=policy,
            offenders=Offender.objects.filter(pk__in=sorted(pinned_ids - set(rows))),
        ):
            rows[e.row["id"]] = e.row
            results[e.row["id"]] = e.result

    visits: list[Visit] = []
    info: dict[str, dict[str, Any]] = {}

    def describe(oid: int, result: rules.PolicyResult, home: dict[str, Any]) -> dict[str, Any]:
        row = rows[oid]
        level = result.effective_risk_level
        return {
            "offender_id": oid,
            "reference": row["register_reference"],
            "risk_level": level.value if level else "",
            "due_date": result.next_visit_due.isoformat() if result.next_visit_due else None,
            "days_overdue": max(0, (start_date - result.next_visit_due).days)
            if result.next_visit_due
            else 0,
            "station": row["station__name"],
            **home,
        }

    for p in pinned:
        home = homes.get(p.offender_id)
        result = results.get(p.offender_id)
        if home is None or result is None or result.effective_risk_level is None:
            skipped["pinned_without_home"] += 1
            continue
        vid = f"v{p.visit_pk}"
        visits.append(
            Visit(
                id=vid,
                location=(home["lat"], home["lon"]),
                risk_level=RiskLevel(result.effective_risk_level.value),
                due_date=result.next_visit_due or start_date,
                pinned_pair=p.pair_id,
                pinned_day=0,
                pinned_start=p.start,
            )
        )
        info[vid] = {
            **describe(p.offender_id, result, home),
            "pinned": p.state,
            "register_visit_id": p.visit_pk,
        }

    for oid, result, _ in due:
        if oid in pinned_ids:
            continue
        if oid in visited:
            skipped["visited_on_the_first_day"] += 1
            continue
        if oid in by_hand:
            skipped["scheduled_by_hand"] += 1
            continue
        home = homes.get(oid)
        if home is None:
            skipped["no_home_address"] += 1
            continue
        assert result.next_visit_due is not None
        assert result.effective_risk_level is not None
        vid = f"o{oid}"
        visits.append(
            Visit(
                id=vid,
                location=(home["lat"], home["lon"]),
                risk_level=RiskLevel(result.effective_risk_level.value),
                due_date=result.next_visit_due,
                recent_visits=tuple(recent.get(oid, ())),
            )
        )
        info[vid] = describe(oid, result, home)
    return PlanInputs(
        visits=tuple(visits),
        pairs=tuple(pairs),
        visit_info=info,
        pair_info=pair_info,
        policy_version=policy.version,
        skipped=dict(skipped),
    )
