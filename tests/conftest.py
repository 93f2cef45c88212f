"""Shared fixtures: a user and a signed-in client per role, people, justifications."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.audit.access import LIST_KINDS, record_key, remember_justification
from safehold.audit.log import Justification
from tests.factories import PersonFactory, UserFactory

ROLES = list(Role)


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(role: Role | str = Role.OFFENDER_MANAGER, **kwargs: object) -> User:
        role = Role(role)
        kwargs.setdefault("username", f"{role.value}.{User.objects.count() + 1}")
        return UserFactory(role=role.value, **kwargs)

    return make


@pytest.fixture
def users(make_user: Callable[..., User]) -> dict[Role, User]:
    """One user per role."""
    return {role: make_user(role, username=f"{role.value}.user") for role in ROLES}


@pytest.fixture
def client_for(users: dict[Role, User]) -> Callable[[Role], Client]:
    """A client signed in as the user of a role."""

    def make(role: Role) -> Client:
        client = Client()
        client.force_login(users[role])
        return client

    return make


def give_justification(
    client: Client,
    record_type: str,
    record_id: object = "all",
    reason: str = "case_management",
    text: str = "test",
) -> None:
    """Put a justification for a record in the client's session, as the form would."""
    session = client.session

    class _Request:
        pass

    request = _Request()
    request.session = session  # type: ignore[attr-defined]
    # "list" without a kind stands for every kind of list (each is asked for separately).
    ids = list(LIST_KINDS) if record_type == "list" and record_id == "all" else [record_id]
    for one in ids:
        remember_justification(
            request,
            record_key(record_type, one),  # type: ignore[arg-type]
            Justification(reason, text),
        )
    session.save()


@pytest.fixture
def person(db: None) -> object:
    return PersonFactory()
