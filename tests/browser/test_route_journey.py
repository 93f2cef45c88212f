"""Journey on a phone: an officer opens the day's route, starts the visit, records a child
present and a concern; the reactively managed offender returns to active management
pending review, and the lead sees both on the briefing."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from tests.browser.test_person_journey import sign_in
from tests.factories import OffenderFactory, PersonFactory, UserFactory

from safehold.accounts.roles import Rank, Role
from safehold.offenders import services
from safehold.offenders.models import ManagementReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_an_officer_records_a_visit_from_the_days_route_on_a_phone(
    browser: Any, live_server: Any
) -> None:
    lead = UserFactory(
        username="lead",
        role=Role.PRIORITIES_LEAD.value,
        rank=Rank.SERGEANT,
        first_name="Dana",
        last_name="Lead",
    )
    om = UserFactory(
        username="om", role=Role.OFFENDER_MANAGER.value, first_name="Omar", last_name="Manager"
    )
    partner = UserFactory(
        username="om2", role=Role.OFFENDER_MANAGER.value, first_name="Pat", last_name="Partner"
    )
    offender = OffenderFactory(
        person=PersonFactory(given_name="Victor", family_name="Quarry"),
        risk_level="low",
        status="reactive_management",
        offender_manager=om,
    )
    now = timezone.localtime()
    services.place_planned_visits(
        lead,
        [
            services.PlannedStop(
                offender.pk, now.replace(second=0, microsecond=0), om.pk, partner.pk
            )
        ],
        plan_run_id=1,
    )

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "om")
    page.goto(f"{live_server.url}/offenders/today/")
    page.get_by_role("radio", name="Planning a visit or deployment").check()
    page.get_by_role("button", name="Continue to the record").click()
    stop = page.get_by_test_id("stop")
    assert "QUARRY, Victor" in stop.inner_text()
    stop.get_by_role("link", name="Start the visit").click()
    page.wait_for_load_state()
    if page.get_by_role("button", name="Continue to the record").count():
        page.get_by_role("radio", name="Planning a visit or deployment").check()
        page.get_by_role("button", name="Continue to the record").click()
        page.wait_for_load_state()
    assert page.get_by_label("Second officer").input_value() == str(partner.pk)
    page.get_by_label("Who else was there").fill("Partner and her son, about 8")
    page.get_by_label("A child (under 18) was present or lives or stays there").check()
    page.get_by_label("Concerns").fill("Son of the new partner stays at weekends")
    page.get_by_role("button", name="Save").click()
    assert "Visit recorded." in page.inner_text("main")
    assert (
        "Back to active management pending review"
        in page.get_by_test_id("review-pending").inner_text()
    )
    assert errors == []
    context.close()

    review = ManagementReview.objects.get(offender=offender)
    assert "Child present" in review.why

    lead_context = browser.new_context(viewport={"width": 1200, "height": 900})
    lead_page = lead_context.new_page()
    sign_in(lead_page, live_server.url, "lead")
    lead_page.get_by_role("link", name="Briefing", exact=True).click()
    lead_page.get_by_role("radio", name="Planning a visit or deployment").check()
    lead_page.get_by_role("button", name="Continue to the record").click()
    summary = lead_page.get_by_test_id("briefing-summary").inner_text()
    assert "QUARRY, Victor" in summary  # the summary names the most urgent lines
    for key in ("active_review", "concerns"):  # the sections open folded
        lead_page.get_by_test_id(f"section-{key}").locator("summary").first.click()
        lead_page.locator(f"#line-{key}-{offender.pk}").wait_for()  # lines load on opening
    assert "QUARRY, Victor" in lead_page.get_by_test_id("section-active_review").inner_text()
    concerns = lead_page.get_by_test_id("section-concerns").inner_text()
    assert "Son of the new partner stays at weekends" in concerns
    lead_context.close()
