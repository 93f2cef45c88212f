"""Intake stays bounded (issue 13, finding 1): matching runs outside the write transaction,
and one incident carries at most 20 children and 20 other household members. Before the
fix an incident with 400 "others" held the database for 72 s and others' requests 500ed."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from tests.factories import PersonFactory

from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Role
from safehold.errors import InvalidInput
from safehold.people.linkage import MatchBand, MatchPair, PersonRecord
from safehold.safeguarding import services
from safehold.safeguarding.matching import FakeMatcher
from safehold.safeguarding.models import Incident, MatchStatus, PersonMatch

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


def test_a_role_without_people_access_never_links_and_learns_no_person_id(
    call_handler: User, users: dict[Role, User]
) -> None:
    """Finding 6: intake by a resolution-centre investigator linked a registered offender
    as a DA victim automatically and returned ``victim_person_id``."""
    from tests.safeguarding.test_intake import _input as full_input

    held = PersonFactory(given_name="Sian", family_name="Rowley", date_of_birth=date(1990, 4, 2))
    matcher = FakeMatcher({("Sian", "Rowley"): [(held.pk, 0.99, MatchBand.CONFIDENT)]})
    incident = services.log_incident(call_handler, full_input(), matcher=matcher)
    assert incident.victim != held
    match = PersonMatch.objects.get(candidate=held)
    assert match.status == MatchStatus.PENDING
    assert match.hold_reason == "logged_without_people_access"
    _, raw = ApiToken.issue(users[Role.RESOLUTION_INVESTIGATOR], "t")
    body = {
        "reported_at": (timezone.now() - timedelta(minutes=5)).isoformat(),
        "source": "call",
        "attendance": "delayed",
        "grade": "medium",
        "victim": {"given_name": "Ann", "family_name": "Quill"},
    }
    response = Client().post(
        "/api/safeguarding/incidents",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201
    assert response.json()["victim_person_id"] is None
