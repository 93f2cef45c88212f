"""Fixtures for the register: a priorities lead, an offender manager and their offenders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from tests.conftest import give_justification
from tests.factories import OffenderFactory

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.offenders.models import Offender

TODAY = date.today()


@pytest.fixture
def om(users: dict[Role, User]) -> User:
    return users[Role.OFFENDER_MANAGER]


@pytest.fixture
def lead(users: dict[Role, User]) -> User:
    return users[Role.PRIORITIES_LEAD]


@pytest.fixture
def make_offender(om: User) -> Callable[..., Offender]:
    """An offender on ``om``'s caseload; ``seen_days_ago`` sets the last home visit."""

    def make(risk: str = "high", seen_days_ago: int | None = 10, **kwargs: object) -> Offender:
        kwargs.setdefault("offender_manager", om)
        seen = TODAY - timedelta(days=seen_days_ago) if seen_days_ago is not None else None
        return OffenderFactory(risk_level=risk, last_visit_seen_on=seen, **kwargs)

    return make


@pytest.fixture
def lead_client(client_for: Callable[[Role], Client]) -> Client:
    client = client_for(Role.PRIORITIES_LEAD)
    give_justification(client, "list")
    give_justification(client, "briefing")
    return client


@pytest.fixture
def om_client(client_for: Callable[[Role], Client]) -> Client:
    client = client_for(Role.OFFENDER_MANAGER)
    give_justification(client, "list")
    return client


@pytest.fixture
def ds(make_user: Callable[..., User]) -> User:
    """A detective sergeant on the priorities team: signs off what lowers attention."""
    from safehold.accounts.roles import Rank

    return make_user(Role.PRIORITIES_LEAD, username="ds.supervisor", rank=Rank.SERGEANT)
