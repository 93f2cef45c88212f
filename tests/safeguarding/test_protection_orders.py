"""DAPN and DAPO beside DVPN and DVPO: the force's regime from a configured date, who may
give a DAPN, the clock to the hearing (Sundays and bank holidays not counted), a DAPO's
positive and notification requirements and expiry, and breaches shown on the incident, on
the victim's and the suspect's records, with the clocks on the supervisors' board."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from tests.factories import PersonFactory
from tests.safeguarding.conftest import signed_in
from tests.safeguarding.factories import make_action, make_incident
from tests.safeguarding.test_api import WHY, _client

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry
from safehold.datetext import short_date
from safehold.errors import InvalidInput
from safehold.safeguarding import services, worklists
from safehold.safeguarding.clocks import ClockPolicy, ProtectiveActionError, clock_for
from safehold.safeguarding.court_days import LONDON
from safehold.safeguarding.models import OrderBreach, ProtectiveAction
from safehold.safeguarding.policy_file import CONFIG_DIR, load_policy_document
from safehold.safeguarding.protection_orders import (
    DAPN_REGIME,
    DVPN_REGIME,
    OrderPolicy,
    check_notice_authority,
    check_regime,
    order_clock,
    regime_on,
)

FROM = date(2026, 4, 1)
ORDERS = OrderPolicy(version="test-1", dapn_dapo_from=FROM)
CLOCKS = ClockPolicy(version="test-1")


# ------------------------------------------------------------------ the rules


def test_the_regime_changes_on_the_configured_date() -> None:
    assert regime_on(FROM - timedelta(days=1), ORDERS) is DVPN_REGIME
    assert regime_on(FROM, ORDERS) is DAPN_REGIME
    assert regime_on(date(2030, 1, 1), OrderPolicy()) is DVPN_REGIME  # no date: DVPN only


@pytest.mark.parametrize(
    ("kind", "day", "has_dvpn", "code"),
    [
        ("dvpn", date(2026, 5, 1), False, "wrong_regime"),
        ("dapn", date(2026, 3, 1), False, "wrong_regime"),
        ("dapo", date(2026, 3, 1), False, "wrong_regime"),
        ("dvpo", date(2026, 3, 1), False, "dvpo_without_dvpn"),
    ],
)
def test_a_notice_or_order_outside_the_regime_is_refused(
    kind: str, day: date, has_dvpn: bool, code: str
) -> None:
    with pytest.raises(ProtectiveActionError) as refused:
        check_regime(kind, day, ORDERS, has_dvpn=has_dvpn)
    assert (refused.value.code, refused.value.field) == (code, "kind")


def test_a_dvpo_after_the_change_may_follow_a_dvpn_served_before_it() -> None:
    check_regime("dvpo", date(2026, 5, 1), ORDERS, has_dvpn=True)
    check_regime("dapn", date(2026, 5, 1), ORDERS)
    check_regime("dapo", date(2026, 5, 1), ORDERS)


def test_a_dapn_needs_an_inspector_and_a_person_of_18() -> None:
    check_notice_authority(
        "dapn", "Inspector", perpetrator_age_years=30, clocks=CLOCKS, orders=ORDERS
    )
    with pytest.raises(ProtectiveActionError) as refused:
        check_notice_authority(
            "dapn", "sergeant", perpetrator_age_years=30, clocks=CLOCKS, orders=ORDERS
        )
    assert refused.value.code == "rank_too_low"
    assert "DAPN must be authorised by a inspector" in refused.value.message
    with pytest.raises(ProtectiveActionError) as refused:
        check_notice_authority(
            "dapn", "inspector", perpetrator_age_years=17, clocks=CLOCKS, orders=ORDERS
        )
    assert refused.value.code == "perpetrator_too_young"
    # The rank is configuration.
    chief = replace(ORDERS, dapn_min_rank="chief inspector")
    with pytest.raises(ProtectiveActionError):
        check_notice_authority(
            "dapn", "inspector", perpetrator_age_years=30, clocks=CLOCKS, orders=chief
        )


def test_the_dapn_clock_skips_sunday_like_the_dvpn_clock() -> None:
    given = datetime(2026, 11, 27, 9, 30, tzinfo=LONDON)  # a Friday
    clock = order_clock("dapn", given, ORDERS)
    assert clock.due_at == datetime(2026, 11, 30, 9, 30, tzinfo=LONDON)
    assert clock.due_at == clock_for("dvpn", given, CLOCKS).due_at
    assert "lapses" in clock.on_expiry


def test_a_dapo_expires_after_its_days_or_is_reviewed_until_further_order() -> None:
    made = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    assert order_clock("dapo", made, ORDERS, order_days=90).due_at == made + timedelta(days=90)
    until = order_clock("dapo", made, ORDERS)
    assert until.due_at == made + timedelta(days=365)
    assert "until further order" in until.description
    notify = order_clock("dapo_notification", made, ORDERS)
    assert notify.due_at == made + timedelta(days=3)
    with pytest.raises(ProtectiveActionError) as refused:
        order_clock("dapo", made, ORDERS, order_days=0)
    assert refused.value.field == "order_days"
    with pytest.raises(ProtectiveActionError):
        clock_for("dapn", made, CLOCKS)  # the DAPN's clock is order_clock's


def test_the_packaged_policy_gives_dvpns_and_holds_the_documented_defaults() -> None:
    document = load_policy_document()
    assert OrderPolicy.from_document(document) == replace(OrderPolicy(), version=document.version)


def test_a_start_date_that_is_not_a_date_is_refused_naming_the_key(tmp_path: Path) -> None:
    text = CONFIG_DIR.joinpath("policy.toml").read_text(encoding="utf-8")
    path = tmp_path / "policy.toml"
    path.write_text(text.replace('dapn_dapo_from = ""', 'dapn_dapo_from = "April 2027"'))
    with pytest.raises(ProtectiveActionError) as refused:
        OrderPolicy.from_document(load_policy_document(path))
    assert refused.value.field == "orders.dapn_dapo_from"


# ------------------------------------------------------------------ services and pages

pytestmark_db = pytest.mark.django_db


@pytest.fixture
def dapn_force(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    """The force's policy with the DAPN/DAPO regime from 1 April 2026."""
    text = CONFIG_DIR.joinpath("policy.toml").read_text(encoding="utf-8")
    path = tmp_path / "policy.toml"
    path.write_text(text.replace('dapn_dapo_from = ""', "dapn_dapo_from = 2026-04-01"))
    settings.SAFEHOLD_SAFEGUARDING_POLICY = str(path)  # type: ignore[attr-defined]


