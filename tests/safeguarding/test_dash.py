"""DASH scoring: questionnaires as configuration, bands, professional judgement, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehold.safeguarding.dash import DashPolicy, ProfessionalJudgement, score
from safehold.safeguarding.dash_document import score_document
from safehold.safeguarding.questionnaires import (
    Questionnaire,
    available_questionnaires,
    load_questionnaire,
)
from safehold.safeguarding.rule_errors import (
    BadAnswerError,
    BadDocumentError,
    BadGradeError,
    ConfigurationError,
    DashInputError,
    MissingReasonError,
    UnknownQuestionError,
    UnknownQuestionnaireError,
)
from safehold.safeguarding.vocabulary import Answer, Grade

DASH = load_questionnaire("dash-27")
SAFELIVES = load_questionnaire("safelives-24")
POLICY = DashPolicy(version="test-1")


def yes_to(*numbers: int) -> dict[int, str]:
    """Answers with yes to ``numbers`` and no to the rest of DASH-27."""
    return {n: ("yes" if n in numbers else "no") for n in range(1, 28)}


def first_yes(count: int) -> dict[int, str]:
    """Answers with yes to the first ``count`` DASH-27 questions."""
    return yes_to(*range(1, count + 1))


# --- questionnaires as configuration ------------------------------------------------------


def test_packaged_questionnaires_are_dash_27_and_safelives_24() -> None:
    """The package ships DASH-27 and SafeLives-24 with 27 and 24 numbered questions."""
    assert {"dash-27", "safelives-24"} <= set(available_questionnaires())
    assert [q.number for q in DASH.questions] == list(range(1, 28))
    assert [q.number for q in SAFELIVES.questions] == list(range(1, 25))


def test_only_dash_27_has_the_three_child_specific_questions() -> None:
    """DASH-27 flags questions 10-12 as about children; SafeLives-24 has none of them."""
    assert [q.number for q in DASH.questions if q.child_specific] == [10, 11, 12]
    assert not any(q.child_specific for q in SAFELIVES.questions)


def test_red_flag_clusters_point_at_the_right_questions() -> None:
    """Strangulation is DASH 18 / SafeLives 15; separation with control needs both items."""
    assert DASH.cluster("strangulation").questions == (18,)
    assert SAFELIVES.cluster("strangulation").questions == (15,)
    assert DASH.cluster("separation_coercive_control").questions == (6, 15)
    assert DASH.cluster("separation_coercive_control").match == "all"
    expected = {
        "strangulation",
        "threats_to_kill",
        "separation_coercive_control",
        "stalking",
        "pregnancy",
        "weapons",
    }
    assert {c.code for c in DASH.clusters} == expected
    assert {c.code for c in SAFELIVES.clusters} == expected


@pytest.mark.parametrize(
    "official_phrase",
    [
        "has the current incident resulted in injury",
        "are you very frightened",
        "constantly text, call, contact, follow, stalk or harass",
        "try to control everything you do",
        "attempted to strangle/choke/suffocate/drown",
        "been in trouble with the police or has a criminal history",
    ],
)
def test_question_texts_are_paraphrases_not_the_copyrighted_wording(official_phrase: str) -> None:
    """No question (DASH, SafeLives, DARA, follow-ups) reproduces a hallmark phrase of the
    copyrighted DASH form."""
    from safehold.safeguarding.follow_ups import load_follow_up

    dara = load_questionnaire("dara")
    follow_ups = [t for s in ("s-dash", "hba") for t in load_follow_up(s).questions.values()]
    texts = [
        q.lower()
        for q in (
            *(q.text for q in (*DASH.questions, *SAFELIVES.questions, *dara.questions)),
            *follow_ups,
        )
    ]
    assert not any(official_phrase in text for text in texts)


def test_a_new_questionnaire_file_is_picked_up_without_code(tmp_path: Path) -> None:
    """Any <id>.toml in the folder is listed and loads, with no code change."""
    (tmp_path / "dara.toml").write_text(
        'id = "dara"\nversion = "draft"\ntitle = "Trial instrument"\n'
        '[red_flags.stalking]\nlabel = "Stalking"\n'
        '[[questions]]\nnumber = 1\ntext = "Does the abuser follow the victim?"\n'
        'red_flags = ["stalking"]\n'
        '[[questions]]\nnumber = 2\ntext = "Does the abuser limit the victim\'s money?"\n',
        encoding="utf-8",
    )
    assert available_questionnaires(tmp_path) == ("dara",)
    dara = load_questionnaire("dara", directory=tmp_path)
    result = score(dara, {"1": "yes", "2": "no"}, policy=POLICY)
    assert (dara.id, result.yes_count, result.red_flags) == ("dara", 1, ("stalking",))


def test_a_questionnaire_file_whose_id_differs_from_its_name_is_rejected(tmp_path: Path) -> None:
    """A file named dara.toml claiming to be dash-27 fails to load, naming the id."""
    (tmp_path / "dara.toml").write_text(
        'id = "dash-27"\nversion = "1"\ntitle = "x"\n[[questions]]\nnumber = 1\ntext = "q"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigurationError) as caught:
        load_questionnaire("dara", directory=tmp_path)
    assert caught.value.field == "id"


def test_questions_out_of_order_are_a_configuration_error() -> None:
    """Questions must be numbered 1..n; a gap is refused with a message saying so."""
    from safehold.safeguarding.questionnaires import Question

    with pytest.raises(ConfigurationError, match="numbered 1 to 2"):
        Questionnaire("x", "1", "X", (Question(1, "a"), Question(3, "b")))


# --- bands ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes_count", "grade"),
    [(0, "standard"), (9, "standard"), (10, "medium"), (13, "medium"), (14, "high"), (27, "high")],
)
def test_yes_count_is_banded_standard_to_nine_medium_to_thirteen_high_from_fourteen(
    yes_count: int, grade: str
) -> None:
    """Default bands: standard 0-9, medium 10-13, high 14 or more."""
    result = score(DASH, first_yes(yes_count), policy=POLICY)
    assert (result.yes_count, result.grade, result.actuarial_grade) == (yes_count, grade, grade)
    assert result.reasons[0].code == "yes_count_band"


def test_bands_are_configurable() -> None:
    """With medium from 5 and high from 8, eight yes answers grade high."""
    policy = DashPolicy(version="tight", medium_min_yes=5, high_min_yes=8)
    assert score(DASH, first_yes(8), policy=policy).grade is Grade.HIGH
    assert score(DASH, first_yes(5), policy=policy).grade is Grade.MEDIUM
    assert score(DASH, first_yes(8), policy=policy).policy_version == "tight"


def test_a_high_band_below_the_medium_band_is_refused() -> None:
    """The policy rejects high_min_yes below medium_min_yes, naming the key."""
    with pytest.raises(ConfigurationError) as caught:
        DashPolicy(medium_min_yes=10, high_min_yes=9)
    assert caught.value.field == "dash.bands.high_min_yes"


def test_packaged_policy_holds_the_documented_default_bands() -> None:
    """policy.toml and the DashPolicy defaults agree (standard to 9, high from 14)."""
    loaded = DashPolicy.load()
    assert loaded == DashPolicy(version=loaded.version)
    assert loaded.version


# --- answers ----------------------------------------------------------------------------


def test_answers_are_normalised_for_case_and_spacing() -> None:
    """ " YES", "No " and "Not  Known" are read as yes, no and not known."""
    result = score(DASH, {"1": " YES", 2: "No ", "3": "Not  Known", "4": "not_known"})
    assert dict(result.answers) == {
        1: Answer.YES,
        2: Answer.NO,
        3: Answer.NOT_KNOWN,
        4: Answer.NOT_KNOWN,
    }
    assert result.yes_count == 1


def test_unanswered_and_not_known_questions_count_as_not_yes_and_are_listed() -> None:
    """A victim may decline to answer: missing answers are listed, not counted as yes."""
    answers: dict[int | str, object] = dict.fromkeys(range(1, 14), "yes")
    answers[14] = "not known"
    result = score(DASH, answers, policy=POLICY)
    assert result.yes_count == 13
    assert result.grade is Grade.MEDIUM
    assert result.unanswered == tuple(range(15, 28))
    assert result.not_known == (14,)
    codes = [r.code for r in result.reasons]
    assert "unanswered_questions" in codes
    assert "not_known_answers" in codes


# --- professional judgement ---------------------------------------------------------------


def test_professional_judgement_raises_medium_to_high_with_its_reason() -> None:
    """Judgement of high on a medium count gives high, and the reason is in the reasons."""
    pj = ProfessionalJudgement(Grade.HIGH, "Recent strangulation and threats to the children")
    result = score(DASH, first_yes(11), pj, policy=POLICY)
    assert (result.actuarial_grade, result.grade) == (Grade.MEDIUM, Grade.HIGH)
    raised = [r for r in result.reasons if r.code == "professional_judgement_raised"]
    assert raised
    assert "Recent strangulation" in raised[0].text


def test_lower_professional_judgement_is_recorded_but_does_not_lower_the_grade() -> None:
    """Judgement of standard on a high count leaves high and says it was not applied."""
    pj = ProfessionalJudgement(Grade.STANDARD, "Victim seems calm")
    result = score(DASH, first_yes(15), pj, policy=POLICY)
    assert result.grade is Grade.HIGH
    assert result.professional_judgement == pj
    assert str(result.judgement_effect) == "ignored_lower"
    assert "professional_judgement_cannot_lower" in [r.code for r in result.reasons]


def test_professional_judgement_without_a_reason_is_refused() -> None:
    """An empty or blank reason raises missing_reason naming the field."""
    with pytest.raises(MissingReasonError) as caught:
        ProfessionalJudgement(Grade.HIGH, "   ")
    assert caught.value.code == "missing_reason"
    assert caught.value.field == "professional_judgement.reason"


def test_professional_judgement_with_an_unknown_grade_is_refused() -> None:
    """ "very high" is not a grade: bad_grade naming the field."""
    with pytest.raises(BadGradeError) as caught:
        ProfessionalJudgement("very high", "reason")  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.field) == ("bad_grade", "professional_judgement.grade")


# --- red flags --------------------------------------------------------------------------


def test_strangulation_yes_is_a_red_flag_and_prompts_for_judgement_below_high() -> None:
    """A yes to question 18 shows the strangulation red flag, with a prompt."""
    result = score(DASH, yes_to(18), policy=POLICY)
    assert result.red_flags == ("strangulation",)
    prompt = [r.text for r in result.reasons if r.code == "red_flags_present"]
    assert prompt
    assert "professional judgement" in prompt[0]


def test_separation_is_a_red_flag_only_together_with_coercive_control() -> None:
    """Separation (6) alone is not the cluster; with control or jealousy (15) it is."""
    assert "separation_coercive_control" not in score(DASH, yes_to(6)).red_flags
    assert "separation_coercive_control" in score(DASH, yes_to(6, 15)).red_flags


def test_a_yes_about_the_children_prompts_a_childrens_services_referral() -> None:
    """A yes to a child-specific question adds a child_concern reason."""
    result = score(DASH, yes_to(11))
    assert "child_concern" in [r.code for r in result.reasons]


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dash-99", "../config/policy", "", "DASH 27"])
def test_an_unknown_questionnaire_is_refused_naming_it(name: str) -> None:
    """Unknown ids (including path-like ones) raise unknown_questionnaire."""
    with pytest.raises(UnknownQuestionnaireError) as caught:
        load_questionnaire(name)
    assert caught.value.code == "unknown_questionnaire"
    assert caught.value.field == "questionnaire"


def test_questionnaire_ids_ignore_case() -> None:
    """ "DASH-27" loads the DASH-27 questionnaire."""
    assert load_questionnaire(" DASH-27 ") is DASH


@pytest.mark.parametrize("key", ["28", "0", 99, "q1", "1.5"])
def test_an_answer_to_a_question_that_does_not_exist_is_refused(key: int | str) -> None:
    """Question numbers outside 1-27 raise unknown_question naming the answer field."""
    with pytest.raises(UnknownQuestionError) as caught:
        score(DASH, {key: "yes"})
    assert caught.value.code == "unknown_question"
    assert caught.value.field == f"answers.{key}"


@pytest.mark.parametrize("value", ["maybe", "y", "", None, True, 1])
def test_an_answer_that_is_not_yes_no_or_not_known_is_refused(value: object) -> None:
    """A bad answer raises bad_answer naming the question and showing the value."""
    with pytest.raises(BadAnswerError) as caught:
        score(DASH, {"1": "yes", "7": value})
    assert caught.value.code == "bad_answer"
    assert caught.value.field == "answers.7"
    assert repr(value) in caught.value.message


def test_the_same_question_answered_twice_is_refused() -> None:
    """ "1" and 1 are the same question: bad_answer, not a silent overwrite."""
    with pytest.raises(BadAnswerError, match="twice"):
        score(DASH, {"1": "yes", 1: "no"})


def test_every_input_error_is_a_value_error_with_a_json_shape() -> None:
    """Input errors are ValueErrors and serialise to code, message and field."""
    with pytest.raises(DashInputError, match="no question 30") as caught:
        score(DASH, {"30": "yes"})
    assert isinstance(caught.value, ValueError)
    assert caught.value.to_dict() == {
        "code": "unknown_question",
        "message": caught.value.message,
        "field": "answers.30",
    }


# --- the CLI document -------------------------------------------------------------------


def test_score_document_prints_grade_yes_count_marac_criteria_and_reasons() -> None:
    """The document from issue 5 gives JSON with the grade, count, criteria and reasons."""
    doc = {
        "questionnaire": "dash-27",
        "answers": {str(n): "yes" for n in range(1, 15)} | {"15": "no", "16": "not known"},
        "professional_judgement": None,
    }
    out = score_document(doc)
    json.dumps(out)
    assert out["grade"] == "high"
    assert out["yes_count"] == 14
    assert [c["code"] for c in out["marac_criteria"]] == ["visible_high_risk"]
    assert out["marac_referral"] is True
    assert out["reasons"][0]["code"] == "yes_count_band"
    assert out["questionnaire"]["id"] == "dash-27"
    assert out["policy_version"]


def test_score_document_reports_an_ignored_lower_judgement() -> None:
    """A lower judgement is shown with effect ignored_lower and the grade kept."""
    doc = {
        "questionnaire": "safelives-24",
        "answers": {str(n): "yes" for n in range(1, 11)},
        "professional_judgement": {"grade": "standard", "reason": "Calm on the phone"},
    }
    out = score_document(doc)
    assert out["grade"] == "medium"
    assert out["professional_judgement"]["effect"] == "ignored_lower"


@pytest.mark.parametrize(
    ("doc", "error", "field"),
    [
        ([], BadDocumentError, None),
        ({"answers": []}, BadDocumentError, "answers"),
        ({"answers": {}, "extra": 1}, BadDocumentError, "extra"),
        ({"questionnaire": "nope", "answers": {}}, UnknownQuestionnaireError, "questionnaire"),
        (
            {"answers": {}, "professional_judgement": "high"},
            BadDocumentError,
            "professional_judgement",
        ),
        (
            {"answers": {}, "professional_judgement": {"grade": "high"}},
            MissingReasonError,
            "professional_judgement.reason",
        ),
        (
            {"answers": {}, "professional_judgement": {"grade": "x", "reason": "r"}},
            BadGradeError,
            "professional_judgement.grade",
        ),
        ({"answers": {"1": "perhaps"}}, BadAnswerError, "answers.1"),
    ],
)
def test_score_document_refuses_bad_documents_naming_the_field(
    doc: object, error: type[DashInputError], field: str | None
) -> None:
    """Malformed documents raise the matching error with the field at fault."""
    with pytest.raises(error) as caught:
        score_document(doc)
    assert caught.value.field == field


# --- properties -------------------------------------------------------------------------

answer_values = st.sampled_from(["yes", "no", "not known", None])
answer_sets = st.lists(answer_values, min_size=27, max_size=27)
bands = st.tuples(st.integers(1, 27), st.integers(0, 27)).map(
    lambda t: DashPolicy(version="p", medium_min_yes=t[0], high_min_yes=t[0] + t[1])
)
grades = st.sampled_from(list(Grade))


def _answers(values: list[str | None]) -> dict[int | str, object]:
    return {n: v for n, v in enumerate(values, start=1) if v is not None}


@given(answer_sets, st.integers(0, 26), bands)
def test_one_more_yes_never_lowers_the_grade(
    values: list[str | None], index: int, policy: DashPolicy
) -> None:
    """Turning any answer (or a missing one) into yes never lowers the grade."""
    before = score(DASH, _answers(values), policy=policy)
    values = [*values]
    values[index] = "yes"
    after = score(DASH, _answers(values), policy=policy)
    assert after.grade.rank >= before.grade.rank
    assert after.yes_count >= before.yes_count


@given(answer_sets, grades, bands)
def test_professional_judgement_never_lowers_the_grade(
    values: list[str | None], judged: Grade, policy: DashPolicy
) -> None:
    """With judgement the grade is the higher of the actuarial and the judged grade."""
    without = score(DASH, _answers(values), policy=policy)
    with_pj = score(
        DASH, _answers(values), ProfessionalJudgement(judged, "officer's view"), policy=policy
    )
    assert with_pj.grade.rank >= without.grade.rank
    assert with_pj.grade.rank == max(without.grade.rank, judged.rank)
