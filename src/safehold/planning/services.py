"""Every write of the planning context: one function each, which checks permission,
validates, writes in one transaction and logs what it did to the register.

- :func:`request_plan` records a plan run and queues the "plan" job (or runs it here);
- :func:`accept_plan` asks the register to place a plan's visits (and cancel those of
  the plan it supersedes), once;
- :func:`replan_today` plans the rest of an accepted plan's day again, pinning the
  visits done or under way;
- :func:`ensure_default_pairs` pairs the force's offender managers when no pairs exist.

Views, the API and the CLI call these; the "plan" job that solves a requested run and
stores its plan is ``execution.py``. Nothing else writes plan runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from safehold.accounts.models import User
from safehold.accounts.roles import Capability, Role
from safehold.audit.log import Justification, record
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.datetext import day_month, long_date
from safehold.errors import Conflict, Forbidden, InvalidInput, NotFound, SafeholdError
from safehold.jobs.models import JobRun
from safehold.offenders import services as register

from . import rota
from .models import OfficerPair, PlanRun, PlanStatus
from .queries import local_midnight, stale_reasons, today_local

if TYPE_CHECKING:
    pass


class PlanFailed(SafeholdError):
    """The planner did not finish a plan; the message says why."""

    default_code = "plan_failed"


PLANNING = Justification("planning", "visit plan accepted onto the register")
MAX_DAYS = 14
MAX_SECONDS = 3600


def _may_plan(actor: User | None) -> None:
    if actor is not None and not actor.can(Capability.PLAN_VISITS):
        raise Forbidden("Only the priorities team plans visits", code="cannot_plan_visits")


def next_working_day(today: date) -> date:
    """The first Monday-to-Friday day after ``today``: the default first day of a plan."""
    day = today + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


# ----------------------------------------------------------------------------- pairs


def ensure_default_pairs(actor: User | None = None) -> list[OfficerPair]:
    """Pair the active offender managers by the default rule when the force has no pairs."""
    if actor is not None and not actor.can(Capability.PLAN_VISITS):
        raise Forbidden("Only the priorities team sets up officer pairs")
    with transaction.atomic():
        if OfficerPair.objects.select_for_update().exists():
            return []
        managers = User.objects.filter(
            role=Role.OFFENDER_MANAGER, is_active=True, station__isnull=False
        ).select_related("station")
        proposed, _ = rota.pair_officers(
            [
                rota.Officer(
                    id=u.pk,
                    sort_name=f"{u.last_name} {u.first_name} {u.username}".lower(),
                    station_id=u.station.pk,
                    station_name=u.station.name,
                    station_lat=u.station.lat,
                    station_lon=u.station.lon,
                )
                for u in managers
                if u.station is not None
            ]
        )
        pairs = OfficerPair.objects.bulk_create(
            [
                OfficerPair(
                    name=p.name,
                    station_id=p.station_id,
                    officer_1_id=p.officer_1,
                    officer_2_id=p.officer_2,
                    evening_weekdays=list(p.evening_weekdays),
                )
                for p in proposed
            ]
        )
    return pairs


# ------------------------------------------------------------------------ requesting


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """What to plan: the first day, how many days, the search budget, seed and pairs."""

    start_date: date
    days: int = 5
    seconds: float | None = 60.0
    iterations: int | None = None
    seed: int = 0
    pair_ids: tuple[int, ...] = field(default_factory=tuple)


def _check(request: PlanRequest, today: date, replanning: bool) -> dict[str, Any]:
    from .solver import PlannerParams, PlannerParamsError

    if request.start_date < today:
        raise InvalidInput(
            f"The first day of the plan must be today or later (today is {long_date(today)})",
            field="start_date",
        )
    if request.start_date > today + timedelta(days=366):
        raise InvalidInput("The first day of the plan must be within a year", field="start_date")
    if len(request.pair_ids) > 200:
        raise InvalidInput("Choose at most 200 officer pairs", field="pairs")
    most_days = 28 if replanning else MAX_DAYS
    if not 1 <= request.days <= most_days:
        raise InvalidInput(f"Plan 1 to {most_days} days", field="days")
    if request.seconds is not None and not 1 <= request.seconds <= MAX_SECONDS:
        raise InvalidInput(f"Give the planner 1 to {MAX_SECONDS} seconds", field="seconds")
    if request.seconds is None and request.iterations is None:
        raise InvalidInput("Give a time budget in seconds or an iteration budget", field="seconds")
    if request.pair_ids:
        found = OfficerPair.objects.filter(pk__in=request.pair_ids, active=True).count()
        if found != len(set(request.pair_ids)):
            raise InvalidInput("Choose officer pairs from the list", field="pairs")
    try:
        params = PlannerParams(
            horizon_days=request.days,
            max_runtime_s=request.seconds,
            max_iterations=request.iterations,
            seed=request.seed,
        )
    except PlannerParamsError as exc:
        field_name = "iterations" if "iterations" in str(exc) else "seed"
        raise InvalidInput(str(exc), code=exc.code, field=field_name) from exc
    return params.to_dict()


def request_plan(
    actor: User | None,
    request: PlanRequest,
    *,
    replan_of: PlanRun | None = None,
    run_here: bool = False,
    raise_errors: bool = False,
    clock: Clock = SYSTEM_CLOCK,
) -> PlanRun:
    """Record a plan run and queue the "plan" job for it (or run it in this process).

    Run here, a planner failure leaves the run failed with its error; ``raise_errors``
    raises it as well (the CLI, for its exit code).
    """
    from safehold.jobs.services import run_job_here, start_job

    _may_plan(actor)
    params = _check(request, today_local(clock), replanning=replan_of is not None)
    with transaction.atomic():
        run = PlanRun.objects.create(
            requested_by=actor,
            replan_of=replan_of,
            start_date=request.start_date,
            horizon_days=request.days,
            seed=request.seed,
            max_runtime_s=request.seconds,
            max_iterations=request.iterations,
            pair_ids=sorted(set(request.pair_ids)),
            params=params,
        )
        if not run_here:
            run.job = start_job(actor, "plan", {"run_id": run.pk})
            run.save(update_fields=["job"])
    if run_here:
        job: JobRun | None = None
        try:
            job = run_job_here(actor, "plan", {"run_id": run.pk})
        except Exception:
            if raise_errors:
                raise
        finally:
            job = job or JobRun.objects.filter(kind="plan", params__run_id=run.pk).last()
            if job is not None:
                PlanRun.objects.filter(pk=run.pk).update(job=job)
        run.refresh_from_db()
    return run


def replan_today(
    actor: User | None,
    run_id: int,
    *,
    run_here: bool = False,
    raise_errors: bool = False,
    today: date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> PlanRun:
    """Plan the rest of an accepted plan from now, pinning visits done or under way today."""
    _may_plan(actor)
    run = PlanRun.objects.filter(pk=run_id).first()
    if run is None:
        raise NotFound(f"No visit plan {run_id}")
    today = today or today_local(clock)
    last = run.start_date + timedelta(days=run.horizon_days - 1)
    if run.status != PlanStatus.ACCEPTED:
        raise Conflict(
            "Only the accepted plan can be re-planned; accept a plan first",
            code="plan_not_accepted",
        )
    if not run.start_date <= today <= last:
        raise Conflict(
            f"This plan covers {day_month(run.start_date, full=True)} to "
            f"{day_month(last, full=True)}; re-planning is for "
            "one of its days. Make a new plan instead.",
            code="replan_outside_horizon",
        )
    return request_plan(
        actor,
        PlanRequest(
            start_date=today,
            days=(last - today).days + 1,
            seconds=run.max_runtime_s,
            iterations=run.max_iterations,
            seed=run.seed,
            pair_ids=tuple(int(p) for p in run.pairs),
        ),
        replan_of=run,
        run_here=run_here,
        raise_errors=raise_errors,
        clock=clock,
    )


# ------------------------------------------------------------------------ accepting


@dataclass(frozen=True, slots=True)
class Accepted:
    """What accepting a plan did to the register."""

    run_id: int
    created: int
    withdrawn: int
    superseded: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "created": self.created,
            "withdrawn": self.withdrawn,
            "superseded": list(self.superseded),
        }


def accept_plan(
    actor: User, run_id: int, *, clock: Clock = SYSTEM_CLOCK, channel: str = "page"
) -> Accepted:
    """Put every stop of a ready plan on the register as a planned visit, in one go.

    Open planned visits of an earlier accepted plan from this plan's first day (or from
    now, if later) are cancelled on the register, with this plan as the reason: this plan
    replaces them. The register places and cancels the visits
    (:mod:`safehold.offenders.planned`); planning writes only its own plan runs. Visits
    done or under way that a re-plan pinned stay as they are. Refused when the plan was
    accepted already, is not ready, or is stale
    (see :func:`safehold.planning.queries.stale_reasons`).
    """
    _may_plan(actor)
    now = clock.now()
    with transaction.atomic():
        # One acceptance at a time: a plan accepted at the same moment as another for the
        # same days must see that one to supersede it, or both sets of visits would stay
        # on the register (tests/concurrency). Rows are locked in id order: no deadlock.
        list(
            PlanRun.objects.select_for_update()
            .filter(status__in=[PlanStatus.READY, PlanStatus.ACCEPTED])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        run = PlanRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            raise NotFound(f"No visit plan {run_id}")
        if run.status == PlanStatus.ACCEPTED:
            who = run.accepted_by.get_full_name() if run.accepted_by else "someone"
            when = timezone.localtime(run.accepted_at) if run.accepted_at else None
            raise Conflict(
                f"This plan was accepted already by {who}"
                + (f" at {when:%H:%M} on {day_month(when, full=True)}" if when else "")
                + "; its visits are on the register.",
                code="plan_already_accepted",
            )
        if run.status != PlanStatus.READY:
            raise Conflict(
                f"Only a finished plan can be accepted; this one is {run.get_status_display()}.",
                code="plan_not_ready",
            )
        problems = stale_reasons(run, clock=clock)
        if problems:
            raise Conflict(
                "This plan is out of date: " + " ".join(problems) + " Plan again.",
                code="stale_plan",
                detail=problems,
            )
        pinned = {
            int(info["register_visit_id"])
            for info in run.visits.values()
            if info.get("register_visit_id")
        }
        cutoff = max(now, local_midnight(run.start_date))
        last_day = run.start_date + timedelta(days=run.horizon_days - 1)
        earlier = list(
            PlanRun.objects.select_for_update()
            .filter(status=PlanStatus.ACCEPTED)
            .exclude(pk=run.pk)
            .order_by("pk")
        )
        superseded = [
            r.pk
            for r in earlier
            if r.start_date + timedelta(days=r.horizon_days - 1) >= run.start_date
            and r.start_date <= last_day
        ]
        withdrawn = register.cancel_plan_visits(
            actor,
            superseded,
            from_time=cutoff,
            keep=pinned,
            reason=f"Superseded by visit plan {run.pk}",
            now=now,
            justification=PLANNING,
            channel=channel,
        )
        PlanRun.objects.filter(pk__in=superseded).update(
            status=PlanStatus.SUPERSEDED, superseded_by=run
        )

        stops: list[register.PlannedStop] = []
        for route in run.plan.get("routes", []):
            officers = [o[0] for o in run.pairs[str(route["pair_id"])]["officers"]]
            for stop in route["stops"]:
                info = run.visits[stop["visit_id"]]
                if info.get("pinned"):
                    continue
                stops.append(
                    register.PlannedStop(
                        offender_id=int(info["offender_id"]),
                        planned_for=datetime.fromisoformat(stop["arrival"]),
                        officer_1_id=officers[0],
                        officer_2_id=officers[1],
                    )
                )
        created = register.place_planned_visits(
            actor, stops, plan_run_id=run.pk, justification=PLANNING, channel=channel
        )
        run.status = PlanStatus.ACCEPTED
        run.accepted_by = actor
        run.accepted_at = now
        run.save(update_fields=["status", "accepted_by", "accepted_at"])
        record(
            actor,
            Operation.ALTERATION,
            "plan_run",
            run.pk,
            justification=PLANNING,
            channel=channel,
            detail={
                "accepted": True,
                "planned_visits": len(created),
                "withdrawn": len(withdrawn),
                "superseded": superseded,
            },
        )
    return Accepted(run.pk, len(created), len(withdrawn), tuple(superseded))
