"""The synthetic force holds DA households linked to the offender register (issue 10.9)."""

from __future__ import annotations

from datetime import date

import pytest

from safehold.people.crosslinks import LinkKind, links_for_incidents, links_for_offenders
from safehold.safeguarding.models import Incident
from safehold.synth.force import SeedParams, seed_force


@pytest.mark.django_db
def test_the_seeded_force_has_each_kind_of_cross_unit_link_some_in_the_live_queue() -> None:
    """Scale 0.1: a few of each kind, found by the query (nothing stored), some waiting."""
    counts = seed_force(SeedParams(seed=3, scale=0.1, today=date(2026, 3, 2)))
    links = [x for found in links_for_offenders(None).values() for x in found]
    kinds = {k: sum(1 for x in links if x.kind is k) for k in LinkKind}
    assert kinds[LinkKind.SUSPECT_IS_OFFENDER] >= counts["cross_link_suspects"] >= 2
    assert kinds[LinkKind.HOUSEHOLD_IS_OFFENDER] >= 1
    assert kinds[LinkKind.CHILD_AT_OFFENDER_HOME] >= counts["cross_link_child_homes"] >= 1
    waiting = Incident.objects.filter(seen_at__isnull=True, closure_status="open")
    assert links_for_incidents(waiting.values_list("pk", flat=True))