def _dapn(officer: User, incident_id: int, **changes: str) -> ProtectiveAction:
    fields = {
        "kind": "dapn",
        "authorised_by_name": "Insp Rowe",
        "authorised_by_rank": "inspector",
        "victim_views": "Wants him out of the house",
        "children_welfare": "No children",
        "suspect_representations": "Made none",
        **changes,
    }
    return services.record_protective_action(officer, incident_id, services.ActionInput(**fields))


@pytestmark_db
def test_under_the_dapn_regime_a_dvpn_is_refused_and_a_dapn_is_given(
    officer: User, dapn_force: None
) -> None:
    incident = make_incident(suspect=PersonFactory(date_of_birth=date(1980, 1, 1)))
    with pytest.raises(InvalidInput) as refused:
        _dapn(officer, incident.pk, kind="dvpn", authorised_by_rank="superintendent")
    assert (refused.value.field, refused.value.code) == ("kind", "wrong_regime")
    with pytest.raises(InvalidInput) as refused:
        _dapn(officer, incident.pk, authorised_by_rank="sergeant")
    assert refused.value.field == "authorised_by_rank"
    with pytest.raises(InvalidInput) as refused:
        _dapn(officer, incident.pk, victim_views="")
    assert refused.value.field == "victim_views"
    made = _dapn(officer, incident.pk)
    assert made.subject_id == incident.suspect_id
    assert "DAPO application" in made.clock_text


@pytestmark_db
def test_the_packaged_regime_refuses_a_dapn(officer: User) -> None:
    incident = make_incident(suspect=PersonFactory(date_of_birth=date(1980, 1, 1)))
    with pytest.raises(InvalidInput) as refused:
        _dapn(officer, incident.pk)
    assert refused.value.code == "wrong_regime"
    assert "gives DVPNs" in refused.value.message
    # The regime is checked first: a DAPN is refused as such, whoever authorised it.
    with pytest.raises(InvalidInput) as refused:
        _dapn(officer, incident.pk, authorised_by_rank="sergeant")
    assert refused.value.code == "wrong_regime"
    with pytest.raises(InvalidInput) as refused:
        services.record_protective_action(
            officer, incident.pk, services.ActionInput(kind="dvpo", order_days=14)
        )
    assert (refused.value.field, refused.value.code) == ("kind", "dvpo_without_dvpn")
    assert not ProtectiveAction.objects.exists()


