"""Supervisors' worklists: visible high risk not referred, the clocks board overdue first,
closures awaiting review; and a MARAC referral without a risk questionnaire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_action, make_dash, make_incident

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry
from safehold.errors import InvalidInput
from safehold.safeguarding import services, worklists
from safehold.safeguarding.marac import (
    MaracPolicy,
    VictimHistory,
    decide_marac_without_questionnaire,
)
from safehold.safeguarding.models import MaracReferral, SuspectStatusChange

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
POLICY = MaracPolicy(version="test-1")


# --- MARAC without a questionnaire (pure) ------------------------------------------------


def test_without_a_questionnaire_escalation_still_refers() -> None:
    history = VictimHistory(
        incidents_at=tuple(NOW - timedelta(days=d) for d in (1, 40, 100)),
        marac_referrals_at=(),
    )
    decision = decide_marac_without_questionnaire(history, now=NOW, policy=POLICY)
    assert decision.refer
    assert decision.codes == ("potential_escalation",)
    assert [n.code for n in decision.notes] == ["no_questionnaire"]


def test_without_a_questionnaire_judgement_refers_and_nothing_else_does() -> None:
    history = VictimHistory(incidents_at=(NOW,), marac_referrals_at=())
    assert not decide_marac_without_questionnaire(history, now=NOW, policy=POLICY).refer
    judged = decide_marac_without_questionnaire(
        history, now=NOW, judgement_reason="Strangulation disclosed; refused DASH", policy=POLICY
    )
    assert judged.codes == ("professional_judgement",)
    assert "refused DASH" in judged.criteria[0].text


# --- the service ------------------------------------------------------------------------

db = pytest.mark.django_db


@db
def test_a_referral_without_a_questionnaire_on_professional_judgement(officer: User) -> None:
    incident = make_incident(grade="high")
    soon = timezone.localdate() + timedelta(days=3)
    with pytest.raises(InvalidInput) as refused:
        services.refer_to_marac(
            officer, incident.pk, services.ReferralInput(consent="with_consent", meeting_on=soon)
        )
    assert refused.value.field == "judgement_reason"
    assert "no risk questionnaire" in refused.value.message
    referral = services.refer_to_marac(
        officer,
        incident.pk,
        services.ReferralInput(
            consent="with_consent",
            meeting_on=soon,
            judgement_reason="Threats to kill; she declined the questionnaire",
        ),
    )
    assert [c["code"] for c in referral.criteria] == ["professional_judgement"]
    assert [n["code"] for n in referral.notes] == ["no_questionnaire"]


@db
def test_a_referral_without_a_questionnaire_on_potential_escalation(officer: User) -> None:
    first = make_incident(minutes_ago=60 * 24 * 60)
    make_incident(victim=first.victim, minutes_ago=60 * 24 * 20)
    third = make_incident(victim=first.victim)
    referral = services.refer_to_marac(
        officer,
        third.pk,
        services.ReferralInput(
            consent="with_consent", meeting_on=timezone.localdate() + timedelta(days=2)
        ),
    )
    assert [c["code"] for c in referral.criteria] == ["potential_escalation"]


# --- the lists --------------------------------------------------------------------------


@db
def test_visible_high_risk_without_a_referral_is_listed_until_referred(officer: User) -> None:
    incident = make_incident(grade="high")
    make_dash(incident, yes=19, grade="high")
    low = make_incident()
    make_dash(low, yes=6)
    listed = worklists.high_risk_not_referred()
    assert ([a.incident_id for a in listed.rows], listed.total) == ([incident.pk], 1)
    services.refer_to_marac(
        officer,
        incident.pk,
        services.ReferralInput(
            consent="with_consent", meeting_on=timezone.localdate() + timedelta(days=1)
        ),
    )
    assert MaracReferral.objects.count() == 1
    assert worklists.high_risk_not_referred().total == 0


@db
def test_the_clocks_board_puts_the_overdue_first() -> None:
    recent = make_incident(minutes_ago=30)
    old = make_incident(minutes_ago=60 * 30)
    make_action(recent)
    make_action(old, kind="idva_referral")
    board = worklists.running_clocks(timezone.now())
    assert [c.action.incident_id for c in board.rows] == [old.pk, recent.pk]
    assert [c.overdue for c in board.rows] == [True, False]
    assert worklists.overdue_clocks(timezone.now()) == 1


@db
def test_the_worklists_page_shows_each_list_with_its_count(officer: User) -> None:
    incident = make_incident(grade="high")
    make_dash(incident, yes=19, grade="high")
    make_action(make_incident(minutes_ago=60 * 30))
    page = signed_in(officer).get("/safeguarding/worklists/").content.decode()
    assert incident.reference in page
    assert 'data-testid="not-referred"' in page
    assert "Overdue" in page
    assert "of which <strong>1</strong> overdue" in page


def test_the_not_referred_list_names_red_flags_and_why_a_dara_is_on_it(officer: User) -> None:
    """Red flags read as words, not codes run together ("threatstokill"), on the worklist
    and the incident page; a DARA under the yes threshold says it is there as graded high."""
    dash = make_incident(grade="high")
    flagged = make_dash(dash, yes=19, grade="high")
    flagged.red_flags = ["threats_to_kill", "separation_coercive_control"]
    flagged.save(update_fields=["red_flags"])
    dara = make_incident(grade="high")
    rule_graded = make_dash(dara, yes=9, grade="high")
    rule_graded.questionnaire_id = "dara"
    rule_graded.red_flags = ["honour_based_abuse"]
    rule_graded.save(update_fields=["questionnaire_id", "red_flags"])
    client = signed_in(officer, ("incident", dash.pk))
    page = client.get("/safeguarding/worklists/").content.decode()
    assert "Threats to kill, Separation together with coercive control" in page
    assert "Honour-based abuse or forced marriage" in page
    assert "threatstokill" not in page
    assert "honourbasedabuse" not in page
    assert "DARA graded high by the force's rule" in page
    record = client.get(f"/safeguarding/incidents/{dash.pk}/").content.decode()
    assert "Threats to kill" in record
    assert "threats_to_kill" not in record
    assert "19 yes on the Domestic abuse risk checklist (27 questions" in record
    assert "yes on dash-27" not in record


def test_the_worklists_page_logs_every_victim_it_names(officer: User) -> None:
    """The not-referred list, the clocks board and the releases list name victims too: each
    is logged in the page's look, not only those of the closure lists."""
    not_referred = make_incident(grade="high")
    make_dash(not_referred, yes=19, grade="high")
    clock = make_incident()
    make_action(clock)
    released = make_incident()
    SuspectStatusChange.objects.create(
        incident=released, status="released_nfa", at=released.reported_at
    )
    page = signed_in(officer).get("/safeguarding/worklists/").content.decode()
    victims = {i.victim_id for i in (not_referred, clock, released)}
    for incident in (not_referred, clock, released):
        assert incident.victim.full_name in page
    look = AccessLogEntry.objects.filter(record_type="da_worklists").latest("id")
    assert victims <= set(look.people_named.values_list("person_id", flat=True))
