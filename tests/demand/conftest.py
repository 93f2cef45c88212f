"""Fixtures for the demand context: a call handler, a response sergeant, an investigator."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safehold.accounts.models import User
from safehold.accounts.roles import Rank, Role
from safehold.safeguarding.matching import FakeMatcher
from tests.conftest import give_justification
from tests.factories import StationFactory


@pytest.fixture
def handler(make_user: Callable[..., User]) -> User:
    """A control-room call handler (police staff)."""
    return make_user(Role.CALL_HANDLER, username="call.handler", rank=Rank.STAFF)


@pytest.fixture
def sergeant(make_user: Callable[..., User]) -> User:
    """A response sergeant: dispatches, and decides downgrades."""
    return make_user(Role.RESPONSE_SUPERVISOR, username="ps.response", rank=Rank.SERGEANT)


@pytest.fixture
def response_pc(make_user: Callable[..., User]) -> User:
    """A response supervisor role held by a constable (acting): may not decide downgrades."""
    return make_user(Role.RESPONSE_SUPERVISOR, username="pc.response", rank=Rank.CONSTABLE)


@pytest.fixture
def investigator(make_user: Callable[..., User]) -> User:
    return make_user(Role.RESOLUTION_INVESTIGATOR, username="rc.investigator")


@pytest.fixture
def matcher() -> FakeMatcher:
    return FakeMatcher()


@pytest.fixture
def stations(db: None) -> None:
    StationFactory(code="HAN")
    StationFactory(code="LEE", name="Leek Police Station", town="Leek")


def signed_in(user: User, *incidents: int) -> Client:
    """A client signed in as ``user`` with justifications for lists and the incidents."""
    client = Client()
    client.force_login(user)
    give_justification(client, "list", reason="case_management", text="queue")
    for pk in incidents:
        give_justification(client, "demand_incident", pk)
    return client
