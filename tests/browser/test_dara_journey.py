"""Journey: an officer completes a DARA on an incident; the stalking answer calls for the
S-DASH follow-up questions, and the record shows the grade, the MARAC criterion and the
follow-up."""

from __future__ import annotations

from typing import Any

import pytest
from tests.browser.test_safeguarding_journey import say_why, sign_in
from tests.factories import UserFactory
from tests.safeguarding.factories import make_incident

from safehold.accounts.roles import Rank, Role
from safehold.safeguarding.models import DashAssessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_completes_a_dara_and_the_stalking_answer_calls_for_s_dash(
    page: Any, live_server: Any
) -> None:
    UserFactory(username="pc.dara", role=Role.SAFEGUARDING_OFFICER.value, rank=Rank.CONSTABLE)
    incident = make_incident(grade="standard", grade_source="call_handler")
    sign_in(page, live_server.url, "pc.dara")
    page.goto(f"{live_server.url}/safeguarding/incidents/{incident.pk}/")
    say_why(page)
    page.get_by_role("link", name="Risk questionnaire").click()
    page.get_by_test_id("questionnaire-choice").get_by_role("link", name="DARA").click()
    headings = page.get_by_test_id("section-heading").all_inner_texts()
    assert headings[0] == "Coercive and controlling behaviour"

    sdash = page.get_by_test_id("follow-up-s-dash")
    assert "Ask these only if question 16 is answered yes" in sdash.inner_text()
    page.locator("#id_q16_0").check()  # 16 (stalking): yes
    for n in range(1, 7):
        page.locator(f"#id_fu_s-dash_{n}_0").check()
    page.locator("#id_q10_0").check()  # 10 (strangulation): yes
    page.get_by_role("button", name="Score and save").click()

    assert "Risk questionnaire recorded" in page.inner_text(".govuk-notification-banner")
    result = page.get_by_test_id("dash-result").inner_text()
    assert "Visible high risk: the Domestic abuse risk assessment (DARA-style" in result
    follow_ups = page.get_by_test_id("follow-ups").inner_text()
    assert "Stalking and harassment follow-up (S-DASH)" in follow_ups
    assert "6 of 11 yes" in follow_ups
    assert "stalking protection order" in result
    assessment = DashAssessment.objects.get()
    assert (assessment.questionnaire_id, assessment.grade) == ("dara", "high")
    assert page.console_errors == []
