"""The register's writes read the time from the clock they are given: a frozen clock gives
exact timestamps on the record, and "today or earlier" checks move with it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from safehold.accounts.models import User
from safehold.clock import FrozenClock
from safehold.errors import InvalidInput
from safehold.offenders import services
from safehold.offenders.models import Offender, WhereaboutsProcedure

pytestmark = pytest.mark.django_db

# The clock is behind the real time, so the seeded facts (dated from the real today) stay
# in its past.
AT = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)


def test_the_whereabouts_procedure_is_stamped_by_the_clock(
    make_offender: Callable[..., Offender], lead: User
) -> None:
    """Opened, each step and its closing carry the clock's moments, exactly."""
    clock = FrozenClock(AT)
    offender = make_offender("very_high")
    procedure = services.open_procedure(
        lead, offender.pk, since=clock.today(), reason="Not at the address", clock=clock
    )
    clock.advance(timedelta(minutes=30))
    step = services.record_step(
        lead, offender.pk, kind="pnc", note="Circulated", reference="PNC/1", clock=clock
    )
    clock.advance(timedelta(hours=1))
    services.clear_procedure(lead, offender.pk, how="sighting", note="Seen at home", clock=clock)
    procedure = WhereaboutsProcedure.objects.get(pk=procedure.pk)
    offender.refresh_from_db()
    assert procedure.opened_at == AT
    assert offender.pursued_since == AT
    assert step.done_at == AT + timedelta(minutes=30)
    assert procedure.closed_at == AT + timedelta(hours=1, minutes=30)


def test_today_or_earlier_is_the_clocks_today(
    make_offender: Callable[..., Offender], lead: User
) -> None:
    """A date after the clock's today is refused even when the real day is later."""
    clock = FrozenClock(AT - timedelta(days=3))
    offender = make_offender("very_high")
    with pytest.raises(InvalidInput) as refused:
        services.open_procedure(
            lead, offender.pk, since=clock.today() + timedelta(days=1), reason="x", clock=clock
        )
    assert refused.value.field == "since"


def test_marking_pursued_and_removing_a_marker_use_the_clock(
    make_offender: Callable[..., Offender], lead: User, om: User
) -> None:
    from safehold.offenders.safety_markers import add_safety_marker, remove_safety_marker

    clock = FrozenClock(AT)
    offender = make_offender("high")
    pursued = services.mark_pursued(
        lead, offender.pk, pursued=True, reason="Missed two visits", clock=clock
    )
    assert pursued.pursued_since == AT
    marker = add_safety_marker(lead, offender.pk, kind="violence", note="Dog", clock=clock)
    assert marker.added_on == clock.today()
    clock.advance(timedelta(minutes=7))
    removed = remove_safety_marker(lead, marker.pk, reason="Dog rehomed", clock=clock)
    assert removed.removed_at == AT + timedelta(minutes=7)
