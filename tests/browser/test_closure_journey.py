"""Journey: a constable tries to close an uncontacted high-risk incident and is refused; a
sergeant closes it with the victim's recorded refusal of support; the closure shows on the
supervisors' worklist."""

from __future__ import annotations

from typing import Any

import pytest
from tests.browser.test_safeguarding_journey import say_why, sign_in
from tests.factories import UserFactory
from tests.safeguarding.factories import make_incident

from safehold.accounts.roles import Rank, Role
from safehold.safeguarding.models import ClosureStatus, Incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_uncontacted_high_risk_victim_is_closed_only_by_a_sergeant_with_the_contact_outcome(
    page: Any, live_server: Any
) -> None:
    UserFactory(username="pc.hub", role=Role.SAFEGUARDING_OFFICER.value, rank=Rank.CONSTABLE)
    UserFactory(username="ps.hub", role=Role.SAFEGUARDING_OFFICER.value, rank=Rank.SERGEANT)
    incident = make_incident(grade="high", attendance="unable", minutes_ago=180)
    base = live_server.url

    # The constable tries to close it as "no crime recorded": refused, and told why.
    sign_in(page, base, "pc.hub")
    page.goto(f"{base}/safeguarding/incidents/{incident.pk}/")
    say_why(page)
    page.get_by_role("link", name="Close the incident").click()
    page.get_by_label("Reason for closing").fill("No crime recorded")
    page.get_by_role("button", name="Save").click()
    assert "Only a sergeant or above may close this incident" in page.inner_text("main")
    assert Incident.objects.get().closure_status == ClosureStatus.OPEN
    page.get_by_test_id("sign-out").click()

    # The sergeant closes it, recording that the victim declined support.
    sign_in(page, base, "ps.hub")
    page.goto(f"{base}/safeguarding/incidents/{incident.pk}/close/")
    say_why(page)
    page.get_by_label("Reason for closing").fill(
        "Victim declined all support; refuge details given"
    )
    page.get_by_role("button", name="Save").click()
    assert "Record the contact outcome before closing" in page.inner_text("main")
    page.get_by_label("Contact with the victim").select_option("declined_support")
    page.get_by_label("Reason for closing").fill(
        "Victim declined all support; refuge details given"
    )
    page.get_by_role("button", name="Save").click()
    assert "Incident closed." in page.inner_text("main")
    assert "Victim declined support" in page.get_by_test_id("closure").inner_text()
    closed = Incident.objects.get()
    assert (closed.closure_status, closed.closure_contact) == ("closed", "declined_support")

    # The closure is on the supervisors' worklist, with who closed it and why.
    page.get_by_role("link", name="DA worklists").click()
    say_why_if_asked(page)
    row = page.get_by_test_id("closures").locator("tr").filter(has_text=incident.reference)
    text = row.inner_text()
    assert "Victim declined support" in text
    assert "Sergeant" in text
    assert "Not signed off by a sergeant" not in text
    assert page.console_errors == []


def say_why_if_asked(page: Any) -> None:
    if "Why do you need" in page.inner_text("h1"):
        say_why(page)
