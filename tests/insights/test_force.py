"""The synthetic force's DA crimes feed the crime table; the analyst's page shows them
as aggregates and never a name."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.insights.models import Crime, CrimeSource
from safehold.safeguarding.models import Incident
from safehold.synth.crimes import crimes_from_incidents
from safehold.synth.force import SeedParams, seed_force
from tests.insights.test_report import names_shown

TODAY = date(2026, 3, 2)


@pytest.fixture
def force(db: None) -> dict[str, int]:
    return seed_force(SeedParams(seed=5, scale=0.03, today=TODAY))


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_crimes_come_from_the_incidents_and_are_refreshed(force: dict[str, int]) -> None:
    recorded = Incident.objects.filter(crime_recorded=True).count()
    assert force["crimes"] == recorded == Crime.objects.count() > 100
    crime = Crime.objects.filter(outcome_type__isnull=False).first()
    assert crime is not None
    assert crime.source == CrimeSource.SAFEGUARDING
    assert crime.outcome_on is not None
    assert crime.outcome_on >= crime.recorded_on
    assert crimes_from_incidents() == recorded  # idempotent: updates, no duplicates
    assert Crime.objects.count() == recorded
    assert Crime.objects.values("area").distinct().count() > 3


def test_explain_command_json(force: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "outcomes",
        "explain",
        "--metric",
        "arrest_rate",
        "--before",
        "2025-04..2025-09",
        "--after",
        "2025-10..2026-02",
        "--json",
    )
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"before", "after", "change_pp", "by_area", "by_crime_type", "outcome_shift"}
    total = sum(p["contribution_pp"] for p in out["by_area"])
    assert abs(total - out["change_pp"]) < 0.01
    contributions = [abs(p["contribution_pp"]) for p in out["by_crime_type"]]
    assert contributions == sorted(contributions, reverse=True)


def test_analyst_page_has_the_explanation_and_no_names(force: dict[str, int]) -> None:
    client = Client()
    analyst = User.objects.filter(role=Role.ANALYST).first()
    assert analyst is not None
    client.force_login(analyst)
    response = client.get(
        "/insights/outcomes/", {"before": "2025-04..2025-09", "after": "2025-10..2026-02"}
    )
    assert response.status_code == 200
    # The header names the signed-in analyst (staff, not a person on record): leave it out.
    text = visible_text(response.content.decode()).replace(analyst.display_name, "")
    assert "The DA charge/summons rate" in text
    assert names_shown(text) == []
    for url in ("/insights/outcomes/explain.svg?by=crime_type", "/insights/outcomes/measure.svg"):
        assert client.get(url).status_code == 200
    bad = client.get("/insights/outcomes/", {"before": "last year"})
    assert "is not a period" in bad.content.decode()
