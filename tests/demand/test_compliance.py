"""Compliance: share within target and p50/p90 by grade, area and hour of week; the
resolution centre's share and the hours it saves; a fixed number of queries; the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.demand.compliance import IncidentRow, hour_of_week, percentile, summarise
from safehold.demand.models import Incident
from safehold.demand.policy import default_policy
from safehold.demand.queries import compliance

POLICY = default_policy()
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 09:00 in London too (GMT)


def row(grade: int, minutes: float, *, area: str = "urban", route: str = "response",
        at: datetime = MONDAY_9, kind: str = "assault", target: int | None = None,
        on_scene: float = 60) -> IncidentRow:  # fmt: skip
    dispatched = at + timedelta(minutes=2)
    arrived = at + timedelta(minutes=minutes)
    return IncidentRow(
        grade, area, route, kind, at, dispatched, arrived,
        arrived + timedelta(minutes=on_scene),
        target if target is not None else POLICY.target(grade).target_minutes(area),
    )  # fmt: skip


def test_percentiles_interpolate() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([10.0], 90) == 10.0
    assert percentile([], 50) is None


def test_share_within_target_and_percentiles_by_grade() -> None:
    rows = [row(1, m) for m in (5, 10, 14, 20)] + [row(2, 50), row(2, 70)]
    report = summarise(rows, POLICY)
    g1 = report["by_grade"]["1"]
    assert (g1["attended"], g1["within_target"], g1["share_within_target"]) == (4, 3, 0.75)
    assert g1["p50_minutes"] == 12.0
    assert report["by_grade"]["2"]["share_within_target"] == 0.5


def test_rural_targets_are_applied_by_area() -> None:
    report = summarise([row(1, 18, area="rural"), row(1, 18)], POLICY)
    assert report["by_area"]["rural"]["1"]["share_within_target"] == 1.0
    assert report["by_area"]["urban"]["1"]["share_within_target"] == 0.0


def test_hour_of_week_counts_from_monday_midnight_in_london() -> None:
    assert hour_of_week(MONDAY_9) == 9
    summer = datetime(2026, 7, 5, 22, 30, tzinfo=UTC)  # Sunday 23:30 BST
    assert hour_of_week(summer) == 6 * 24 + 23
    report = summarise([row(1, 5)], POLICY)
    assert report["by_hour_of_week"][0]["hour_of_week"] == 9
    assert report["by_hour_of_week"][0]["day"] == "Mon"


def test_the_resolution_centre_share_and_the_hours_it_saves() -> None:
    """Each case the centre resolves saves a comparable attendance for two officers."""
    rc = IncidentRow(3, "urban", "resolution_centre", "theft", MONDAY_9, None, None,
                     MONDAY_9 + timedelta(days=1), None)  # fmt: skip
    attended = row(3, 600, route="scheduled", kind="theft", on_scene=58)  # 2 min + 58 on scene
    report = summarise([rc, rc, attended, row(1, 5)], POLICY)
    centre = report["resolution_centre"]
    assert centre["share_of_demand"] == 0.5
    assert centre["response_minutes_per_comparable_attendance"] == pytest.approx(656.0)
    assert centre["response_officer_hours_saved"] == pytest.approx(round(2 * 656 * 2 / 60, 1))


def _make(n: int) -> None:
    at = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    Incident.objects.bulk_create(
        Incident(
            channel="999", incident_type="assault", area="urban", grade=1 + i % 3,
            route="response" if i % 3 < 2 else "resolution_centre",
            received_at=at + timedelta(minutes=7 * i),
            dispatched_at=at + timedelta(minutes=7 * i + 2),
            arrived_at=at + timedelta(minutes=7 * i + 5 + i % 20),
            resolved_at=at + timedelta(minutes=7 * i + 90), target_minutes=15,
        )
        for i in range(n)
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("size", [20, 400])
def test_compliance_runs_one_query_whatever_the_number_of_incidents(
    size: int, django_assert_num_queries: Callable[..., Any]
) -> None:
    _make(size)
    with django_assert_num_queries(1):
        report = compliance(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    assert report["incidents"] == size


@pytest.mark.django_db
def test_the_compliance_page_runs_the_same_queries_at_20_and_at_400_incidents(
    users: dict[Role, User],
) -> None:
    """The page's query count does not grow with the incidents; one of them reads them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(users[Role.ANALYST])
    client.get("/demand/compliance/")  # warm the session
    counts = []
    for size in (20, 380):
        _make(size)
        with CaptureQueriesContext(connection) as captured:
            url = "/demand/compliance/?date_from=2026-11-01&date_to=2026-11-30"
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
        assert sum("demand_incident" in q["sql"] for q in captured.captured_queries) == 1
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_cli_prints_json_for_a_period() -> None:
    _make(30)
    out = StringIO()
    call_command("demand", "compliance", "--json", "--from", "2026-11-01", "--to", "2026-11-30",
                 stdout=out)  # fmt: skip
    report = json.loads(out.getvalue())
    assert report["incidents"] == 30
    assert set(report["by_grade"]) == {"1", "2"}
    assert report["policy_version"] == POLICY.version
    assert {"share_within_target", "p50_minutes", "p90_minutes"} <= set(report["by_grade"]["1"])


@pytest.mark.django_db
def test_the_cli_names_a_bad_date() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"--from '2026-13-01' is not a date"):
        call_command("demand", "compliance", "--from", "2026-13-01")


@pytest.mark.django_db
def test_the_api_gives_the_same_figures_to_an_analyst(users: dict[Role, User]) -> None:
    _make(10)
    client = Client()
    client.force_login(users[Role.ANALYST])
    body = client.get("/api/demand/compliance?date_from=2026-11-01&date_to=2026-11-30").json()
    assert body["incidents"] == 10
