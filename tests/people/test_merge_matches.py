"""Pending identity matches after a merge: never a self-pair, never a retired person, and an
undo gives them back (issue 9.9)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from tests.factories import PersonFactory
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_match

from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Rank, Role
from safehold.people.merging import merge_people, undo_merge
from safehold.people.models import Person
from safehold.safeguarding.models import MatchStatus, PersonMatch

pytestmark = pytest.mark.django_db

WHY = {"HTTP_X_JUSTIFICATION": "safeguarding", "HTTP_X_JUSTIFICATION_TEXT": "queue check"}


@pytest.fixture
def sergeant(make_user: Callable[..., User]) -> User:
    return make_user(Role.PRIORITIES_LEAD, username="ds.merger", rank=Rank.SERGEANT)


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(Role.SAFEGUARDING_OFFICER, username="pc.officer", rank=Rank.CONSTABLE)


def _shown(officer: User) -> tuple[list[int], list[int], set[int]]:
    """Match ids on the worklist page and in the API, and every person id the API names."""
    page = signed_in(officer).get("/safeguarding/matches/")
    on_page = [m.pk for m in page.context["matches"]]
    _, raw = ApiToken.issue(officer, "test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/safeguarding/person-matches", **WHY)
    rows = api.json()
    named = {p for m in rows for p in (m["recorded_as_person_id"], m["candidate_person_id"])}
    assert all(m["recorded_as_person_id"] != m["candidate_person_id"] for m in rows)
    return on_page, [m["id"] for m in rows], named


def _state(match: PersonMatch) -> tuple[str, int, int, str, object]:
    match.refresh_from_db()
    return (
        match.status,
        match.party.person_id,
        match.candidate_id,
        match.decision_note,
        match.decided_by_id,
    )


@pytest.mark.parametrize("retire", ["recorded", "candidate"])
def test_a_merge_of_the_two_people_of_a_pending_match_closes_it_and_undo_reopens_it(
    sergeant: User, officer: User, retire: str
) -> None:
    """A-B pending, A merged into B (or B into A): no B-B pair left waiting; undo restores."""
    match = make_match()
    recorded, candidate = match.party.person, match.candidate
    retired, survivor = (recorded, candidate) if retire == "recorded" else (candidate, recorded)
    before = _state(match)
    merge_people(sergeant, survivor_id=survivor.pk, retired_id=retired.pk, reason="Same PNC id")
    status, party_person, candidate_id, note, decided_by = _state(match)
    assert (party_person, candidate_id) == (survivor.pk, survivor.pk)
    assert status == MatchStatus.CONFIRMED
    assert note == f"Resolved by merge of {retired.reference} into {survivor.reference}"
    assert decided_by == sergeant.pk
    assert _shown(officer)[:2] == ([], [])
    undo_merge(sergeant, retired_id=retired.pk, reason="Twins")
    assert _state(match) == before
    assert _shown(officer)[:2] == ([match.pk], [match.pk])


def test_a_match_that_would_repeat_a_pending_pair_is_closed_and_the_other_kept(
    sergeant: User, officer: User
) -> None:
    """Recorded X with candidates A and B pending; A into B leaves one X-B pair waiting."""
    kept = make_match(probability=0.6)
    a = PersonFactory(given_name="Maria", family_name="Jonas")
    repeat = PersonMatch.objects.create(
        party=kept.party,
        candidate=a,
        probability=0.9,
        match_weight=3.0,
        model_version="test",
        status=MatchStatus.PENDING,
    )
    b = kept.candidate
    before = (_state(kept), _state(repeat))
    merge = merge_people(sergeant, survivor_id=b.pk, retired_id=a.pk, reason="Same PNC id")
    assert _state(kept)[0] == MatchStatus.PENDING
    status, _, candidate_id, note, _ = _state(repeat)
    assert (status, candidate_id) == (MatchStatus.REJECTED, b.pk)
    assert note == f"Resolved by merge of {a.reference} into {b.reference}"
    assert merge.resolved == {"safeguarding.PersonMatch.closed_by_merge": [repeat.pk]}
    on_page, in_api, named = _shown(officer)
    assert (on_page, in_api) == ([kept.pk], [kept.pk])
    assert a.pk not in named
    undo_merge(sergeant, retired_id=a.pk, reason="Different people")
    assert (_state(kept), _state(repeat)) == before
    assert sorted(_shown(officer)[1]) == sorted([kept.pk, repeat.pk])


def test_the_worklist_never_shows_a_retired_person_or_a_self_pair(officer: User) -> None:
    """Even a row that slipped past a merge stays off the page and out of the API."""
    good = make_match()
    self_pair = make_match()
    self_pair.candidate = self_pair.party.person
    self_pair.save()
    retired_one = make_match()
    Person.objects.filter(pk=retired_one.candidate_id).update(merged_into=good.candidate)
    on_page, in_api, named = _shown(officer)
    assert (on_page, in_api) == ([good.pk], [good.pk])
    assert retired_one.candidate_id not in named
