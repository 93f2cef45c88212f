"""Links across units (issue 10.9): a DA suspect, household member or child linked to the
offender register, computed from the people links, shown to who may see both, each look logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.conftest import give_justification
from tests.factories import OffenderFactory, PersonFactory
from tests.safeguarding.factories import make_incident

from safehold.accounts.models import User
from safehold.accounts.roles import Rank, Role
from safehold.audit.models import AccessLogEntry, AccessLogPerson
from safehold.offenders.models import Offender
from safehold.people.crosslinks import LinkKind, links_for_incidents, links_for_offenders
from safehold.people.models import PersonAddress
from safehold.safeguarding.models import Incident, Party

pytestmark = pytest.mark.django_db


def _party(incident: Incident, role: str, person: object) -> None:
    Party.objects.create(incident=incident, role=role, person=person)


def _child_living_with(offender: Offender) -> Incident:
    """A DA incident with a child whose current home is the offender's current home."""
    incident = make_incident()
    child = PersonFactory(home=PersonAddress.objects.get(person=offender.person).address)
    _party(incident, "child", child)
    return incident


@pytest.fixture
def linked() -> dict[str, object]:
    suspect = OffenderFactory(register_reference="STF-0000123")
    household = OffenderFactory(register_reference="STF-0000456")
    at_home = OffenderFactory(register_reference="STF-0000789")
    expired = OffenderFactory(register_reference="STF-0000999", status="expired")
    a = make_incident(suspect=suspect.person)
    b = make_incident()
    _party(b, "other", household.person)
    c = _child_living_with(at_home)
    d = make_incident(suspect=expired.person)  # off the register: no link
    make_incident()  # nobody on the register
    return {"a": a, "b": b, "c": c, "d": d, "suspect": suspect, "at_home": at_home}


def test_each_kind_of_link_is_found_with_its_reason(linked: dict[str, Incident]) -> None:
    a, b, c, d = linked["a"], linked["b"], linked["c"], linked["d"]
    with CaptureQueriesContext(connection) as ctx:
        found = links_for_incidents([a.pk, b.pk, c.pk, d.pk])
    assert len(ctx.captured_queries) == 2
    assert [x.reason for x in found[a.pk]] == [
        f"Suspect in {a.reference} is registered offender STF-0000123"
    ]
    assert [x.kind for x in found[b.pk]] == [LinkKind.HOUSEHOLD_IS_OFFENDER]
    assert [x.reason for x in found[c.pk]] == [
        f"Child in {c.reference} lives at the home address of registered offender STF-0000789"
    ]
    assert d.pk not in found


def test_the_links_follow_the_records_with_no_copy_to_go_stale(linked: dict[str, object]) -> None:
    at_home, c = linked["at_home"], linked["c"]
    assert isinstance(at_home, Offender)
    assert isinstance(c, Incident)
    assert links_for_offenders([at_home.pk])[at_home.pk][0].incident_id == c.pk
    # The offender moves out (the home ends): the link goes at once.
    PersonAddress.objects.filter(person=at_home.person).update(valid_to=date(2026, 1, 1))
    assert not links_for_offenders([at_home.pk])
    assert c.pk not in links_for_incidents([c.pk])


def test_a_former_offender_at_the_childs_home_hides_no_current_link() -> None:
    """A child living with a managed offender is linked to them even when an offender off
    the register (expired) lives there too, or lived at one of the child's past homes."""
    managed = OffenderFactory(register_reference="STF-0000321")
    home = PersonAddress.objects.get(person=managed.person).address
    expired_here = OffenderFactory(register_reference="STF-0000654", status="expired")
    past_home = PersonAddress.objects.get(person=expired_here.person).address
    PersonAddress.objects.create(
        person=expired_here.person, address=home, valid_from=date(2020, 1, 1)
    )
    incident = _child_living_with(managed)
    child = Party.objects.get(incident=incident, role="child").person
    PersonAddress.objects.create(
        person=child, address=past_home, valid_from=date(2015, 1, 1), valid_to=date(2019, 1, 1)
    )
    found = links_for_incidents([incident.pk])
    assert [x.register_reference for x in found[incident.pk]] == ["STF-0000321"]
    by_offender = links_for_offenders([managed.pk, expired_here.pk])
    assert [x.incident_id for x in by_offender[managed.pk]] == [incident.pk]
    assert expired_here.pk not in by_offender


def test_only_the_current_homes_of_both_make_a_child_link(linked: dict[str, object]) -> None:
    at_home, c = linked["at_home"], linked["c"]
    assert isinstance(at_home, Offender)
    assert isinstance(c, Incident)
    child = Party.objects.get(incident=c, role="child").person
    PersonAddress.objects.filter(person=child).update(valid_to=date(2026, 1, 1))
    assert c.pk not in links_for_incidents([c.pk])
    assert not links_for_offenders([at_home.pk])


