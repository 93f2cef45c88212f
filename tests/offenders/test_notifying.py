"""Notifications reach the record: structured changes update the address and details
history, the planner uses the notified home address, the periodic date moves as the law
says, and a late notification is flagged as a possible s91 matter for the DS."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.factories import AddressFactory

from safehold.accounts.models import User
from safehold.offenders import services
from safehold.offenders.models import Notification, Offender
from safehold.people.models import PersonAddress
from safehold.planning.inputs import _homes

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _home(offender: Offender) -> PersonAddress:
    old = AddressFactory(line1="1 Old Road", postcode="ST1 1AA")
    return PersonAddress.objects.create(
        person=offender.person, address=old, kind="home", valid_from=date(2019, 5, 1)
    )


def test_fault_a_change_of_home_address_moves_the_planners_address(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """The planner routes officers to the notified new address, not the old one."""
    offender = make_offender()
    _home(offender)
    services.record_notification(
        om,
        offender.pk,
        services.NotificationInput(
            kind="change",
            subject="home_address",
            notified_on=TODAY,
            changed_on=TODAY - timedelta(days=1),
            address_line1="22 New Street",
            address_town="Stafford",
            address_postcode="ST16 2AB",
            address_lat=52.806,
            address_lon=-2.117,
        ),
    )
    home = _homes([offender.pk])[offender.pk]
    assert home["address"].startswith("22 New Street")
    assert (home["lat"], home["lon"]) == (52.806, -2.117)


def test_fault_a_late_change_is_flagged_as_a_possible_s91_matter(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """A new vehicle notified ten days after it was acquired is late (3 days)."""
    offender = make_offender()
    made = services.record_notification(
        om,
        offender.pk,
        services.NotificationInput(
            kind="change",
            subject="vehicle",
            notified_on=TODAY,
            changed_on=TODAY - timedelta(days=10),
            value="AB12 CDE, blue Ford Focus",
        ),
    )
    made.refresh_from_db()
    assert made.possible_s91
    assert "7 days late" in made.lateness


def test_fault_short_notice_of_foreign_travel_without_a_reason_is_flagged(
    make_offender: Callable[..., Offender], om: User
) -> None:
    offender = make_offender()
    made = services.record_notification(
        om,
        offender.pk,
        services.NotificationInput(
            kind="foreign_travel",
            notified_on=TODAY,
            travel_departs_on=TODAY + timedelta(days=3),
            travel_destination="Spain",
        ),
    )
    assert made.possible_s91


def test_fault_a_visit_finding_the_offender_not_resident_marks_an_unnotified_change(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    offender = make_offender()
    services.record_visit(
        om,
        offender.pk,
        services.VisitInput(
            visited_at=timezone.now(),
            outcome="not_resident",
            officer_1_id=om.pk,
            officer_2_id=lead.pk,
        ),
    )
    offender.refresh_from_db()
    assert offender.unnotified_change_on == TODAY


def test_the_annual_date_names_the_due_date(make_offender: Callable[..., Offender]) -> None:
    from safehold.offenders.facts import evaluate_offenders

    offender = make_offender()
    offender.last_notification_on = date(2026, 3, 4)
    offender.save()
    [e] = evaluate_offenders(Offender.objects.filter(pk=offender.pk), today=TODAY)
    texts = [n.reason.text for n in e.result.notifications_due]
    assert any(t.startswith("Annual re-notification due on 4 March 2027") for t in texts)
    assert Notification.objects.count() == 0
