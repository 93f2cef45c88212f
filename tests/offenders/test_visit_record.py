"""The structured visit record's order checks and what surrounds it: devices examined
where an order restricts them, compliance per term in force (a term not complied with is
a concern), ARMS observations, the photograph (checked, kept in the database, served to
permitted roles with each look logged), officer-safety markers on the record and the
route, and the supervisor's review of visits that raised concerns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from tests.conftest import give_justification

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry
from safehold.errors import Conflict, Forbidden, InvalidInput
from safehold.offenders import services
from safehold.offenders.models import (
    ManagementReview,
    Offender,
    OffenderPhoto,
    Order,
    Visit,
    VisitReview,
)
from safehold.offenders.orders import OrderInput, TermInput, record_order
from safehold.offenders.photos import MAX_PHOTO_BYTES, store_photo
from safehold.offenders.safety_markers import add_safety_marker, remove_safety_marker
from safehold.offenders.visit_reviews import awaiting_review, review_visit

pytestmark = pytest.mark.django_db
TODAY = date.today()
# A synthetic placeholder: PNG signature and padding, never a real face.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def _devices_order(actor: User, offender: Offender, ends_on: date | None = None) -> Order:
    return record_order(
        actor,
        offender.pk,
        OrderInput(
            kind="shpo",
            starts_on=TODAY - timedelta(days=100),
            ends_on=ends_on,
            terms=(
                TermInput("positive", "devices", "To make any device available for inspection"),
                TermInput("prohibition", "children", "No unsupervised contact with under-16s"),
            ),
        ),
    )


def _visit(om: User, lead: User, offender: Offender, **extra: object) -> Visit:
    return services.record_visit(
        om,
        offender.pk,
        services.VisitInput(
            visited_at=timezone.now() - timedelta(hours=1),
            outcome="seen",
            officer_1_id=om.pk,
            officer_2_id=lead.pk,
            **extra,  # type: ignore[arg-type]
        ),
    )


def test_every_term_in_force_is_answered_and_unanswered_ones_are_not_checked(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    offender = make_offender()
    first, second = _devices_order(om, offender).terms.all()
    visit = _visit(
        om,
        lead,
        offender,
        compliance={first.pk: "complied"},
        devices_examined="Laptop: history intact",
        arms_observations={"social_investment": "Started a college course"},
        photograph_taken=True,
    )
    assert visit.compliance == {str(first.pk): "complied", str(second.pk): "not_checked"}
    assert visit.arms_observations == {"social_investment": "Started a college course"}
    assert visit.devices_examined == "Laptop: history intact"
    assert visit.photograph_taken
    assert not visit.raised_concern


def test_a_term_not_complied_with_is_a_concern_that_ends_reactive_management(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    offender = make_offender("low", status="reactive_management")
    term = _devices_order(om, offender).terms.get(position=1)
    visit = _visit(om, lead, offender, compliance={term.pk: "not_complied"})
    assert visit.raised_concern
    assert "Order term not complied with: 1. Must: To make any device" in visit.concerns
    offender.refresh_from_db()
    assert offender.status == "managed"
    assert ManagementReview.objects.filter(offender=offender).exists()


def test_a_term_of_an_order_that_has_ended_cannot_be_answered(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    offender = make_offender()
    term = _devices_order(om, offender, ends_on=TODAY - timedelta(days=5)).terms.first()
    assert term is not None
    with pytest.raises(InvalidInput) as err:
        _visit(om, lead, offender, compliance={term.pk: "complied"})
    assert err.value.field == f"term_{term.pk}"
    assert not Visit.objects.filter(offender=offender).exists()


def test_the_visit_form_asks_per_term_and_prompts_for_devices(
    make_offender: Callable[..., Offender], om: User, lead: User, lead_client: Client
) -> None:
    offender = make_offender()
    term = _devices_order(om, offender).terms.get(position=1)
    give_justification(lead_client, "offender", offender.pk)
    url = f"/offenders/{offender.pk}/visits/new/"
    page = lead_client.get(url).content.decode()
    assert f'name="term_{term.pk}"' in page
    assert "Devices examined (an order in force restricts devices)" in page
    assert "ARMS protective factor: Commitment to desist" in page
    now = timezone.localtime() - timedelta(minutes=5)
    response = lead_client.post(
        url,
        {
            "kind": "home",
            "visit_date": now.date().isoformat(),
            "visit_time": now.strftime("%H:%M"),
            "outcome": "seen",
            "officer_1": om.pk,
            "officer_2": lead.pk,
            f"term_{term.pk}": "not_complied",
            "devices_examined": "Phone withheld",
            "arms_opportunity": "Works near a primary school",
            "photograph_taken": "on",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get(offender=offender)
    assert visit.compliance[str(term.pk)] == "not_complied"
    assert visit.arms_observations == {"opportunity": "Works near a primary school"}
    assert visit.raised_concern


def test_without_a_devices_term_the_form_does_not_prompt(
    make_offender: Callable[..., Offender], lead_client: Client
) -> None:
    offender = make_offender()
    give_justification(lead_client, "offender", offender.pk)
    page = lead_client.get(f"/offenders/{offender.pk}/visits/new/").content.decode()
    assert "an order in force restricts devices" not in page
    assert 'name="term_' not in page


def test_a_photograph_is_checked_for_type_and_size_before_anything_is_kept(
    make_offender: Callable[..., Offender], om: User
) -> None:
    offender = make_offender()
    with pytest.raises(InvalidInput, match="PNG or JPEG"):
        store_photo(om, offender.pk, b"<svg onload=alert(1)>")
    with pytest.raises(InvalidInput, match="largest allowed"):
        store_photo(om, offender.pk, PNG + b"\0" * MAX_PHOTO_BYTES)
    assert not OffenderPhoto.objects.exists()
    photo = store_photo(om, offender.pk, PNG)
    assert (photo.content_type, photo.size_bytes) == ("image/png", len(PNG))


def test_the_photograph_is_uploaded_shown_on_the_record_and_each_look_logged(
    make_offender: Callable[..., Offender], lead_client: Client, lead: User
) -> None:
    offender = make_offender()
    give_justification(lead_client, "offender", offender.pk)
    bad = lead_client.post(
        f"/offenders/{offender.pk}/photo/new/",
        {"photo": SimpleUploadedFile("face.png", b"GIF89a...", "image/png"), "taken_on": TODAY},
    )
    assert "must be a PNG or JPEG" in bad.content.decode()
    good = lead_client.post(
        f"/offenders/{offender.pk}/photo/new/",
        {"photo": SimpleUploadedFile("face.png", PNG, "image/png"), "taken_on": TODAY},
    )
    assert good.status_code == 302
    photo = OffenderPhoto.objects.get(offender=offender)
    page = lead_client.get(f"/offenders/{offender.pk}/").content.decode()
    url = f"/offenders/{offender.pk}/photo/{photo.pk}/"
    assert url in page
    before = AccessLogEntry.objects.filter(record_type="photograph").count()
    image = lead_client.get(url)
    assert image.content == PNG
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in image["Cache-Control"]
    entry = AccessLogEntry.objects.filter(record_type="photograph").latest("id")
    assert AccessLogEntry.objects.filter(record_type="photograph").count() == before + 1
    assert entry.user_id == lead.pk
    assert entry.person_id == offender.person_id


def test_a_photograph_of_one_offender_is_not_served_under_another(
    make_offender: Callable[..., Offender], om: User, lead_client: Client
) -> None:
    mine, other = make_offender(), make_offender()
    photo = store_photo(om, mine.pk, PNG)
    give_justification(lead_client, "offender", other.pk)
    assert lead_client.get(f"/offenders/{other.pk}/photo/{photo.pk}/").status_code == 404


def test_officer_safety_markers_show_on_the_record_and_the_route_until_removed(
    make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    offender = make_offender()
    marker = add_safety_marker(om, offender.pk, kind="dogs", note="Two XL bullies in the yard")
    at = timezone.localtime().replace(hour=23, minute=0, second=0, microsecond=0)
    services.place_planned_visits(
        lead, [services.PlannedStop(offender.pk, at, om.pk, lead.pk)], plan_run_id=1
    )
    client = Client()
    client.force_login(om)
    give_justification(client, "list")
    give_justification(client, "offender", offender.pk)
    route = client.get("/offenders/today/")
    assert route.context["stops"][0].safety == ("Dangerous dogs: Two XL bullies in the yard",)
    assert 'data-testid="stop-officer-safety"' in route.content.decode()
    record = client.get(f"/offenders/{offender.pk}/").content.decode()
    assert 'data-testid="officer-safety"' in record
    with pytest.raises(InvalidInput):
        remove_safety_marker(om, marker.pk, reason=" ")
    remove_safety_marker(om, marker.pk, reason="Dogs rehomed")
    with pytest.raises(Conflict):
        remove_safety_marker(om, marker.pk, reason="again")
    assert (
        'data-testid="officer-safety"'
        not in client.get(f"/offenders/{offender.pk}/").content.decode()
    )


def test_a_ds_reviews_a_concerning_visit_from_the_worklist_and_it_leaves_it(
    make_offender: Callable[..., Offender], om: User, lead: User, ds: User
) -> None:
    offender = make_offender()
    visit = _visit(om, lead, offender, concerns="New partner with two young children")
    _visit(om, lead, make_offender())  # no concern: never on the worklist
    assert [v.pk for v in awaiting_review()] == [visit.pk]
    with pytest.raises(Forbidden):
        review_visit(om, visit.pk, outcome="nfa", note="Fine")
    client = Client()
    client.force_login(ds)
    give_justification(client, "list")
    page = client.get("/offenders/visits/review/")
    assert 'data-testid="visit-to-review"' in page.content.decode()
    entry = AccessLogEntry.objects.filter(record_type="visit_reviews").latest("id")
    assert entry.detail["shown"] == [offender.pk]
    response = client.post(
        f"/offenders/visits/{visit.pk}/review/",
        {"outcome": "escalated", "note": "Referred to children's social care"},
    )
    assert response.status_code == 302
    review = VisitReview.objects.get(visit=visit)
    assert (review.reviewed_by_id, review.outcome) == (ds.pk, "escalated")
    assert awaiting_review() == []
    assert AccessLogEntry.objects.filter(record_type="visit", record_id=str(visit.pk)).exists()
    with pytest.raises(Conflict):
        review_visit(ds, visit.pk, outcome="nfa", note="again")


def test_the_timeline_summarises_the_visits_order_checks(
    make_offender: Callable[..., Offender], om: User, lead: User, lead_client: Client
) -> None:
    offender = make_offender()
    first, _ = _devices_order(om, offender).terms.all()
    _visit(
        om,
        lead,
        offender,
        compliance={first.pk: "complied"},
        devices_examined="Phone examined",
        photograph_taken=True,
    )
    give_justification(lead_client, "offender", offender.pk)
    page = lead_client.get(f"/offenders/{offender.pk}/").content.decode()
    assert "order terms: 1 complied, 0 not complied, 1 not checked" in page
    assert "devices: Phone examined" in page
    assert "photograph taken" in page


def test_the_record_costs_the_same_queries_with_one_order_or_five(
    make_offender: Callable[..., Offender], om: User, lead_client: Client
) -> None:
    """Orders, terms, markers, photographs and linked breaches are prefetched."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    offender = make_offender()
    give_justification(lead_client, "offender", offender.pk)

    def add() -> None:
        order = _devices_order(om, offender, ends_on=TODAY + timedelta(days=9))
        add_safety_marker(om, offender.pk, kind="other", note="Check first")
        store_photo(om, offender.pk, PNG)
        services.record_breach(
            om,
            offender.pk,
            services.BreachInput(
                what="x",
                occurred_on=TODAY,
                action="none",
                requirement_id=order.terms.first().pk,  # type: ignore[union-attr]
                crime_reference="CR/1",
            ),
        )

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert lead_client.get(f"/offenders/{offender.pk}/").status_code == 200
        return len(ctx.captured_queries)

    add()
    count()  # warm-up
    small = count()
    for _ in range(4):
        add()
    assert count() == small


def test_a_photograph_larger_than_a_pages_default_body_is_accepted_by_its_page(
    make_offender: Callable[..., Offender], lead_client: Client
) -> None:
    """The upload page declares its own cap (SAFEHOLD_PHOTO_MAX_BYTES), above the 128 KB
    every other page has: a 300 KB photograph is kept."""
    offender = make_offender()
    give_justification(lead_client, "offender", offender.pk)
    big = PNG + b"\0" * (300 * 1024)
    response = lead_client.post(
        f"/offenders/{offender.pk}/photo/new/",
        {"photo": SimpleUploadedFile("face.png", big, "image/png"), "taken_on": TODAY},
    )
    assert response.status_code == 302
    assert OffenderPhoto.objects.get(offender=offender).size_bytes == len(big)
