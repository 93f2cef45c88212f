"""Faults a review found on an offender's record page: the timeline's risk entry, the
Risk Matrix 2000 line, the MAPPA section's licence conditions, "1 days"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from tests.conftest import give_justification

from safehold.offenders.models import Offender, Order, OrderRequirement
from safehold.offenders.record_queries import offender_record, timeline
from safehold.offenders.risk_models import RiskAssessment, StaticAssessment

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _page(client: Client, offender: Offender) -> str:
    give_justification(client, "offender", offender.pk)
    response = client.get(f"/offenders/{offender.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_timeline_names_the_overall_level_never_a_level_next_to_arms(
    make_offender: Callable[..., Offender],
) -> None:
    offender = make_offender("very_high")
    RiskAssessment.objects.create(
        offender=offender, tool="arms", level="very_high", assessed_on=TODAY, assessor_name="DC A"
    )
    RiskAssessment.objects.create(
        offender=offender,
        tool="rm2000",
        level="high",
        assessed_on=TODAY - timedelta(days=400),
        assessor_name="DC B",
    )
    record = offender_record(offender.pk)
    assert record is not None
    titles = [e.title for e in timeline(record) if e.kind == "assessment"]
    assert titles == [
        "Overall risk level: Very high",
        "Overall risk level: High (informed by Risk Matrix 2000)",
    ]
    assert all("ARMS" not in t for t in titles)


def test_the_rm2000_line_names_the_scales_and_levels_in_words(
    make_offender: Callable[..., Offender], om_client: Client
) -> None:
    offender = make_offender()
    StaticAssessment.objects.create(
        offender=offender,
        tool="rm2000",
        tool_name="Risk Matrix 2000",
        scales={"S": "high", "V": "very_high"},
        combined="very_high",
        explanation="x",
        assessed_on=TODAY,
        config_version="t",
    )
    page = _page(om_client, offender)
    assert "RM2000/S (sexual): high; RM2000/V (non-sexual violence): very high" in page
    assert "VERYHIGH" not in page


def test_mappa_shows_the_conditions_of_the_licence_in_force(
    make_offender: Callable[..., Offender], om_client: Client
) -> None:
    offender = make_offender()
    licence = Order.objects.create(
        offender=offender, kind="licence", starts_on=TODAY - timedelta(days=30), reference="L1"
    )
    for i, text in enumerate(("Reside at approved premises", "No contact with V", "Curfew"), 1):
        OrderRequirement.objects.create(
            order=licence, position=i, kind="positive", topic="other", text=text
        )
    mappa = _page(om_client, offender).split('data-testid="mappa"')[1].split("</dl>")[0]
    assert "Licence L1: 3 conditions" in mappa
    assert "No contact with V" in mappa


def test_a_reason_says_1_day_not_1_days_and_keeps_other_counts() -> None:
    from safehold.offenders.policy_result import Reason, ReasonCode, days

    one = Reason(ReasonCode.RISK_REVIEW_OVERDUE, (("days_overdue", 1),))
    assert one.text == "Risk review overdue by 1 day."
    eleven = Reason(ReasonCode.RISK_REVIEW_OVERDUE, (("days_overdue", 11),))
    assert eleven.text == "Risk review overdue by 11 days."
    monthly = Reason(ReasonCode.DEFAULT_INTERVAL_FOR_RISK_LEVEL, (("months", 1), ("level", "low")))
    assert monthly.text.startswith("Home visit every 1 month:")
    assert (days(1), days(2), days(21)) == ("1 day", "2 days", "21 days")
