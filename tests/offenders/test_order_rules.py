"""Order rules without a database: what is in force, expiry alerts, the travel check,
reading typed terms, the visit's compliance and ARMS checks, and the order settings."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.offenders.order_config import (
    DEFAULT_FILE,
    OrdersConfigError,
    load_orders_policy,
)
from safehold.offenders.order_rules import (
    CountryOfConcern,
    OrderTerms,
    TravelBan,
    check_travel,
    expiry_alerts,
    in_force,
    normalise_country,
    split_destinations,
)
from safehold.offenders.order_terms import TermsError, parse_terms
from safehold.offenders.visit_checks import (
    ARMS_FACTORS,
    VisitCheckError,
    check_arms,
    check_compliance,
    needs_devices,
)

DAY = date(2026, 12, 7)
THAILAND = CountryOfConcern("Thailand", "reported exploitation (illustrative)")
COUNTRIES = ("Spain", "France", "Thailand", "Cambodia", "Viet Nam", "Ireland", "Philippines")


def _ban(countries: frozenset[str] = frozenset(), ends: date | None = None) -> TravelBan:
    return TravelBan("SHPO from 1 Jan 2024", "not to travel", date(2024, 1, 1), ends, countries)


def test_an_order_ending_within_the_window_raises_an_alert_naming_the_day() -> None:
    """56-day window: an order ending in 30 days alerts, one ending in 90 does not."""
    orders = [
        OrderTerms(1, "SHPO from 1 Jan 2022", date(2022, 1, 1), DAY + timedelta(days=30)),
        OrderTerms(2, "SRO from 1 Jan 2025", date(2025, 1, 1), DAY + timedelta(days=90)),
        OrderTerms(3, "Licence from 1 Jan 2025", date(2025, 1, 1), None),
    ]
    alerts = expiry_alerts(orders, today=DAY, within_days=56)
    assert [a.order_id for a in alerts] == [1]
    assert alerts[0].days_left == 30
    assert "ends on 6 January 2027, in 30 days" in alerts[0].text


def test_an_order_that_has_ended_or_not_started_raises_no_alert() -> None:
    """Alerts are for orders in force only."""
    orders = [
        OrderTerms(1, "SHPO", date(2020, 1, 1), DAY - timedelta(days=1)),
        OrderTerms(2, "SRO", DAY + timedelta(days=1), DAY + timedelta(days=5)),
    ]
    assert expiry_alerts(orders, today=DAY, within_days=56) == []


@settings(deadline=None)
@given(
    start=st.integers(-2000, 10),
    length=st.integers(0, 3000),
    window=st.integers(0, 400),
)
def test_every_alert_is_for_an_order_in_force_ending_within_the_window(
    start: int, length: int, window: int
) -> None:
    """Whatever the dates: alerted iff in force today and ending within the window."""
    starts = DAY + timedelta(days=start)
    ends = starts + timedelta(days=length)
    alerts = expiry_alerts([OrderTerms(1, "SHPO", starts, ends)], today=DAY, within_days=window)
    expected = in_force(starts, ends, DAY) and (ends - DAY).days <= window
    assert bool(alerts) == expected
    assert all(0 <= a.days_left <= window for a in alerts)


def test_a_trip_to_a_country_an_order_prohibits_is_flagged_with_the_term() -> None:
    """'Spain, then Thailand' against a ban on Thailand: flagged, naming the order's term."""
    check = check_travel(
        "Spain, then Thailand",
        departs_on=DAY,
        returns_on=DAY + timedelta(days=14),
        bans=[_ban(frozenset({"Thailand"}))],
        concerns=[],
        version="v1",
    )
    assert check.flagged
    assert check.reasons == ("SHPO from 1 Jan 2024 prohibits travel to Thailand: not to travel",)
    assert check.version == "v1"


def test_a_ban_on_all_foreign_travel_flags_any_trip() -> None:
    check = check_travel(
        "Ireland", departs_on=DAY, returns_on=None, bans=[_ban()], concerns=[], version="v"
    )
    assert check.reasons == ("SHPO from 1 Jan 2024 prohibits all foreign travel: not to travel",)


def test_a_ban_that_ended_before_departure_does_not_flag() -> None:
    check = check_travel(
        "Thailand",
        departs_on=DAY,
        returns_on=DAY + timedelta(days=3),
        bans=[_ban(frozenset({"Thailand"}), ends=DAY - timedelta(days=1))],
        concerns=[],
        version="v",
    )
    assert not check.flagged


def test_a_country_of_concern_is_flagged_with_the_lists_reason() -> None:
    check = check_travel(
        "the philippines / THAILAND",
        departs_on=DAY,
        returns_on=None,
        bans=[],
        concerns=[THAILAND],
        version="v",
    )
    assert check.reasons == (
        "THAILAND is on the countries-of-concern list: reported exploitation (illustrative)",
    )


def test_a_trip_elsewhere_with_no_bans_is_not_flagged() -> None:
    check = check_travel(
        "Spain", departs_on=DAY, returns_on=None, bans=[], concerns=[THAILAND], version="v"
    )
    assert not check.flagged
    assert check.destinations == ("Spain",)


