"""The victim's voice and the suspect's status: recorded, logged, shown; a release the
victim has not been told of is on the supervisors' worklist until they are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_incident

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry
from safehold.errors import Conflict, InvalidInput
from safehold.safeguarding import voice, worklists
from safehold.safeguarding.models import Incident
from safehold.safeguarding.vocabulary import SuspectStatus

pytestmark = pytest.mark.django_db


def test_the_victims_voice_is_recorded_logged_and_shown(officer: User) -> None:
    incident = make_incident()
    voice.record_victim_voice(
        officer,
        incident.pk,
        voice.VoiceInput(
            wishes="Wants him kept away from the school run",
            safe_contact="text",
            safe_contact_times="Weekdays 9 to 3",
            communication_needs="Welsh speaker",
            supports_prosecution="undecided",
        ),
    )
    incident.refresh_from_db()
    assert (incident.safe_contact, incident.supports_prosecution) == ("text", "undecided")
    assert AccessLogEntry.objects.filter(detail__safe_contact="text").exists()
    page = signed_in(officer, ("incident", incident.pk)).get(
        f"/safeguarding/incidents/{incident.pk}/"
    )
    text = page.content.decode()
    assert "Wants him kept away from the school run" in text
    assert "Text message" in text
    assert (
        "Safe times to contact them</dt>"
        '<dd class="govuk-summary-list__value" data-testid="safe-contact-times">'
        "Weekdays 9 to 3</dd>"
    ) in text
    assert "Has not decided" in text


def test_a_bad_contact_method_is_refused_naming_the_field(officer: User) -> None:
    incident = make_incident()
    with pytest.raises(InvalidInput) as refused:
        voice.record_victim_voice(officer, incident.pk, voice.VoiceInput(safe_contact="pigeon"))
    assert refused.value.field == "safe_contact"


def test_custody_clears_suspect_at_large_and_a_release_waits_for_the_victim_to_be_told(
    officer: User,
) -> None:
    incident = make_incident(suspect_at_large=True)
    voice.record_suspect_status(officer, incident.pk, voice.StatusInput(status="in_custody"))
    assert not Incident.objects.get(pk=incident.pk).suspect_at_large
    released = voice.record_suspect_status(
        officer,
        incident.pk,
        voice.StatusInput(status="bail", conditions="Not to contact the victim"),
    )
    assert released.victim_not_told
    listed = worklists.releases_not_told()
    assert [r.pk for r in listed.rows] == [released.pk]
    voice.record_victim_told(officer, incident.pk, released.pk)
    assert worklists.releases_not_told().total == 0
    with pytest.raises(Conflict):
        voice.record_victim_told(officer, incident.pk, released.pk)


def test_a_release_recorded_with_the_victim_told_never_lists(officer: User) -> None:
    incident = make_incident()
    change = voice.record_suspect_status(
        officer,
        incident.pk,
        voice.StatusInput(status="rui", at=timezone.now() - timedelta(minutes=5), victim_told=True),
    )
    assert change.victim_told_at is not None
    assert worklists.releases_not_told().total == 0


def test_which_statuses_are_releases() -> None:
    releases = {s for s in SuspectStatus if s.is_release}
    assert releases == {SuspectStatus.BAIL, SuspectStatus.RUI, SuspectStatus.RELEASED_NFA}


def test_the_forms_record_and_the_button_tells(officer: User) -> None:
    incident = make_incident()
    client = signed_in(officer, ("incident", incident.pk))
    now = timezone.localtime()
    client.post(
        f"/safeguarding/incidents/{incident.pk}/suspect/",
        {"status": "rui", "at_date": now.date().isoformat(), "at_time": now.strftime("%H:%M")},
    )
    page = client.get(f"/safeguarding/incidents/{incident.pk}/").content.decode()
    assert "Victim not told" in page
    change = incident.suspect_statuses.get()
    client.post(f"/safeguarding/incidents/{incident.pk}/suspect/{change.pk}/told/")
    page = client.get(f"/safeguarding/incidents/{incident.pk}/").content.decode()
    assert "Victim not told" not in page
    assert "victim told" in page


def test_the_voice_form_carries_the_version_and_a_stale_save_is_refused(officer: User) -> None:
    """The form holds the version it showed; a save from a copy someone else has since
    changed is refused with the usual message and the other officer's record stands."""
    incident = make_incident()
    client = signed_in(officer, ("incident", incident.pk))
    url = f"/safeguarding/incidents/{incident.pk}/voice/"
    form = client.get(url).content.decode()
    assert f'name="version" value="{incident.version}"' in form
    stale = incident.version
    voice.record_victim_voice(officer, incident.pk, voice.VoiceInput(wishes="First officer"))
    refused = client.post(url, {"wishes": "Second officer", "version": stale})
    assert "Someone else changed this incident" in refused.content.decode()
    incident.refresh_from_db()
    assert incident.victim_wishes == "First officer"


def test_the_voice_on_a_closed_incident_is_refused(officer: User) -> None:
    incident = make_incident(closure_status="closed")
    with pytest.raises(Conflict) as refused:
        voice.record_victim_voice(officer, incident.pk, voice.VoiceInput(wishes="x"))
    assert refused.value.code == "incident_closed"
