"""Runs on the database: replications fanned out to workers, the same result however many."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.errors import Forbidden, InvalidInput
from safehold.jobs.models import JobRun, JobStatus
from safehold.jobs.tasks import execute
from safehold.simulation import services
from safehold.simulation.models import Replication, RunStatus, SimulationRun

TINY = """
version = 1
extends = "today"
name = "tiny"
title = "Tiny force"

[run]
weeks = 1
warmup_days = 1
cooldown_days = 2

[demand]
incidents_per_year = 20000

[response.shifts.early]
units = 3
[response.shifts.late]
units = 4
[response.shifts.night]
units = 3

[resolution_centre]
investigators = 2
"""


@pytest.fixture
def tiny(tmp_path: Path) -> str:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY, encoding="utf-8")
    return str(path)


def _request(tiny: str, seed: int = 5) -> services.SimulationRequest:
    return services.SimulationRequest(
        scenarios=(tiny, "no-resolution-centre"), replications=3, seed=seed, weeks=1
    )


@pytest.mark.django_db
def test_a_run_here_stores_one_row_per_replication_and_the_figures(tiny: str) -> None:
    """Run in this process: every replication row done, the run ready with its figures."""
    run = services.request_simulation(None, _request(tiny), run_here=True, allow_files=True)
    assert run.status == RunStatus.READY
    assert Replication.objects.filter(run=run, result__isnull=False).count() == 6
    assert run.result is not None
    first = run.result["scenarios"][0]
    assert first["scenario"] == "tiny"
    assert first["replications"] == 3
    assert set(first["by_grade"]["1"]) >= {
        "p50_minutes",
        "p90_minutes",
        "share_within_target",
        "share_within_target_ci95",
    }
    assert len(first["utilisation_by_hour"]) == 168
    assert run.job is not None
    assert run.job.status == JobStatus.SUCCEEDED


@pytest.mark.django_db
def test_the_result_is_the_same_however_many_workers_ran_it(tiny: str) -> None:
    """One worker, or three taking replications in another order: identical figures."""
    alone = services.request_simulation(None, _request(tiny), run_here=True, allow_files=True)

    queued = services.request_simulation(None, _request(tiny), helpers=2, allow_files=True)
    helpers = JobRun.objects.filter(kind="simulation-helper", params__run_id=queued.pk)
    assert helpers.count() == 2
    # Workers B and C take replications first, from the end, as other machines might.
    for row in Replication.objects.filter(run=queued).order_by("-scenario_index", "-index")[:4]:
        Replication.objects.filter(pk=row.pk).update(claimed_by=f"worker-{row.pk % 2}")
        services.run_replication(Replication.objects.get(pk=row.pk))
    assert queued.job is not None
    execute(queued.job.pk)  # the parent takes what is left and adds up
    for helper in helpers:
        execute(helper.pk)  # nothing left for them
    queued.refresh_from_db()
    assert queued.status == RunStatus.READY
    workers = set(Replication.objects.filter(run=queued).values_list("claimed_by", flat=True))
    assert len(workers) == 3
    assert queued.result == alone.result


@pytest.mark.django_db
def test_another_seed_gives_other_figures(tiny: str) -> None:
    """The seed matters (and is recorded)."""
    a = services.request_simulation(None, _request(tiny, seed=1), run_here=True, allow_files=True)
    b = services.request_simulation(None, _request(tiny, seed=2), run_here=True, allow_files=True)
    assert a.result != b.result
    assert a.result is not None
    assert a.result["seed"] == 1


@pytest.mark.django_db
def test_a_claimed_replication_is_not_claimed_twice(tiny: str) -> None:
    """Two workers asking at once get different rows."""
    run = services.request_simulation(None, _request(tiny), helpers=0, allow_files=True)
    first = services.claim_next(run.pk, "a")
    second = services.claim_next(run.pk, "b")
    assert first is not None
    assert second is not None
    assert first.pk != second.pk


@pytest.mark.django_db
def test_only_an_analyst_may_start_a_simulation(users: dict[Role, User], tiny: str) -> None:
    """Every other role is refused before anything is written."""
    for role, user in users.items():
        if role is Role.ANALYST:
            continue
        with pytest.raises((Forbidden, PermissionDenied)):
            services.request_simulation(user, _request(tiny), run_here=True, allow_files=True)
    assert SimulationRun.objects.count() == 0


@pytest.mark.django_db
def test_bad_requests_name_the_field() -> None:
    """Too few replications, or an unknown scenario, say which field to fix."""
    with pytest.raises(InvalidInput) as err:
        services.request_simulation(None, services.SimulationRequest(("today",), replications=1))
    assert err.value.field == "replications"
    with pytest.raises(InvalidInput) as err:
        services.request_simulation(None, services.SimulationRequest(("tody",), replications=3))
    assert err.value.field == "scenarios"
    assert SimulationRun.objects.count() == 0


@pytest.mark.django_db
def test_pages_and_the_api_never_read_a_file_on_the_server(tiny: str) -> None:
    """Only packaged names are accepted unless the caller is the command line."""
    with pytest.raises(InvalidInput) as err:
        services.request_simulation(None, services.SimulationRequest((tiny,), replications=2))
    assert err.value.field == "scenarios"
    assert SimulationRun.objects.count() == 0


@pytest.mark.django_db
def test_the_analyst_page_runs_a_comparison_and_shows_a_table(
    client_for: Callable[[Role], Client], settings: object
) -> None:
    """Pick scenarios on the page, the job runs, the page shows the figures as a table."""
    settings.SAFEHOLD_RUN_JOBS_INLINE = True  # type: ignore[attr-defined]
    client = client_for(Role.ANALYST)
    page = client.get("/simulation/")
    assert page.status_code == 200
    assert b"no-resolution-centre" in page.content
    response = client.post(
        "/simulation/",
        {"scenarios": ["today", "late-shift-plus-2"], "replications": 2, "weeks": 1, "seed": 3},
    )
    assert response.status_code == 302
    run = SimulationRun.objects.get()
    shown = client.get(response["Location"])
    assert shown.status_code == 200
    assert b'data-testid="simulation-grades"' in shown.content
    assert b"Two more units on late shift" in shown.content
    chart = client.get(f"/simulation/{run.pk}/compliance.svg")
    assert chart["Content-Type"] == "image/svg+xml"


@pytest.mark.django_db
def test_the_page_names_a_bad_field(client_for: Callable[[Role], Client]) -> None:
    """No scenario chosen: the error summary says so and nothing runs."""
    client = client_for(Role.ANALYST)
    page = client.post("/simulation/", {"replications": 2, "weeks": 1, "seed": 0})
    assert page.status_code == 200
    assert b"Choose at least one scenario" in page.content
    assert SimulationRun.objects.count() == 0


@pytest.mark.django_db
def test_the_advisor_page_shows_the_answer_beside_its_evidence(
    client_for: Callable[[Role], Client], settings: object
) -> None:
    """Ask for 80 % of grade 2 within target: the answer, the binding shift, the rosters tried."""
    settings.SAFEHOLD_RUN_JOBS_INLINE = True  # type: ignore[attr-defined]
    client = client_for(Role.ANALYST)
    assert client.get("/simulation/advise/").status_code == 200
    response = client.post(
        "/simulation/advise/",
        {"scenario": "today", "grade": 2, "share": 80, "replications": 4, "weeks": 1, "seed": 1},
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert b'data-testid="advice-answer"' in page.content
    assert b'data-testid="advice-evidence"' in page.content
    assert b"Binding shift" in page.content
