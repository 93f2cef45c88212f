"""The synthetic caseload: the risk mix and a backlog of exactly the size asked for."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from safehold.offenders.backlog_queries import compute_backlog
from safehold.offenders.models import BacklogSnapshot, Offender, Visit
from safehold.synth.force import SeedParams, seed_force

TODAY = date(2026, 3, 2)


@pytest.mark.django_db
def test_the_synthetic_force_leaves_the_configured_backlog_and_the_national_risk_mix() -> None:
    """At scale 0.2: 260 offenders in proportion, 52 overdue, a trend, histories of visits."""
    seed_force(SeedParams(seed=5, scale=0.2, today=TODAY, overdue_target=260))
    backlog = compute_backlog(TODAY).to_dict()
    assert backlog["overdue_visits"] == 52
    mix = Counter(Offender.objects.values_list("risk_level", flat=True))
    assert Offender.objects.count() == 260
    assert 0.4 < mix["low"] / 260 < 0.6
    assert 0.1 < mix["high"] / 260 < 0.26
    assert Visit.objects.count() > 260 * 5
    assert BacklogSnapshot.objects.filter(day=TODAY).get().overdue_visits == 52
    # The procedures: reactive management justified and signed off, whereabouts unknown
    # pursued by a procedure, some late notifications flagged for the DS.
    from datetime import timedelta

    from safehold.offenders.models import (
        Notification,
        RiskAssessment,
        RiskChange,
        WhereaboutsProcedure,
    )

    reactive = Offender.objects.filter(status="reactive_management")
    assert reactive.exists()
    assert not RiskAssessment.objects.filter(
        offender__in=reactive, assessed_on__gte=TODAY - timedelta(days=3 * 365)
    ).exclude(level="low")
    assert (
        RiskChange.objects.filter(
            offender__in=reactive, kind="reactive_management", state="approved"
        ).count()
        == reactive.count()
    )
    unknown = Offender.objects.filter(status="whereabouts_unknown")
    assert unknown.exists()
    assert WhereaboutsProcedure.objects.filter(closed_at__isnull=True).count() == unknown.count()
    assert not Offender.objects.filter(status="managed", last_visit_attempt_outcome="not_resident")
    assert Notification.objects.filter(possible_s91=True).exists()
    # Orders (issue 10, item 5): about a quarter under an SHPO, every order with its
    # terms, some ending soon; breaches linked; trips checked; markers and reviews.
    from safehold.offenders.models import (
        Breach,
        OfficerSafetyMarker,
        Order,
        OrderRequirement,
        VisitReview,
    )

    shpo = Order.objects.filter(kind="shpo").values("offender_id").distinct().count()
    assert 0.18 < shpo / 260 < 0.32
    assert Order.objects.filter(kind="licence").exists()
    assert not Order.objects.exclude(id__in=OrderRequirement.objects.values("order_id"))
    assert Order.objects.filter(
        ends_on__gte=TODAY, ends_on__lte=TODAY + timedelta(days=56), starts_on__lte=TODAY
    ).exists()
    assert Breach.objects.filter(requirement__isnull=False).exists()
    assert not Breach.objects.filter(crime_reference="")
    # Every breach worded as an order's belongs to an order the offender has, in force
    # that day, with the term it breaks; the others are the notification requirements'.
    for b in Breach.objects.select_related("order", "requirement"):
        if b.order is None:
            assert "SHPO" not in b.what, b.what
            assert not b.what.startswith("Breach of"), b.what
            assert "device" not in b.what.lower() or "(s91)" in b.what, b.what
            continue
        assert b.order.offender_id == b.offender_id
        assert b.order.starts_on <= b.occurred_on
        assert b.order.ends_on is None or b.occurred_on <= b.order.ends_on
        assert b.requirement is not None
        assert b.requirement.order_id == b.order_id
        assert b.what.startswith("Breach of the ")
        assert b.requirement.text in b.what
    assert OfficerSafetyMarker.objects.exists()
    # Concerning visits of the last three days await a sergeant; older ones mostly not.
    from safehold.offenders.visit_reviews import awaiting_review

    assert awaiting_review()
    assert not VisitReview.objects.filter(visit__raised_concern=False)
    assert Visit.objects.exclude(compliance={}).exists()


@pytest.mark.django_db
def test_the_synthetic_force_has_the_risk_tools_plans_and_mappa_in_realistic_shares() -> None:
    """Every offender has ARMS, every man RM2000 whose combined category is his level;
    plans for the higher risks; MAPPA category 1 and level 1 mostly; the backlog stays."""
    from safehold.offenders.models import (
        ArmsAssessment,
        CaseDetails,
        MappaMeeting,
        RiskPlan,
        StaticAssessment,
    )

    seed_force(SeedParams(seed=5, scale=0.2, today=TODAY, overdue_target=260))
    assert compute_backlog(TODAY).to_dict()["overdue_visits"] == 52
    n = Offender.objects.count()
    assert ArmsAssessment.objects.values("offender").distinct().count() == n
    men = Offender.objects.exclude(person__sex="F")
    assert StaticAssessment.objects.filter(offender__in=men).count() == men.count()
    for s in StaticAssessment.objects.select_related("offender")[:50]:
        assert s.combined == s.offender.risk_level
    plans = RiskPlan.objects.select_related("offender")
    assert 0.1 < plans.count() / n < 0.5
    assert all(p.review_on == p.offender.risk_review_due_on for p in plans)
    categories = Counter(Offender.objects.values_list("mappa_category", flat=True))
    levels = Counter(Offender.objects.values_list("mappa_level", flat=True))
    assert categories[1] / n > 0.9
    assert levels[1] / n > 0.8
    assert MappaMeeting.objects.exists()
    assert CaseDetails.objects.count() == n
