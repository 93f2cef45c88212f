"""People list and record pages: search, sort, paginate, a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.conftest import give_justification
from tests.factories import PersonFactory

from safehold.accounts.roles import Role
from safehold.people.models import Alias

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(client_for: Callable[[Role], Client]) -> Client:
    client = client_for(Role.PRIORITIES_LEAD)
    give_justification(client, "list")
    return client


def test_the_list_pages_through_people_server_side(lead: Client) -> None:
    """30 people at 25 a page: two pages, with GOV.UK pagination links."""
    PersonFactory.create_batch(30)
    first = lead.get("/people/")
    assert len(first.context["listing"].page) == 25
    assert b"govuk-pagination" in first.content
    second = lead.get("/people/", {"page": 2})
    assert len(second.context["listing"].page) == 5


def test_the_list_sorts_by_a_chosen_column_and_says_so_to_screen_readers(lead: Client) -> None:
    """?sort=-dob orders by date of birth, newest first, with aria-sort on the header."""
    PersonFactory.create_batch(5)
    response = lead.get("/people/", {"sort": "-dob"})
    dobs = [p.date_of_birth for p in response.context["listing"].page]
    assert dobs == sorted(dobs, reverse=True)
    assert b'aria-sort="descending"' in response.content


def test_an_unknown_sort_falls_back_to_the_default_rather_than_failing(lead: Client) -> None:
    """A bookmarked URL with an old sort key still works."""
    PersonFactory.create_batch(3)
    assert lead.get("/people/", {"sort": "shoe_size"}).status_code == 200


def test_search_finds_people_by_name_alias_and_reference(lead: Client) -> None:
    """Each word must match a name, an alias or the reference."""
    target = PersonFactory(given_name="Hermione", family_name="Quill")
    PersonFactory.create_batch(4)
    Alias.objects.create(person=target, given_name="H", family_name="Feathers")
    for query in ("quill", "hermione quill", "feathers", target.reference):
        people = list(lead.get("/people/", {"q": query}).context["listing"].page)
        assert people == [target], query


def _queries_for_list(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/people/").status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_number_of_queries_at_any_size(lead: Client) -> None:
    """5 people or 25 on the page: the same number of SQL queries."""
    PersonFactory.create_batch(5)
    _queries_for_list(lead)  # the first look also creates the access log's chain head
    small = _queries_for_list(lead)
    PersonFactory.create_batch(40)
    large = _queries_for_list(lead)
    assert small == large


def test_the_record_shows_address_history_and_aliases(
    client_for: Callable[[Role], Client],
) -> None:
    """A person's page lists every address with its period and the aliases."""
    person = PersonFactory()
    Alias.objects.create(person=person, given_name="Jo", family_name="Bloggs")
    client = client_for(Role.OFFENDER_MANAGER)
    give_justification(client, "person", person.pk)
    response = client.get(f"/people/{person.pk}/")
    assert b"Jo Bloggs" in response.content
    assert b"Current" in response.content
    assert b"Test Street" in response.content


def test_a_missing_person_is_not_found(client_for: Callable[[Role], Client]) -> None:
    """An id that does not exist answers 404 after the justification."""
    client = client_for(Role.OFFENDER_MANAGER)
    give_justification(client, "person", 999999)
    assert client.get("/people/999999/").status_code == 404
