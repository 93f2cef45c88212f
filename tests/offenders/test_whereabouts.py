"""Whereabouts unknown starts a procedure: its own clock and tasks (PNC circulation,
enquiries, a breach record, DS reviews), cleared by a sighting, arrest or notification;
repeated no-access visits prompt the warrant route; the planner leaves such offenders
out and says why; `wanted` can be cleared."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone

from safehold.accounts.models import User
from safehold.errors import Forbidden, InvalidInput
from safehold.offenders import services
from safehold.offenders.models import Offender, WhereaboutsProcedure

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _visit(om: User, lead: User, outcome: str, days_ago: int = 0) -> services.VisitInput:
    return services.VisitInput(
        visited_at=timezone.now() - timedelta(days=days_ago, minutes=5),
        outcome=outcome,
        officer_1_id=om.pk,
        officer_2_id=lead.pk,
    )


def test_fault_a_visit_finding_the_offender_not_resident_opens_the_procedure(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    """Not resident at the notified address: whereabouts unknown, with a procedure."""
    offender = make_offender("very_high")
    services.record_visit(om, offender.pk, _visit(om, lead, "not_resident"))
    offender.refresh_from_db()
    assert offender.status == "whereabouts_unknown"
    procedure = WhereaboutsProcedure.objects.get(offender=offender, closed_at__isnull=True)
    assert procedure.since == TODAY - timedelta(days=10)  # last seen there


def test_fault_wanted_can_be_cleared(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    offender = make_offender(wanted=True)
    services.clear_wanted(lead, offender.pk, reason="Arrested and charged on 3 December")
    offender.refresh_from_db()
    assert not offender.wanted


def test_fault_the_planner_leaves_out_an_offender_whose_whereabouts_are_unknown_and_says_why(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    from safehold.planning.inputs import build_inputs

    offender = make_offender("very_high", seen_days_ago=90)
    services.record_visit(om, offender.pk, _visit(om, lead, "not_resident", days_ago=1))
    inputs = build_inputs(start_date=TODAY, days=3, now=timezone.now())
    assert all(info["offender_id"] != offender.pk for info in inputs.visit_info.values())
    assert inputs.skipped.get("whereabouts_unknown") == 1


def test_the_procedure_has_its_tasks_and_a_ds_review(
    make_offender: Callable[..., Offender], om: User, lead: User, ds: User
) -> None:
    """PNC needs its reference; a review needs a sergeant; done steps leave the list."""
    from safehold.offenders.whereabouts import procedure_tasks

    offender = make_offender()
    services.open_procedure(lead, offender.pk, since=TODAY, reason="Left the hostel")
    with pytest.raises(InvalidInput) as error:
        services.record_step(om, offender.pk, kind="pnc", note="Circulated")
    assert error.value.field == "reference"
    services.record_step(om, offender.pk, kind="pnc", note="Circulated", reference="26/123456A")
    services.record_step(om, offender.pk, kind="enquiry", note="Hospitals and custody: none")
    with pytest.raises(Forbidden):
        services.record_step(om, offender.pk, kind="review", note="Reviewed")
    services.record_breach(
        om,
        offender.pk,
        services.BreachInput(what="Failed to notify change", occurred_on=TODAY, action="wanted"),
    )
    services.record_step(ds, offender.pk, kind="review", note="Keep circulated")
    procedure = WhereaboutsProcedure.objects.get(offender=offender)
    open_tasks = [t for t in procedure_tasks(procedure) if not t.done]
    assert [t.kind for t in open_tasks] == ["review"]


def test_an_arrest_clears_the_procedure_and_wanted(
    make_offender: Callable[..., Offender], lead: User
) -> None:
    offender = make_offender(wanted=True)
    services.open_procedure(lead, offender.pk, since=TODAY, reason="Not at address")
    with pytest.raises(InvalidInput):
        services.change_status(lead, offender.pk, status="managed", reason="Found")
    services.clear_procedure(lead, offender.pk, how="arrest", note="Arrested in Stoke, 7 Dec")
    offender.refresh_from_db()
    assert (offender.status, offender.wanted) == ("managed", False)


def test_a_new_notification_clears_the_procedure(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    offender = make_offender()
    services.open_procedure(lead, offender.pk, since=TODAY, reason="Not at address")
    services.record_notification(
        om, offender.pk, services.NotificationInput(kind="periodic", notified_on=TODAY)
    )
    procedure = WhereaboutsProcedure.objects.get(offender=offender)
    assert procedure.cleared_by == "notification"
    offender.refresh_from_db()
    assert offender.status == "managed"


def test_repeated_no_access_prompts_the_warrant_route(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    from safehold.offenders.facts import current_policy
    from safehold.offenders.whereabouts_rules import warrant_prompt

    offender = make_offender()
    for days_ago in (20, 10, 1):
        services.record_visit(om, offender.pk, _visit(om, lead, "no_access", days_ago))
    offender.refresh_from_db()
    assert offender.no_access_streak == 3
    assert warrant_prompt(offender.no_access_streak, current_policy().whereabouts)
    services.record_visit(om, offender.pk, _visit(om, lead, "seen"))
    offender.refresh_from_db()
    assert offender.no_access_streak == 0


def test_the_ds_decides_a_possible_s91_matter(
    make_offender: Callable[..., Offender], om: User, ds: User
) -> None:
    from safehold.offenders.models import Breach

    offender = make_offender()
    made = services.record_notification(
        om,
        offender.pk,
        services.NotificationInput(
            kind="change",
            subject="contact",
            notified_on=TODAY,
            changed_on=TODAY - timedelta(days=9),
            value="07700 900123",
        ),
    )
    with pytest.raises(Forbidden):
        services.decide_s91(om, made.pk, decision="breach", note="Late")
    services.decide_s91(ds, made.pk, decision="breach", note="No excuse offered")
    assert Breach.objects.filter(offender=offender, what__contains="s91").exists()