@pytestmark_db
def test_a_dapo_keeps_its_requirements_and_starts_the_notification_clock_on_the_board(
    officer: User, dapn_force: None
) -> None:
    incident = make_incident()
    dapo = services.record_protective_action(
        officer,
        incident.pk,
        services.ActionInput(
            kind="dapo",
            order_days=180,
            positive_requirements="Attend a perpetrator programme\n\nElectronic monitoring",
            notification_requirements=True,
        ),
    )
    assert [r["kind"] for r in dapo.requirements] == ["positive", "positive", "notification"]
    assert dapo.due_at - dapo.started_at == timedelta(days=180)
    notify = ProtectiveAction.objects.get(incident=incident, kind="dapo_notification")
    assert notify.due_at - notify.started_at == timedelta(days=3)
    # Requirements belong to a DAPO only.
    with pytest.raises(InvalidInput) as refused:
        services.record_protective_action(
            officer,
            incident.pk,
            services.ActionInput(kind="safety_planning", positive_requirements="x"),
        )
    assert refused.value.field == "positive_requirements"
    # The board: an overdue DVPN clock first, then the DAPO's notification, then its expiry.
    late = make_action(incident, "dvpn")
    ProtectiveAction.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=2))
    rows = worklists.running_clocks(timezone.now()).rows
    assert [r.action.kind for r in rows][:3] == ["dvpn", "dapo_notification", "dapo"]
    assert rows[0].overdue
    page = signed_in(officer).get("/safeguarding/worklists/").content.decode()
    board = page[page.index('data-testid="clocks"') :]
    assert board.index("DAPO: name and address") < board.index("Domestic abuse protection order")


@pytestmark_db
def test_a_breach_is_recorded_logged_and_shown_on_the_incident_and_both_peoples_records(
    officer: User,
) -> None:
    incident = make_incident()
    order = make_action(incident, "dvpo")
    order.subject = incident.suspect
    order.save()
    with pytest.raises(InvalidInput) as refused:
        services.record_breach(
            officer,
            incident.pk,
            order.pk,
            services.BreachInput(details="Came to the house", response="no_action"),
        )
    assert refused.value.field == "response_note"
    plan = make_action(incident, "safety_planning")
    with pytest.raises(InvalidInput) as refused:
        services.record_breach(
            officer,
            incident.pk,
            plan.pk,
            services.BreachInput(details="x", response="arrested"),
        )
    assert refused.value.field == "action_id"
    assert not OrderBreach.objects.exists()
    client = signed_in(
        officer,
        ("incident", incident.pk),
        ("person", incident.victim_id),
        ("person", incident.suspect_id),
    )
    form = client.get(f"/safeguarding/incidents/{incident.pk}/actions/{order.pk}/breach/")
    assert "Record a breach: Domestic violence protection order" in form.content.decode()
    now = timezone.localtime()
    posted = client.post(
        f"/safeguarding/incidents/{incident.pk}/actions/{order.pk}/breach/",
        {
            "at_date": now.date().isoformat(),
            "at_time": now.strftime("%H:%M"),
            "details": "Came to the house at 2am",
            "response": "arrested",
        },
    )
    assert posted.status_code == 302
    breach = OrderBreach.objects.get()
    entry = AccessLogEntry.objects.filter(record_type="order_breach").get()
    assert entry.person_id == incident.suspect_id
    page = client.get(f"/safeguarding/incidents/{incident.pk}/").content.decode()
    listed = page[page.index('data-testid="breaches"') :]
    assert "Came to the house at 2am. Suspect arrested" in listed
    for person_id, words in (
        (incident.victim_id, "DVPO protecting them"),
        (incident.suspect_id, "DVPO against them"),
    ):
        record = client.get(f"/people/{person_id}/").content.decode()
        assert words in record
        assert f"1 breach (last {short_date(timezone.localtime(breach.at))})" in record


@pytestmark_db
def test_the_api_records_a_dapo_and_a_breach(officer: User, dapn_force: None) -> None:
    incident = make_incident()
    client = _client(officer)
    made = client.post(
        f"/api/safeguarding/incidents/{incident.pk}/protective-actions",
        json.dumps({"kind": "dapo", "positive_requirements": "Attend a programme"}),
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    action_id = made.json()["id"]
    breach = client.post(
        f"/api/safeguarding/incidents/{incident.pk}/protective-actions/{action_id}/breaches",
        json.dumps({"details": "Missed the programme", "response": "back_to_court"}),
        content_type="application/json",
    )
    assert breach.status_code == 201, breach.content
    body = client.get(f"/api/safeguarding/incidents/{incident.pk}", **WHY).json()
    assert body["breaches"][0]["response"] == "back_to_court"
    dapo = next(a for a in body["actions"] if a["kind"] == "dapo")
    assert dapo["requirements"] == [{"kind": "positive", "text": "Attend a programme"}]


@pytestmark_db
def test_the_notification_clock_names_the_day_the_dapo_was_made_in_london(
    officer: User, dapn_force: None
) -> None:
    """A DAPO made at 00:30 on 2 June (London, BST) is 23:30 UTC on 1 June: the
    notification clock's details give the London date, as the order itself shows it."""
    incident = make_incident(reported_at=datetime(2026, 6, 1, 21, 0, tzinfo=UTC))
    services.record_protective_action(
        officer,
        incident.pk,
        services.ActionInput(
            kind="dapo",
            order_days=180,
            notification_requirements=True,
            started_at=datetime(2026, 6, 1, 23, 30, tzinfo=UTC),
        ),
    )
    notify = ProtectiveAction.objects.get(incident=incident, kind="dapo_notification")
    assert notify.details == "Notification requirements of the DAPO made 2 Jun 2026"
