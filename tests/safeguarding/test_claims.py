"""Claiming a waiting victim from the queue (issue 14): one officer at a time, shown on the
queue as "claimed by X since HH:MM", lapsing by itself, released by its holder or a
supervisor, every claim and release in the access log. The race of two claims at once is in
tests/concurrency/test_races.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_incident

from safehold.accounts.models import User
from safehold.accounts.roles import Rank, Role
from safehold.audit.log import verify_chain
from safehold.audit.models import AccessLogEntry, Operation
from safehold.clock import FrozenClock
from safehold.errors import Conflict, Forbidden
from safehold.safeguarding import claims
from safehold.safeguarding.claims_models import QueueClaim

pytestmark = pytest.mark.django_db
AT = datetime(2026, 12, 7, 9, 14, tzinfo=UTC)


@pytest.fixture
def colleague(make_user: Callable[..., User]) -> User:
    return make_user(
        Role.SAFEGUARDING_OFFICER,
        username="pc.colleague",
        rank=Rank.CONSTABLE,
        first_name="Ada",
        last_name="Lovelace",
    )


def test_a_claim_refuses_a_second_officer_naming_who_holds_it(
    officer: User, colleague: User
) -> None:
    incident = make_incident()
    clock = FrozenClock(AT)
    held = claims.claim(colleague, incident.pk, clock=clock)
    assert held.label == "Claimed by Ada Lovelace since 09:14"
    clock.advance(timedelta(minutes=5))
    with pytest.raises(Conflict) as refused:
        claims.claim(officer, incident.pk, clock=clock)
    assert refused.value.code == "claimed"
    assert "Claimed by Ada Lovelace since 09:14 (until 09:44" in refused.value.message
    row = QueueClaim.objects.get()
    assert row.officer == colleague
    [entry] = AccessLogEntry.objects.filter(record_type=claims.RECORD_TYPE)
    assert (entry.operation, entry.person_id, entry.user) == (
        Operation.ALTERATION,
        incident.victim_id,
        colleague,
    )


def test_a_claim_lapses_by_itself_and_the_holder_may_renew_it(
    officer: User, colleague: User, settings: Any
) -> None:
    settings.SAFEHOLD_DA_CLAIM_MINUTES = 20
    incident = make_incident()
    clock = FrozenClock(AT)
    claims.claim(colleague, incident.pk, clock=clock)
    clock.advance(timedelta(minutes=10))
    renewed = claims.claim(colleague, incident.pk, clock=clock)
    assert (renewed.claimed_at, renewed.expires_at) == (AT, AT + timedelta(minutes=30))
    clock.advance(timedelta(minutes=21))
    assert claims.live_claims([incident.pk], clock.now()) == {}
    taken = claims.claim(officer, incident.pk, clock=clock)
    assert (taken.officer_id, taken.claimed_at) == (officer.pk, clock.now())


def test_only_the_holder_or_a_supervisor_releases_a_claim(
    officer: User, colleague: User, sergeant: User
) -> None:
    incident = make_incident()
    claims.claim(colleague, incident.pk)
    with pytest.raises(Forbidden, match="Only the officer who claimed"):
        claims.release(officer, incident.pk)
    claims.release(sergeant, incident.pk)
    assert claims.live_claims([incident.pk], timezone.now()) == {}
    with pytest.raises(Conflict, match="is not claimed"):
        claims.release(colleague, incident.pk)
    claims.claim(officer, incident.pk)
    claims.release(officer, incident.pk)
    assert AccessLogEntry.objects.filter(record_type=claims.RECORD_TYPE).count() == 4
    assert verify_chain() is None


def test_a_victim_already_seen_or_a_role_without_edit_cannot_be_claimed(
    officer: User, call_handler: User
) -> None:
    seen = make_incident()
    seen.seen_at = timezone.now()
    seen.save()
    with pytest.raises(Conflict, match="no longer waiting"):
        claims.claim(officer, seen.pk)
    with pytest.raises(Forbidden):
        claims.claim(call_handler, make_incident().pk)
    assert not QueueClaim.objects.exists()


def test_the_queue_shows_who_claimed_a_victim_and_offers_to_claim_the_rest(
    officer: User, colleague: User
) -> None:
    claimed, free = make_incident(), make_incident()
    claims.claim(colleague, claimed.pk, clock=FrozenClock(timezone.now()))
    client = signed_in(officer)
    page = client.get("/safeguarding/").content.decode()
    since = timezone.localtime(QueueClaim.objects.get().claimed_at).strftime("%H:%M")
    assert f"Claimed by Ada Lovelace since {since}" in page
    assert f'action="/safeguarding/incidents/{free.pk}/claim/"' in page
    assert f'action="/safeguarding/incidents/{claimed.pk}/claim/"' not in page
    taken = client.post(f"/safeguarding/incidents/{claimed.pk}/claim/", follow=True)
    assert "Claimed by Ada Lovelace" in taken.content.decode()
    assert "already being dealt with" in taken.content.decode()
    mine = client.post(f"/safeguarding/incidents/{free.pk}/claim/", follow=True)
    assert f'action="/safeguarding/incidents/{free.pk}/release/"' in mine.content.decode()
    assert QueueClaim.objects.get(incident=free).officer == officer
