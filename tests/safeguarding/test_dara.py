"""DARA: the third packaged questionnaire, its configurable grading rule, MARAC, the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_incident

from safehold.accounts.models import User
from safehold.errors import InvalidInput
from safehold.safeguarding import policies, services, worklists
from safehold.safeguarding.dara import DaraPolicy, FloorRule
from safehold.safeguarding.dash import ProfessionalJudgement, score
from safehold.safeguarding.marac import decide_marac
from safehold.safeguarding.policy_file import CONFIG_DIR
from safehold.safeguarding.questionnaire_choice import QuestionnaireChoice
from safehold.safeguarding.questionnaires import load_questionnaire
from safehold.safeguarding.rule_errors import ConfigurationError, UnknownQuestionnaireError
from safehold.safeguarding.vocabulary import Grade

DARA = load_questionnaire("dara")
RULE = DaraPolicy.load()
CONTROL = [q.number for q in DARA.questions if q.section == "coercive_control"]


def dara_yes(*numbers: int) -> dict[int, str]:
    """Answers with yes to ``numbers`` and no to the rest of the DARA."""
    return {q.number: ("yes" if q.number in numbers else "no") for q in DARA.questions}


def grade_of(*numbers: int) -> Grade:
    return score(DARA, dara_yes(*numbers), dara_policy=RULE).grade


# --- the questionnaire --------------------------------------------------------------------


def test_dara_ships_with_coercive_control_asked_first() -> None:
    """The packaged DARA is scored by the DARA rule and opens on its coercive-control section."""
    assert DARA.scoring == "dara"
    assert DARA.questions[0].section == "coercive_control"
    assert list(range(1, len(CONTROL) + 1)) == CONTROL
    assert len(CONTROL) >= 6
    assert DARA.section_title("coercive_control") == "Coercive and controlling behaviour"


def test_the_dara_file_says_its_scoring_is_not_the_official_one() -> None:
    """The TOML and the notice on the form both say the official scoring is not public."""
    text = CONFIG_DIR.joinpath("questionnaires", "dara.toml").read_text(encoding="utf-8")
    assert "official DARA scoring and grading rule is NOT public" in text
    assert "not the official wording" in DARA.notice
    assert "not public" in RULE.source


def test_dara_red_flags_use_the_queue_s_marker_codes() -> None:
    """Strangulation, threats to kill and weapons have the codes the queue weighs."""
    codes = {c.code for c in DARA.clusters}
    assert {"strangulation", "threats_to_kill", "weapons", "stalking"} <= codes


# --- grading ------------------------------------------------------------------------------


def test_no_yes_is_standard_and_the_band_counts_every_yes() -> None:
    assert grade_of() is Grade.STANDARD
    others = [q.number for q in DARA.questions if q.number not in CONTROL and not q.red_flags]
    assert grade_of(*others[: RULE.medium_min_yes]) is Grade.MEDIUM


def test_three_controlling_behaviours_are_at_least_medium_and_five_high() -> None:
    """The coercive-control floors: a pattern of control raises the grade on its own."""
    assert grade_of(*CONTROL[:2]) is Grade.STANDARD
    result = score(DARA, dara_yes(*CONTROL[:3]), dara_policy=RULE)
    assert result.grade is Grade.MEDIUM
    assert "dara_floor_coercive_control" in [r.code for r in result.reasons]
    assert grade_of(*CONTROL[:5]) is Grade.HIGH


def test_separation_with_control_and_strangulation_are_high() -> None:
    separation = DARA.cluster("separation").questions[0]
    strangled = DARA.cluster("strangulation").questions[0]
    assert grade_of(separation) is Grade.STANDARD
    assert grade_of(separation, *CONTROL[:2]) is Grade.HIGH
    assert grade_of(strangled) is Grade.HIGH


def test_the_rule_is_configuration_and_stamps_its_version() -> None:
    """A force's own rule (no floors, other bands) changes the grade; its version is kept."""
    bare = DaraPolicy(version="force-7", medium_min_yes=2, high_min_yes=3, source="Force X")
    result = score(DARA, dara_yes(*CONTROL[:3]), dara_policy=bare)
    assert (result.grade, result.policy_version) == (Grade.HIGH, "force-7")
    assert "Rule: Force X" in result.reasons[0].text


def test_judgement_raises_a_dara_grade_and_never_lowers_it() -> None:
    raised = score(
        DARA, dara_yes(1), ProfessionalJudgement(Grade.HIGH, "Victim terrified"), dara_policy=RULE
    )
    assert (raised.actuarial_grade, raised.grade) == (Grade.STANDARD, Grade.HIGH)
    strangled = DARA.cluster("strangulation").questions[0]
    kept = score(
        DARA,
        dara_yes(strangled),
        ProfessionalJudgement(Grade.STANDARD, "Seems calm"),
        dara_policy=RULE,
    )
    assert kept.grade is Grade.HIGH


