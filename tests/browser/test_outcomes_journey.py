"""Journey: an analyst opens the DA outcomes page, picks two periods and reads the
explanation; then every page an analyst can reach is checked for names of people on
record (there must be none)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from tests.browser.test_person_journey import sign_in
from tests.factories import UserFactory

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.insights.outcomes import default_periods
from safehold.people.models import Person
from safehold.synth.force import SeedParams, seed_force

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_explains_a_change_and_never_sees_a_name(page: Any, live_server: Any) -> None:
    today = date.today()
    seed_force(SeedParams(seed=11, scale=0.02, today=today))
    UserFactory(username="ana", role=Role.ANALYST.value, first_name="Ana", last_name="Lyst")
    before, after = default_periods(today)
    sign_in(page, live_server.url, "ana")

    page.get_by_role("link", name="DA outcomes", exact=True).click()
    page.get_by_label("Measure").select_option("arrest_rate")
    page.get_by_label("Before (first month..last month)").fill(before)
    page.get_by_label("After (first month..last month)").fill(after)
    page.get_by_role("button", name="Explain").click()
    explanation = page.get_by_test_id("explanation").inner_text()
    assert explanation.startswith("The DA arrests per 100 DA crimes ")
    assert "from" in explanation
    assert page.get_by_test_id("by-area").locator("tbody tr").count() >= 2
    assert page.get_by_test_id("outcome-shift").locator("tbody tr").count() >= 1
    assert page.locator("img[src*='explain.svg']").count() == 2

    page.get_by_label("After (first month..last month)").fill("last spring")
    page.get_by_role("button", name="Explain").click()
    assert "is not a period" in page.inner_text("main")

    # People on record; a member of staff who happens to share a name (the backlog names
    # offender managers) is not one of them.
    staff = set(User.objects.values_list("first_name", "last_name"))
    people = [
        (p.given_name, p.family_name)
        for p in Person.objects.all()
        if (p.given_name, p.family_name) not in staff
    ]
    assert len(people) > 50
    links = page.locator("nav a, header nav a").evaluate_all(
        "els => [...new Set(els.map(e => e.getAttribute('href')))]"
    )
    visited = []
    for href in [h for h in links if h and h.startswith("/") and "sign-out" not in h]:
        page.goto(live_server.url + href)
        text = page.inner_text("body").replace("Ana Lyst", "")
        squashed = re.sub(r"\s+", " ", text)
        for given, family in people:
            assert f"{given} {family}" not in squashed, (href, given, family)
            assert f"{family.upper()}, {given}" not in squashed, (href, given, family)
        visited.append(href)
    assert "/insights/outcomes/" in visited
    assert "/insights/inspection/" in visited
    assert page.console_errors == []
