"""The procedures on the pages: a structured notification through the form, the
whereabouts procedure with its next step on the record and the briefing, possible s91
matters and the warrant prompt on the briefing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from tests.conftest import give_justification

from safehold.accounts.models import User
from safehold.offenders import services
from safehold.offenders.models import NotifiedDetail, Offender

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _client(user: User, offender: Offender) -> Client:
    client = Client()
    client.force_login(user)
    give_justification(client, "offender", offender.pk)
    give_justification(client, "briefing")
    return client


def test_a_vehicle_notified_through_the_form_joins_the_details_history(
    make_offender: Callable[..., Offender], om: User
) -> None:
    offender = make_offender()
    response = _client(om, offender).post(
        f"/offenders/{offender.pk}/notifications/new/",
        {
            "kind": "change",
            "notified_on": TODAY.isoformat(),
            "subject": "vehicle",
            "changed_on": (TODAY - timedelta(days=1)).isoformat(),
            "value": "AB12 CDE, blue Ford Focus",
        },
    )
    assert response.status_code == 302
    detail = NotifiedDetail.objects.get(offender=offender)
    assert (detail.label, detail.value) == ("Vehicle", "AB12 CDE, blue Ford Focus")
    page = _client(om, offender).get(f"/offenders/{offender.pk}/").content.decode()
    assert "AB12 CDE, blue Ford Focus" in page


def test_the_record_and_briefing_show_the_procedures_next_step(
    make_offender: Callable[..., Offender], om: User, lead: User, ds: User
) -> None:
    offender = make_offender("very_high")
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
    client = _client(ds, offender)
    page = client.get(f"/offenders/{offender.pk}/").content.decode()
    assert "Whereabouts unknown since" in page
    assert "Next: Circulate on the PNC" in page
    briefing = client.get("/offenders/briefing/").context["briefing"]
    [line] = next(s for s in briefing.sections if s.key == "whereabouts").lines
    assert any(why.startswith("Next: Circulate on the PNC") for why in line.why)


def test_the_briefing_puts_late_notifications_and_repeated_no_access_to_the_ds(
    make_offender: Callable[..., Offender], om: User, lead: User, ds: User
) -> None:
    late = make_offender()
    services.record_notification(
        om,
        late.pk,
        services.NotificationInput(
            kind="change",
            subject="bank_card",
            notified_on=TODAY,
            changed_on=TODAY - timedelta(days=12),
            value="Barclays debit card ending 4321",
        ),
    )
    shut = make_offender()
    for days_ago in (30, 20, 2):
        services.record_visit(
            om,
            shut.pk,
            services.VisitInput(
                visited_at=timezone.now() - timedelta(days=days_ago),
                outcome="no_access",
                officer_1_id=om.pk,
                officer_2_id=lead.pk,
            ),
        )
    sections = {
        s.key: s for s in _client(ds, late).get("/offenders/briefing/").context["briefing"].sections
    }
    assert [ln.offender_id for ln in sections["s91"].lines] == [late.pk]
    assert "9 days late" in sections["s91"].lines[0].why[0]
    assert [ln.offender_id for ln in sections["warrant"].lines] == [shut.pk]
