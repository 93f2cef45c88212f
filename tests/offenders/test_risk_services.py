"""Recording the risk tools, the overall level and its override, the risk management plan,
MAPPA and the case details: through the services, on a real database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from safehold.accounts.models import User
from safehold.errors import InvalidInput
from safehold.offenders import plan_services, risk_services
from safehold.offenders.breaches import BreachInput, record_breach
from safehold.offenders.facts import evaluate_offenders
from safehold.offenders.models import (
    ChangeKind,
    ChangeState,
    MappaChange,
    Offender,
    RiskAssessment,
    RiskChange,
)
from safehold.offenders.risk_plan import ActionInput, PlanInput
from safehold.offenders.risk_services import ArmsInput, CaseInput, RoshInput, StaticInput
from safehold.offenders.risk_tools import default_config

pytestmark = pytest.mark.django_db
TODAY = date.today()
MakeOffender = Callable[..., Offender]


def _arms(risk: int) -> dict[str, int]:
    scores = {f.key: 0 for f in default_config().factors}
    for f in default_config().risk_factors:
        take = min(2, risk)
        scores[f.key], risk = take, risk - take
    return scores


def test_a_static_score_records_its_combined_category_and_the_overall_level(
    om: User, make_offender: MakeOffender
) -> None:
    offender = make_offender(risk="medium")
    record = risk_services.record_static(
        om, offender.pk, StaticInput(TODAY, {"S": "very_high", "V": "high"})
    )
    assert record.combined == "very_high"
    assert record.tool_name == "Risk Matrix 2000"
    offender.refresh_from_db()
    assert offender.risk_level == "very_high"
    overall = RiskAssessment.objects.get(offender=offender, tool="overall")
    assert "Risk Matrix 2000 combined category: very high" in overall.notes


def test_arms_sets_a_priority_but_never_the_risk_level(
    om: User, make_offender: MakeOffender
) -> None:
    offender = make_offender(risk="low")
    record = risk_services.record_arms(
        om,
        offender.pk,
        ArmsInput(TODAY, _arms(10), observations={"sexual_preoccupation": "Seen on visit"}),
    )
    assert record.priority == "high"
    assert record.observations == {"sexual_preoccupation": "Seen on visit"}
    offender.refresh_from_db()
    assert offender.risk_level == "low"
    assert not RiskAssessment.objects.filter(offender=offender, tool="overall").exists()


def test_a_missing_arms_score_names_the_field(om: User, make_offender: MakeOffender) -> None:
    offender = make_offender()
    scores = _arms(2)
    del scores["hostile_orientation"]
    with pytest.raises(InvalidInput) as err:
        risk_services.record_arms(om, offender.pk, ArmsInput(TODAY, scores))
    assert err.value.field == "score_hostile_orientation"


def test_rosh_needs_its_rationale(om: User, make_offender: MakeOffender) -> None:
    offender = make_offender()
    with pytest.raises(InvalidInput) as err:
        risk_services.record_rosh(om, offender.pk, RoshInput(TODAY, "high", "  "))
    assert err.value.field == "rationale"


def test_a_lower_overall_level_waits_for_a_ds(
    om: User, ds: User, make_offender: MakeOffender
) -> None:
    offender = make_offender(risk="very_high")
    risk_services.record_rosh(om, offender.pk, RoshInput(TODAY, "medium", "Stable, engaged"))
    offender.refresh_from_db()
    assert offender.risk_level == "very_high"
    change = RiskChange.objects.get(offender=offender, state=ChangeState.AWAITING)
    assert (change.kind, change.to_value) == (ChangeKind.LOWER_RISK, "medium")


def test_overriding_the_derived_level_needs_a_reason_and_records_both(
    om: User, make_offender: MakeOffender
) -> None:
    offender = make_offender(risk="medium")
    risk_services.record_static(om, offender.pk, StaticInput(TODAY, {"S": "low", "V": "low"}))
    with pytest.raises(InvalidInput) as err:
        risk_services.override_overall(om, offender.pk, level="high", reason="", assessed_on=TODAY)
    assert err.value.field == "reason"
    risk_services.override_overall(
        om, offender.pk, level="high", reason="New partner with children", assessed_on=TODAY
    )
    offender.refresh_from_db()
    assert offender.risk_level == "high"
    latest = RiskAssessment.objects.filter(offender=offender, tool="overall").first()
    assert latest is not None
    assert "Override: New partner with children" in latest.notes
    assert "the tools gave" in latest.notes


def _plan(months: int = 3, made: date = TODAY) -> PlanInput:
    return PlanInput(
        made_on=made,
        review_on=made + timedelta(days=180),
        visit_interval_months=months,
        summary="Manage access to children",
        actions=(ActionInput("Check devices at each visit", "PC Dawson"),),
    )


def test_a_plan_sets_the_review_and_the_visit_interval_with_its_reason(
    om: User, make_offender: MakeOffender
) -> None:
    offender = make_offender(risk="medium")
    plan = plan_services.record_plan(om, offender.pk, _plan(3))
    assert [a.owner for a in plan.actions.all()] == ["PC Dawson"]
    offender.refresh_from_db()
    assert offender.interval_months_override == 3
    assert "sets 3-monthly" in offender.interval_override_reason
    result = evaluate_offenders(Offender.objects.filter(pk=offender.pk), today=TODAY)[0].result
    texts = [r.text for r in result.reasons]
    assert any("risk management plan (RMP) sets 3-monthly" in t for t in texts)
    assert result.risk_review_due == TODAY + timedelta(days=180)
    assert any("the risk management plan of" in t for t in texts)


def test_a_plan_that_lengthens_the_interval_waits_for_a_ds(
    om: User, make_offender: MakeOffender
) -> None:
    offender = make_offender(risk="very_high")  # the default is monthly
    plan_services.record_plan(om, offender.pk, _plan(6))
    offender.refresh_from_db()
    assert offender.interval_months_override is None
    assert RiskChange.objects.filter(
        offender=offender, kind=ChangeKind.LONGER_INTERVAL, state=ChangeState.AWAITING
    ).exists()


def test_a_plan_needs_an_action_and_a_later_review(om: User, make_offender: MakeOffender) -> None:
    offender = make_offender()
    with pytest.raises(InvalidInput) as err:
        plan_services.record_plan(
            om, offender.pk, PlanInput(TODAY, TODAY, 3, actions=(ActionInput("x", "y"),))
        )
    assert err.value.field == "review_on"
    with pytest.raises(InvalidInput) as err:
        plan_services.record_plan(om, offender.pk, PlanInput(TODAY, TODAY + timedelta(1), 3))
    assert err.value.field == "actions"


def test_a_breach_brings_the_plan_review_forward_with_the_reason(
    om: User, make_offender: MakeOffender
) -> None:
    offender = make_offender(risk="medium")
    plan_services.record_plan(om, offender.pk, _plan(3, TODAY - timedelta(days=30)))
    record_breach(
        om,
        offender.pk,
        BreachInput(what="Unsupervised contact with a child", occurred_on=TODAY, action="arrest"),
    )
    offender.refresh_from_db()
    assert offender.risk_review_due_on == TODAY + timedelta(days=14)
    assert offender.risk_review_reason.startswith("Breach after the risk management plan")
    result = evaluate_offenders(Offender.objects.filter(pk=offender.pk), today=TODAY)[0].result
    assert any("Breach after the risk management plan" in r.text for r in result.reasons)


def test_a_new_assessment_after_the_plan_brings_its_review_forward(
    om: User, make_offender: MakeOffender
) -> None:
    offender = make_offender(risk="medium")
    plan_services.record_plan(om, offender.pk, _plan(3, TODAY - timedelta(days=30)))
    risk_services.record_arms(om, offender.pk, ArmsInput(TODAY, _arms(3)))
    offender.refresh_from_db()
    assert offender.risk_review_reason.startswith("New ARMS assessment after the risk")


def test_mappa_changes_keep_their_history(om: User, make_offender: MakeOffender) -> None:
    offender = make_offender()
    risk_services.set_mappa(
        om, offender.pk, category=1, level=2, reason="Escalated by the MAPPA coordinator",
        changed_on=TODAY,
    )  # fmt: skip
    with pytest.raises(InvalidInput) as err:
        risk_services.set_mappa(om, offender.pk, category=1, level=2, reason="x", changed_on=TODAY)
    assert err.value.field == "level"
    change = MappaChange.objects.get(offender=offender)
    assert (change.from_level, change.to_level) == (1, 2)
    offender.refresh_from_db()
    assert offender.mappa_level == 2


def test_a_category_2_offender_is_not_given_notification_rules(
    om: User, make_offender: MakeOffender
) -> None:
    offender = make_offender(last_notification_on=TODAY - timedelta(days=400))
    before = evaluate_offenders(Offender.objects.filter(pk=offender.pk), today=TODAY)[0].result
    assert before.notifications_due
    risk_services.set_mappa(
        om, offender.pk, category=2, level=1, reason="Violent offender", changed_on=TODAY
    )
    after = evaluate_offenders(Offender.objects.filter(pk=offender.pk), today=TODAY)[0].result
    assert after.notifications_due == ()


def test_the_sentence_sets_the_notification_period_and_explains_it(
    om: User, make_offender: MakeOffender
) -> None:
    offender = make_offender(registered_on=date(2020, 3, 1))
    case = risk_services.save_case(
        om,
        offender.pk,
        CaseInput(
            visor_reference="VN-1234567",
            index_offence="Sexual assault (s3)",
            convicted_on=date(2020, 3, 1),
            sentence_kind="custody",
            sentence_months=12,
            age_at_conviction=16,
            licence_conditions="Reside at approved premises\nNo contact with the victim",
        ),
    )
    offender.refresh_from_db()
    assert offender.notification_period == "5y"
    assert offender.registration_ends_on == date(2025, 3, 1)
    assert any("halved" in r for r in case.period_reasons)
    assert case.conditions == ["Reside at approved premises", "No contact with the victim"]


def test_an_indefinite_period_gets_its_review_date(om: User, make_offender: MakeOffender) -> None:
    offender = make_offender(registered_on=date(2015, 6, 1))
    risk_services.save_case(
        om,
        offender.pk,
        CaseInput(
            convicted_on=date(2013, 1, 1),
            sentence_kind="custody",
            sentence_months=48,
            age_at_conviction=40,
            first_notified_after_release_on=date(2015, 6, 3),
        ),
    )
    offender.refresh_from_db()
    assert offender.notification_period == "indefinite"
    assert offender.registration_ends_on is None
    assert offender.indefinite_review_on == date(2030, 6, 3)


def test_a_custody_sentence_without_its_length_names_the_field(
    om: User, make_offender: MakeOffender
) -> None:
    offender = make_offender()
    with pytest.raises(InvalidInput) as err:
        risk_services.save_case(
            om,
            offender.pk,
            CaseInput(convicted_on=date(2019, 1, 1), sentence_kind="custody", age_at_conviction=30),
        )
    assert err.value.field == "sentence_months"


def test_a_period_that_ended_before_registration_is_refused(
    om: User, make_offender: MakeOffender
) -> None:
    offender = make_offender(registered_on=date(2019, 5, 1))
    with pytest.raises(InvalidInput) as err:
        risk_services.save_case(
            om,
            offender.pk,
            CaseInput(convicted_on=date(2010, 1, 1), sentence_kind="caution", age_at_conviction=30),
        )
    assert err.value.field == "convicted_on"


def test_a_meeting_is_held_at_level_2_or_3(om: User, make_offender: MakeOffender) -> None:
    offender = make_offender()
    with pytest.raises(InvalidInput):
        risk_services.record_meeting(om, offender.pk, held_on=TODAY, level=1, actions="x")
    meeting = risk_services.record_meeting(
        om, offender.pk, held_on=TODAY, level=2, actions="Probation to review the licence"
    )
    assert meeting.level == 2
