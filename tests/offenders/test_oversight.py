"""Risk cannot fall unseen: a lower risk level, a longer visit interval or a move to
reactive management waits for a DS's sign-off (sergeant or above, not the proposer);
reactive management needs three years at low risk unless an override is recorded; a
breach, a visit that raised concerns or new intelligence puts a reactively managed
offender back to active management pending a review, with the reason shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from safehold.accounts.models import User
from safehold.accounts.roles import Rank
from safehold.errors import Forbidden, InvalidInput
from safehold.offenders import services
from safehold.offenders.dates import add_months
from safehold.offenders.models import ManagementReview, Offender, RiskAssessment, RiskChange
from safehold.offenders.oversight_rules import reactive_eligibility
from safehold.offenders.vocabulary import RiskLevel as PlainRisk

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _assess(offender: Offender, level: str, days_ago: int) -> None:
    RiskAssessment.objects.create(
        offender=offender, tool="arms", level=level, assessed_on=TODAY - timedelta(days=days_ago)
    )


def test_fault_a_lower_risk_level_does_not_apply_without_sign_off(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """An offender manager's 'low' assessment of a high-risk offender leaves them high."""
    offender = make_offender("high")
    services.record_risk_assessment(
        om, offender.pk, services.AssessmentInput(tool="arms", level="low", assessed_on=TODAY)
    )
    offender.refresh_from_db()
    assert offender.risk_level == "high"


