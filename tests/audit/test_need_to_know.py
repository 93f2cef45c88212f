"""Need-to-know and the access log's blind spots (issue 13, findings 6 and 7). Each failed
before: lists logged no person ids (an auditor searching for a victim could not find the
queue that named her), the export's entry held a count, one "list" justification opened
every list, an offender manager exported every manager's caseload, and a match page
re-shown after a POST without a decision was not logged."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.conftest import give_justification
from tests.factories import OffenderFactory, PersonFactory
from tests.safeguarding.factories import make_incident, make_match

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.audit.access import justified
from safehold.audit.log import naming
from safehold.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_list_without_a_kind_cannot_be_declared() -> None:
    with pytest.raises(ValueError, match="kind"):
        justified("list")


def test_a_reason_for_one_list_does_not_open_another(users: dict[Role, User]) -> None:
    client = signed_in(users[Role.PRIORITIES_LEAD])
    give_justification(client, "list", "offenders")
    assert client.get("/offenders/").status_code == 200
    refused = client.get("/people/")
    assert refused.status_code == 302
    assert "/audit/justify/" in refused["Location"]
    assert "list%3Apeople" in refused["Location"]


def test_an_auditor_finds_every_list_that_showed_a_person(users: dict[Role, User]) -> None:
    victim = PersonFactory(given_name="Sian", family_name="Rowley")
    make_incident(victim=victim)
    officer = signed_in(users[Role.SAFEGUARDING_OFFICER])
    give_justification(officer, "list")
    assert officer.get("/safeguarding/").status_code == 200
    assert officer.get("/people/", {"q": "Rowley"}).status_code == 200
    found = AccessLogEntry.objects.filter(naming(victim.pk))
    assert {e.record_type for e in found} >= {"da_queue", "person_search"}
    auditor = signed_in(users[Role.AUDITOR])
    page = auditor.get("/audit/access-log/", {"person": victim.pk})
    assert b"da_queue" in page.content
    assert b"person_search" in page.content


def test_an_offender_managers_export_holds_their_caseload_only_and_names_each(
    users: dict[Role, User], make_user: object
) -> None:
    manager = users[Role.OFFENDER_MANAGER]
    mine = OffenderFactory(offender_manager=manager)
    other_manager = make_user(Role.OFFENDER_MANAGER, username="om.two")  # type: ignore[operator]
    theirs = OffenderFactory(offender_manager=other_manager)
    client = signed_in(manager)
    give_justification(client, "list")
    response = client.get("/offenders/export.csv", {"manager": str(other_manager.pk)})
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert mine.register_reference in body
    assert theirs.register_reference not in body
    entry = AccessLogEntry.objects.filter(record_type="offender_export").get()
    assert entry.detail["people"] == [mine.person_id]
    assert entry.detail["offenders"] == [mine.pk]


def test_a_match_reshown_after_a_post_without_a_decision_is_logged(
    users: dict[Role, User],
) -> None:
    found = make_match()
    client = signed_in(users[Role.SAFEGUARDING_OFFICER])
    give_justification(client, "person_match", found.pk)
    before = AccessLogEntry.objects.count()
    response = client.post(f"/safeguarding/matches/{found.pk}/", {})
    assert response.status_code == 200
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert entry is not None
    assert entry.record_type == "person_match"
    assert set(entry.detail["people"]) == {found.candidate_id, found.party.person_id}
