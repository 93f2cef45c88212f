"""The record's risk, plan, MAPPA and case sections, and their forms with field errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.conftest import give_justification

from safehold.accounts.models import User
from safehold.offenders import mappa_services, plan_services, risk_services
from safehold.offenders.models import Offender, RiskPlan
from safehold.offenders.risk_plan import ActionInput, PlanInput
from safehold.offenders.risk_tools import default_config

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _client(om_client: Client, offender: Offender) -> Client:
    give_justification(om_client, "offender", offender.pk)
    return om_client


def _page(client: Client, offender: Offender) -> str:
    response = client.get(f"/offenders/{offender.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_static_form_derives_the_overall_level(
    make_offender: Callable[..., Offender], om_client: Client
) -> None:
    offender = make_offender("medium")
    client = _client(om_client, offender)
    assert (
        "RM2000/S (sexual)" in client.get(f"/offenders/{offender.pk}/risk/static/").content.decode()
    )
    response = client.post(
        f"/offenders/{offender.pk}/risk/static/",
        {"assessed_on": TODAY.isoformat(), "scale_S": "very_high", "scale_V": "high"},
    )
    assert response.status_code == 302
    page = _page(client, offender)
    assert 'data-testid="static-scores"' in page
    assert "Risk Matrix 2000 combined category: very high" in page
    offender.refresh_from_db()
    assert offender.risk_level == "very_high"


def test_the_static_form_names_a_missing_scale(
    make_offender: Callable[..., Offender], om_client: Client
) -> None:
    offender = make_offender()
    client = _client(om_client, offender)
    page = client.post(
        f"/offenders/{offender.pk}/risk/static/",
        {"assessed_on": TODAY.isoformat(), "scale_S": "high"},
    ).content.decode()
    assert "Select the RM2000/V (non-sexual violence) category" in page
    assert "govuk-error-summary" in page


def test_the_arms_form_records_scores_and_observations(
    make_offender: Callable[..., Offender], om_client: Client
) -> None:
    offender = make_offender("low")
    client = _client(om_client, offender)
    data = {"assessed_on": TODAY.isoformat()}
    for f in default_config().factors:
        data[f"score_{f.key}"] = "2" if not f.protective else "0"
    data["obs_opportunity_to_offend"] = "Works at a leisure centre"
    assert client.post(f"/offenders/{offender.pk}/risk/arms/", data).status_code == 302
    page = _page(client, offender)
    assert "High priority" in page
    assert "Works at a leisure centre" in page
    assert "ARMS sets the work to do, not the risk level" in page
    offender.refresh_from_db()
    assert offender.risk_level == "low"


def test_the_arms_form_names_an_unscored_factor(
    make_offender: Callable[..., Offender], om_client: Client
) -> None:
    offender = make_offender()
    client = _client(om_client, offender)
    page = client.post(
        f"/offenders/{offender.pk}/risk/arms/", {"assessed_on": TODAY.isoformat()}
    ).content.decode()
    assert "Select a score for &#x27;Sexual preoccupation&#x27;" in page


def test_the_rosh_form_needs_a_rationale(
    make_offender: Callable[..., Offender], om_client: Client
) -> None:
    offender = make_offender()
    client = _client(om_client, offender)
    page = client.post(
        f"/offenders/{offender.pk}/risk/rosh/", {"assessed_on": TODAY.isoformat(), "level": "high"}
    ).content.decode()
    assert "Give the rationale for the RoSH level" in page


def test_the_plan_form_names_a_bad_action_line_and_records_a_good_plan(
    make_offender: Callable[..., Offender], om_client: Client
) -> None:
    offender = make_offender("medium")
    client = _client(om_client, offender)
    base = {
        "made_on": TODAY.isoformat(),
        "review_on": (TODAY + timedelta(days=90)).isoformat(),
        "visit_interval_months": "3",
    }
    page = client.post(
        f"/offenders/{offender.pk}/risk/plan/",
        {**base, "actions": "Check devices | PC Dawson\nJust an action"},
    ).content.decode()
    assert "Line 2: write" in page
    response = client.post(
        f"/offenders/{offender.pk}/risk/plan/",
        {
            **base,
            "actions": "Check devices | PC Dawson | 2027-01-31\nHome Office check | Probation",
        },
    )
    assert response.status_code == 302
    page = _page(client, offender)
    assert 'data-testid="risk-plan"' in page
    assert "Home Office check" in page
    assert "the risk management plan (RMP) sets 3-monthly" in page


def test_a_breach_after_the_plan_shows_the_review_reason_on_the_record(
    make_offender: Callable[..., Offender], om: User, om_client: Client
) -> None:
    offender = make_offender("medium")
    plan_services.record_plan(
        om,
        offender.pk,
        PlanInput(
            TODAY - timedelta(days=20),
            TODAY + timedelta(days=160),
            3,
            actions=(ActionInput("Check devices", "PC Dawson"),),
        ),
    )
    client = _client(om_client, offender)
    client.post(
        f"/offenders/{offender.pk}/breaches/new/",
        {"what": "Undeclared phone", "occurred_on": TODAY.isoformat(), "action": "warning"},
    )
    page = _page(client, offender)
    assert "Breach after the risk management plan" in page
    assert RiskPlan.objects.filter(offender=offender).count() == 1


def test_mappa_change_and_category_2_hides_the_notification_rules(
    make_offender: Callable[..., Offender], om_client: Client
) -> None:
    offender = make_offender(last_notification_on=TODAY - timedelta(days=400))
    client = _client(om_client, offender)
    assert 'data-testid="notification-period"' in _page(client, offender)
    page = client.post(
        f"/offenders/{offender.pk}/mappa/",
        {"category": "2", "level": "2", "changed_on": TODAY.isoformat()},
    ).content.decode()
    assert "Say why the category or level is set" in page
    response = client.post(
        f"/offenders/{offender.pk}/mappa/",
        {
            "category": "2",
            "level": "2",
            "changed_on": TODAY.isoformat(),
            "reason": "Violent offender, not registered",
        },
    )
    assert response.status_code == 302
    page = _page(client, offender)
    assert 'data-testid="not-notifiable"' in page
    assert 'data-testid="notification-period"' not in page
    assert "Annual re-notification" not in page
    assert "Violent offender, not registered" in page


def test_the_timeline_lists_mappa_changes_and_plans_with_their_reasons(
    make_offender: Callable[..., Offender], om: User, om_client: Client
) -> None:
    """Not only in their own sections: the timeline has each MAPPA change and plan."""
    from safehold.offenders.record_queries import offender_record, timeline

    offender = make_offender("high")
    mappa_services.set_mappa(
        om,
        offender.pk,
        category=1,
        level=2,
        reason="Level 2: multi-agency work on the exclusion zone",
        changed_on=TODAY - timedelta(days=10),
    )
    plan_services.record_plan(
        om,
        offender.pk,
        PlanInput(
            TODAY - timedelta(days=5),
            TODAY + timedelta(days=90),
            2,
            summary="New partner with a child: visits every two months",
            actions=(ActionInput("Check the partner's household", "DC Rao"),),
        ),
    )
    record = offender_record(offender.pk)
    assert record is not None
    events = {e.kind: e for e in timeline(record)}
    assert events["mappa"].title == "MAPPA level 1 to 2"
    assert events["mappa"].at == TODAY - timedelta(days=10)
    assert "exclusion zone" in events["mappa"].detail
    plan = events["plan"]
    assert plan.title.startswith("Risk management plan: visits every 2 months, review by")
    assert "New partner with a child" in plan.detail
    assert "Check the partner's household (DC Rao)" in plan.detail
    timeline_html = _page(_client(om_client, offender), offender).split('data-testid="timeline"')[1]
    assert "MAPPA level 1 to 2" in timeline_html
    assert "Risk management plan: visits every 2 months" in timeline_html


def test_the_case_form_computes_and_explains_the_period(
    make_offender: Callable[..., Offender], om_client: Client
) -> None:
    offender = make_offender(registered_on=date(2021, 4, 1))
    client = _client(om_client, offender)
    response = client.post(
        f"/offenders/{offender.pk}/case/",
        {
            "visor_reference": "VN-99",
            "lead_agency": "Probation",
            "licence_conditions": "Reside at approved premises\nCurfew 19:00 to 07:00",
            "index_offence": "Sexual assault",
            "convicted_on": "2021-03-15",
            "sentence_kind": "custody",
            "sentence_months": "20",
            "age_at_conviction": "34",
        },
    )
    assert response.status_code == 302
    page = _page(client, offender)
    assert "Imprisonment for a term of more than 6 months but less than 30 months" in page
    assert "Curfew 19:00 to 07:00" in page
    assert "VN-99" in page
    page = client.post(
        f"/offenders/{offender.pk}/case/",
        {"convicted_on": "2021-03-15", "sentence_kind": "custody", "age_at_conviction": "34"},
    ).content.decode()
    assert "Give the length of the custodial sentence in months" in page


def test_the_record_page_costs_a_fixed_number_of_queries(
    make_offender: Callable[..., Offender], om: User, om_client: Client
) -> None:
    offender = make_offender("high")
    client = _client(om_client, offender)
    _page(client, offender)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            _page(client, offender)
        return len(ctx.captured_queries)

    # One plan first: its actions are one prefetch query, made only when there is a plan.
    plan_services.record_plan(
        om,
        offender.pk,
        PlanInput(
            TODAY - timedelta(days=9),
            TODAY + timedelta(days=90),
            3,
            actions=(ActionInput("a", "b"),),
        ),
    )
    before = count()
    for n in range(3):
        risk_services.record_rosh(
            om, offender.pk, risk_services.RoshInput(TODAY - timedelta(days=n), "high", "x")
        )
        mappa_services.set_mappa(
            om, offender.pk, category=1, level=2 + n % 2, reason="r", changed_on=TODAY
        )
        plan_services.record_plan(
            om,
            offender.pk,
            PlanInput(
                TODAY - timedelta(days=n),
                TODAY + timedelta(days=90),
                3,
                actions=(ActionInput("a", "b"), ActionInput("c", "d")),
            ),
        )
    assert count() == before


def test_an_overdue_plan_review_is_on_the_briefing_with_its_reason(
    make_offender: Callable[..., Offender], om: User, lead_client: Client
) -> None:
    offender = make_offender("high")
    plan_services.record_plan(
        om,
        offender.pk,
        PlanInput(
            TODAY - timedelta(days=200),
            TODAY - timedelta(days=20),
            3,
            actions=(ActionInput("Check devices", "PC Dawson"),),
        ),
    )
    page = lead_client.get("/offenders/briefing/").content.decode()
    assert "20 days overdue: the risk management plan of" in page
