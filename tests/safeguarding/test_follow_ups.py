"""Follow-up question sets: S-DASH (stalking) and honour-based abuse, called for by answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_incident

from safehold.accounts.models import ApiToken, User
from safehold.errors import InvalidInput
from safehold.safeguarding import services
from safehold.safeguarding.follow_ups import (
    available_follow_ups,
    follow_ups_for,
    load_follow_up,
    score_follow_up,
)
from safehold.safeguarding.questionnaires import load_questionnaire
from safehold.safeguarding.rule_errors import (
    BadAnswerError,
    ConfigurationError,
    UnknownQuestionError,
)
from safehold.safeguarding.vocabulary import Grade

DASH = load_questionnaire("dash-27")
DARA = load_questionnaire("dara")
SDASH = load_follow_up("s-dash")
HBA = load_follow_up("hba")


def yes_to(follow_up: object, *numbers: int) -> dict[str, str]:
    questions = follow_up.questions  # type: ignore[attr-defined]
    return {str(n): ("yes" if n in numbers else "no") for n in questions}


# --- the sets and their triggers ----------------------------------------------------------


def test_s_dash_has_eleven_paraphrased_questions_and_hba_its_own_set() -> None:
    assert set(available_follow_ups()) == {"hba", "s-dash"}
    assert list(SDASH.questions) == list(range(1, 12))
    assert "not the official wording" in SDASH.notice
    assert len(HBA.questions) >= 6


def test_dash_question_8_calls_for_s_dash_and_question_4_for_hba() -> None:
    assert DASH.triggered(frozenset({8})) == (("s-dash", (8,)),)
    assert DASH.triggered(frozenset({4, 8, 18})) == (("s-dash", (8,)), ("hba", (4,)))
    assert DASH.triggered(frozenset({1, 2, 3, 18})) == ()
    assert load_questionnaire("safelives-24").triggered(frozenset({8})) == (("s-dash", (8,)),)


def test_dara_calls_for_the_same_sets_from_its_own_questions() -> None:
    assert DARA.triggered(frozenset({16, 22})) == (("s-dash", (16,)), ("hba", (22,)))


def test_a_trigger_naming_a_missing_set_or_question_is_refused(tmp_path: Path) -> None:
    head = 'id = "trial"\nversion = "1"\ntitle = "Trial"\n'
    question = '[[questions]]\nnumber = 1\ntext = "Is the victim followed?"\n'
    (tmp_path / "trial.toml").write_text(
        head + '[[follow_ups]]\nset = "s-dash"\nwhen_yes = [2]\n' + question, encoding="utf-8"
    )
    with pytest.raises(ConfigurationError, match=r"follow-up 's-dash'.*not \[2\]"):
        load_questionnaire("trial", directory=tmp_path)
    (tmp_path / "trial.toml").write_text(
        head + '[[follow_ups]]\nset = "sdash"\nwhen_yes = [1]\n' + question, encoding="utf-8"
    )
    with pytest.raises(ConfigurationError, match="names set 'sdash'; available: hba, s-dash"):
        load_questionnaire("trial", directory=tmp_path)


# --- results and prompts ------------------------------------------------------------------


def test_s_dash_high_prompts_a_stalking_protection_order_and_a_specialist() -> None:
    result = score_follow_up(SDASH, yes_to(SDASH, *range(1, 7)), (8,))
    assert (result.level, result.yes_count, result.asked) == (Grade.HIGH, 6, True)
    codes = [r.code for r in result.reasons]
    assert codes == [
        "follow_up_s-dash",
        "follow_up_s-dash_specialist_referral",
        "follow_up_s-dash_stalking_protection_order",
    ]
    assert "Stalking Protection Act 2019" in result.reasons[-1].text
    medium = score_follow_up(SDASH, yes_to(SDASH, 1, 2, 3), (8,))
    assert medium.level is Grade.MEDIUM
    assert [r.code for r in medium.reasons][-1] == "follow_up_s-dash_specialist_referral"
    assert score_follow_up(SDASH, yes_to(SDASH, 1), (8,)).reasons[1:] == ()


def test_a_forced_marriage_answer_alone_makes_the_hba_result_high() -> None:
    result = score_follow_up(HBA, yes_to(HBA, 3), (4,))
    assert result.level is Grade.HIGH
    assert "forced marriage protection order" in result.reasons[-1].text
    assert score_follow_up(HBA, yes_to(HBA, 5), (4,)).level is Grade.MEDIUM
    assert score_follow_up(HBA, yes_to(HBA), (4,)).level is Grade.STANDARD


def test_a_set_called_for_but_not_asked_says_so() -> None:
    (result,) = follow_ups_for((("s-dash", (8,)),), {})
    assert not result.asked
    assert result.reasons[0].code == "follow_up_s-dash_not_asked"
    assert "question 8 answered yes" in result.reasons[0].text


def test_answers_to_a_set_not_called_for_are_not_recorded() -> None:
    assert follow_ups_for((), {"s-dash": yes_to(SDASH, 1)}) == ()


def test_bad_follow_up_answers_name_the_set_and_question() -> None:
    with pytest.raises(UnknownQuestionError) as unknown:
        score_follow_up(SDASH, {"12": "yes"}, (8,))
    assert unknown.value.field == "follow_ups.s-dash.12"
    with pytest.raises(BadAnswerError) as bad:
        score_follow_up(HBA, {"2": "perhaps"}, (4,))
    assert bad.value.field == "follow_ups.hba.2"


@given(st.sets(st.integers(1, 11)), st.sets(st.integers(1, 11)))
def test_more_yes_never_lowers_a_follow_up_result(base: set[int], more: set[int]) -> None:
    for follow_up in (SDASH, HBA):
        numbers = set(follow_up.questions)
        before = follow_up.level_for(frozenset(base & numbers))
        after = follow_up.level_for(frozenset((base | more) & numbers))
        assert after.rank >= before.rank


# --- recorded on the assessment and shown ------------------------------------------------


def _dash(*yes: int) -> dict[str, str]:
    return {str(n): ("yes" if n in yes else "no") for n in range(1, 28)}


@pytest.mark.django_db
def test_the_service_records_the_follow_ups_the_answers_call_for(officer: User) -> None:
    incident = make_incident(grade="standard")
    made = services.record_dash(
        officer,
        incident.pk,
        services.DashInput(
            answers=_dash(8),
            follow_ups={"s-dash": yes_to(SDASH, *range(1, 8)), "hba": yes_to(HBA, 3)},
        ),
    )
    assert [f["set"] for f in made.follow_ups] == ["s-dash"]  # question 4 was no
    (sdash,) = made.follow_ups
    assert (sdash["level"], sdash["yes_count"], sdash["triggered_by"]) == ("high", 7, [8])
    assert sdash["answers"]["1"] == "yes"
    codes = [r["code"] for r in made.reasons]
    assert "follow_up_s-dash_stalking_protection_order" in codes
    assert made.grade == "standard"  # a follow-up result prompts; it does not grade
    with pytest.raises(InvalidInput) as bad:
        services.record_dash(
            officer,
            incident.pk,
            services.DashInput(answers=_dash(8), follow_ups={"s-dash": {"3": "often"}}),
        )
    assert bad.value.field == "follow_ups.s-dash.3"


@pytest.mark.django_db
def test_the_form_asks_s_dash_after_question_8_and_the_record_shows_its_result(
    officer: User,
) -> None:
    incident = make_incident(grade="standard")
    client = signed_in(officer, ("incident", incident.pk))
    url = f"/safeguarding/incidents/{incident.pk}/dash/"
    form = client.get(url).content.decode()
    assert form.index('name="q8"') < form.index('data-testid="follow-up-s-dash"')
    assert form.index('data-testid="follow-up-s-dash"') < form.index('name="q9"')
    assert (
        form.index('name="q4"')
        < form.index('data-testid="follow-up-hba"')
        < form.index('name="q5"')
    )
    assert 'name="fu_s-dash_11"' in form
    post = {"questionnaire": "dash-27", "q8": "yes", "q4": "yes"}
    post |= {f"fu_s-dash_{n}": "yes" for n in range(1, 7)}
    response = client.post(url, post)
    assert response.status_code == 302
    record = client.get(f"/safeguarding/incidents/{incident.pk}/").content.decode()
    shown = record[record.index('data-testid="follow-ups"') :]
    assert "Stalking and harassment follow-up (S-DASH)</strong>" in shown
    assert "6 of 11 yes" in shown
    assert "Not asked" in shown  # HBA was called for by question 4 and left blank
    assert "consider applying for a stalking protection order" in record
    assert "Honour-based abuse and forced marriage follow-up: called for" in record


@pytest.mark.django_db
def test_the_api_takes_follow_up_answers_and_returns_their_result(officer: User) -> None:
    incident = make_incident(grade="standard")
    _, raw = ApiToken.issue(officer, "bridge")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = {"answers": _dash(4), "follow_ups": {"hba": {"3": "yes"}}}
    made = client.post(
        f"/api/safeguarding/incidents/{incident.pk}/dash",
        json.dumps(body),
        content_type="application/json",
    )
    assert made.status_code == 201
    (hba,) = made.json()["follow_ups"]
    assert (hba["set"], hba["level"], hba["asked"]) == ("hba", "high", True)
