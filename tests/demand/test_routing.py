"""Routing: response, resolution centre, scheduled, appointment or advice, with reasons."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from safehold.demand.policy import default_policy
from safehold.demand.questions import QUESTIONS, least_serious
from safehold.demand.routing import RoutingFacts, route
from safehold.demand.vocabulary import IncidentType, Route

POLICY = default_policy()


def facts(grade: int, kind: str = "theft", **answers: str) -> RoutingFacts:
    return RoutingFacts(grade, IncidentType(kind), {**least_serious(), **answers})


def test_grades_one_and_two_go_to_response() -> None:
    for grade in (1, 2):
        decision = route(POLICY, facts(grade))
        assert decision.route is Route.RESPONSE
        assert decision.reasons[0].startswith(f"Grade {grade}")
        assert decision.policy_version == POLICY.version


def test_a_grade_three_theft_with_no_risk_goes_to_the_resolution_centre_with_reasons() -> None:
    decision = route(POLICY, facts(3))
    assert decision.route is Route.RESOLUTION_CENTRE
    assert "Theft is a type the resolution centre investigates" in decision.reasons


def test_a_vulnerable_person_who_needs_attendance_keeps_it_off_the_centre() -> None:
    decision = route(POLICY, facts(3, needs_attendance="yes"))
    assert decision.route is Route.SCHEDULED
    assert "Not the resolution centre: a vulnerable person needs officers to attend" in (
        decision.reasons
    )


def test_an_ongoing_threat_is_an_immediate_risk_for_the_centre() -> None:
    decision = route(POLICY, facts(4, threat_level="ongoing"))
    assert decision.route is Route.APPOINTMENT
    assert any("immediate risk" in r for r in decision.reasons)


def test_an_ineligible_type_goes_to_scheduled_attendance_or_appointment() -> None:
    assert route(POLICY, facts(3, "burglary_dwelling")).route is Route.SCHEDULED
    assert route(POLICY, facts(4, "sexual_offence")).route is Route.APPOINTMENT


def test_grade_five_outside_the_centre_is_advice_and_close() -> None:
    decision = route(POLICY, facts(5, "lost_found"))
    assert decision.route is Route.ADVICE


def test_domestic_abuse_also_goes_to_the_safeguarding_queue() -> None:
    decision = route(POLICY, facts(2, "domestic_abuse"))
    assert decision.to_safeguarding
    assert decision.reasons[-1] == "Domestic abuse: the victim also joins the safeguarding queue"


def test_high_risk_domestic_abuse_is_attended_even_when_graded_three() -> None:
    decision = route(POLICY, facts(3, "criminal_damage", da_risk="high"))
    assert decision.route is Route.SCHEDULED
    assert "High-risk domestic abuse: officers attend (scheduled at the latest)" in (
        decision.reasons
    )


answer_sets = st.fixed_dictionaries({q.key: st.sampled_from(q.options) for q in QUESTIONS})


@given(
    grade=st.integers(1, 5),
    kind=st.sampled_from(list(IncidentType)),
    answers=answer_sets,
    da=st.booleans(),
)
def test_routing_never_sends_grade_one_or_high_risk_da_to_the_resolution_centre(
    grade: int, kind: IncidentType, answers: dict[str, str], da: bool
) -> None:
    """The property the force relies on, over every grade, type and answer."""
    decision = route(POLICY, RoutingFacts(grade, kind, answers, domestic_abuse=da))
    if grade == 1 or answers["da_risk"] == "high":
        assert decision.route is not Route.RESOLUTION_CENTRE
    assert decision.reasons
    if decision.route is Route.RESOLUTION_CENTRE:
        assert kind in POLICY.rc_eligible_types
        assert answers["needs_attendance"] == "no"
