"""Orders and breaches as records: an order's terms, expiry alerts on the record and the
briefing, a breach linked to the term it breaks (with the crime reference and result,
and still returning a reactively managed offender to active management), and foreign
travel checked against the orders' prohibitions and the countries of concern."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from tests.conftest import give_justification

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry
from safehold.errors import InvalidInput
from safehold.offenders import services
from safehold.offenders.models import (
    Breach,
    ManagementReview,
    Notification,
    Offender,
    Order,
    OrderRequirement,
)
from safehold.offenders.orders import OrderInput, TermInput, record_order

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _shpo(
    actor: User, offender: Offender, *, ends_on: date | None = None, starts_ago: int = 400
) -> Order:
    return record_order(
        actor,
        offender.pk,
        OrderInput(
            kind="shpo",
            starts_on=TODAY - timedelta(days=starts_ago),
            ends_on=ends_on,
            made_by="Stafford Crown Court",
            terms=(
                TermInput("prohibition", "travel", "Not to travel to Cambodia", ("Cambodia",)),
                TermInput("prohibition", "devices", "Not to delete internet history"),
                TermInput("positive", "devices", "To make any device available for inspection"),
            ),
        ),
    )


def test_an_order_is_recorded_with_its_numbered_terms_and_logged(
    make_offender: Callable[..., Offender], om: User
) -> None:
    offender = make_offender()
    order = _shpo(om, offender)
    terms = list(order.terms.all())
    assert [(t.position, t.kind, t.topic) for t in terms] == [
        (1, "prohibition", "travel"),
        (2, "prohibition", "devices"),
        (3, "positive", "devices"),
    ]
    assert terms[0].countries == "Cambodia"
    entry = AccessLogEntry.objects.filter(record_type="order").latest("id")
    assert entry.detail["terms"] == 3


def test_an_order_that_ends_before_it_starts_is_refused_naming_the_field(
    make_offender: Callable[..., Offender], om: User
) -> None:
    offender = make_offender()
    with pytest.raises(InvalidInput) as err:
        record_order(
            om,
            offender.pk,
            OrderInput(
                kind="sro",
                starts_on=TODAY,
                ends_on=TODAY - timedelta(days=1),
                terms=(TermInput("prohibition", "children", "No contact"),),
            ),
        )
    assert err.value.field == "ends_on"
    assert not Order.objects.filter(offender=offender).exists()


def test_a_breach_names_the_term_it_breaks_with_crime_reference_and_result(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """The breach links the SHPO term; a crime reference without a result is 'pending'."""
    offender = make_offender()
    term = _shpo(om, offender).terms.get(position=2)
    breach = services.record_breach(
        om,
        offender.pk,
        services.BreachInput(
            what="Deleted browsing history",
            occurred_on=TODAY,
            action="arrest",
            requirement_id=term.pk,
            crime_reference="CR/0042/26",
        ),
    )
    assert breach.requirement_id == term.pk
    assert breach.order_id == term.order_id
    assert breach.result == "pending"


def test_a_breach_cannot_name_another_offenders_order(
    make_offender: Callable[..., Offender], om: User
) -> None:
    mine, theirs = make_offender(), make_offender()
    other = _shpo(om, theirs)
    with pytest.raises(InvalidInput) as err:
        services.record_breach(
            om,
            mine.pk,
            services.BreachInput(what="x", occurred_on=TODAY, action="none", order_id=other.pk),
        )
    assert err.value.field == "order"
    assert not Breach.objects.filter(offender=mine).exists()


def test_a_breach_of_an_order_still_returns_a_reactive_offender_to_active_management(
    make_offender: Callable[..., Offender], om: User
) -> None:
    offender = make_offender("low", status="reactive_management")
    order = _shpo(om, offender)
    services.record_breach(
        om,
        offender.pk,
        services.BreachInput(
            what="Travelled abroad", occurred_on=TODAY, action="wanted", order_id=order.pk
        ),
    )
    offender.refresh_from_db()
    assert offender.status == "managed"
    assert ManagementReview.objects.filter(offender=offender, closed_at__isnull=True).exists()


def _trip(actor: User, offender: Offender, where: str) -> Notification:
    return services.record_notification(
        actor,
        offender.pk,
        services.NotificationInput(
            kind="foreign_travel",
            notified_on=TODAY,
            travel_departs_on=TODAY + timedelta(days=10),
            travel_returns_on=TODAY + timedelta(days=20),
            travel_destination=where,
        ),
    )


def test_travel_to_a_prohibited_country_is_flagged_for_the_ds_with_the_term(
    make_offender: Callable[..., Offender], om: User
) -> None:
    offender = make_offender()
    _shpo(om, offender)
    note = _trip(om, offender, "Vietnam, then Cambodia")
    assert "prohibits travel to Cambodia: Not to travel to Cambodia" in note.travel_flag
    assert "Vietnam is on the countries-of-concern list" in note.travel_flag
    assert note.travel_flag_version == "orders-2026.1"


def test_travel_elsewhere_is_not_flagged(make_offender: Callable[..., Offender], om: User) -> None:
    offender = make_offender()
    _shpo(om, offender)
    assert _trip(om, offender, "Spain").travel_flag == ""


def test_the_record_shows_orders_expiry_alert_travel_flag_and_linked_breach(
    make_offender: Callable[..., Offender], om: User, lead_client: Client
) -> None:
    offender = make_offender()
    order = _shpo(om, offender, ends_on=TODAY + timedelta(days=20))
    _trip(om, offender, "Cambodia")
    services.record_breach(
        om,
        offender.pk,
        services.BreachInput(
            what="Deleted history",
            occurred_on=TODAY,
            action="charged",
            order_id=order.pk,
            crime_reference="CR/7/26",
            result="convicted",
        ),
    )
    give_justification(lead_client, "offender", offender.pk)
    page = lead_client.get(f"/offenders/{offender.pk}/").content.decode()
    assert 'data-testid="order-expiry"' in page
    assert "in 20 days" in page
    assert 'data-testid="travel-flag"' in page
    assert "Not to travel to Cambodia" in page
    assert "CR/7/26" in page
    assert "Convicted" in page


def test_the_briefing_lists_orders_ending_and_flagged_travel(
    make_offender: Callable[..., Offender], om: User, lead_client: Client
) -> None:
    offender = make_offender()
    _shpo(om, offender, ends_on=TODAY + timedelta(days=5))
    _trip(om, offender, "Cambodia")
    # The trip leaves in 10 days (inside the briefing's travel window), after the SHPO
    # has ended: the list's reason flags it, the ended order's prohibition does not.
    briefing = lead_client.get("/offenders/briefing/").context["briefing"]
    sections = {s.key: s for s in briefing.sections}
    ending = sections["orders_ending"].lines
    assert [line.offender_id for line in ending] == [offender.pk]
    assert "in 5 days" in ending[0].why[0]
    travel = [line for line in sections["travel"].lines if line.offender_id == offender.pk]
    flags = [w for w in travel[0].why if w.startswith("Flagged for the DS:")]
    assert flags == [
        (
            "Flagged for the DS: Cambodia is on the countries-of-concern list: child sexual "
            "exploitation by travelling offenders reported (illustrative)"
        )
    ]


def test_the_order_form_reads_typed_terms_and_names_a_bad_line(
    make_offender: Callable[..., Offender], lead_client: Client
) -> None:
    offender = make_offender()
    give_justification(lead_client, "offender", offender.pk)
    url = f"/offenders/{offender.pk}/orders/new/"
    bad = lead_client.post(
        url, {"kind": "sro", "starts_on": TODAY.isoformat(), "prohibitions": "x\ntravl (Spain): y"}
    )
    assert bad.status_code == 200
    assert "Line 2: &#x27;travl&#x27; is not a topic" in bad.content.decode()
    good = lead_client.post(
        url,
        {
            "kind": "licence",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + timedelta(days=365)).isoformat(),
            "prohibitions": "travel: not to leave the UK\nplaces: not to enter Hanley Park",
            "positive": "residence: to live at an approved address",
        },
    )
    assert good.status_code == 302
    order = Order.objects.get(offender=offender)
    assert order.kind == "licence"
    assert list(order.terms.values_list("topic", "kind")) == [
        ("travel", "prohibition"),
        ("places", "prohibition"),
        ("residence", "positive"),
    ]


def test_the_breach_form_offers_the_offenders_terms(
    make_offender: Callable[..., Offender], om: User, lead_client: Client
) -> None:
    offender = make_offender()
    term = _shpo(om, offender).terms.get(position=1)
    give_justification(lead_client, "offender", offender.pk)
    url = f"/offenders/{offender.pk}/breaches/new/"
    assert f'value="t{term.pk}"' in lead_client.get(url).content.decode()
    response = lead_client.post(
        url,
        {
            "what": "Travelled to Cambodia",
            "occurred_on": TODAY.isoformat(),
            "action": "wanted",
            "broken": f"t{term.pk}",
            "crime_reference": "CR/9/26",
            "result": "",
        },
    )
    assert response.status_code == 302
    breach = Breach.objects.get(offender=offender)
    assert (breach.requirement_id, breach.crime_reference) == (term.pk, "CR/9/26")
    assert OrderRequirement.objects.get(pk=term.pk).breaches.count() == 1


def test_the_api_records_a_breach_of_a_term_and_refuses_another_offenders_term(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    from safehold.accounts.models import ApiToken

    offender, other = make_offender(), make_offender()
    term = _shpo(om, offender).terms.get(position=1)
    _, raw = ApiToken.issue(lead, "register tool")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = {
        "what": "Travelled to Cambodia",
        "occurred_on": TODAY.isoformat(),
        "action": "wanted",
        "requirement_id": term.pk,
        "crime_reference": "CR/11/26",
        "result": "pending",
    }
    made = client.post(
        f"/api/offenders/{offender.pk}/breaches", body, content_type="application/json"
    )
    assert made.status_code == 201
    breach = Breach.objects.get(offender=offender)
    assert (breach.order_id, breach.requirement_id) == (term.order_id, term.pk)
    refused = client.post(
        f"/api/offenders/{other.pk}/breaches", body, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "requirement" in refused.content.decode()
