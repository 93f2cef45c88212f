"""Journey: a call handler grades a 101 call with THRIVE; it routes to the resolution centre
with its reasons; an investigator makes three attempts, sends the letter and closes. A second
call is graded 1 and appears on the dispatch queue with its clock."""

from __future__ import annotations

from typing import Any

import pytest
from tests.factories import StationFactory, UserFactory

from safehold.accounts.roles import Rank, Role
from safehold.demand.models import Incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()


def say_why(page: Any) -> None:
    """Answer the justification page that comes before personal data."""
    assert "Why do you need to see this record?" in page.inner_text("h1")
    page.get_by_role("radio", name="Investigating an offence").check()
    page.get_by_role("button", name="Continue to the record").click()


def take_call(page: Any, channel: str, kind: str, family: str) -> None:
    page.get_by_role("link", name="Calls").first.click()
    page.get_by_test_id("record-call").click()
    page.get_by_label(channel, exact=True).check()
    page.get_by_label("Incident type").select_option(kind)
    page.get_by_label("Postcode").fill("ST1 1AA")
    page.get_by_label("Where", exact=True).fill("Market Square, Hanley")
    page.get_by_label("Person 1: given name").fill("Ada")
    page.get_by_label("Person 1: family name").fill(family)
    page.get_by_label("Person 1: telephone").fill("07700 900123")
    page.get_by_role("button", name="Save and grade").click()
    say_why(page)


def test_a_101_call_goes_to_the_resolution_centre_and_a_grade_1_call_to_dispatch(
    page: Any, live_server: Any
) -> None:
    """The whole front door: grade, route with reasons, three attempts, letter, close; and the
    dispatch queue's clock for an immediate call."""
    StationFactory(code="HAN")
    UserFactory(username="handler", role=Role.CALL_HANDLER.value, rank=Rank.STAFF)
    UserFactory(username="rc", role=Role.RESOLUTION_INVESTIGATOR.value)
    UserFactory(username="ps.response", role=Role.RESPONSE_SUPERVISOR.value, rank=Rank.SERGEANT)
    base = live_server.url

    # A 101 call about a theft: THRIVE suggests grade 3 and the centre takes it.
    sign_in(page, base, "handler")
    take_call(page, "101 call", "theft", "Okafor")
    assert "THRIVE" in page.inner_text("h1")
    page.get_by_test_id("suggest").click()
    assert "Suggested grade 3" in page.get_by_test_id("suggestion").inner_text()
    assert "Theft: grade 3" in page.get_by_test_id("suggestion-reasons").inner_text()
    page.get_by_test_id("save-grade").click()
    assert page.get_by_test_id("route").inner_text() == "Resolution centre"
    reasons = page.get_by_test_id("route-reasons").inner_text()
    assert "Theft is a type the resolution centre investigates" in reasons
    assert "No immediate risk" in reasons
    theft = Incident.objects.get()

    # A 999 call: an immediate threat makes it grade 1, for response.
    take_call(page, "999 call", "assault", "Brennan")
    page.get_by_label("Immediate threat to life or safety").check()
    page.get_by_test_id("suggest").click()
    assert "Suggested grade 1" in page.get_by_test_id("suggestion").inner_text()
    page.get_by_test_id("save-grade").click()
    assert page.get_by_test_id("route").inner_text() == "Response (attend now)"
    assault = Incident.objects.exclude(pk=theft.pk).get()
    page.get_by_test_id("sign-out").click()

    # The investigator: three attempts, the letter, close.
    sign_in(page, base, "rc")
    page.get_by_role("link", name="Resolution centre").first.click()
    say_why(page)
    row = page.locator(f'[data-testid="rc-row"][data-incident="{theft.pk}"]')
    assert "0 of 3 attempts made" in row.inner_text()
    row.get_by_role("link", name=theft.reference).click()
    say_why(page)
    for n in range(1, 4):
        page.get_by_label("No answer").check()
        page.get_by_test_id("record-attempt").click()
        assert page.get_by_test_id("attempts").inner_text() == str(n)
    assert "3 attempts without contact: send a letter or e-mail" in (
        page.get_by_test_id("next-step").inner_text()
    )
    page.get_by_label("Letter", exact=True).check()
    page.get_by_test_id("send-letter").click()
    page.get_by_label("How it was resolved").fill("No reply after three calls and a letter")
    page.get_by_test_id("close-case").click()
    assert "No reply after three calls" in page.get_by_test_id("resolved").inner_text()
    theft.refresh_from_db()
    assert (theft.rc_status, theft.contact_attempts, theft.letter_method) == ("closed", 3, "letter")
    page.get_by_test_id("sign-out").click()

    # The response sergeant sees the grade 1 call with its clock.
    sign_in(page, base, "ps.response")
    page.get_by_role("link", name="Dispatch queue").first.click()
    say_why(page)
    row = page.locator(f'[data-testid="dispatch-row"][data-incident="{assault.pk}"]')
    text = row.inner_text()
    assert "Grade 1" in text
    assert "attend within 15 min of the call" in text
    assert "min left" in text
    assert page.console_errors == []
