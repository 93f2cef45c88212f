"""Intake stays bounded (issue 13, finding 1): matching runs outside the write transaction,
and one incident carries at most 20 children and 20 other household members. Before the
fix an incident with 400 "others" held the database for 72 s and others' requests 500ed."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from tests.factories import PersonFactory

from safehold.accounts.models import User
from safehold.errors import InvalidInput
from safehold.people.linkage import MatchPair, PersonRecord
from safehold.safeguarding import services
from safehold.safeguarding.matching import FakeMatcher
from safehold.safeguarding.models import Incident

pytestmark = pytest.mark.django_db


def _input(**changes: object) -> services.IncidentInput:
    base = services.IncidentInput(
        reported_at=timezone.now() - timedelta(minutes=5),
        source="call",
        attendance="delayed",
        grade="medium",
        victim=services.PersonDetails("Sian", "Rowley", date(1990, 4, 2), "F", "st16 2dj"),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


class DepthRecorder(FakeMatcher):
    """Records how deep in transactions each scoring ran."""

    depths: list[int]

    def __call__(self, new: PersonRecord, held: Sequence[PersonRecord]) -> list[MatchPair]:
        self.depths.append(len(connection.savepoint_ids))
        return super().__call__(new, held)


def test_matching_runs_before_the_write_transaction(call_handler: User) -> None:
    PersonFactory(family_name="Rowley", date_of_birth=date(1990, 4, 2))
    recorder = DepthRecorder()
    recorder.depths = []
    outside = len(connection.savepoint_ids)
    others = tuple(services.PersonDetails(f"Other{n}", "Rowley") for n in range(3))
    services.log_incident(call_handler, _input(others=others), matcher=recorder)
    assert recorder.depths
    assert set(recorder.depths) == {outside}


def test_more_than_20_others_is_refused_naming_the_field(
    call_handler: User, matcher: FakeMatcher
) -> None:
    others = tuple(services.PersonDetails(f"Other{n}", "Rowley") for n in range(21))
    with pytest.raises(InvalidInput) as caught:
        services.log_incident(call_handler, _input(others=others), matcher=matcher)
    assert caught.value.field == "others"
    assert not Incident.objects.exists()
    assert matcher.calls == []
