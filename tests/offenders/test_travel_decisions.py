"""The DS's decision on a flagged trip abroad: one service (a sergeant or above who may
edit the record, one transaction, an access-log entry), and the record and briefing show
the decision instead of "For the DS"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from tests.conftest import give_justification

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry
from safehold.errors import Conflict, Forbidden, InvalidInput, NotFound
from safehold.offenders import services
from safehold.offenders.models import Notification, Offender
from safehold.offenders.travel_decisions import decide_travel_flag

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _trip(actor: User, offender: Offender, where: str = "Cambodia") -> Notification:
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


def _decisions() -> int:
    return AccessLogEntry.objects.filter(
        record_type="notification", detail__has_key="travel_decision"
    ).count()


def test_a_constable_is_refused_and_nothing_is_written(
    make_offender: Callable[..., Offender], om: User
) -> None:
    """The offender's own manager, a constable, may edit the record but not decide."""
    offender = make_offender()
    trip = _trip(om, offender)
    assert trip.travel_flag
    version = Offender.objects.get(pk=offender.pk).version
    with pytest.raises(Forbidden) as refused:
        decide_travel_flag(om, offender.pk, trip.pk, decision="no_action", note="Holiday")
    assert refused.value.code == "needs_sergeant"
    trip.refresh_from_db()
    assert (trip.travel_decision, trip.travel_decision_note, trip.travel_decided_by) == (
        "",
        "",
        None,
    )
    assert Offender.objects.get(pk=offender.pk).version == version
    assert _decisions() == 0


def test_the_ds_decides_once_with_a_note_and_an_access_log_entry(
    make_offender: Callable[..., Offender], om: User, ds: User
) -> None:
    offender = make_offender()
    trip = _trip(om, offender)
    with pytest.raises(InvalidInput) as no_note:
        decide_travel_flag(ds, offender.pk, trip.pk, decision="enquiry", note="  ")
    assert no_note.value.field == "note"
    with pytest.raises(InvalidInput) as bad:
        decide_travel_flag(ds, offender.pk, trip.pk, decision="ignore", note="x")
    assert bad.value.field == "decision"
    decided = decide_travel_flag(
        ds, offender.pk, trip.pk, decision="enquiry", note="Ask the hotel and the airline"
    )
    assert decided.travel_decision == "enquiry"
    assert decided.travel_decided_by == ds
    assert decided.travel_decided_at is not None
    assert _decisions() == 1
    with pytest.raises(Conflict):
        decide_travel_flag(ds, offender.pk, trip.pk, decision="no_action", note="Changed mind")
    trip.refresh_from_db()
    assert trip.travel_decision == "enquiry"
    assert _decisions() == 1


def test_only_a_flagged_trip_of_this_record_can_be_decided(
    make_offender: Callable[..., Offender], om: User, ds: User
) -> None:
    offender, other = make_offender(), make_offender()
    unflagged = _trip(om, offender, "Spain")
    assert unflagged.travel_flag == ""
    flagged_elsewhere = _trip(om, other)
    for offender_id, trip in ((offender.pk, unflagged), (offender.pk, flagged_elsewhere)):
        with pytest.raises(NotFound):
            decide_travel_flag(ds, offender_id, trip.pk, decision="no_action", note="x")
    assert _decisions() == 0


def test_the_record_shows_the_decision_instead_of_waiting_for_the_ds(
    make_offender: Callable[..., Offender],
    om: User,
    ds: User,
    om_client: Client,
    lead_client: Client,
) -> None:
    offender = make_offender()
    trip = _trip(om, offender)
    url = f"/offenders/{offender.pk}/"
    give_justification(om_client, "offender", offender.pk)
    page = om_client.get(url).content.decode()
    assert 'data-testid="travel-flag"' in page
    assert 'data-testid="travel-decision-form"' not in page  # a constable: no form
    # A constable's post is refused by the service: nothing changes.
    om_client.post(
        f"{url}travel/decide/",
        {"notification": trip.pk, "decision": "no_action", "note": "Holiday"},
    )
    trip.refresh_from_db()
    assert trip.travel_decision == ""

    sergeant = Client()
    sergeant.force_login(ds)
    give_justification(sergeant, "offender", offender.pk)
    assert 'data-testid="travel-decision-form"' in sergeant.get(url).content.decode()
    missing = sergeant.post(f"{url}travel/decide/", {"notification": trip.pk, "decision": "x"})
    assert missing.status_code == 302
    trip.refresh_from_db()
    assert trip.travel_decision == ""
    response = sergeant.post(
        f"{url}travel/decide/",
        {
            "notification": trip.pk,
            "decision": "breach_suspected",
            "note": "Booked via Bangkok, prohibited",
        },
    )
    assert response.status_code == 302
    page = sergeant.get(url).content.decode()
    assert 'data-testid="travel-flag"' not in page
    assert 'data-testid="travel-flag-decided"' in page
    assert "DS decision: Breach suspected" in page
    assert "Booked via Bangkok, prohibited" in page
    # The briefing shows the decision too.
    briefing = lead_client.get("/offenders/briefing/").context["briefing"]
    travel = next(s for s in briefing.sections if s.key == "travel")
    why = next(line.why for line in travel.lines if line.offender_id == offender.pk)
    assert not any(w.startswith("Flagged for the DS") for w in why)
    assert any("DS decision: breach suspected: Booked via Bangkok" in w for w in why)
