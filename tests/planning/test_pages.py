"""The planner's pages: runs, a run's summary, a day and a pair's day with the map, the
calendar, the CSV export, accepting, and who may see what."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import time
from typing import Any

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safehold.audit.models import AccessLogEntry, Operation
from safehold.offenders.models import Visit
from safehold.planning.models import PlanRun, PlanStatus
from safehold.planning.run_display import run_view
from tests.conftest import give_justification
from tests.planning.force import Force

pytestmark = pytest.mark.django_db


class JustifiedClient(Client):
    """A client that has said why (planning) before opening any plan's page: per session
    for lists, and per plan should plan pages ask once per plan (``views.PLAN_RECORD``)."""

    def get(self, path: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        found = re.match(r"^/planning/(\d+)/", path)
        if found:
            give_justification(self, "plan", int(found.group(1)), "planning", "weekly plan")
        return super().get(path, *args, **kwargs)


def _client(user: object, *, justified: bool = True) -> Client:
    client = JustifiedClient() if justified else Client()
    client.force_login(user)  # type: ignore[arg-type]
    if justified:
        give_justification(client, "list", reason="planning", text="weekly plan")
    return client


@pytest.fixture
def lead(force: Force) -> Client:
    return _client(force.lead)


def _content(response: object) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return response.content.decode()  # type: ignore[attr-defined]


def _busy_pair(run: PlanRun) -> tuple[str, int]:
    route = max(run.plan["routes"], key=lambda r: len(r["stops"]))
    return str(route["pair_id"]), int(route["day"])


def test_the_runs_page_lists_plans_with_their_figures(lead: Client, plan_run: PlanRun) -> None:
    """Each run with its status and visits planned."""
    page = lead.get("/planning/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"Visit plan {plan_run.pk}" in text
    assert f"{plan_run.kpis['visits_planned']} of 8" in text


def test_the_runs_page_reads_no_plans_stored_snapshots_and_a_fixed_number_of_queries(
    lead: Client, plan_run: PlanRun
) -> None:
    """The list shows figures only: it does not load each plan's visits and pairs (and a
    re-plan's original) however many plans there are."""

    def look() -> tuple[str, list[str]]:
        with CaptureQueriesContext(connection) as ctx:
            page = lead.get("/planning/")
        return page.content.decode(), [q["sql"] for q in ctx.captured_queries]

    look()  # the first request of a session may write its idle-timeout stamp
    _, one = look()
    PlanRun.objects.create(
        status=PlanStatus.READY,
        replan_of=plan_run,
        start_date=plan_run.start_date,
        horizon_days=plan_run.horizon_days,
        kpis=plan_run.kpis,
        plan=plan_run.plan,
        visits=plan_run.visits,
        pairs=plan_run.pairs,
    )
    text, two = look()
    assert f"re-plan of {plan_run.pk}" in text
    assert len(two) == len(one)
    assert not [q for q in two if '"planning_planrun"."visits"' in q]


def test_starting_a_plan_queues_the_job_and_shows_its_progress(force: Force, lead: Client) -> None:
    """The form records a run and a queued job; the run page waits for it."""
    response = lead.post(
        "/planning/new/",
        {"start_date": force.start.isoformat(), "days": 2, "seconds": 5, "seed": 1},
    )
    run = PlanRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/planning/{run.pk}/"
    assert run.status == PlanStatus.QUEUED
    assert run.job is not None
    assert run.job.params == {"run_id": run.pk}
    waiting = lead.get(f"/planning/{run.pk}/")
    assert 'data-testid="plan-waiting"' in waiting.content.decode()
    assert lead.get(f"/planning/{run.pk}/progress/").status_code == 204


