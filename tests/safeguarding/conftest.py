"""Fixtures for the safeguarding context: officers by rank, signed-in clients, a clock."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from tests.conftest import give_justification

from safehold.accounts.models import User
from safehold.accounts.roles import Rank, Role
from safehold.safeguarding.matching import FakeMatcher


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    """A safeguarding officer (constable)."""
    return make_user(Role.SAFEGUARDING_OFFICER, username="pc.officer", rank=Rank.CONSTABLE)


@pytest.fixture
def sergeant(make_user: Callable[..., User]) -> User:
    """A safeguarding sergeant: a supervisor who signs off downgrades and reviews closures."""
    return make_user(Role.SAFEGUARDING_OFFICER, username="ps.supervisor", rank=Rank.SERGEANT)


@pytest.fixture
def call_handler(make_user: Callable[..., User]) -> User:
    """A resolution-centre call handler: logs incidents, sees no safeguarding records."""
    return make_user(Role.RESOLUTION_INVESTIGATOR, username="call.handler")


@pytest.fixture
def matcher() -> FakeMatcher:
    """A linkage scorer that matches nobody unless told to."""
    return FakeMatcher()


def signed_in(user: User, *records: tuple[str, object]) -> Client:
    """A client signed in as ``user`` with justifications for lists and the given records."""
    client = Client()
    client.force_login(user)
    give_justification(client, "list", reason="safeguarding", text="queue check")
    for kind, pk in records:
        give_justification(client, kind, pk, reason="safeguarding", text="queue check")
    return client


@pytest.fixture
def officer_client(officer: User) -> Client:
    return signed_in(officer)
