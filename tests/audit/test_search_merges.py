"""The access-log search follows merges: the survivor's search finds looks at the retired
record, the retired id's search says where it went, in the page, the API and the export
alike, with a fixed number of queries (issue 9.9)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.factories import PersonFactory

from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Rank, Role
from safehold.audit.log import record
from safehold.audit.models import AccessLogEntry, Operation
from safehold.audit.search import LogFilters, search_log
from safehold.people.merging import merge_people, undo_merge
from safehold.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def sergeant(make_user: Callable[..., User]) -> User:
    return make_user(Role.PRIORITIES_LEAD, username="ds.merger", rank=Rank.SERGEANT)


def _found(person: int) -> set[int]:
    return set(search_log(LogFilters(person=person)).entries.values_list("id", flat=True))


def _looks(looker: User, person: Person) -> tuple[AccessLogEntry, AccessLogEntry]:
    """A look at the person's record, and a list that showed them among others."""
    look = record(looker, Operation.CONSULTATION, "person", person.pk, person_id=person.pk)
    listed = record(looker, Operation.CONSULTATION, "list", "people", people=[person.pk, 999])
    return look, listed


def test_searching_either_id_of_a_merged_person_finds_both_and_says_so(
    sergeant: User, users: dict[Role, User], client_for: Callable[[Role], Client]
) -> None:
    survivor, retired = PersonFactory(), PersonFactory()
    looker = users[Role.ANALYST]
    retired_look, retired_list = _looks(looker, retired)
    survivor_look, _ = _looks(looker, survivor)
    merge_people(sergeant, survivor_id=survivor.pk, retired_id=retired.pk, reason="Same PNC id")
    for searched in (survivor.pk, retired.pk):
        found = _found(searched)
        assert {retired_look.pk, retired_list.pk, survivor_look.pk} <= found
    by_retired = search_log(LogFilters(person=retired.pk)).identity
    assert by_retired is not None
    assert (by_retired.merged_into, by_retired.ids) == (survivor.pk, (survivor.pk, retired.pk))

    auditor = client_for(Role.AUDITOR)
    page = auditor.get("/audit/access-log/", {"person": retired.pk}).content.decode()
    assert f"Person {retired.pk} was merged into person {survivor.pk}" in page
    assert f"merged into {survivor.pk}" in page
    _, raw = ApiToken.issue(users[Role.AUDITOR], "audit tool")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    rows = {r["id"]: r for r in api.get("/api/audit/entries", {"person": survivor.pk}).json()}
    assert (rows[retired_look.pk]["person_id"], rows[retired_look.pk]["merged_into"]) == (
        retired.pk,
        survivor.pk,
    )
    assert rows[survivor_look.pk]["merged_into"] is None
    export = auditor.get("/audit/access-log/export.csv", {"person": survivor.pk})
    exported = b"".join(export.streaming_content).decode()  # type: ignore[attr-defined]
    assert f"\n{retired_look.pk}," in exported

    undo_merge(sergeant, retired_id=retired.pk, reason="Twins")
    assert retired_look.pk not in _found(survivor.pk)
    assert survivor_look.pk not in _found(retired.pk)


def test_a_chain_of_merges_is_followed_with_the_same_number_of_queries(
    sergeant: User, users: dict[Role, User]
) -> None:
    """C into B, then B into A: searching C finds the looks at all three; no extra query."""
    a, b, c, alone = (PersonFactory() for _ in range(4))
    looks = {p.pk: _looks(users[Role.ANALYST], p)[0].pk for p in (a, b, c, alone)}

    def counted(person: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            list(search_log(LogFilters(person=person)).entries)
        return len(queries)

    before = counted(alone.pk)
    merge_people(sergeant, survivor_id=b.pk, retired_id=c.pk, reason="same")
    merge_people(sergeant, survivor_id=a.pk, retired_id=b.pk, reason="same")
    found = _found(c.pk)
    assert {looks[a.pk], looks[b.pk], looks[c.pk]} <= found
    assert looks[alone.pk] not in found
    assert search_log(LogFilters(person=c.pk)).identity.merged_into == a.pk  # type: ignore[union-attr]
    assert counted(c.pk) == counted(alone.pk) == before == 2
