"""Keyboard only: the briefing and the domestic-abuse queue, with Tab, Space and Enter.

No clicks and no mouse: each step moves focus with Tab until the control wanted has it,
and acts with Enter or Space, as someone who cannot use a pointer would.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from tests.factories import OffenderFactory, PersonFactory, UserFactory

from safehold.accounts.roles import Rank, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e) return '';
  const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
  return (label || e.getAttribute('aria-label') || e.innerText || e.value || '').trim();
}"""


def tab_to(page: Any, text: str, limit: int = 80) -> None:
    """Press Tab until the focused element's text starts with ``text``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED).startswith(text):
            return
    raise AssertionError(f"Tab never reached {text!r}")


def sign_in_by_keyboard(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/")
    tab_to(page, "User name")
    page.keyboard.type(username)
    tab_to(page, "Password")
    page.keyboard.type("correct-horse-battery")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


def choose_radio(page: Any, label: str) -> None:
    """Tab into the radio group, then arrow keys to the option (as a browser offers)."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type === 'radio'"):
            break
    page.keyboard.press("Space")
    for _ in range(20):
        if page.evaluate(FOCUSED).startswith(label):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no radio {label!r}")


def say_why_by_keyboard(page: Any, reason: str) -> None:
    assert "Why do you need to see this record?" in page.inner_text("h1")
    choose_radio(page, reason)
    tab_to(page, "Continue to the record")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_briefing_by_keyboard_alone(page: Any, live_server: Any) -> None:
    """Sign in, open the briefing, say why, open an overdue offender's record: keys only."""
    UserFactory(username="lead", role=Role.PRIORITIES_LEAD.value)
    OffenderFactory(
        person=PersonFactory(given_name="Victor", family_name="Quarry"),
        risk_level="very_high",
        last_visit_seen_on=date.today() - timedelta(days=45),
    )
    base = live_server.url
    sign_in_by_keyboard(page, base, "lead")
    tab_to(page, "Briefing")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    say_why_by_keyboard(page, "Planning a visit or deployment")
    page.wait_for_url("**/offenders/briefing/**")
    tab_to(page, "QUARRY, Victor")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    say_why_by_keyboard(page, "Planning a visit or deployment")
    assert "QUARRY" in page.inner_text("h1").upper()


FOCUSED_FOLD = """() => {
  const e = document.activeElement;
  return e && e.tagName === 'SUMMARY' && e.parentElement.classList.contains('safehold-fold')
    ? e.innerText.trim() : '';
}"""


def tab_to_fold(page: Any, title: str, limit: int = 120) -> None:
    """Press Tab until a folded section's summary (not the summary table's link) has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_FOLD).startswith(title):
            return
    raise AssertionError(f"Tab never reached the folded section {title!r}")


def test_the_briefings_folded_sections_open_by_keyboard_alone(page: Any, live_server: Any) -> None:
    """The summary comes first; Tab to a folded section, Enter opens it, Tab reaches its
    lines, Enter opens the record; a link to a line opens the section that holds it."""
    UserFactory(username="lead", role=Role.PRIORITIES_LEAD.value)
    quarry = OffenderFactory(
        person=PersonFactory(given_name="Victor", family_name="Quarry"),
        risk_level="very_high",
        last_visit_seen_on=date.today() - timedelta(days=45),
    )
    base = live_server.url
    sign_in_by_keyboard(page, base, "lead")
    tab_to(page, "Briefing")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    say_why_by_keyboard(page, "Planning a visit or deployment")
    page.wait_for_url("**/offenders/briefing/**")
    fold = page.get_by_test_id("section-overdue_high")
    assert fold.evaluate("d => d.open") is False
    assert not page.locator(f"#line-overdue_high-{quarry.pk}").is_visible()
    tab_to_fold(page, "Very high and high risk offenders overdue a visit")
    page.keyboard.press("Enter")
    assert fold.evaluate("d => d.open") is True
    page.keyboard.press("Space")  # Space toggles it too: closed, then open again
    assert fold.evaluate("d => d.open") is False
    page.keyboard.press("Space")
    assert fold.evaluate("d => d.open") is True
    # Its lines load on opening (issue 14); focus stays on the heading meanwhile.
    page.locator(f"#line-overdue_high-{quarry.pk}").wait_for()
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    tab_to(page, "QUARRY, Victor")
    assert page.evaluate("() => !!document.activeElement.closest('details.safehold-fold')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    say_why_by_keyboard(page, "Planning a visit or deployment")
    assert "QUARRY" in page.inner_text("h1").upper()
    # Back to the briefing at the offender's line: the section holding it opens itself.
    page.goto(f"{base}/offenders/briefing/#offender-{quarry.pk}")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=section-overdue_high]').open"
    )
    line = page.locator(f"#line-overdue_high-{quarry.pk}")
    line.wait_for()  # loaded on opening, then scrolled to
    page.wait_for_function(
        f"() => {{ const r = document.getElementById('line-overdue_high-{quarry.pk}')"
        ".getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }"
    )
    assert page.console_errors == []


def test_the_briefings_sections_open_without_javascript(browser: Any, live_server: Any) -> None:
    """With scripting off the sections are still <details>: Tab to one, Enter opens it,
    and its link (Enter again) gives the page with its lines."""
    UserFactory(username="lead", role=Role.PRIORITIES_LEAD.value)
    OffenderFactory(
        person=PersonFactory(given_name="Victor", family_name="Quarry"),
        risk_level="very_high",
        last_visit_seen_on=date.today() - timedelta(days=45),
    )
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1200, "height": 900}
    )
    page = context.new_page()
    try:
        sign_in_by_keyboard(page, live_server.url, "lead")
        page.goto(f"{live_server.url}/offenders/briefing/")
        say_why_by_keyboard(page, "Planning a visit or deployment")
        fold = page.get_by_test_id("section-overdue_high")
        assert fold.get_attribute("open") is None
        tab_to_fold(page, "Very high and high risk offenders overdue a visit")
        page.keyboard.press("Enter")
        assert fold.get_attribute("open") is not None
        # Without scripting the lines are not fetched: the section's link gives the page
        # with it open, its lines in it.
        tab_to(page, "Show the 1 line")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        fold = page.get_by_test_id("section-overdue_high")
        assert fold.get_attribute("open") is not None
        assert fold.get_by_role("link", name="QUARRY, Victor", exact=True).is_visible()
    finally:
        context.close()


def test_the_da_queue_by_keyboard_alone(page: Any, live_server: Any) -> None:
    """Sign in, open the queue, say why, reach a victim's incident and its contact form."""
    from tests.safeguarding.factories import make_dash, make_incident

    UserFactory(username="pc.hub", role=Role.SAFEGUARDING_OFFICER.value, rank=Rank.CONSTABLE)
    incident = make_incident(grade="high", attendance="delayed")
    make_dash(incident, yes=15, grade="high")
    victim = incident.victim.family_name.upper()
    base = live_server.url
    sign_in_by_keyboard(page, base, "pc.hub")
    tab_to(page, "Safeguarding queue")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    say_why_by_keyboard(page, "Safeguarding a victim or child")
    tab_to(page, f"{victim},")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    say_why_by_keyboard(page, "Safeguarding a victim or child")
    assert incident.reference in page.inner_text("main")
