"""The planning API: start a plan (202 and the job), read a run (justified, logged),
accept it, and the forecast."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safehold.accounts.models import ApiToken, User
from safehold.audit.models import AccessLogEntry, Operation
from safehold.offenders.models import Visit
from safehold.planning.models import PlanRun, PlanStatus
from tests.planning.force import Force

pytestmark = pytest.mark.django_db
WHY = {"HTTP_X_JUSTIFICATION": "planning", "HTTP_X_JUSTIFICATION_TEXT": "weekly plan"}


def _api(user: User) -> Client:
    _, raw = ApiToken.issue(user, "planning tool")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_starting_a_plan_answers_202_with_the_run_and_its_job(force: Force) -> None:
    """The run is queued and its job can be polled."""
    response = _api(force.lead).post(
        "/api/planning/runs",
        {"days": 2, "seconds": 10, "seed": 4},
        content_type="application/json",
    )
    assert response.status_code == 202
    body = response.json()
    run = PlanRun.objects.get(pk=body["run_id"])
    assert body["job_id"] == run.job_id
    assert body["status"] == "queued"
    assert body["job_url"] == f"/api/jobs/{run.job_id}"
    assert run.start_date == force.start
    assert run.seed == 4


def test_a_bad_request_is_a_400_naming_the_field(force: Force) -> None:
    """Too many days: refused by the bounded schema, the error naming the field."""
    response = _api(force.lead).post(
        "/api/planning/runs", {"days": 99}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert [e["loc"][-1] for e in body["detail"]] == ["days"]


def test_reading_a_run_needs_a_justification_and_is_a_logged_disclosure(
    force: Force, plan_run: PlanRun
) -> None:
    """428 without X-Justification; with it, the routes and reasons, logged as disclosed."""
    client = _api(force.lead)
    refused = client.get(f"/api/planning/runs/{plan_run.pk}")
    assert refused.status_code == 428
    response = client.get(f"/api/planning/runs/{plan_run.pk}", **WHY)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert body["kpis"] == plan_run.kpis
    assert sum(len(r["stops"]) for r in body["routes"]) == plan_run.kpis["visits_planned"]
    assert len(body["left_out"]) == len(plan_run.plan["left_out"])
    assert all(v["reason"] and v["text"] for v in body["left_out"])
    stop = body["routes"][0]["stops"][0]
    assert stop["register_reference"].startswith("STF-")
    assert stop["arrival"]
    entry = AccessLogEntry.objects.get(operation=Operation.DISCLOSURE)
    assert entry.record_type == "plan_run"
    assert entry.channel == "api"
    assert "planning tool" in entry.recipient


def test_accepting_through_the_api_creates_the_visits_and_refuses_twice(
    force: Force, plan_run: PlanRun
) -> None:
    """200 with the count, then 409 with a code."""
    client = _api(force.lead)
    first = client.post(f"/api/planning/runs/{plan_run.pk}/accept")
    assert first.status_code == 200
    assert first.json()["created"] == Visit.objects.filter(plan_run_id=plan_run.pk).count() > 0
    second = client.post(f"/api/planning/runs/{plan_run.pk}/accept")
    assert second.status_code == 409
    assert second.json()["code"] == "plan_already_accepted"
    plan_run.refresh_from_db()
    assert plan_run.status == PlanStatus.ACCEPTED


def test_the_forecast_gives_the_clear_date_and_the_curve(force: Force, plan_run: PlanRun) -> None:
    """Aggregates only: clear date, capacity and days to clear per pair count."""
    body = _api(force.lead).get(f"/api/planning/forecast?run_id={plan_run.pk}&pairs=2").json()
    assert body["pairs"] == 2
    assert body["visits_per_pair_day"] == plan_run.kpis["visits_per_pair_day"]
    assert body["backlog_today"] >= 1
    assert [p["pairs"] for p in body["curve"]] == list(range(1, 5))
    assert body["clear_date"] is not None


def test_an_offender_manager_may_not_use_the_planning_api(force: Force) -> None:
    """403 with a JSON code."""
    response = _api(force.officers[0]).post(
        "/api/planning/runs", {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_typed_run_and_forecast_bodies_are_what_the_planner_stored(
    force: Force, plan_run: PlanRun
) -> None:
    """The schemas describe the stored KPIs, statistics and settings without changing them."""
    from django.utils import timezone

    from safehold.planning.forecasting import forecast

    client = _api(force.lead)
    body = client.get(f"/api/planning/runs/{plan_run.pk}", **WHY).json()
    assert (body["kpis"], body["stats"], body["params"]) == (
        plan_run.kpis,
        plan_run.stats,
        plan_run.params,
    )
    listed = {r["id"]: r for r in client.get("/api/planning/runs").json()}
    assert listed[plan_run.pk]["kpis"] == plan_run.kpis
    expected = forecast(timezone.localdate(), pairs=2, run=plan_run).to_dict()
    got = client.get(f"/api/planning/forecast?run_id={plan_run.pk}&pairs=2").json()
    assert got == expected


def test_a_run_not_yet_made_lists_no_figures(force: Force, plan_run: PlanRun) -> None:
    """A queued run's KPIs are an empty object, as stored."""
    PlanRun.objects.filter(pk=plan_run.pk).update(status=PlanStatus.QUEUED, kpis={}, stats={})
    body = _api(force.lead).get(f"/api/planning/runs/{plan_run.pk}", **WHY).json()
    assert (body["kpis"], body["stats"]) == ({}, {})
