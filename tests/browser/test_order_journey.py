"""Journey: an officer opens the day's route on a phone and sees the officer-safety
marker first; the visit form asks about each term of the SHPO in force and about
devices; a term not complied with is a concern; a DS reviews it from *Visits to review*
and it leaves the list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from tests.browser.test_person_journey import sign_in
from tests.factories import OffenderFactory, PersonFactory, UserFactory

from safehold.accounts.roles import Rank, Role
from safehold.offenders import services
from safehold.offenders.models import VisitReview
from safehold.offenders.orders import OrderInput, TermInput, record_order
from safehold.offenders.safety_markers import add_safety_marker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _justify(page: Any) -> None:
    if page.get_by_role("button", name="Continue to the record").count():
        page.get_by_role("radio", name="Planning a visit or deployment").check()
        page.get_by_role("button", name="Continue to the record").click()
        page.wait_for_load_state()


def test_a_term_not_complied_with_reaches_the_ds_who_reviews_it(
    browser: Any, live_server: Any
) -> None:
    ds = UserFactory(
        username="ds", role=Role.PRIORITIES_LEAD.value, rank=Rank.SERGEANT, first_name="Dee"
    )
    om = UserFactory(username="om", role=Role.OFFENDER_MANAGER.value, first_name="Omar")
    partner = UserFactory(username="om2", role=Role.OFFENDER_MANAGER.value, first_name="Pat")
    offender = OffenderFactory(
        person=PersonFactory(given_name="Ivor", family_name="Ledger"),
        risk_level="high",
        offender_manager=om,
    )
    order = record_order(
        om,
        offender.pk,
        OrderInput(
            kind="shpo",
            starts_on=timezone.localdate() - timedelta(days=300),
            terms=(TermInput("positive", "devices", "To make any device available"),),
        ),
    )
    term = order.terms.get()
    add_safety_marker(om, offender.pk, kind="dogs", note="Large dog in the back garden")
    services.place_planned_visits(
        ds,
        [
            services.PlannedStop(
                offender.pk,
                timezone.localtime().replace(second=0, microsecond=0),
                om.pk,
                partner.pk,
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
    _justify(page)
    assert "Large dog in the back garden" in page.get_by_test_id("stop-officer-safety").inner_text()
    page.get_by_role("link", name="Start the visit").click()
    page.wait_for_load_state()
    _justify(page)
    assert page.get_by_label("Devices examined (an order in force restricts devices)").count()
    page.locator(f'input[name="term_{term.pk}"][value="not_complied"]').check()
    page.get_by_label("Devices examined").fill("Phone withheld from the officers")
    page.get_by_role("button", name="Save").click()
    assert "Visit recorded." in page.inner_text("main")
    assert "1 not complied" in page.get_by_test_id("timeline").inner_text()
    assert errors == []
    context.close()

    lead = browser.new_context(viewport={"width": 1200, "height": 900})
    lead_page = lead.new_page()
    sign_in(lead_page, live_server.url, "ds")
    lead_page.get_by_role("link", name="Visits to review").click()
    _justify(lead_page)
    card = lead_page.get_by_test_id("visit-to-review")
    assert "Order term not complied with" in card.inner_text()
    card.get_by_label("Outcome").select_option("risk_review")
    card.get_by_label("What was decided and why").fill("Risk review brought forward")
    card.get_by_role("button", name="Record the review").click()
    assert "Review recorded." in lead_page.inner_text("main")
    assert lead_page.get_by_test_id("no-reviews").count() == 1
    lead.close()
    assert VisitReview.objects.get().outcome == "risk_review"
