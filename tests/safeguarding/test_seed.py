"""The synthetic year of domestic abuse: volumes, repeat victims, rates and a live queue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count
from django.utils import timezone

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.safeguarding import services
from safehold.safeguarding.matching import FakeMatcher
from safehold.safeguarding.models import (
    ClosureStatus,
    DashAssessment,
    Incident,
    MaracReferral,
    OrderBreach,
    PersonMatch,
    ProtectiveAction,
    Reassessment,
)
from safehold.safeguarding.queries import compute_queue
from safehold.synth.force import SeedParams, seed_force
from safehold.synth.safeguarding_answers import Instruments
from safehold.synth.safeguarding_orders import pilot_from
from safehold.synth.safeguarding_plan import LIVE_WINDOW, LONDON

TODAY = date(2026, 3, 2)


@pytest.mark.django_db
def test_a_small_force_has_a_years_incidents_realistic_rates_and_a_live_queue() -> None:
    """Scale 0.1: 2,800 incidents; repeats and serial suspects; arrest and charge rates;
    DARA on a share of the incidents since the force's trial began, referred like DASH."""
    counts = seed_force(SeedParams(seed=3, scale=0.1, today=TODAY))
    assert counts["da_incidents"] == Incident.objects.count() == 2800
    crimes = Incident.objects.filter(crime_recorded=True).count()
    arrests = ProtectiveAction.objects.filter(kind="arrest").count()
    charged = Incident.objects.filter(outcome_type=1).count()
    assert 33 <= 100 * arrests / crimes <= 46
    assert 0.08 <= charged / crimes <= 0.15
    repeat = Incident.objects.values("victim").annotate(n=Count("id")).filter(n__gt=1).count()
    serial = (
        Incident.objects.values("suspect").annotate(v=Count("victim", distinct=True))
        .filter(v__gt=1).count()
    )  # fmt: skip
    assert repeat > 100
    assert serial > 5
    delayed = Incident.objects.exclude(attendance="attended").count()
    assert 0.2 < delayed / 2800 < 0.45
    assert DashAssessment.objects.count() > 2000
    assert MaracReferral.objects.exists()
    assert Incident.objects.filter(closure_status=ClosureStatus.AWAITING_REVIEW).exists()
    now = datetime.combine(TODAY, time(9, 30), tzinfo=ZoneInfo("Europe/London"))
    queue = compute_queue(now)
    assert 1 <= len(queue.rows) <= 15
    # Waiting victims are those of the last 30 hours (LIVE_WINDOW), not the month's.
    assert all(r.incident.reported_at >= now - LIVE_WINDOW for r in queue.rows)
    assert Reassessment.objects.filter(sign_off="awaiting").exists()
    assert PersonMatch.objects.filter(status="pending").exists()
    # Households with children are referred to children's social care, with its outcome.
    referred = ProtectiveAction.objects.filter(kind="childrens_social_care")
    assert referred.exclude(incident__children_present=True).count() == 0
    assert (
        referred.count()
        > 0.8 * Incident.objects.filter(children_present=True, seen_at__isnull=False).count()
    )
    assert set(referred.exclude(outcome="").values_list("outcome", flat=True)) == {
        "accepted",
        "already_open",
        "not_accepted",
    }
    assert ProtectiveAction.objects.filter(kind="dvpn").exclude(suspect_representations="").exists()
    _assert_dara_trial(now)
    _assert_dapn_pilot(now)


def _assert_dapn_pilot(now: datetime) -> None:
    """The synthetic force is a DAPN/DAPO pilot from a day in its year: DVPNs before it,
    DAPNs and DAPOs (with requirements, notification clocks, breaches) after it."""
    start = pilot_from(TODAY)
    assert now.date() - timedelta(days=365) < start < now.date()
    actions = ProtectiveAction.objects
    dvpn, dapn = actions.filter(kind="dvpn"), actions.filter(kind="dapn")
    assert dvpn.exists()
    assert dapn.exists()
    assert all(a.started_at.astimezone(LONDON).date() < start for a in dvpn)
    assert all(a.started_at.astimezone(LONDON).date() >= start for a in dapn)
    assert all(a.authorised_by_rank == "inspector" and a.suspect_representations for a in dapn)
    dapos = actions.filter(kind="dapo")
    assert dapos.exists()
    assert any(r["kind"] == "positive" for a in dapos for r in a.requirements)
    assert actions.filter(kind="dapo_notification").count() == sum(
        1 for a in dapos if any(r["kind"] == "notification" for r in a.requirements)
    )
    assert not actions.filter(kind="dvpo", started_at__date__gt=start + timedelta(days=3)).exists()
    assert OrderBreach.objects.filter(order__kind__in=["dapo", "dapo_notification"]).exists()


def _assert_dara_trial(now: datetime) -> None:
    start = Instruments.for_force(now).dara_from
    dara = DashAssessment.objects.filter(questionnaire_id="dara")
    trial = DashAssessment.objects.filter(incident__reported_at__date__gte=start)
    assert not dara.filter(incident__reported_at__date__lt=start - timedelta(days=1)).exists()
    assert 0.3 < dara.count() / trial.count() < 0.5
    assert set(dara.values_list("grade", flat=True)) == {"standard", "medium", "high"}
    high = dara.filter(actuarial_grade="high")
    assert all(any(c["code"] == "visible_high_risk" for c in a.marac_criteria) for a in high)
    referred = MaracReferral.objects.filter(incident__assessments__questionnaire_id="dara")
    assert referred.count() >= 0.8 * high.count() > 0


@pytest.mark.django_db
def test_incidents_logged_after_the_seed_get_new_ids(make_user: Callable[..., User]) -> None:
    """The seed writes incident ids itself; the next one logged still gets a fresh id."""
    seed_force(SeedParams(seed=1, scale=0.02, today=TODAY))
    call_handler = make_user(Role.RESOLUTION_INVESTIGATOR, username="after.seed")
    top = Incident.objects.order_by("-id").values_list("id", flat=True)[0]
    incident = services.log_incident(
        call_handler,
        services.IncidentInput(
            reported_at=timezone.now(),
            source="call",
            attendance="delayed",
            grade="medium",
            victim=services.PersonDetails("Lowri", "Seedtest"),
        ),
        matcher=FakeMatcher(),
    )
    assert incident.pk == top + 1
