"""Safeguarding writes read the time from the clock they are given, not the machine's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.safeguarding.factories import make_incident

from safehold.accounts.models import User
from safehold.clock import FrozenClock
from safehold.errors import InvalidInput
from safehold.safeguarding import services
from safehold.safeguarding.models import ContactAttempt

pytestmark = pytest.mark.django_db
REPORTED = datetime(2026, 3, 2, 21, 5, tzinfo=UTC)


def test_a_contact_with_no_time_given_is_stamped_with_the_clocks_moment(officer: User) -> None:
    """Spoken to 40 minutes after the report, by the clock: the attempt, the first and last
    contact carry that exact moment, and a time after the clock's moment is refused."""
    incident = make_incident(grade="high", reported_at=REPORTED)
    clock = FrozenClock(REPORTED + timedelta(minutes=40))
    made = services.record_contact(
        officer, incident.pk, services.ContactInput(outcome="spoke_to_victim"), clock=clock
    )
    incident.refresh_from_db()
    assert made.at == datetime(2026, 3, 2, 21, 45, tzinfo=UTC)
    assert (incident.first_contact_at, incident.last_contact_at) == (made.at, made.at)
    later = clock.now() + timedelta(hours=1)
    with pytest.raises(InvalidInput) as refused:
        services.record_contact(
            officer, incident.pk, services.ContactInput(outcome="no_answer", at=later), clock=clock
        )
    assert refused.value.field == "at"
    assert ContactAttempt.objects.count() == 1


def test_an_escalation_is_dated_and_reasoned_at_the_clocks_moment(
    officer: User, sergeant: User
) -> None:
    """Escalated 70 minutes after a high-risk report by the clock: stamped then, and the
    queue's reasons are those of that moment (the one-hour target missed)."""
    incident = make_incident(grade="high", reported_at=REPORTED)
    clock = FrozenClock(REPORTED + timedelta(minutes=70))
    made = services.escalate(
        officer, incident.pk, reason="No unit", to_supervisor_id=sergeant.pk, clock=clock
    )
    incident.refresh_from_db()
    assert made.at == incident.escalated_at == datetime(2026, 3, 2, 22, 15, tzinfo=UTC)
    assert "target_missed" in [r["code"] for r in made.reasons]
