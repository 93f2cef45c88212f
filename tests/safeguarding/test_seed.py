"""The synthetic year of domestic abuse: volumes, repeat victims, rates and a live queue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
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
    PersonMatch,
    ProtectiveAction,
    Reassessment,
)
from safehold.safeguarding.queries import compute_queue
from safehold.synth.force import SeedParams, seed_force

TODAY = date(2026, 3, 2)


@pytest.mark.django_db
def test_a_small_force_has_a_years_incidents_realistic_rates_and_a_live_queue() -> None:
    """Scale 0.1: 2,800 incidents; repeats and serial suspects; arrest and charge rates."""
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
    assert all(r.incident.reported_at > now.replace(day=1) for r in queue.rows)
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
