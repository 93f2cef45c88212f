"""axe-core (npm, locked in package-lock.json) on every page, for every role.

Walks the authorization matrix's page list with the matrix's seeded data: each page is
checked as the first role (in ``Role`` order) that may open it, and every role's home page
and navigation as that role; then error states (forms with errors, 403, 404, a failed
sign-in) and htmx-updated regions. Fails on any serious or critical WCAG 2.2 A/AA
violation. The pages do not depend on the database engine, so this runs on SQLite only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from tests.authz_demand import demand_justify
from tests.authz_safeguarding import safeguarding_justify
from tests.authz_table import PAGES
from tests.conftest import give_justification
from tests.test_authorization_matrix import (  # noqa: F401 - the matrix's fixture, reused
    QUERIES,
    _url,
    fixtures_for_urls,
    page_routes,
)

from safehold.accounts.models import User
from safehold.accounts.roles import Role

AXE = (Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js").read_text()
ROLES = list(Role)


def _owner(name: str) -> Role | None:
    """The role a page is checked as: the first that may open it."""
    allowed, ok, _other, _anonymous = PAGES[name]
    return next((r for r in ROLES if r in allowed), None) if ok == 200 else None


@pytest.fixture(autouse=True)
def _sqlite_only() -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the pages are the same on every engine: checked on SQLite")


TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""


@pytest.fixture
def axe_page(browser: Any) -> Iterator[Any]:
    # axe is injected as a script: the test context lets it past the site's CSP.
    context = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def serious(page: Any, label: str) -> list[str]:
    """Serious or critical violations on the page as it is now."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE)
    found = page.evaluate(RUN, TAGS)
    return [
        f"{label}: {v['id']} ({v['impact']}: {v['help']}) at {json.dumps(v['nodes'])}"
        for v in found
        if v["impact"] in {"serious", "critical"}
    ]


def _signed_in(page: Any, base: str, user: User) -> Client:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    return client


def _justify_all(client: Client, kwargs: dict[str, Any]) -> None:
    give_justification(client, "list")
    give_justification(client, "briefing")
    for key, kind in (("person_id", "person"), ("offender_id", "offender"), ("run_id", "plan")):
        if key in kwargs:
            give_justification(client, kind, kwargs[key])
    safeguarding_justify(client, kwargs)
    demand_justify(client, kwargs)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_page_a_role_opens_has_no_serious_violations(
    role: Role,
    axe_page: Any,
    live_server: Any,
    users: dict[Role, User],
    fixtures_for_urls: Callable[[str, User | None], dict[str, Any]],  # noqa: F811
) -> None:
    user = users[role]
    client = _signed_in(axe_page, live_server.url, user)
    problems: list[str] = []
    checked = 0
    for name, route in page_routes():
        if route.endswith((".csv", ".svg", ".ics", ".json")):
            continue  # downloads and images, not pages
        refusal = name == "people:list" and role not in PAGES[name][0]
        if _owner(name) != role and name != "home" and not refusal:
            continue  # checked as another role (one refusal page stands for all)
        kwargs = fixtures_for_urls(route, user)
        _justify_all(client, kwargs)
        try:
            response = axe_page.goto(live_server.url + _url(route, kwargs) + QUERIES.get(name, ""))
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                continue  # a file to save, not a page
            raise
        if response is None or "<html" not in response.text()[:500]:
            continue  # fragments that pages poll (checked in their page below)
        problems += serious(axe_page, f"{role.value} {name}")
        checked += 1
    assert checked > 0
    assert problems == []


def test_every_page_is_checked_as_some_role() -> None:
    from tests.test_authorization_matrix import page_routes as routes

    unchecked = [
        n
        for n, r in routes()
        if PAGES[n][1] == 200 and _owner(n) is None and not r.endswith((".csv", ".svg", ".ics"))
    ]
    assert unchecked == []


def test_error_states_have_no_serious_violations(
    axe_page: Any, live_server: Any, users: dict[Role, User]
) -> None:
    base = live_server.url
    problems: list[str] = []
    axe_page.goto(f"{base}/accounts/sign-in/")
    problems += serious(axe_page, "sign-in")
    axe_page.get_by_label("User name").fill("nobody")
    axe_page.get_by_label("Password").fill("wrong-password-123")
    axe_page.get_by_role("button", name="Sign in").click()
    problems += serious(axe_page, "sign-in with an error")
    _justify_all(_signed_in(axe_page, base, users[Role.PRIORITIES_LEAD]), {})
    axe_page.goto(f"{base}/no-such-page/")
    problems += serious(axe_page, "404")
    axe_page.goto(f"{base}/audit/justify/?record=person:1&next=/")
    axe_page.get_by_role("button").last.click()  # nothing chosen: the error summary
    problems += serious(axe_page, "reason prompt with an error")
    assert problems == []


def test_the_safeguarding_queue_after_an_htmx_refresh_has_no_serious_violations(
    axe_page: Any, live_server: Any, users: dict[Role, User]
) -> None:
    client = _signed_in(axe_page, live_server.url, users[Role.SAFEGUARDING_OFFICER])
    _justify_all(client, {})
    axe_page.goto(f"{live_server.url}/safeguarding/")
    with axe_page.expect_response(lambda r: "/safeguarding/queue/rows/" in r.url):
        axe_page.evaluate(
            "() => htmx.ajax('GET', '/safeguarding/queue/rows/', "
            "{target: '#queue-live', swap: 'innerHTML'})"
        )
    axe_page.wait_for_timeout(300)
    assert serious(axe_page, "queue after refresh") == []


def test_the_briefing_with_a_section_loaded_on_opening_has_no_serious_violations(
    axe_page: Any, live_server: Any, users: dict[Role, User]
) -> None:
    from datetime import date, timedelta

    from tests.factories import OffenderFactory

    offender = OffenderFactory(
        risk_level="very_high", last_visit_seen_on=date.today() - timedelta(days=45)
    )
    _justify_all(_signed_in(axe_page, live_server.url, users[Role.PRIORITIES_LEAD]), {})
    axe_page.goto(f"{live_server.url}/offenders/briefing/")
    fold = axe_page.get_by_test_id("section-overdue_high")
    with axe_page.expect_response(lambda r: "/offenders/briefing/section/" in r.url):
        fold.locator("summary").first.click()
    axe_page.locator(f"#line-overdue_high-{offender.pk}").wait_for()
    axe_page.wait_for_timeout(300)
    assert serious(axe_page, "briefing with a section opened") == []
