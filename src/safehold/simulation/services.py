"""Start simulation runs and work on their replications (the jobs app runs these).

A comparison run is one parent job plus helper jobs. Every one of them claims
replications one at a time (a compare-and-set on the row, which works the same on
SQLite and PostgreSQL), runs and stores it; the parent, once nothing is left to claim,
waits for replications other workers hold and then adds the figures up from the rows.
The result depends only on the run seed and the rows, so it is the same however many
workers took part.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Forbidden, InvalidInput, NotFound

from . import inputs as adapter
from .models import Replication, RunKind, RunStatus, SimulationRun
from .params import inputs_from_dict, inputs_to_dict
from .results import ReplicationResult
from .runner import ScenarioRun, comparison, run_one, scenario_summary
from .scenario import PACKAGED, ScenarioError, load_scenario

if TYPE_CHECKING:
    from safehold.accounts.models import User
    from safehold.jobs.registry import Progress

MAX_REPLICATIONS = 200
MAX_SCENARIOS = 8
#: A claimed replication not finished after this long is taken again (its worker died).
STALE_AFTER = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class SimulationRequest:
    """What to run: scenario names or files, replications, seed, and optional weeks."""

    scenarios: tuple[str, ...]
    replications: int = 10
    seed: int = 0
    weeks: float | None = None


def _may_simulate(actor: User | None) -> None:
    from safehold.accounts.roles import Capability

    if actor is not None and not actor.can(Capability.RUN_SIMULATION):
        raise Forbidden("Only an analyst may run simulations")


def resolve_scenarios(
    names: tuple[str, ...], *, weeks: float | None = None, allow_files: bool = False
) -> list[ScenarioRun]:
    """Load each scenario and build its inputs (fitting from the force's records once).

    Only packaged names unless ``allow_files`` (the CLI): pages and the API never read
    a path on the server.
    """
    if not allow_files:
        unknown = [n for n in names if n not in PACKAGED]
        if unknown:
            raise InvalidInput(
                f"No packaged scenario {unknown[0]!r}; known: {', '.join(PACKAGED)}",
                field="scenarios",
                code="bad_scenario",
            )
    if not names:
        raise InvalidInput("Choose at least one scenario", field="scenarios")
    if len(names) > MAX_SCENARIOS:
        raise InvalidInput(f"Compare at most {MAX_SCENARIOS} scenarios", field="scenarios")
    fitted = None
    fitted_loaded = False
    runs = []
    for name in names:
        try:
            scenario = load_scenario(name)
            if scenario.fit and not fitted_loaded:
                fitted, fitted_loaded = adapter.fitted_last_year(), True
            inputs = scenario.inputs(fitted)
        except ScenarioError as exc:
            raise InvalidInput(str(exc), field=exc.field, code="bad_scenario") from exc
        if weeks is not None:
            from dataclasses import replace

            inputs = replace(inputs, weeks=float(weeks))
        source = (
            adapter.describe(fitted)
            if scenario.fit and fitted is not None
            else "packaged parameters (no incidents recorded to fit from)"
            if scenario.fit
            else "the scenario file's parameters"
        )
        runs.append(ScenarioRun(scenario.name, scenario.title, inputs, source))
    return runs


def _check(request: SimulationRequest) -> None:
    if not 2 <= request.replications <= MAX_REPLICATIONS:
        raise InvalidInput(
            f"Replications must be between 2 and {MAX_REPLICATIONS}", field="replications"
        )
    if not 0 <= request.seed < 2**62:
        raise InvalidInput("The seed must be a whole number ≥ 0", field="seed")
    if request.weeks is not None and not 0 < request.weeks <= 104:
        raise InvalidInput("Weeks must be more than 0 and at most 104", field="weeks")


def request_simulation(
    actor: User | None,
    request: SimulationRequest,
    *,
    run_here: bool = False,
    helpers: int | None = None,
    allow_files: bool = False,
) -> SimulationRun:
    """Record a comparison run with one row per replication and queue its jobs (or run it here)."""
    from safehold.jobs.services import run_job_here, start_job

    _may_simulate(actor)
    _check(request)
    runs = resolve_scenarios(request.scenarios, weeks=request.weeks, allow_files=allow_files)
    with transaction.atomic():
        run = SimulationRun.objects.create(
            kind=RunKind.COMPARE,
            requested_by=actor,
            replications=request.replications,
            seed=request.seed,
            scenarios=[
                {
                    "name": r.name,
                    "title": r.title,
                    "inputs_source": r.inputs_source,
                    "inputs": inputs_to_dict(r.inputs),
                }
                for r in runs
            ],
        )
        Replication.objects.bulk_create(
            Replication(run=run, scenario_index=s, index=k)
            for s in range(len(runs))
            for k in range(request.replications)
        )
        if not run_here:
            run.job = start_job(actor, "simulation", {"run_id": run.pk})
            run.save(update_fields=["job"])
            total = len(runs) * request.replications
            count = helper_count(total) if helpers is None else helpers
            for _ in range(min(count, total - 1)):
                start_job(actor, "simulation-helper", {"run_id": run.pk})
    if run_here:
        job = run_job_here(actor, "simulation", {"run_id": run.pk})
        SimulationRun.objects.filter(pk=run.pk).update(job=job)
        run.refresh_from_db()
    return run


def request_calibration(
    actor: User | None,
    *,
    replications: int = 10,
    seed: int = 0,
    run_here: bool = False,
    helpers: int | None = None,
) -> SimulationRun:
    """Simulate the force's last year from its own fitted inputs, to set beside the records.

    The ``today`` roster is scaled by the recorded demand over the packaged figure, so a
    synthetic force seeded at a smaller scale is staffed to match.
    """
    from safehold.jobs.services import run_job_here, start_job

    from .calibration import recorded_dict, scaled_roster

    _may_simulate(actor)
    _check(SimulationRequest(("today",), replications=replications, seed=seed))
    fitted = adapter.fitted_last_year()
    if fitted is None:
        raise InvalidInput(
            f"Calibration needs at least {adapter.MIN_INCIDENTS} graded incidents in the last "
            "year; none or too few are recorded",
            field="scenarios",
        )
    scenario = load_scenario("today")
    inputs = scenario.inputs(fitted)
    packaged = float(scenario.data["demand"]["incidents_per_year"])
    factor = fitted.incidents / fitted.weeks * 52 / packaged
    inputs = scaled_roster(inputs, factor)
    with transaction.atomic():
        run = SimulationRun.objects.create(
            kind=RunKind.COMPARE,
            requested_by=actor,
            replications=replications,
            seed=seed,
            params={"calibration": recorded_dict(fitted), "roster_factor": round(factor, 4)},
            scenarios=[
                {
                    "name": "today",
                    "title": "Today, fitted (calibration)",
                    "inputs_source": adapter.describe(fitted)
                    + f"; the packaged roster scaled by {factor:.2f} to the recorded demand",
                    "inputs": inputs_to_dict(inputs),
                }
            ],
        )
        Replication.objects.bulk_create(
            Replication(run=run, scenario_index=0, index=k) for k in range(replications)
        )
        if not run_here:
            run.job = start_job(actor, "simulation", {"run_id": run.pk})
            run.save(update_fields=["job"])
            for _ in range(helper_count(replications) if helpers is None else helpers):
                start_job(actor, "simulation-helper", {"run_id": run.pk})
    if run_here:
        job = run_job_here(actor, "simulation", {"run_id": run.pk})
        SimulationRun.objects.filter(pk=run.pk).update(job=job)
        run.refresh_from_db()
    return run


def calibration_rows(run: SimulationRun) -> list[dict[str, Any]] | None:
    """Simulated beside recorded compliance by grade, for a calibration run (else None)."""
    from .calibration import compare

    recorded = (run.params or {}).get("calibration")
    if recorded is None or not run.result:
        return None
    return compare(run.result["scenarios"][0], recorded)


def helper_count(total: int) -> int:
    """How many helper jobs to queue beside the parent (``SAFEHOLD_SIMULATION_HELPERS``)."""
    configured = int(getattr(settings, "SAFEHOLD_SIMULATION_HELPERS", 7))
    return max(0, min(configured, total - 1))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim_next(run_id: int, worker: str, clock: Clock = SYSTEM_CLOCK) -> Replication | None:
    """Claim the first unclaimed (or stale) replication of the run for ``worker``."""
    now = clock.now()
    stale = now - STALE_AFTER
    for _ in range(50):
        candidate = (
            Replication.objects.filter(run_id=run_id, result__isnull=True)
            .filter(claimed_by="")
            .order_by("scenario_index", "index")
            .values_list("pk", flat=True)
            .first()
        )
        if candidate is None:
            candidate = (
                Replication.objects.filter(run_id=run_id, result__isnull=True, claimed_at__lt=stale)
                .order_by("scenario_index", "index")
                .values_list("pk", flat=True)
                .first()
            )
            if candidate is None:
                return None
            won = Replication.objects.filter(pk=candidate, claimed_at__lt=stale).update(
                claimed_by=worker, claimed_at=now
            )
        else:
            won = Replication.objects.filter(pk=candidate, claimed_by="").update(
                claimed_by=worker, claimed_at=now
            )
        if won == 1:
            return Replication.objects.get(pk=candidate)
    return None


def run_replication(row: Replication, clock: Clock = SYSTEM_CLOCK) -> ReplicationResult:
    """Run one claimed replication and store its result."""
    run = row.run
    inputs = inputs_from_dict(run.scenarios[row.scenario_index]["inputs"])
    started = time.perf_counter()
    result = run_one(inputs, run.seed, row.index)
    Replication.objects.filter(pk=row.pk).update(
        result=result.to_dict(),
        seconds=round(time.perf_counter() - started, 3),
        finished_at=clock.now(),
    )
    return result


def work_on(run_id: int, *, worker: str | None = None, limit: int | None = None) -> int:
    """Claim and run replications of the run until none is left (or ``limit``); how many ran."""
    name = worker or worker_name()
    done = 0
    while limit is None or done < limit:
        row = claim_next(run_id, name)
        if row is None:
            break
        run_replication(row)
        done += 1
    return done


def _progress(run_id: int, progress: Progress) -> tuple[int, int]:
    total = Replication.objects.filter(run_id=run_id).count()
    finished = Replication.objects.filter(run_id=run_id, result__isnull=False).count()
    progress(finished / max(total, 1), f"{finished} of {total} replications done")
    return finished, total


def execute_simulation(
    run_id: int, progress: Progress, *, poll_seconds: float = 1.0, clock: Clock = SYSTEM_CLOCK
) -> dict[str, Any]:
    """The parent job: work on replications, wait for the rest, then add the figures up."""
    run = SimulationRun.objects.filter(pk=run_id).first()
    if run is None:
        raise NotFound(f"No simulation run {run_id}")
    SimulationRun.objects.filter(pk=run_id).update(status=RunStatus.RUNNING)
    name = worker_name()
    try:
        while True:
            while (row := claim_next(run_id, name)) is not None:
                run_replication(row)
                _progress(run_id, progress)
            finished, total = _progress(run_id, progress)
            if finished >= total:
                break
            time.sleep(poll_seconds)  # other workers hold the rest
        result = summarise_run(run_id)
    except Exception as exc:
        SimulationRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=clock.now()
        )
        raise
    SimulationRun.objects.filter(pk=run_id).update(
        status=RunStatus.READY, result=result, finished_at=clock.now()
    )
    return {
        "run_id": run_id,
        "scenarios": len(result["scenarios"]),
        "url": f"/simulation/{run_id}/",
    }


def summarise_run(run_id: int) -> dict[str, Any]:
    """A run's figures from its stored replications, whoever ran them."""
    run = SimulationRun.objects.get(pk=run_id)
    rows = list(
        Replication.objects.filter(run_id=run_id)
        .order_by("scenario_index", "index")
        .values_list("scenario_index", "result")
    )
    scenarios = []
    for s, spec in enumerate(run.scenarios):
        results = [ReplicationResult.from_dict(r) for i, r in rows if i == s and r is not None]
        scenario_run = ScenarioRun(
            spec["name"], spec["title"], inputs_from_dict(spec["inputs"]), spec["inputs_source"]
        )
        scenarios.append(scenario_summary(scenario_run, results))
    return comparison(scenarios, seed=run.seed, replications=run.replications)


def get_run(actor: User | None, run_id: int) -> SimulationRun:
    """A run the actor may see (analysts see every run: runs hold aggregates only)."""
    _may_simulate(actor)
    run = SimulationRun.objects.filter(pk=run_id).select_related("job").first()
    if run is None:
        raise NotFound(f"No simulation run {run_id}")
    return run
