"""Journey: the priorities lead runs a plan, opens a pair's day, sees the map and the list,
downloads the calendar, accepts the plan and sees the planned visit on an offender's
record.

The live server runs no workers, so the plan runs in the request
(``SAFEHOLD_RUN_JOBS_INLINE``), recorded as a job like a queued one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import icalendar
import pytest
from tests.browser.test_person_journey import sign_in
from tests.planning.force import build_force

from safehold.offenders.models import Visit
from safehold.planning.models import PlanRun, PlanStatus
from safehold.planning.run_display import run_view

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _justify(page: Any) -> None:
    page.get_by_role("radio", name="Planning a visit or deployment").check()
    page.get_by_role("button", name="Continue to the record").click()


def test_the_lead_plans_opens_a_pairs_day_downloads_the_calendar_and_accepts(
    page: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    """Plan → run page → pair's day (map and list) → .ics → accept → offender's record."""
    settings.SAFEHOLD_RUN_JOBS_INLINE = True
    build_force()
    sign_in(page, live_server.url, "plan.lead")

    page.get_by_role("link", name="Visit plans", exact=True).click()
    page.get_by_role("link", name="Plan visits").click()
    page.get_by_label("Days to plan").fill("2")
    page.get_by_label("Time to search, in seconds").fill("1")
    page.get_by_role("button", name="Start planning").click()
    _justify(page)
    run = PlanRun.objects.get()
    assert run.status == PlanStatus.READY
    assert page.get_by_test_id("visits-planned").inner_text() == str(run.kpis["visits_planned"])

    route = max(run_view(run).routes, key=lambda r: len(r.stops))
    page.locator(f'a[href="/planning/{run.pk}/pairs/{route.pair_id}/days/{route.day}/"]').click()
    page.wait_for_selector("#plan-map[data-drawn]")
    assert page.get_attribute("#plan-map", "data-drawn") == str(len(route.stops))
    assert page.locator("#plan-map .leaflet-interactive").count() >= len(route.stops) + 2
    stops = page.get_by_test_id("route-stops").inner_text()
    positions = [stops.index(s.reference) for s in route.stops]
    assert positions == sorted(positions)

    with page.expect_download() as download:
        page.get_by_test_id("download-ics").click()
    saved = tmp_path / "plan.ics"
    download.value.save_as(saved)
    events = list(icalendar.Calendar.from_ical(saved.read_bytes()).walk("VEVENT"))
    pair_stops = [s for r in run_view(run).routes if r.pair_id == route.pair_id for s in r.stops]
    assert len(events) == len(pair_stops)

    page.get_by_role("link", name=f"Back to visit plan {run.pk}").click()
    page.get_by_role("button", name="Accept plan").click()
    assert "planned visits are on the register" in page.inner_text("main")
    run.refresh_from_db()
    assert run.status == PlanStatus.ACCEPTED

    first = route.stops[0]
    page.goto(f"{live_server.url}/offenders/{first.offender_id}/")
    _justify(page)
    planned = page.get_by_test_id("planned-visits").inner_text()
    assert f"(visit plan {run.pk})" in planned
    assert Visit.objects.filter(offender_id=first.offender_id, plan_run_id=run.pk).exists()
    assert page.console_errors == []
