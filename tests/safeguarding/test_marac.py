"""MARAC referral: the four SafeLives criteria, each computed and explained."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehold.safeguarding.dash import DashPolicy, DashResult, ProfessionalJudgement, score
from safehold.safeguarding.dash_document import score_document
from safehold.safeguarding.marac import (
    EarlierGrade,
    MaracInputError,
    MaracPolicy,
    VictimHistory,
    decide_marac,
    months_before,
)
from safehold.safeguarding.questionnaires import load_questionnaire
from safehold.safeguarding.vocabulary import Grade

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
DASH = load_questionnaire("dash-27")
POLICY = MaracPolicy(version="test-1")
BANDS = DashPolicy(version="test-1")


def scored(yes_count: int, judgement: ProfessionalJudgement | None = None) -> DashResult:
    """A DASH-27 result with yes to the first ``yes_count`` questions."""
    answers = {n: ("yes" if n <= yes_count else "no") for n in range(1, 28)}
    return score(DASH, answers, judgement, policy=BANDS)


def days_ago(*days: float) -> tuple[datetime, ...]:
    """Datetimes ``days`` before NOW."""
    return tuple(NOW - timedelta(days=d) for d in days)


def test_fourteen_yes_answers_meet_visible_high_risk() -> None:
    """14 yes answers refer on visible high risk, and the text gives the count."""
    decision = decide_marac(scored(14), VictimHistory(), now=NOW, policy=POLICY)
    assert decision.refer
    assert decision.codes == ("visible_high_risk",)
    assert "14 yes" in decision.criteria[0].text


def test_thirteen_yes_answers_and_no_history_do_not_refer() -> None:
    """13 yes answers with an empty history meet no criterion."""
    decision = decide_marac(scored(13), VictimHistory(), now=NOW, policy=POLICY)
    assert not decision.refer
    assert decision.criteria == ()
    assert decision.policy_version == "test-1"


def test_professional_judgement_of_high_below_fourteen_is_a_criterion_with_its_reason() -> None:
    """Judgement of high at 8 yes refers on professional judgement, quoting the reason."""
    pj = ProfessionalJudgement(Grade.HIGH, "Threatened to kill her last night")
    decision = decide_marac(scored(8, pj), None, policy=POLICY)
    assert decision.codes == ("professional_judgement",)
    assert "Threatened to kill her last night" in decision.criteria[0].text


def test_professional_judgement_of_medium_is_not_a_criterion() -> None:
    """Judgement that raises only to medium does not meet the MARAC threshold."""
    pj = ProfessionalJudgement(Grade.MEDIUM, "Escalating jealousy")
    decision = decide_marac(scored(3, pj), VictimHistory(), now=NOW, policy=POLICY)
    assert not decision.refer


def test_three_incidents_in_twelve_months_are_potential_escalation() -> None:
    """Three incidents (this one included) within 12 months meet potential escalation."""
    history = VictimHistory(incidents_at=days_ago(0, 40, 300))
    decision = decide_marac(scored(2), history, now=NOW, policy=POLICY)
    assert decision.codes == ("potential_escalation",)
    assert "3 domestic-abuse incidents" in decision.criteria[0].text


def test_an_incident_older_than_twelve_months_does_not_count_towards_escalation() -> None:
    """Two recent incidents and one 13 months ago are not potential escalation."""
    history = VictimHistory(incidents_at=days_ago(0, 40, 400))
    assert not decide_marac(scored(2), history, now=NOW, policy=POLICY).refer


def test_the_escalation_window_and_count_are_configurable() -> None:
    """A local rule of 3 in 6 months ignores an incident 7 months ago."""
    history = VictimHistory(incidents_at=days_ago(0, 40, 215))
    six_months = MaracPolicy(version="local", escalation_window_months=6)
    assert decide_marac(scored(2), history, now=NOW, policy=POLICY).refer
    assert not decide_marac(scored(2), history, now=NOW, policy=six_months).refer


def test_a_new_incident_within_twelve_months_of_the_last_referral_is_a_repeat() -> None:
    """Referred 6 months ago, a new incident today: repeat referral, dates in the text."""
    history = VictimHistory(incidents_at=days_ago(0, 190), marac_referrals_at=days_ago(180))
    decision = decide_marac(scored(2), history, now=NOW, policy=POLICY)
    assert decision.codes == ("repeat_referral",)
    assert "27 Nov 2026" in decision.criteria[0].text


def test_repeat_dates_are_london_days_not_utc_days() -> None:
    """23:30 UTC on a summer day is already the next day in London (BST): the words give
    the London dates of the incident and of the referral."""
    incident = datetime(2026, 7, 14, 23, 30, tzinfo=UTC)  # 00:30 on 15 Jul in London
    referral = datetime(2026, 3, 31, 23, 15, tzinfo=UTC)  # 00:15 on 1 Apr in London
    history = VictimHistory(incidents_at=(incident,), marac_referrals_at=(referral,))
    decision = decide_marac(scored(2), history, now=incident, policy=POLICY)
    assert decision.codes == ("repeat_referral",)
    text = decision.criteria[0].text
    assert "a new incident on 15 Jul 2026" in text, text
    assert "last MARAC referral on 1 Apr 2026" in text, text


def test_an_incident_more_than_twelve_months_after_the_referral_is_not_a_repeat() -> None:
    """Referred 13 months ago, a new incident today is a new referral, not a repeat."""
    history = VictimHistory(incidents_at=days_ago(0), marac_referrals_at=days_ago(400))
    assert "repeat_referral" not in decide_marac(scored(2), history, now=NOW, policy=POLICY).codes


def test_only_incidents_after_the_last_referral_make_a_repeat() -> None:
    """An incident before the latest referral does not make that referral a repeat."""
    history = VictimHistory(incidents_at=days_ago(100), marac_referrals_at=days_ago(200, 50))
    assert decide_marac(scored(2), history, now=NOW, policy=POLICY).codes == ()


def test_events_dated_after_now_are_ignored() -> None:
    """Three incidents, two of them in the future, are not potential escalation."""
    history = VictimHistory(incidents_at=(NOW, NOW + timedelta(days=1), NOW + timedelta(days=2)))
    assert not decide_marac(scored(2), history, now=NOW, policy=POLICY).refer


def test_without_history_escalation_and_repeat_are_reported_as_not_assessed() -> None:
    """No history gives a history_not_given note rather than a silent no."""
    decision = decide_marac(scored(2), None, policy=POLICY)
    assert [n.code for n in decision.notes] == ["history_not_given"]


def test_history_without_now_is_refused() -> None:
    """Deciding with history needs the time of the decision."""
    with pytest.raises(MaracInputError) as caught:
        decide_marac(scored(2), VictimHistory(), policy=POLICY)
    assert caught.value.field == "now"


def test_history_dates_without_a_timezone_are_refused() -> None:
    """A naive incident date is refused, naming the field."""
    with pytest.raises(MaracInputError) as caught:
        VictimHistory(incidents_at=(datetime(2026, 1, 1),))
    assert caught.value.field == "history.incidents_at"


def test_an_earlier_high_grade_is_noted_when_today_is_lower() -> None:
    """Graded high three months ago and medium today: a note, not a criterion."""
    history = VictimHistory(earlier_grades=(EarlierGrade(NOW - timedelta(days=90), Grade.HIGH),))
    decision = decide_marac(scored(11), history, now=NOW, policy=POLICY)
    assert not decision.refer
    assert [n.code for n in decision.notes] == ["earlier_high_grade"]


def test_months_before_keeps_to_the_end_of_a_shorter_month() -> None:
    """One month before 31 March is 28 February (29 in a leap year)."""
    assert months_before(datetime(2027, 3, 31, tzinfo=UTC), 1) == datetime(2027, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2028, 3, 31, tzinfo=UTC), 1) == datetime(2028, 2, 29, tzinfo=UTC)
    assert months_before(datetime(2027, 1, 15, tzinfo=UTC), 12) == datetime(2026, 1, 15, tzinfo=UTC)


def test_score_document_assesses_escalation_when_history_is_given() -> None:
    """The CLI document with history lists potential escalation among the criteria."""
    doc = {"questionnaire": "dash-27", "answers": {"1": "yes"}, "professional_judgement": None}
    history = VictimHistory(incidents_at=days_ago(0, 10, 20))
    out = score_document(doc, history=history, now=NOW)
    assert [c["code"] for c in out["marac_criteria"]] == ["potential_escalation"]
    assert out["marac_notes"] == []


def test_packaged_policy_holds_the_safelives_defaults() -> None:
    """policy.toml gives 14 yes, 3 incidents in 12 months, repeat within 12 months."""
    loaded = MaracPolicy.load()
    assert loaded == MaracPolicy(version=loaded.version)


# --- properties -------------------------------------------------------------------------

offsets = st.lists(st.integers(0, 800), max_size=8)


@given(offsets, offsets, st.integers(0, 27), st.data())
def test_removing_an_incident_never_adds_a_criterion(
    incident_days: list[int], referral_days: list[int], yes_count: int, data: st.DataObject
) -> None:
    """Every criterion met without one incident was met with it."""
    referrals = days_ago(*referral_days)
    result = scored(yes_count)
    full = VictimHistory(incidents_at=days_ago(*incident_days), marac_referrals_at=referrals)
    before = set(decide_marac(result, full, now=NOW, policy=POLICY).codes)
    if incident_days:
        drop = data.draw(st.integers(0, len(incident_days) - 1))
        fewer = incident_days[:drop] + incident_days[drop + 1 :]
    else:
        fewer = []
    reduced = VictimHistory(incidents_at=days_ago(*fewer), marac_referrals_at=referrals)
    after = set(decide_marac(result, reduced, now=NOW, policy=POLICY).codes)
    assert after <= before