def test_with_jobs_run_inline_the_form_leads_straight_to_the_plan(
    force: Force, lead: Client, settings: object
) -> None:
    """SAFEHOLD_RUN_JOBS_INLINE (browser tests, single-process trials) plans in the request."""
    settings.SAFEHOLD_RUN_JOBS_INLINE = True  # type: ignore[attr-defined]
    response = lead.post(
        "/planning/new/",
        {"start_date": force.start.isoformat(), "days": 2, "seconds": 1, "seed": 0},
        follow=True,
    )
    run = PlanRun.objects.get()
    assert run.status == PlanStatus.READY
    assert 'data-testid="plan-kpis"' in response.content.decode()
    finished = lead.get(f"/planning/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert finished["HX-Refresh"] == "true"


def test_a_bad_form_is_shown_again_with_the_error_against_the_field(lead: Client) -> None:
    """Days out of range: 200 with the error summary linking to the field."""
    response = lead.post("/planning/new/", {"start_date": "2020-01-01", "days": 40, "seconds": 5})
    text = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in text
    assert 'href="#id_days"' in text


def test_the_run_page_shows_kpis_reasons_and_versions_and_logs_the_look(
    force: Force, lead: Client, plan_run: PlanRun
) -> None:
    """KPIs, by risk, objective against the baseline, each left-out reason, versions."""
    view = run_view(plan_run)
    before = AccessLogEntry.objects.count()
    text = lead.get(f"/planning/{plan_run.pk}/").content.decode()
    for marker in ("plan-kpis", "plan-by-risk", "plan-objective", "plan-grid", "plan-provenance"):
        assert f'data-testid="{marker}"' in text
    assert plan_run.policy_version in text
    assert plan_run.solver_version in text
    assert "Accept plan" in text
    for left in view.left_out:
        assert left.reference in text
        assert left.text in text
    assert "1 with no home address on record" in text
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert entry is not None
    assert entry.operation == Operation.CONSULTATION
    assert entry.record_type == "plan_run"
    assert entry.reason == "planning"


def test_plan_pages_ask_for_a_justification_first(force: Force, plan_run: PlanRun) -> None:
    """Without one, the run page sends the user to say why."""
    client = _client(force.lead, justified=False)
    response = client.get(f"/planning/{plan_run.pk}/")
    assert response.status_code == 302
    assert "/audit/justify/" in response["Location"]


def test_a_pairs_day_shows_the_map_data_and_the_stops_in_order(
    lead: Client, plan_run: PlanRun
) -> None:
    """The JSON block has the station and every stop; the table lists them with times."""
    pair_id, day = _busy_pair(plan_run)
    route = run_view(plan_run).route(pair_id, day)
    assert route is not None
    text = lead.get(f"/planning/{plan_run.pk}/pairs/{pair_id}/days/{day}/").content.decode()
    data = json.loads(
        text.split('id="plan-map-data" type="application/json">')[1].split("</script>")[0]
    )
    assert data["tileUrl"] == ""
    assert [s["n"] for s in data["routes"][0]["stops"]] == list(range(1, len(route.stops) + 1))
    assert data["routes"][0]["station"]["name"] == route.station
    positions = [text.index(s.reference) for s in route.stops]
    assert positions == sorted(positions)
    first = timezone.localtime(route.stops[0].arrival).strftime("%H:%M")
    assert first in text
    assert "planmap.js" in text
    assert "leaflet.js" in text


def test_a_day_page_shows_every_pairs_route(lead: Client, plan_run: PlanRun) -> None:
    """All routes of the day on one map."""
    _, day = _busy_pair(plan_run)
    routes = run_view(plan_run).routes_on(day)
    text = lead.get(f"/planning/{plan_run.pk}/days/{day}/").content.decode()
    for route in routes:
        assert route.pair_name in text
    assert 'id="plan-map-data"' in text


def test_an_offender_manager_sees_their_own_pairs_accepted_route_and_no_other(
    force: Force, plan_run: PlanRun
) -> None:
    """404 before acceptance and for another pair; 200 for their pair afterwards."""
    from safehold.planning import services

    pair_id, day = _busy_pair(plan_run)
    pair = plan_run.pairs[pair_id]
    mine = next(o for o in force.officers if o.pk == pair["officers"][0][0])
    other = next(o for o in force.officers if o.pk not in {p[0] for p in pair["officers"]})
    url = f"/planning/{plan_run.pk}/pairs/{pair_id}/days/{day}/"
    assert _client(mine).get(url).status_code == 404
    services.accept_plan(force.lead, plan_run.pk)
    assert _client(mine).get(url).status_code == 200
    assert (
        _client(mine).get(f"/planning/{plan_run.pk}/pairs/{pair_id}/calendar.ics").status_code
        == 200
    )
    assert _client(other).get(url).status_code == 404
    assert _client(mine).get(f"/planning/{plan_run.pk}/").status_code == 403
    listing = _client(mine).get("/planning/mine/").content.decode()
    assert f"/planning/{plan_run.pk}/pairs/{pair_id}/days/" in listing


def test_the_home_tiles_show_the_accepted_plan_without_reading_its_visit_snapshot(
    force: Force, plan_run: PlanRun
) -> None:
    """The lead's and an officer's tiles come from the plan's figures and routes only."""
    from safehold.planning import services

    services.accept_plan(force.lead, plan_run.pk)
    pair_id, _ = _busy_pair(plan_run)
    mine = next(o for o in force.officers if o.pk == plan_run.pairs[pair_id]["officers"][0][0])
    for user, tile in ((force.lead, "Visit plan"), (mine, "Your planned visits")):
        with CaptureQueriesContext(connection) as ctx:
            home = _client(user).get("/")
        assert tile in home.content.decode()
        assert not [q for q in ctx.captured_queries if '"planning_planrun"."visits"' in q["sql"]]


def test_the_calendar_parses_back_with_one_event_per_stop_and_no_names(
    force: Force, lead: Client, plan_run: PlanRun
) -> None:
    """VEVENTs with the reference, street and London times; no offender name; logged."""
    pair_id, _ = _busy_pair(plan_run)
    routes = [r for r in run_view(plan_run).routes if r.pair_id == pair_id]
    response = lead.get(f"/planning/{plan_run.pk}/pairs/{pair_id}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    stops = [s for r in routes for s in r.stops]
    assert len(events) == len(stops)
    by_uid = {str(e["UID"]): e for e in events}
    for stop in stops:
        event = by_uid[f"plan-{plan_run.pk}-{stop.visit_id}@safehold"]
        assert stop.reference in str(event["SUMMARY"])
        assert str(event["LOCATION"]) == stop.address
        start = event.decoded("DTSTART")
        assert start == stop.arrival
        assert str(start.tzinfo) == "Europe/London"
        assert event.decoded("DTEND") == stop.departure
    assert calendar.walk("VTIMEZONE")
    text = response.content.decode()
    for offender in force.overdue:
        assert offender.person.family_name not in text
        assert offender.person.addresses.get().address.postcode not in text
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert entry is not None
    assert entry.operation == Operation.DISCLOSURE
    assert entry.record_type == "plan_calendar"
    assert entry.channel == "export"


def test_the_csv_export_has_every_stop_and_every_left_out_visit_neutralised(
    force: Force, lead: Client, plan_run: PlanRun
) -> None:
    """One row per stop and per left-out visit; a formula-like address is made text."""
    run = plan_run
    info = next(iter(run.visits.values()))
    info["address"] = '=HYPERLINK("http://x")'
    run.save(update_fields=["visits"])
    response = lead.get(f"/planning/{run.pk}/plan.csv")
    rows = list(csv.DictReader(io.StringIO(_content(response))))
    stops = sum(len(r["stops"]) for r in run.plan["routes"])
    assert len(rows) == stops + len(run.plan["left_out"])
    assert {r["status"] for r in rows} <= {"planned", "left_out"}
    assert all(r["reason_code"] for r in rows if r["status"] == "left_out")
    assert any(r["address"].startswith("'=") for r in rows)
    assert AccessLogEntry.objects.filter(record_type="plan_export", operation="disclosure").exists()


def test_accepting_from_the_page_puts_visits_on_the_offenders_records(
    force: Force, lead: Client, plan_run: PlanRun
) -> None:
    """POST accept, then the offender's record lists the planned visit with the plan id."""
    response = lead.post(f"/planning/{plan_run.pk}/accept/", follow=True)
    assert "planned visits are on the register" in response.content.decode()
    visit = Visit.objects.filter(plan_run_id=plan_run.pk).first()
    assert visit is not None
    give_justification(lead, "offender", visit.offender_id)
    record = lead.get(f"/offenders/{visit.offender_id}/").content.decode()
    assert f"(visit plan {plan_run.pk})" in record
    again = lead.post(f"/planning/{plan_run.pk}/accept/", follow=True)
    assert "accepted already" in again.content.decode()


def test_the_forecast_page_gives_the_clear_date_and_the_curve(
    force: Force, plan_run: PlanRun
) -> None:
    """The panel has the date; the table has a row per number of pairs; charts are SVG."""
    client = _client(force.lead)
    text = client.get(f"/planning/forecast/?run={plan_run.pk}").content.decode()
    assert 'data-testid="forecast-clear"' in text
    assert 'data-testid="forecast-curve"' in text
    assert f"visit plan {plan_run.pk}" in text
    for chart in ("curve.svg", "backlog.svg"):
        response = client.get(f"/planning/forecast/{chart}?run={plan_run.pk}")
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.startswith(b"<svg")


@pytest.fixture
def tile_server(settings: object) -> None:
    settings.SAFEHOLD_MAP_TILE_URL = "https://tiles.example.test/{z}/{x}/{y}.png"  # type: ignore[attr-defined]


def test_the_map_uses_the_configured_tile_url(
    lead: Client, plan_run: PlanRun, tile_server: None
) -> None:
    """With SAFEHOLD_MAP_TILE_URL set, the map data carries it."""
    pair_id, day = _busy_pair(plan_run)
    text = lead.get(f"/planning/{plan_run.pk}/pairs/{pair_id}/days/{day}/").content.decode()
    assert "https://tiles.example.test/{z}/{x}/{y}.png" in text


def test_replanning_from_the_page_makes_a_new_plan_that_pins_the_day(
    force: Force, lead: Client, settings: object
) -> None:
    """On an accepted plan's day, "Re-plan from now" makes a re-plan of it."""
    from safehold.planning import services
    from tests.planning.force import TODAY, make_run, on_duty_today

    settings.SAFEHOLD_RUN_JOBS_INLINE = True  # type: ignore[attr-defined]
    on_duty_today(force, start=time(0, 5), end=time(23, 55))
    run = make_run(force, start=TODAY, days=1)
    services.accept_plan(force.lead, run.pk)
    assert "Re-plan from now" in lead.get(f"/planning/{run.pk}/").content.decode()
    response = lead.post(f"/planning/{run.pk}/replan/")
    replan = PlanRun.objects.get(replan_of=run)
    assert response["Location"] == f"/planning/{replan.pk}/"
    assert replan.status == PlanStatus.READY
    assert "re-plan of plan" in lead.get(f"/planning/{replan.pk}/").content.decode()
