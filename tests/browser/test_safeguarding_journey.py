"""Journey: a call handler logs a delayed DA incident; the victim waits, escalates, and a
supervisor signs off a downgrade with a reason."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from tests.factories import UserFactory

from safehold.accounts.roles import Rank, Role
from safehold.safeguarding.models import Incident, Reassessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()


def say_why(page: Any) -> None:
    """Answer the justification page that comes before personal data."""
    assert "Why do you need to see this record?" in page.inner_text("h1")
    page.get_by_role("radio", name="Safeguarding a victim or child").check()
    page.get_by_role("button", name="Continue to the record").click()


def test_a_delayed_incident_waits_escalates_and_a_supervisor_signs_off_a_downgrade(
    page: Any, live_server: Any
) -> None:
    """Logged by a call handler, queued with reasons, escalated after an hour, signed off."""
    UserFactory(username="handler", role=Role.RESOLUTION_INVESTIGATOR.value)
    UserFactory(username="pc.hub", role=Role.SAFEGUARDING_OFFICER.value, rank=Rank.CONSTABLE)
    UserFactory(username="ps.hub", role=Role.SAFEGUARDING_OFFICER.value, rank=Rank.SERGEANT)
    base = live_server.url

    # The call handler logs the incident: officers are delayed.
    sign_in(page, base, "handler")
    page.get_by_role("link", name="Log DA incident").click()
    page.get_by_label("Attendance delayed", exact=True).check()
    page.get_by_label("High", exact=True).check()
    page.locator("#id_victim_given_name").fill("Eirlys")
    page.locator("#id_victim_family_name").fill("Marchbank")
    page.locator("#id_victim_date_of_birth").fill("1989-05-17")
    page.locator("#id_victim_postcode").fill("ST17 4AA")
    page.locator("#id_suspect_given_name").fill("Gareth")
    page.locator("#id_suspect_family_name").fill("Marchbank")
    page.locator("#id_relationship").select_option("partner")
    page.get_by_label("The suspect is at large (not arrested or located)").check()
    page.get_by_role("button", name="Log the incident").click()
    incident = Incident.objects.get()
    assert f"Incident {incident.reference} logged" in page.inner_text(".govuk-notification-banner")
    page.get_by_test_id("sign-out").click()

    # The safeguarding officer sees the victim in the queue, and why.
    sign_in(page, base, "pc.hub")
    page.get_by_role("link", name="Safeguarding queue").click()
    say_why(page)
    row = page.get_by_test_id("queue-row").filter(has_text="MARCHBANK")
    # The full explanation is one click away.
    row.locator("summary").click()
    reasons = row.get_by_test_id("queue-reasons").inner_text()
    assert "Graded high" in reasons
    assert "Attendance delayed" in reasons
    assert "Suspect at large" in reasons
    assert row.get_by_test_id("flag-reassess").is_visible()
    assert row.get_by_test_id("flag-escalate").count() == 0

    # Time passes: an hour and ten minutes after the report, the target is missed.
    Incident.objects.filter(pk=incident.pk).update(
        reported_at=incident.reported_at - timedelta(minutes=70)
    )
    # The list refreshes itself (htmx, every 30 s); ask for the refresh now.
    page.evaluate(
        "htmx.ajax('GET', document.querySelector('#queue-live').getAttribute('hx-get'), "
        "'#queue-live')"
    )
    row = page.get_by_test_id("queue-row").filter(has_text="MARCHBANK")
    row.get_by_test_id("flag-escalate").wait_for()
    # The refresh kept the explanation open.
    assert "Contact target missed" in row.get_by_test_id("queue-reasons").inner_text()

    # The officer re-assesses by telephone and lowers the grade, with a reason.
    row.get_by_role("link", name="Re-assess").click()
    say_why(page)
    page.get_by_label("Medium", exact=True).check()
    page.get_by_label("Reason").fill("Suspect arrested by another force and held in custody")
    page.get_by_label("Safeguarding advice given").fill("Refuge number given; call 999")
    page.get_by_role("button", name="Save").click()
    assert "waiting for a supervisor's sign-off" in page.inner_text("main")
    assert page.get_by_test_id("pending-sign-off").is_visible()
    assert Incident.objects.get().grade == "high"
    page.get_by_test_id("sign-out").click()

    # The sergeant signs the downgrade off with a reason.
    sign_in(page, base, "ps.hub")
    page.get_by_role("link", name="Safeguarding queue").click()
    say_why(page)
    row = page.get_by_test_id("queue-row").filter(has_text="MARCHBANK")
    assert row.get_by_test_id("flag-sign-off").is_visible()
    row.get_by_role("link", name="Sign off").click()
    say_why(page)
    assert (
        "Suspect arrested by another force" in page.get_by_test_id("pending-downgrade").inner_text()
    )
    page.get_by_label("Approve the downgrade").check()
    page.get_by_label("Reason for your decision").fill("Custody record checked with the force")
    page.get_by_role("button", name="Save").click()
    assert "Decision recorded." in page.inner_text("main")
    assert "Signed off by Sergeant" in page.get_by_test_id("reassessments").inner_text()
    signed = Reassessment.objects.get()
    assert (signed.sign_off, signed.supervisor.username) == ("approved", "ps.hub")  # type: ignore[union-attr]
    assert Incident.objects.get().grade == "medium"
    assert page.console_errors == []
