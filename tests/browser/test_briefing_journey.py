"""Journey: the lead opens the briefing, opens a very high risk overdue offender, records a
visit, and sees the backlog fall by one."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from tests.browser.test_person_journey import sign_in
from tests.factories import OffenderFactory, PersonFactory, UserFactory

from safehold.accounts.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recording_a_visit_from_the_briefing_clears_one_from_the_backlog(
    page: Any, live_server: Any
) -> None:
    """Briefing → record → visit form → backlog down by one."""
    lead = UserFactory(
        username="lead", role=Role.PRIORITIES_LEAD.value, first_name="Dana", last_name="Lead"
    )
    om = UserFactory(
        username="om", role=Role.OFFENDER_MANAGER.value, first_name="Omar", last_name="Manager"
    )
    today = date.today()
    target = OffenderFactory(
        person=PersonFactory(given_name="Victor", family_name="Quarry"),
        risk_level="very_high",
        offender_manager=om,
        last_visit_seen_on=today - timedelta(days=45),
    )
    OffenderFactory(risk_level="low", last_visit_seen_on=today - timedelta(days=700))
    sign_in(page, live_server.url, "lead")

    page.get_by_role("link", name="Backlog", exact=True).click()
    before = int(page.get_by_test_id("overdue-visits").inner_text())
    assert before == 2

    page.get_by_role("link", name="Briefing", exact=True).click()
    page.get_by_role("radio", name="Planning a visit or deployment").check()
    page.get_by_role("button", name="Continue to the record").click()
    section = page.get_by_test_id("section-overdue_high")
    section.locator("summary").first.click()  # the sections open folded below the summary
    section.locator(f"#line-overdue_high-{target.pk}").wait_for()  # its lines load on opening
    assert "days overdue" in section.inner_text()
    section.get_by_role("link", name="QUARRY, Victor", exact=True).click()
    page.get_by_role("radio", name="Planning a visit or deployment").check()
    page.get_by_role("button", name="Continue to the record").click()
    assert "overdue by" in page.get_by_test_id("due-status").inner_text()

    page.get_by_role("link", name="Record a visit").click()
    page.get_by_role("radio", name="Home visit").check()
    page.get_by_label("Date of the visit").fill(today.isoformat())
    page.get_by_label("Time").fill("00:01")
    page.get_by_role("radio", name="Seen").check()
    page.get_by_label("First officer").select_option(str(om.pk))
    page.get_by_label("Second officer").select_option(str(lead.pk))
    page.get_by_label("Concerns").fill("New partner with young children")
    page.get_by_role("button", name="Save").click()
    assert "Visit recorded." in page.inner_text("main")
    assert "Next home visit due" in page.get_by_test_id("due-status").inner_text()

    page.get_by_role("link", name="Backlog", exact=True).click()
    assert int(page.get_by_test_id("overdue-visits").inner_text()) == before - 1
    target.refresh_from_db()
    assert target.last_visit_seen_on == timezone.localdate()
    assert page.console_errors == []