@given(
    st.sets(st.sampled_from([q.number for q in DARA.questions])),
    st.sets(st.sampled_from([q.number for q in DARA.questions])),
)
def test_more_risk_answers_never_lower_the_dara_grade(base: set[int], more: set[int]) -> None:
    """Property: adding yes answers never lowers the grade (bands and floors are monotone)."""
    before = grade_of(*base)
    after = grade_of(*(base | more))
    assert after.rank >= before.rank


@given(st.sets(st.sampled_from([q.number for q in DARA.questions])), st.integers(1, 26))
def test_more_risk_answers_never_lower_the_grade_under_any_band(
    base: set[int], medium: int
) -> None:
    """Property: monotone under any force's bands too; one more yes never lowers the grade."""
    policy = DaraPolicy(medium_min_yes=medium, high_min_yes=medium + 3, rules=RULE.rules)
    for extra in {q.number for q in DARA.questions} - base:
        lower = score(DARA, dara_yes(*base), dara_policy=policy).grade
        higher = score(DARA, dara_yes(*base, extra), dara_policy=policy).grade
        assert higher.rank >= lower.rank


def test_a_rule_naming_a_missing_section_or_flag_is_refused_with_its_code() -> None:
    bad = DaraPolicy(rules=(FloorRule("typo", "Typo", Grade.HIGH, section="coercion", min_yes=2),))
    with pytest.raises(ConfigurationError, match=r"'typo'.*section 'coercion'"):
        bad.check(DARA)
    with pytest.raises(ConfigurationError, match="red flag"):
        DaraPolicy(rules=(FloorRule("x", "X", Grade.HIGH, red_flags=("nope",)),)).check(DARA)
    with pytest.raises(ConfigurationError, match="needs a condition"):
        FloorRule("empty", "Empty", Grade.HIGH)
    with pytest.raises(ConfigurationError, match="both section and min_yes"):
        FloorRule("half", "Half", Grade.HIGH, section="coercive_control")


# --- MARAC --------------------------------------------------------------------------------


def test_a_dara_graded_high_meets_visible_high_risk() -> None:
    """A DARA graded high by the rule is visible high risk, although far below 14 yes."""
    strangled = DARA.cluster("strangulation").questions[0]
    result = score(DARA, dara_yes(strangled), dara_policy=RULE)
    decision = decide_marac(result, None)
    assert decision.refer
    assert decision.codes == ("visible_high_risk",)
    assert (
        "the Domestic abuse risk assessment (DARA-style: coercive control first) answers grade high"
        in decision.criteria[0].text
    )
    assert "dara answers" not in decision.criteria[0].text


def test_a_dara_raised_by_judgement_meets_the_judgement_criterion() -> None:
    judged = score(
        DARA, dara_yes(1), ProfessionalJudgement(Grade.HIGH, "Escalating"), dara_policy=RULE
    )
    decision = decide_marac(judged, None)
    assert decision.codes == ("professional_judgement",)
    assert (
        "a standard grade from the Domestic abuse risk assessment (DARA-style"
        in decision.criteria[0].text
    )
    medium = score(DARA, dara_yes(*CONTROL[:3]), dara_policy=RULE)
    assert not decide_marac(medium, None).refer


# --- per force and per incident -----------------------------------------------------------


def test_the_force_chooses_which_questionnaires_its_officers_may_use() -> None:
    only_dara = QuestionnaireChoice(default="dara", allowed=("dara",))
    assert only_dara.choose(None).id == "dara"
    with pytest.raises(UnknownQuestionnaireError, match=r"not used in this force.*dara"):
        only_dara.choose("dash-27")
    with pytest.raises(ConfigurationError, match="default_questionnaire"):
        QuestionnaireChoice(default="dash-27", allowed=("dara",))
    with pytest.raises(ConfigurationError, match="not a questionnaire"):
        QuestionnaireChoice(default="dara", allowed=("dara", "oasys"))


def _force_policy(tmp_path: Path, dash_table: str) -> Path:
    text = CONFIG_DIR.joinpath("policy.toml").read_text(encoding="utf-8")
    start = text.index("[dash]\n")
    end = text.index("[dash.bands]")
    path = tmp_path / "force.toml"
    path.write_text(text[:start] + dash_table + "\n" + text[end:], encoding="utf-8")
    return path