@settings(max_examples=200, deadline=None)
@given(
    places=st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=4),
    banned=st.sets(st.sampled_from(COUNTRIES), max_size=3),
    concern=st.sets(st.sampled_from(COUNTRIES), max_size=3),
    extra=st.sets(st.sampled_from(COUNTRIES), max_size=3),
    case=st.sampled_from([str.lower, str.upper, str.title, lambda s: f"  {s} "]),
)
def test_a_trip_is_flagged_exactly_when_a_place_is_banned_or_of_concern_and_more_rules_never_unflag(
    places: list[str],
    banned: set[str],
    concern: set[str],
    extra: set[str],
    case: object,
) -> None:
    """Whatever the spelling case: flagged iff a place is banned or on the list; adding
    a ban or a country of concern never removes a reason."""
    text = ", ".join(case(p) for p in places)  # type: ignore[operator]
    concerns = [CountryOfConcern(c, "r") for c in sorted(concern)]
    bans = [_ban(frozenset(banned))] if banned else []
    check = check_travel(
        text, departs_on=DAY, returns_on=None, bans=bans, concerns=concerns, version="v"
    )
    hit = {normalise_country(p) for p in places} & {normalise_country(c) for c in banned | concern}
    assert check.flagged == bool(hit)
    more = check_travel(
        text,
        departs_on=DAY,
        returns_on=None,
        bans=[*bans, _ban(frozenset(extra))] if extra else bans,
        concerns=[*concerns, *(CountryOfConcern(c, "r") for c in sorted(extra))],
        version="v",
    )
    assert set(check.reasons) <= set(more.reasons)


@settings(deadline=None)
@given(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=5))
def test_destinations_split_back_into_the_places_named(places: list[str]) -> None:
    assert split_destinations(" ; ".join(places)) == tuple(places)


def test_typed_terms_are_read_with_their_topics_and_countries() -> None:
    terms = parse_terms(
        "devices: not to own a device that can reach the internet unless declared\n\n"
        "travel (Thailand, Cambodia): not to travel to Thailand or Cambodia\n"
        "not to be alone with a child under 16\n"
    )
    assert [(t.topic, t.countries) for t in terms] == [
        ("devices", ()),
        ("travel", ("Thailand", "Cambodia")),
        ("other", ()),
    ]
    assert terms[2].text == "not to be alone with a child under 16"


def test_a_bad_term_line_is_named_by_its_number() -> None:
    with pytest.raises(TermsError, match="Line 2: 'travl' is not a topic"):
        parse_terms("children: no contact\ntravl (Spain): no travel")
    with pytest.raises(TermsError, match="Line 1: only a travel term names countries"):
        parse_terms("devices (Spain): no phones")


def test_compliance_answers_every_term_in_force_and_refuses_others() -> None:
    """Unanswered terms are 'not checked'; a term not in force is an error naming it."""
    assert check_compliance({3: "not_complied"}, {3, 4}) == {
        "3": "not_complied",
        "4": "not_checked",
    }
    with pytest.raises(VisitCheckError, match="Term 9"):
        check_compliance({9: "complied"}, {3})
    with pytest.raises(VisitCheckError):
        check_compliance({3: "maybe"}, {3})


def test_arms_observations_keep_only_known_factors_with_text() -> None:
    key = ARMS_FACTORS[0][0]
    assert check_arms({key: " new job at a school ", "social_isolation": ""}) == {
        key: "new job at a school"
    }
    with pytest.raises(VisitCheckError):
        check_arms({"charm": "x"})
    assert len(ARMS_FACTORS) == 11
    assert sum(1 for *_, kind in ARMS_FACTORS if kind == "protective") == 4


def test_devices_are_asked_about_only_when_a_term_is_about_devices() -> None:
    assert needs_devices({"travel", "devices"})
    assert not needs_devices({"travel", "children"})


def test_the_packaged_order_settings_load_with_a_version_and_a_source() -> None:
    policy = load_orders_policy(DEFAULT_FILE)
    assert policy.version
    assert policy.source
    assert policy.expiry_days == 56
    assert "Thailand" in {c.name for c in policy.countries_of_concern}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('source = "s"', "version"),
        ('version = "v"\nsource = "s"\n[alerts]\nexpiry_days = -1', "alerts.expiry_days"),
        ('version = "v"\nsource = "s"\n[[countries_of_concern]]\nname = "X"', "reason"),
        ('version = "v"\nsource = "s"\ncolour = 1', "colour"),
    ],
)
def test_bad_order_settings_name_the_key_to_fix(text: str, key: str) -> None:
    with pytest.raises(OrdersConfigError, match=key):
        load_orders_policy(text)


def test_unreadable_order_settings_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(OrdersConfigError, match=r"missing\.toml"):
        load_orders_policy(tmp_path / "missing.toml")


@settings(deadline=None)
@given(
    in_force_terms=st.sets(st.integers(1, 50), max_size=10),
    answers=st.dictionaries(
        st.integers(1, 50), st.sampled_from(["complied", "not_complied", "not_checked"])
    ),
)
def test_compliance_covers_exactly_the_terms_in_force_keeping_every_answer(
    in_force_terms: set[int], answers: dict[int, str]
) -> None:
    """Answers only for terms in force: every such term once, answered or 'not checked';
    an answer for any other term is refused."""
    if set(answers) - in_force_terms:
        with pytest.raises(VisitCheckError):
            check_compliance(answers, in_force_terms)
        return
    out = check_compliance(answers, in_force_terms)
    assert set(out) == {str(t) for t in in_force_terms}
    assert all(out[str(t)] == answers.get(t, "not_checked") for t in in_force_terms)
