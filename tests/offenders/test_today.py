"""The officer's route of the day: only the pair's stops, in order, each a tap from its
visit form with the pair filled in; the look is logged naming every offender shown; a
child present at the visit is a concern that ends reactive management pending review."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from tests.conftest import give_justification

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry
from safehold.offenders import services
from safehold.offenders.models import ManagementReview, Offender

pytestmark = pytest.mark.django_db


def _at(hour: int) -> timezone.datetime:
    return timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)


def test_the_route_shows_only_the_pairs_stops_in_order_and_logs_the_look(
    make_offender: Callable[..., Offender],
    om: User,
    lead: User,
    make_user: Callable[..., User],
) -> None:
    first, second, other = make_offender(), make_offender(), make_offender()
    someone = make_user()
    services.place_planned_visits(
        lead,
        [
            services.PlannedStop(second.pk, _at(23), om.pk, lead.pk),
            services.PlannedStop(first.pk, _at(22), lead.pk, om.pk),
            services.PlannedStop(other.pk, _at(22), someone.pk, lead.pk),
        ],
        plan_run_id=1,
    )
    client = Client()
    client.force_login(om)
    give_justification(client, "list")
    response = client.get("/offenders/today/")
    stops = response.context["stops"]
    assert [s.visit.offender_id for s in stops] == [first.pk, second.pk]
    entry = AccessLogEntry.objects.filter(record_type="visit_route").latest("id")
    assert entry.detail["shown"] == [first.pk, second.pk]
    form = client.get(
        f"/offenders/{first.pk}/visits/new/?planned={stops[0].visit.pk}",
    )
    assert form.status_code in (200, 302)


def test_a_child_present_is_a_concern_that_ends_reactive_management(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    offender = make_offender("low", status="reactive_management")
    visit = services.record_visit(
        om,
        offender.pk,
        services.VisitInput(
            visited_at=timezone.now(),
            outcome="seen",
            officer_1_id=om.pk,
            officer_2_id=lead.pk,
            child_present=True,
            people_present="Partner and her son, about 8",
        ),
    )
    assert visit.raised_concern
    assert visit.concerns.startswith("Child present")
    offender.refresh_from_db()
    assert offender.status == "managed"
    assert "Child present" in ManagementReview.objects.get(offender=offender).why
