"""Planned visits on the register: placed, moved and cancelled through the register's
services (planning owns none of the rows); a cancelled visit stays on the record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry, Operation
from safehold.errors import Forbidden, InvalidInput, NotFound
from safehold.offenders import services
from safehold.offenders.models import Offender, Visit
from safehold.offenders.record_queries import offender_record, timeline

pytestmark = pytest.mark.django_db


def _tomorrow(hour: int = 10) -> timezone.datetime:
    return timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(
        days=1
    )


def test_the_register_places_a_plans_visits_and_logs_each(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    """Placing planned visits writes open visits on the register, one log entry each."""
    a, b = make_offender(), make_offender()
    placed = services.place_planned_visits(
        lead,
        [
            services.PlannedStop(a.pk, _tomorrow(9), om.pk, lead.pk),
            services.PlannedStop(b.pk, _tomorrow(11), om.pk, lead.pk),
        ],
        plan_run_id=7,
    )
    assert [v.is_planned for v in placed] == [True, True]
    assert set(Visit.objects.filter(plan_run_id=7).values_list("offender_id", flat=True)) == {
        a.pk,
        b.pk,
    }
    assert (
        AccessLogEntry.objects.filter(
            record_type="planned_visit", operation=Operation.COLLECTION
        ).count()
        == 2
    )


def test_only_the_priorities_team_places_plan_visits(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """An offender manager cannot place a plan's visits; nothing is written."""
    offender = make_offender()
    with pytest.raises(Forbidden):
        services.place_planned_visits(
            om, [services.PlannedStop(offender.pk, _tomorrow())], plan_run_id=1
        )
    assert not Visit.objects.exists()


def test_cancelling_a_plans_visits_keeps_them_with_who_when_and_why(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    """Future open visits of the plan are cancelled; a visit already made is untouched."""
    a, b = make_offender(), make_offender()
    services.place_planned_visits(
        lead,
        [services.PlannedStop(a.pk, _tomorrow(9)), services.PlannedStop(b.pk, _tomorrow(11))],
        plan_run_id=3,
    )
    made = Visit.objects.get(offender=b)
    services.record_visit(
        om,
        b.pk,
        services.VisitInput(
            visited_at=timezone.now(), outcome="seen", officer_1_id=om.pk, officer_2_id=lead.pk
        ),
        planned_visit_id=made.pk,
    )
    cancelled = services.cancel_plan_visits(
        lead, [3], from_time=timezone.now(), reason="Superseded by visit plan 4"
    )
    assert [c.offender_id for c in cancelled] == [a.pk]
    visit = Visit.objects.get(offender=a)
    assert visit.is_cancelled
    assert (visit.cancelled_by, visit.cancel_reason) == (lead, "Superseded by visit plan 4")
    made.refresh_from_db()
    assert made.outcome == "seen"
    assert not made.is_cancelled


def test_a_cancelled_visit_cannot_be_completed_and_shows_on_the_timeline(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    """Recording the outcome of a cancelled visit is refused; the record shows it cancelled."""
    offender = make_offender()
    visit = services.schedule_visit(om, offender.pk, planned_for=_tomorrow())
    services.cancel_planned_visit(om, visit.pk, reason="Offender in hospital")
    with pytest.raises(NotFound):
        services.record_visit(
            om,
            offender.pk,
            services.VisitInput(
                visited_at=timezone.now(),
                outcome="seen",
                officer_1_id=om.pk,
                officer_2_id=lead.pk,
            ),
            planned_visit_id=visit.pk,
        )
    record = offender_record(offender.pk)
    assert record is not None
    events = [(e.title, e.detail) for e in timeline(record)]
    assert ("Planned visit cancelled", "Offender in hospital") in events


def test_a_cancellation_needs_a_reason_and_an_open_visit(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """No reason, or a visit already cancelled, is refused with what to fix."""
    offender = make_offender()
    visit = services.schedule_visit(om, offender.pk, planned_for=_tomorrow())
    with pytest.raises(InvalidInput) as error:
        services.cancel_planned_visit(om, visit.pk, reason="  ")
    assert error.value.field == "reason"
    services.cancel_planned_visit(om, visit.pk, reason="Moved out of area")
    with pytest.raises(NotFound):
        services.cancel_planned_visit(om, visit.pk, reason="again")


def test_moving_a_planned_visit_changes_its_time_and_is_logged(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """A planned visit moved to another time keeps its id; the move is logged."""
    offender = make_offender()
    visit = services.schedule_visit(om, offender.pk, planned_for=_tomorrow(9))
    moved = services.move_planned_visit(om, visit.pk, planned_for=_tomorrow(15))
    assert moved.pk == visit.pk
    assert timezone.localtime(moved.planned_for).hour == 15
    assert AccessLogEntry.objects.filter(
        record_type="planned_visit", record_id=str(visit.pk), operation=Operation.ALTERATION
    ).exists()
