"""`safehold plan` end to end: runs the job here and prints the KPIs."""

from __future__ import annotations

import json

import pytest

from safehold.cli import main
from safehold.jobs.models import JobRun, JobStatus
from safehold.planning.models import OfficerPair, PlanRun, PlanStatus
from tests.planning.force import build_force

pytestmark = pytest.mark.django_db(transaction=True)  # the CLI closes its connections


def test_plan_json_prints_the_kpis_and_records_the_run_as_a_job(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--json gives the KPIs of a stored run made by a recorded "plan" job."""
    build_force()
    main(["plan", "--json", "--days", "2", "--iterations", "30", "--seed", "1"])
    out = json.loads(capsys.readouterr().out)
    run = PlanRun.objects.get(pk=out["run_id"])
    assert run.status == PlanStatus.READY
    assert out["kpis"] == run.kpis
    assert out["kpis"]["visits_total"] == 8
    assert out["policy_version"] == "staffs-2026.2"
    assert out["pairs"] == 2
    assert sum(out["left_out_by_reason"].values()) == out["left_out"]
    job = JobRun.objects.get(kind="plan")
    assert job.status == JobStatus.SUCCEEDED
    assert job.params == {"run_id": run.pk}
    assert run.job == job
    assert run.requested_by is None


def test_plan_pairs_the_offender_managers_when_no_pairs_exist(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """On a database without pairs (an older demo), the default pairs are made first."""
    build_force()
    OfficerPair.objects.all().delete()
    main(["plan", "--days", "1", "--iterations", "10"])
    assert OfficerPair.objects.count() == 2
    assert "visits planned" in capsys.readouterr().out


def test_plan_with_a_bad_option_exits_with_the_input_error_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Too many days: exit 2 and the message says what to give."""
    build_force()
    with pytest.raises(SystemExit) as exited:
        main(["plan", "--days", "40"])
    assert exited.value.code == 2
    assert "Plan 1 to 14 days" in capsys.readouterr().err
