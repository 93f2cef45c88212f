"""Journey: sign in, open a person, give a justification, see the record, sign out."""

from __future__ import annotations

from typing import Any

import pytest
from tests.factories import PersonFactory, UserFactory

from safehold.accounts.roles import Role
from safehold.audit.models import AccessLogEntry, Operation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/")
    assert "/accounts/sign-in/" in page.url
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()


def test_a_lead_opens_a_person_after_saying_why_and_signs_out(page: Any, live_server: Any) -> None:
    """The justification comes before the record; the look is logged; sign-out ends it."""
    UserFactory(username="lead", role=Role.PRIORITIES_LEAD.value)
    person = PersonFactory(given_name="Olwen", family_name="Tarrant")
    sign_in(page, live_server.url, "lead")
    page.get_by_role("link", name="People").click()
    page.get_by_role("radio", name="Planning a visit or deployment").check()
    page.get_by_role("button", name="Continue to the record").click()
    page.get_by_label("Search by name, alias or reference").fill("Tarrant")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="TARRANT, Olwen").click()
    assert "Why do you need to see this record?" in page.inner_text("h1")
    page.get_by_role("button", name="Continue to the record").click()
    assert "There is a problem" in page.inner_text(".govuk-error-summary")
    page.get_by_role("radio", name="Assessing or reviewing risk").check()
    page.get_by_label("Details").fill("ARMS review due")
    page.get_by_role("button", name="Continue to the record").click()
    assert page.get_by_test_id("person-name").inner_text() == "TARRANT, Olwen"
    entry = AccessLogEntry.objects.filter(record_type="person").get()
    assert (entry.operation, entry.person_id, entry.justification) == (
        Operation.CONSULTATION,
        person.pk,
        "ARMS review due",
    )
    page.get_by_test_id("sign-out").click()
    assert "/accounts/sign-in/" in page.url
    page.goto(f"{live_server.url}/people/{person.pk}/")
    assert "/accounts/sign-in/" in page.url
    assert page.console_errors == []
