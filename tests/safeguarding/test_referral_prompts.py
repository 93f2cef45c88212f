"""Referrals the law and policy ask for: children's social care where children live in the
household or the answers call for it, IDVA referrals with their outcome, and a DVPN that
records the victim's views, the children's welfare and the suspect's representations."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from tests.factories import PersonFactory
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_action, make_dash, make_incident
from tests.safeguarding.test_api import WHY, _client

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry
from safehold.errors import InvalidInput
from safehold.safeguarding import services
from safehold.safeguarding.models import ProtectiveAction
from safehold.safeguarding.notices import Considerations, check_considerations
from safehold.safeguarding.questionnaires import load_questionnaire
from safehold.safeguarding.referral_rules import ReferralFacts, ReferralPolicy, prompted_referrals
from safehold.safeguarding.rule_errors import ConfigurationError, SafeguardingRuleError
from safehold.safeguarding.vocabulary import ActionKind

DASH = load_questionnaire("dash-27")
POLICY = ReferralPolicy(version="test-1")


def kinds(facts: ReferralFacts) -> dict[str, bool]:
    return {p.kind.value: p.required for p in prompted_referrals(facts, POLICY)}


# ------------------------------------------------------------------ the rule


def test_children_in_the_household_require_a_childrens_social_care_referral() -> None:
    prompts = prompted_referrals(ReferralFacts("standard", children_in_household=True), POLICY)
    assert [(p.kind, p.required) for p in prompts] == [(ActionKind.CHILDRENS_SOCIAL_CARE, True)]
    assert prompts[0].reasons[0].text == "Children live in the household"
    assert prompts[0].policy_version == "test-1"


def test_a_yes_about_children_requires_the_referral_and_quotes_the_question() -> None:
    prompt = prompted_referrals(
        ReferralFacts("standard", questionnaire=DASH, yes=frozenset({11})), POLICY
    )[0]
    assert prompt.required
    assert prompt.reasons[0].code == "question_11"
    assert prompt.reasons[0].text.startswith("Q11: Has the abuser ever physically harmed")


def test_a_pregnancy_red_flag_prompts_the_referral_to_be_considered() -> None:
    facts = ReferralFacts(
        "standard", questionnaire=DASH, yes=frozenset({9}), red_flags=("pregnancy",)
    )
    prompt = prompted_referrals(facts, POLICY)[0]
    assert (prompt.kind, prompt.required) == (ActionKind.CHILDRENS_SOCIAL_CARE, False)
    assert "Pregnancy" in prompt.reasons[0].text


def test_an_idva_referral_is_required_for_high_and_prompted_for_medium() -> None:
    assert kinds(ReferralFacts("high")) == {"idva_referral": True}
    assert kinds(ReferralFacts("medium")) == {"idva_referral": False}
    assert kinds(ReferralFacts("standard")) == {}


def test_required_prompts_come_first() -> None:
    facts = ReferralFacts("medium", children_in_household=True)
    assert [p.required for p in prompted_referrals(facts, POLICY)] == [True, False]


def test_a_grade_in_both_lists_is_refused() -> None:
    with pytest.raises(ConfigurationError) as refused:
        ReferralPolicy(idva_required_grades=("high",), idva_prompted_grades=("high",))
    assert refused.value.field == "referrals.idva_prompted_grades"
    with pytest.raises(ConfigurationError):
        ReferralPolicy(idva_required_grades=("severe",))


@pytest.mark.parametrize(
    ("considered", "field"),
    [
        (Considerations("", "none", "none"), "victim_views"),
        (Considerations("wants it", "  ", "none"), "children_welfare"),
        (Considerations("wants it", "no children", ""), "suspect_representations"),
    ],
)
def test_a_dvpn_without_each_consideration_is_refused_naming_it(
    considered: Considerations, field: str
) -> None:
    with pytest.raises(SafeguardingRuleError) as refused:
        check_considerations("dvpn", considered)
    assert refused.value.field == field
    assert "DVPN" in refused.value.message
    check_considerations("arrest", considered)  # other actions do not need them


# ------------------------------------------------------------------ services and pages

pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_a_dvpn_records_its_considerations_and_shows_them(officer: User) -> None:
    incident = make_incident(suspect=PersonFactory(date_of_birth=date(1985, 1, 1)))
    made = services.record_protective_action(
        officer,
        incident.pk,
        services.ActionInput(
            kind="dvpn",
            authorised_by_name="Supt Hale",
            authorised_by_rank="superintendent",
            victim_views="Wants him kept away from the house",
            children_welfare="Two children at home; school told",
            suspect_representations="Says he has nowhere else to stay",
        ),
    )
    assert made.children_welfare == "Two children at home; school told"
    page = signed_in(officer, ("incident", incident.pk)).get(
        f"/safeguarding/incidents/{incident.pk}/"
    )
    text = page.content.decode()
    assert 'data-testid="considerations"' in text
    assert "Says he has nowhere else to stay" in text
    assert "not counting Sundays" in text


@pytestmark_db
def test_a_dvpn_missing_the_suspects_representations_writes_nothing(officer: User) -> None:
    incident = make_incident(suspect=PersonFactory(date_of_birth=date(1985, 1, 1)))
    with pytest.raises(InvalidInput) as refused:
        services.record_protective_action(
            officer,
            incident.pk,
            services.ActionInput(
                kind="dvpn",
                authorised_by_name="Supt Hale",
                authorised_by_rank="superintendent",
                victim_views="Supports it",
                children_welfare="None in the household",
            ),
        )
    assert (refused.value.field, refused.value.code) == (
        "suspect_representations",
        "missing_consideration",
    )
    assert not ProtectiveAction.objects.exists()


@pytestmark_db
def test_a_referral_is_completed_only_with_its_outcome_which_is_kept_and_logged(
    officer: User,
) -> None:
    incident = make_incident(grade="high")
    action = make_action(incident, "idva_referral")
    with pytest.raises(InvalidInput) as refused:
        services.complete_protective_action(officer, incident.pk, action.pk, note="Referred")
    assert refused.value.field == "outcome"
    with pytest.raises(InvalidInput):
        services.complete_protective_action(
            officer, incident.pk, action.pk, note="Referred", outcome="maybe"
        )
    services.complete_protective_action(
        officer, incident.pk, action.pk, note="IDVA called twice", outcome="unable_to_contact"
    )
    action.refresh_from_db()
    assert action.outcome == "unable_to_contact"
    assert action.completed_at is not None
    assert AccessLogEntry.objects.filter(detail__outcome="unable_to_contact").exists()
    plan = make_action(incident, "safety_planning")
    with pytest.raises(InvalidInput) as refused:
        services.complete_protective_action(
            officer, incident.pk, plan.pk, note="Agreed", outcome="accepted"
        )
    assert refused.value.field == "outcome"


@pytestmark_db
def test_the_incident_page_asks_for_the_referrals_with_reasons_and_shows_outcomes(
    officer: User,
) -> None:
    incident = make_incident(grade="high", children_present=True)
    make_dash(incident, yes=12, grade="medium")  # questions 10-12 (children) answered yes
    client = signed_in(officer, ("incident", incident.pk))
    text = client.get(f"/safeguarding/incidents/{incident.pk}/").content.decode()
    section = text[text.index('data-testid="referral-prompts"') : text.index('id="actions"')]
    assert section.count("Required") == 2
    assert "Children live in the household" in section
    assert "Q12: Has the abuser ever made threats" in section
    assert "Graded high risk" in section
    assert "/actions/new/?kind=childrens_social_care" in section
    assert "Not made" in section
    # Record the children's social care referral from the link, then its outcome.
    form = client.get(
        f"/safeguarding/incidents/{incident.pk}/actions/new/?kind=childrens_social_care"
    )
    assert re.search(r'value="childrens_social_care"[^>]*checked', form.content.decode())
    referral = make_action(incident, "childrens_social_care")
    client.post(
        f"/safeguarding/incidents/{incident.pk}/actions/{referral.pk}/complete/",
        {"action_id": referral.pk, "note": "MASH took it", "outcome": "accepted"},
    )
    text = client.get(f"/safeguarding/incidents/{incident.pk}/").content.decode()
    section = text[text.index('data-testid="referral-prompts"') : text.index('id="actions"')]
    assert "Accepted by the service" in section


@pytestmark_db
def test_the_api_gives_the_prompts_and_takes_a_referral_outcome(officer: User) -> None:
    incident = make_incident(grade="high")
    action = make_action(incident, "idva_referral")
    client = _client(officer)
    done = client.post(
        f"/api/safeguarding/incidents/{incident.pk}/protective-actions/{action.pk}/complete",
        json.dumps({"note": "Victim declined", "outcome": "declined"}),
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    body = client.get(f"/api/safeguarding/incidents/{incident.pk}", **WHY).json()
    prompt = next(p for p in body["referral_prompts"] if p["kind"] == "idva_referral")
    assert (prompt["required"], prompt["made"], prompt["outcomes"]) == (True, True, ["declined"])
    assert body["actions"][0]["outcome"] == "declined"


def test_the_packaged_policy_holds_the_documented_referral_defaults() -> None:
    from dataclasses import replace

    from safehold.safeguarding.policy_file import load_policy_document

    document = load_policy_document()
    packaged = ReferralPolicy.from_document(document)
    assert packaged == replace(ReferralPolicy(), version=document.version)
