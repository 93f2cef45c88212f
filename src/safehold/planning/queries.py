"""Reads of plan runs shaped for the pages, the API, the calendar and the CSV export.

A run's pages read only the run row (the routes, left-out visits, KPIs and the snapshot
of visits and pairs stored when it was made), shaped by ``run_display.py``; a pair's day
adds one query for the names of the offenders on it. The forecast is in ``forecasting.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.datetext import day_month, long_date
from safehold.offenders.models import Offender
from safehold.offenders.models import Visit as RegisterVisit

from .models import OfficerPair, PlanRun, PlanStatus
from .run_display import StopView, shift_text


def today_local(clock: Clock = SYSTEM_CLOCK) -> date:
    """Today in the force's time zone, by ``clock``."""
    return clock.today()


def local_midnight(day: date) -> datetime:
    """The start of ``day`` in the force's time zone, as an aware UTC datetime."""
    return datetime.combine(day, time(), tzinfo=ZoneInfo(settings.TIME_ZONE)).astimezone(UTC)


# ------------------------------------------------------------------------ the list


def run_list(limit: int = 50) -> list[PlanRun]:
    """The latest plan runs with who asked and who accepted (one query).

    Figures only: the snapshots a run keeps for its own pages (its visits and pairs, and
    a re-plan's original run) run to megabytes for a large force and stay unread.
    """
    return list(
        PlanRun.objects.select_related("requested_by", "accepted_by")
        .defer("visits", "pairs", "stats", "params", "skipped")
        .order_by("-created_at", "-id")[:limit]
    )


def plan_run(run_id: int) -> PlanRun | None:
    """One run with who asked, who accepted, its job and the plan it re-plans (one query)."""
    return (
        PlanRun.objects.select_related("requested_by", "accepted_by", "job", "replan_of")
        .filter(pk=run_id)
        .first()
    )


def active_pairs() -> QuerySet[OfficerPair]:
    """The officer pairs that plans are made for, with their station and officers."""
    return (
        OfficerPair.objects.filter(active=True)
        .select_related("station", "officer_1", "officer_2")
        .order_by("name")
    )


# ------------------------------------------------------------------------ staleness


def stale_reasons(run: PlanRun, *, clock: Clock = SYSTEM_CLOCK) -> list[str]:
    """Why a finished plan may no longer be accepted; empty when it still may.

    A plan is stale when its first day has passed, when another plan was accepted after
    this one read the register, or when a visit was recorded or scheduled, or the record
    changed, for an offender in it since then (three queries).
    """
    now = clock.now()
    problems: list[str] = []
    if run.start_date < timezone.localdate(now):
        problems.append(f"Its first day, {long_date(run.start_date)}, has passed.")
    since = run.inputs_as_of
    if since is None:
        return problems
    later = PlanRun.objects.filter(accepted_at__gt=since).exclude(pk=run.pk).order_by("pk").first()
    if later is not None:
        assert later.accepted_at is not None
        accepted = timezone.localtime(later.accepted_at)
        problems.append(
            f"Visit plan {later.pk} was accepted at {accepted:%H:%M} on "
            f"{day_month(accepted, full=True)}, after this plan was made."
        )
    ids = sorted({int(v["offender_id"]) for v in run.visits.values()})
    changed = set(
        Offender.objects.filter(pk__in=ids, modified_at__gt=since).values_list(
            "register_reference", flat=True
        )
    ) | set(
        RegisterVisit.objects.filter(offender_id__in=ids, modified_at__gt=since)
        .exclude(plan_run_id=run.pk)
        .values_list("offender__register_reference", flat=True)
    )
    if changed:
        shown = ", ".join(sorted(changed)[:5]) + (" ..." if len(changed) > 5 else "")
        problems.append(
            f"{len(changed)} offender record{'s' if len(changed) != 1 else ''} in it changed "
            f"since (a visit recorded or scheduled, or the record updated): {shown}."
        )
    return problems


def with_names(stops: list[StopView]) -> list[StopView]:
    """Fill in the offenders' names for a day's stops (one query)."""
    names = {
        oid: f"{family.upper()}, {given}"
        for oid, family, given in Offender.objects.filter(
            pk__in={s.offender_id for s in stops}
        ).values_list("id", "person__family_name", "person__given_name")
    }
    for s in stops:
        s.name = names.get(s.offender_id, "")
    return stops


def may_see_pair(user: User, run: PlanRun, pair_id: str) -> bool:
    """The priorities team sees every route; an officer sees their own pair's accepted ones."""
    if user.can(Capability.PLAN_VISITS):
        return True
    if not user.can(Capability.VIEW_OFFENDERS) or run.status != PlanStatus.ACCEPTED:
        return False
    pair = run.pairs.get(pair_id)
    return pair is not None and user.pk in {int(o[0]) for o in pair.get("officers", [])}


# ------------------------------------------------------------------------ my routes


@dataclass(frozen=True)
class MyPairDay:
    run_id: int
    pair_id: str
    pair_name: str
    day: int
    date: date
    shift: str
    visits: int


def my_pair_days(user: User, *, today: date) -> list[MyPairDay]:
    """The user's pair-days from today on, in accepted plans (one query, on the home page
    too: it reads the routes and pairs, not the snapshot of every visit)."""
    out: list[MyPairDay] = []
    runs = (
        PlanRun.objects.filter(
            status=PlanStatus.ACCEPTED,
            start_date__gte=today - timedelta(days=28),
        )
        .only("pk", "pairs", "plan")
        .order_by("start_date", "pk")
    )
    for run in runs:
        mine = [
            pid
            for pid, pair in run.pairs.items()
            if user.pk in {int(o[0]) for o in pair.get("officers", [])}
        ]
        if not mine:
            continue
        for r in run.plan.get("routes", []):
            if str(r["pair_id"]) in mine and date.fromisoformat(r["date"]) >= today:
                pair = run.pairs[str(r["pair_id"])]
                out.append(
                    MyPairDay(
                        run.pk,
                        str(r["pair_id"]),
                        pair["name"],
                        int(r["day"]),
                        date.fromisoformat(r["date"]),
                        shift_text(pair, int(r["day"])),
                        len(r["stops"]),
                    )
                )
    out.sort(key=lambda m: (m.date, m.pair_name))
    return out
