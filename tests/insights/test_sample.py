"""The case-file sample: reproducible by seed, stratified, logged, and not for analysts."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.audit.models import AccessLogEntry, Operation
from safehold.insights.sample import draw, sample
from safehold.synth.force import SeedParams, seed_force
from tests.conftest import give_justification

TODAY = date(2026, 3, 2)


def test_draw_is_reproducible_and_bounded() -> None:
    ids = list(range(100))
    assert draw(ids, 5, "a") == draw(list(reversed(ids)), 5, "a")
    assert draw(ids, 5, "a") != draw(ids, 5, "b")
    assert draw([3, 1], 5, "a") == [1, 3]


@pytest.mark.django_db
def test_sample_strata_records_and_trails() -> None:
    seed_force(SeedParams(seed=2, scale=0.03, today=TODAY))
    start, end = date(2025, 9, 1), date(2026, 2, 28)
    cases = sample(start, end, per_stratum=3, seed=1)
    assert [c.reference for c in cases] == [
        c.reference for c in sample(start, end, per_stratum=3, seed=1)
    ]
    strata = {c.stratum for c in cases}
    assert strata == {"offenders_visited", "da_closed", "closures_15_16"}
    nfa = [c for c in cases if c.stratum == "closures_15_16"]
    assert all(dict(c.facts)["Outcome"].split(":")[0] in {"15", "16"} for c in nfa)
    assert all("Supervisor's review" in dict(c.facts) for c in nfa)

    lead = User.objects.filter(role=Role.PRIORITIES_LEAD).first()
    analyst = User.objects.filter(role=Role.ANALYST).first()
    assert lead is not None
    assert analyst is not None
    client = Client()
    client.force_login(lead)
    give_justification(client, "case_sample", text="HMICFRS dip-sample")
    before = AccessLogEntry.objects.filter(operation=Operation.CONSULTATION).count()
    page = client.get(
        "/insights/inspection/sample/",
        {"from": "2025-09-01", "to": "2026-02-28", "seed": "1", "per_stratum": "3"},
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert cases[0].reference in body
    assert cases[0].person in body
    logged = AccessLogEntry.objects.filter(operation=Operation.CONSULTATION).count() - before
    assert logged == len(cases)
    other = Client()
    other.force_login(analyst)
    assert other.get("/insights/inspection/sample/").status_code == 403