@pytest.mark.django_db
def test_a_dara_only_force_opens_the_form_on_dara_and_refuses_dash(
    officer: User, settings: object, tmp_path: Path
) -> None:
    path = _force_policy(
        tmp_path, '[dash]\ndefault_questionnaire = "dara"\nallowed_questionnaires = ["dara"]\n'
    )
    settings.SAFEHOLD_SAFEGUARDING_POLICY = str(path)  # type: ignore[attr-defined]
    assert policies.current().questionnaires.allowed == ("dara",)
    incident = make_incident(grade="standard")
    client = signed_in(officer, ("incident", incident.pk))
    page = client.get(f"/safeguarding/incidents/{incident.pk}/dash/?questionnaire=dash-27")
    assert "Coercive and controlling behaviour" in page.content.decode()
    assert 'data-testid="questionnaire-choice"' not in page.content.decode()
    with pytest.raises(InvalidInput, match="not used in this force"):
        services.record_dash(
            officer, incident.pk, services.DashInput(answers={}, questionnaire="dash-27")
        )


@pytest.mark.django_db
def test_an_officer_completes_a_dara_on_an_incident_page(officer: User) -> None:
    """The officer picks DARA on the form; the grade, reasons and MARAC criterion follow."""
    incident = make_incident(grade="standard", grade_source="call_handler")
    client = signed_in(officer, ("incident", incident.pk))
    url = f"/safeguarding/incidents/{incident.pk}/dash/"
    form = client.get(url).content.decode()
    assert 'href="?questionnaire=dara"' in form
    page = client.get(url + "?questionnaire=dara").content.decode()
    assert page.index("Coercive and controlling behaviour") < page.index("The abuser")
    assert "official DARA scoring is not public" in page
    strangled = DARA.cluster("strangulation").questions[0]
    data = {"questionnaire": "dara", **{f"q{n}": "yes" for n in (1, 2, strangled)}}
    response = client.post(url, data)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.grade, incident.grade_source) == ("high", "dash")
    assessment = incident.assessments.get()
    assert (assessment.questionnaire_id, assessment.yes_count) == ("dara", 3)
    assert [c["code"] for c in assessment.marac_criteria] == ["visible_high_risk"]
    record = client.get(f"/safeguarding/incidents/{incident.pk}/").content.decode()
    assert "Visible high risk: the Domestic abuse risk assessment (DARA-style" in record
    assert "the dara answers" not in record
    assert "Non-fatal strangulation or suffocation: at least high" in record
    listed = worklists.high_risk_not_referred()
    assert [a.incident_id for a in listed.rows] == [incident.pk]


@pytest.mark.django_db
def test_a_dara_counts_as_a_risk_assessment_completed(officer: User) -> None:
    """The insights completion measure counts a DARA like a DASH."""
    from safehold.insights import queries

    incident = make_incident(grade="standard", seen_at=timezone.now())
    services.record_dash(
        officer, incident.pk, services.DashInput(answers=dara_yes(1), questionnaire="dara")
    )
    today = timezone.localdate()
    counts = queries.dash_completion(today.replace(day=1), today)
    assert list(counts.values()) == [(1.0, 1)]


def test_the_cli_scores_a_dara_with_the_force_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`safehold dash score` grades a DARA with one strangulation answer high: visible risk."""
    import json

    from safehold.cli import main

    strangled = DARA.cluster("strangulation").questions[0]
    path = tmp_path / "dara.json"
    path.write_text(json.dumps({"questionnaire": "dara", "answers": {str(strangled): "yes"}}))
    main(["dash", "score", str(path)])
    out = json.loads(capsys.readouterr().out)
    assert (out["grade"], out["yes_count"]) == ("high", 1)
    assert [c["code"] for c in out["marac_criteria"]] == ["visible_high_risk"]
    assert "dara_floor_strangulation" in [r["code"] for r in out["reasons"]]


def _without_dara(tmp_path: Path, allowed: str) -> Path:
    """The packaged policy as a force's file from before DARA: no [dara] table."""
    text = CONFIG_DIR.joinpath("policy.toml").read_text(encoding="utf-8")
    text = text[: text.index("[dara]\n")] + text[text.index("# The four SafeLives MARAC") :]
    text = text.replace('allowed_questionnaires = ["dash-27", "safelives-24", "dara"]\n', allowed)
    path = tmp_path / f"old-force-{len(allowed)}.toml"  # a new name: policies cache per file
    path.write_text(text, encoding="utf-8")
    return path


def test_a_force_file_from_before_dara_still_loads_and_does_not_offer_dara(
    settings: object, tmp_path: Path
) -> None:
    settings.SAFEHOLD_SAFEGUARDING_POLICY = str(_without_dara(tmp_path, ""))  # type: ignore[attr-defined]
    assert policies.current().questionnaires.allowed == ("dash-27", "safelives-24")
    listed = _without_dara(tmp_path, 'allowed_questionnaires = ["dash-27", "dara"]\n')
    settings.SAFEHOLD_SAFEGUARDING_POLICY = str(listed)  # type: ignore[attr-defined]
    with pytest.raises(ConfigurationError, match=r"includes 'dara' but there is no \[dara\]"):
        policies.current()