def _signed_in(user: User, *records: tuple[str, object]) -> Client:
    client = Client()
    client.force_login(user)
    give_justification(client, "list", "da_queue", reason="safeguarding")
    give_justification(client, "briefing")
    for kind, pk in records:
        give_justification(client, kind, pk)
    return client


def _logged_links(where: str) -> AccessLogEntry:
    entry = AccessLogEntry.objects.filter(record_type="cross_unit_links", record_id=where).first()
    assert entry is not None, where
    return entry


def test_the_queue_and_incident_page_flag_the_link_and_log_the_look(
    linked: dict[str, object], make_user: Callable[..., User]
) -> None:
    officer = make_user(Role.SAFEGUARDING_OFFICER, rank=Rank.CONSTABLE)
    a, suspect = linked["a"], linked["suspect"]
    assert isinstance(a, Incident)
    assert isinstance(suspect, Offender)
    client = _signed_in(officer, ("incident", a.pk))
    queue = client.get("/safeguarding/").content.decode()
    assert queue.count('data-testid="flag-offender-link"') == 3
    entry = _logged_links("da_queue")
    assert entry.username == officer.username
    named = set(AccessLogPerson.objects.filter(entry=entry).values_list("person_id", flat=True))
    assert suspect.person_id in named
    page = client.get(f"/safeguarding/incidents/{a.pk}/").content.decode()
    assert "Suspect in DA-" in page
    assert "STF-0000123" in page
    _logged_links(f"da_incident:{a.pk}")
    filtered = client.get("/safeguarding/", {"flag": "offender_link"}).context["page"]
    assert {line.row.incident.pk for line in filtered.calls + filtered.deployments} == {
        linked["a"].pk,  # type: ignore[attr-defined]
        linked["b"].pk,  # type: ignore[attr-defined]
        linked["c"].pk,  # type: ignore[attr-defined]
    }


def test_the_offender_record_and_briefing_show_it_to_the_lead_not_to_a_manager(
    linked: dict[str, object], users: dict[Role, User]
) -> None:
    suspect = linked["suspect"]
    assert isinstance(suspect, Offender)
    suspect.offender_manager = users[Role.OFFENDER_MANAGER]
    suspect.save()
    lead = _signed_in(users[Role.PRIORITIES_LEAD], ("offender", suspect.pk))
    record = lead.get(f"/offenders/{suspect.pk}/").content.decode()
    assert 'data-testid="cross-link"' in record
    assert "Suspect in DA-" in record
    _logged_links(f"offender:{suspect.pk}")
    briefing = lead.get("/offenders/briefing/")
    section = next(s for s in briefing.context["briefing"].sections if s.key == "cross_links")
    assert {line.reference for line in section.lines} == {
        "STF-0000123",
        "STF-0000456",
        "STF-0000789",
    }
    _logged_links("briefing")
    manager = _signed_in(users[Role.OFFENDER_MANAGER], ("offender", suspect.pk))
    page = manager.get(f"/offenders/{suspect.pk}/").content.decode()
    assert 'data-testid="cross-link"' not in page
    assert "STF-0000123" in page


def _queue_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/safeguarding/").status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_costs_the_same_queries_with_one_link_or_many(
    make_user: Callable[..., User],
) -> None:
    officer = make_user(Role.SAFEGUARDING_OFFICER, rank=Rank.CONSTABLE)
    client = _signed_in(officer)
    make_incident(suspect=OffenderFactory().person)
    first = _queue_queries(client)
    for _ in range(6):
        make_incident(suspect=OffenderFactory().person)
        _child_living_with(OffenderFactory())
    assert _queue_queries(client) == first


def test_the_api_queue_and_incident_carry_the_links_and_log_them(
    linked: dict[str, object], make_user: Callable[..., User]
) -> None:
    from safehold.accounts.models import ApiToken

    officer = make_user(Role.SAFEGUARDING_OFFICER, rank=Rank.CONSTABLE)
    _, raw = ApiToken.issue(officer, "queue tool")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    why = {"HTTP_X_JUSTIFICATION": "safeguarding", "HTTP_X_JUSTIFICATION_TEXT": "queue"}
    a = linked["a"]
    assert isinstance(a, Incident)
    entries = client.get("/api/safeguarding/queue", **why).json()["entries"]
    flagged = {e["incident_id"]: e["cross_links"] for e in entries if e["cross_links"]}
    assert flagged[a.pk] == [f"Suspect in {a.reference} is registered offender STF-0000123"]
    assert _logged_links("da_queue").channel == "api"
    detail = client.get(f"/api/safeguarding/incidents/{a.pk}", **why).json()
    assert detail["cross_links"] == flagged[a.pk]
