"""A domestic-abuse victim's addresses are shown to safeguarding roles only (issue 13,
finding 6): one field-level rule (people.disclosure), checked for every role that opens
people's records, on the page, the search and the API. Before, the people page showed a
victim's current postcode to an offender manager."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.conftest import give_justification
from tests.factories import AddressFactory, PersonFactory
from tests.safeguarding.factories import make_incident

from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Capability, Role, capabilities_of

pytestmark = pytest.mark.django_db
PEOPLE_ROLES = [r for r in Role if Capability.VIEW_PEOPLE in capabilities_of(r.value)]


@pytest.mark.parametrize("role", PEOPLE_ROLES, ids=lambda r: r.value)
def test_a_victims_address_is_shown_to_safeguarding_roles_only(
    role: Role, users: dict[Role, User]
) -> None:
    victim = PersonFactory(family_name="Rowley", home=AddressFactory(postcode="ST17 4QQ"))
    make_incident(victim=victim)
    PersonFactory(family_name="Rowley", home=AddressFactory(postcode="ST18 1AA"))
    sees = Capability.VIEW_SAFEGUARDING in capabilities_of(role.value)
    client = Client()
    client.force_login(users[role])
    give_justification(client, "list")
    give_justification(client, "person", victim.pk)
    detail = client.get(f"/people/{victim.pk}/").content
    listing = client.get("/people/", {"q": "Rowley"}).content
    assert (b"ST17 4QQ" in detail) is sees
    assert (b"ST17 4QQ" in listing) is sees
    assert b"ST18 1AA" in listing  # not a victim: shown to every role with people access
    if not sees:
        assert b"shown to safeguarding roles only" in detail
    _, raw = ApiToken.issue(users[role], "t")
    api = client.get(
        f"/api/people/{victim.pk}",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_X_JUSTIFICATION="case_management",
    ).json()
    assert bool(api["addresses"]) is sees