def test_fault_a_longer_interval_does_not_apply_without_sign_off(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """Setting 12 months for a high-risk offender (3 by default) waits for sign-off."""
    offender = make_offender("high")
    services.set_visit_interval(om, offender.pk, months=12, reason="Settled, engaging")
    offender.refresh_from_db()
    assert offender.interval_months_override is None


def test_fault_reactive_management_needs_three_years_at_low_risk(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """An offender assessed very high last year cannot be moved to reactive management."""
    offender = make_offender("low")
    _assess(offender, "very_high", 400)
    _assess(offender, "low", 30)
    with pytest.raises(InvalidInput) as error:
        services.change_status(om, offender.pk, status="reactive_management", reason="Low risk now")
    assert error.value.field == "override_reason"
    offender.refresh_from_db()
    assert offender.status == "managed"


def test_fault_a_breach_puts_a_reactive_offender_back_to_active_management(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """A breach by a reactively managed offender returns them to active management."""
    offender = make_offender("low", status="reactive_management")
    services.record_breach(
        om,
        offender.pk,
        services.BreachInput(what="Failed to notify a vehicle", occurred_on=TODAY, action="none"),
    )
    offender.refresh_from_db()
    assert offender.status == "managed"


def _pending(offender: Offender) -> RiskChange:
    return RiskChange.objects.get(offender=offender, state="awaiting")


def test_a_sergeant_who_did_not_propose_signs_off_and_the_change_applies(
    make_offender: Callable[..., Offender], om: User, lead: User, ds: User
) -> None:
    """The proposer cannot sign off; a constable cannot; a DS can, and the level falls."""
    offender = make_offender("high")
    services.record_risk_assessment(
        om, offender.pk, services.AssessmentInput(tool="arms", level="medium", assessed_on=TODAY)
    )
    change = _pending(offender)
    assert change.summary == "Lower risk level: high to medium"
    with pytest.raises(Forbidden) as error:
        services.sign_off_change(lead, change.pk, approve=True, note="Agreed")
    assert error.value.code == "sign_off_needs_sergeant"
    om.rank = Rank.SERGEANT
    om.save()
    with pytest.raises(Forbidden) as error:
        services.sign_off_change(om, change.pk, approve=True, note="Agreed")
    assert error.value.code == "sign_off_not_independent"
    services.sign_off_change(ds, change.pk, approve=True, note="ARMS supports it")
    offender.refresh_from_db()
    assert offender.risk_level == "medium"
    change.refresh_from_db()
    assert (change.state, change.decided_by) == ("approved", ds)


def test_a_refused_change_leaves_the_record_as_it_was(
    make_offender: Callable[..., Offender], om: User, ds: User
) -> None:
    offender = make_offender("high")
    services.set_visit_interval(om, offender.pk, months=12, reason="Settled")
    services.sign_off_change(ds, _pending(offender).pk, approve=False, note="Too soon")
    offender.refresh_from_db()
    assert offender.interval_months_override is None


def test_more_attention_applies_at_once(make_offender: Callable[..., Offender], om: User) -> None:
    """A higher level or a shorter interval needs no sign-off."""
    offender = make_offender("medium")
    services.record_risk_assessment(
        om, offender.pk, services.AssessmentInput(tool="arms", level="high", assessed_on=TODAY)
    )
    services.set_visit_interval(om, offender.pk, months=1, reason="New partner with children")
    offender.refresh_from_db()
    assert (offender.risk_level, offender.interval_months_override) == ("high", 1)
    assert not RiskChange.objects.filter(offender=offender).exists()


def test_reactive_management_after_three_years_at_low_risk_waits_for_sign_off(
    make_offender: Callable[..., Offender], om: User, ds: User
) -> None:
    offender = make_offender("low")
    _assess(offender, "medium", 365 * 5)
    _assess(offender, "low", 365 * 3 + 10)
    _assess(offender, "low", 200)
    services.change_status(om, offender.pk, status="reactive_management", reason="Stable")
    offender.refresh_from_db()
    assert offender.status == "managed"
    change = _pending(offender)
    assert change.eligibility.startswith("Low risk at every assessment since")
    services.sign_off_change(ds, change.pk, approve=True, note="Criteria met")
    offender.refresh_from_db()
    assert offender.status == "reactive_management"


def test_an_override_records_why_reactive_management_is_right_regardless(
    make_offender: Callable[..., Offender], om: User
) -> None:
    offender = make_offender("low")
    _assess(offender, "low", 400)
    services.change_status(
        om,
        offender.pk,
        status="reactive_management",
        reason="Terminally ill, in a hospice",
        override_reason="Hospice care; no capacity to offend (MAPPA meeting 3 March)",
    )
    change = _pending(offender)
    assert "Low risk only since" in change.eligibility
    assert change.override_reason.startswith("Hospice care")


@pytest.mark.parametrize("trigger", ["concern", "intelligence"])
def test_concerns_or_intelligence_bring_reactive_management_back_to_active(
    make_offender: Callable[..., Offender], om: User, lead: User, trigger: str
) -> None:
    """The offender is managed again and an open review says why."""
    offender = make_offender("low", status="reactive_management")
    if trigger == "concern":
        services.record_visit(
            om,
            offender.pk,
            services.VisitInput(
                visited_at=timezone.now(),
                outcome="seen",
                officer_1_id=om.pk,
                officer_2_id=lead.pk,
                concerns="Child's toys in the living room",
            ),
        )
    else:
        services.record_intelligence(
            om,
            offender.pk,
            services.IntelligenceInput(
                received_on=TODAY, summary="Seen loitering near a primary school"
            ),
        )
    offender.refresh_from_db()
    assert offender.status == "managed"
    review = ManagementReview.objects.get(offender=offender)
    assert review.is_open
    expected = "Child's toys" if trigger == "concern" else "primary school"
    assert expected in review.why


def test_a_breach_withdraws_a_proposal_to_go_reactive(
    make_offender: Callable[..., Offender], om: User
) -> None:
    offender = make_offender("low")
    _assess(offender, "low", 365 * 4)
    services.change_status(om, offender.pk, status="reactive_management", reason="Stable")
    services.record_breach(
        om,
        offender.pk,
        services.BreachInput(what="Late notification", occurred_on=TODAY, action="warning"),
    )
    assert RiskChange.objects.get(offender=offender).state == "withdrawn"


def test_only_a_sergeant_closes_the_review(
    make_offender: Callable[..., Offender], om: User, ds: User
) -> None:
    offender = make_offender("low", status="reactive_management")
    services.record_intelligence(
        om, offender.pk, services.IntelligenceInput(received_on=TODAY, summary="New partner")
    )
    review = ManagementReview.objects.get(offender=offender)
    with pytest.raises(Forbidden):
        services.close_review(om, review.pk, outcome="Fine")
    services.close_review(ds, review.pk, outcome="Partner has no children; keep active 6 months")
    review.refresh_from_db()
    assert not review.is_open


@given(
    levels=st.lists(st.tuples(st.integers(0, 4000), st.sampled_from(list(PlainRisk))), max_size=8),
    years=st.integers(1, 5),
)
def test_eligibility_means_no_higher_assessment_within_the_years(
    levels: list[tuple[int, PlainRisk]], years: int
) -> None:
    """Eligible only if the latest is low and nothing above low in the last ``years``."""
    history = [(TODAY - timedelta(days=d), level) for d, level in levels]
    result = reactive_eligibility(history, TODAY, years)
    if result.eligible:
        assert result.low_since is not None
        assert add_months(result.low_since, 12 * years) <= TODAY
        assert all(level is PlainRisk.LOW for on, level in history if on >= result.low_since)
    if any(
        level is not PlainRisk.LOW and on > add_months(TODAY, -12 * years) for on, level in history
    ):
        assert not result.eligible


def test_an_import_cannot_lower_attention_without_sign_off(
    make_offender: Callable[..., Offender], lead: User
) -> None:
    """A caseload row moving an offender on the register to reactive management, or to
    a lower level, is refused with what to do; nothing is written."""
    import io

    from safehold.offenders.importer import TEMPLATE_CSV, import_caseload

    header, example = TEMPLATE_CSV.strip().splitlines()[:2]
    columns = header.split(",")
    values = dict(zip(columns, example.split(","), strict=True))
    from tests.factories import StationFactory

    StationFactory(code=values["station_code"])
    offender = make_offender("high", register_reference=values["register_reference"])
    values |= {"status": "reactive_management", "risk_level": "low"}
    values["risk_assessed_on"] = TODAY.isoformat()
    row = ",".join(values[c] for c in columns)
    report = import_caseload(lead, io.BytesIO(f"{header}\n{row}\n".encode()), filename="c.csv")
    assert {e.field for e in report.errors} >= {"status", "risk_level"}
    offender.refresh_from_db()
    assert (offender.status, offender.risk_level) == ("managed", "high")


def test_a_higher_assessment_on_the_same_day_as_a_low_one_blocks_eligibility() -> None:
    """High and low on one day: the high one counts, whichever order they come in."""
    day = TODAY - timedelta(days=365 * 4)
    for history in ([(day, PlainRisk.HIGH), (day, PlainRisk.LOW)],
                    [(day, PlainRisk.LOW), (day, PlainRisk.HIGH)]):  # fmt: skip
        assert not reactive_eligibility(history, TODAY, 3).eligible
