"""Oversight on the pages: the record shows what awaits a DS's sign-off and the reason a
reactively managed offender is back to active management; a DS approves there; the
briefing lists both."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from tests.conftest import give_justification

from safehold.accounts.models import User
from safehold.offenders import services
from safehold.offenders.models import Offender, RiskChange

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _ds_client(ds: User, offender: Offender) -> Client:
    client = Client()
    client.force_login(ds)
    give_justification(client, "offender", offender.pk)
    give_justification(client, "briefing")
    return client


def test_a_ds_sees_the_proposal_on_the_record_and_approves_it(
    make_offender: Callable[..., Offender], om: User, ds: User
) -> None:
    offender = make_offender("high")
    services.record_risk_assessment(
        om, offender.pk, services.AssessmentInput(tool="arms", level="low", assessed_on=TODAY)
    )
    client = _ds_client(ds, offender)
    page = client.get(f"/offenders/{offender.pk}/").content.decode()
    assert "Awaiting a DS&#x27;s sign-off" in page or "Awaiting a DS's sign-off" in page
    assert "Lower risk level: high to low" in page
    offender.refresh_from_db()
    change = RiskChange.objects.get(offender=offender)
    response = client.post(
        f"/offenders/{offender.pk}/sign-off/",
        {"change": change.pk, "decision": "approve", "note": "ARMS", "version": offender.version},
    )
    assert response.status_code == 302
    offender.refresh_from_db()
    assert offender.risk_level == "low"


def test_the_status_form_asks_for_an_override_when_not_eligible(
    make_offender: Callable[..., Offender], om: User, om_client: Client
) -> None:
    offender = make_offender("low")
    give_justification(om_client, "offender", offender.pk)
    response = om_client.post(
        f"/offenders/{offender.pk}/status/",
        {"status": "reactive_management", "reason": "Stable", "version": offender.version},
    )
    assert response.status_code == 200
    assert "Record why reactive management is right regardless" in response.content.decode()
    offender.refresh_from_db()
    assert offender.status == "managed"


def test_the_briefing_shows_sign_offs_and_returns_to_active_management(
    make_offender: Callable[..., Offender], om: User, ds: User
) -> None:
    lowered = make_offender("high")
    services.set_visit_interval(om, lowered.pk, months=12, reason="Settled")
    back = make_offender("low", status="reactive_management")
    services.record_intelligence(
        om, back.pk, services.IntelligenceInput(received_on=TODAY, summary="New partner, 2 kids")
    )
    briefing = _ds_client(ds, back).get("/offenders/briefing/").context["briefing"]
    by_key = {s.key: s for s in briefing.sections}
    assert [ln.offender_id for ln in by_key["sign_off"].lines] == [lowered.pk]
    assert [ln.offender_id for ln in by_key["active_review"].lines] == [back.pk]
    assert "New partner, 2 kids" in by_key["active_review"].lines[0].why[0]
