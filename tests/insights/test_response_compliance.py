"""Response compliance from the demand work: in the measures, in the inspection report's
"Responding to the public" area with a RAG status from the configuration, on the analyst
page, with small counts suppressed."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client

from safehold.accounts.roles import Role
from safehold.insights.measures import other_measures
from safehold.insights.rag import load_config
from safehold.insights.report import build
from tests.demand.factories import make_incident
from tests.insights.test_report import names_shown

START, END = date(2026, 1, 1), date(2026, 2, 28)


def call(day: int, month: int, minutes: int | None, **fields: object) -> None:
    received = datetime(2026, month, day, 10, tzinfo=UTC)
    values: dict[str, object] = {
        "received_at": received,
        "grade": 1,
        "route": "response",
        "rc_status": "",
        "incident_type": "assault",
        "target_minutes": 15,
        "dispatched_at": received + timedelta(minutes=2),
        "arrived_at": None if minutes is None else received + timedelta(minutes=minutes),
    }
    values.update(fields)
    make_incident(**values)


@pytest.fixture
def calls(db: None) -> None:
    # January: six emergency calls attended, four within 15 minutes (66.7 %); one not yet
    # attended and one resolution-centre call, neither counted.
    for day, minutes in [(3, 10), (4, 12), (5, 15), (6, 9), (7, 30), (8, 45)]:
        call(day, 1, minutes)
    call(9, 1, None)
    call(10, 1, None, grade=3, route="resolution_centre", target_minutes=None)
    # February: two attended, below the suppression threshold of 5.
    call(3, 2, 10)
    call(4, 2, 20)


def test_monthly_share_within_target_and_suppression(calls: None) -> None:
    measure = next(m for m in other_measures(START, END) if m.key == "response_compliance")
    january, february = measure.points
    assert (january.numerator, january.denominator) == (4, 6)
    assert january.value == pytest.approx(100 * 4 / 6)
    assert february.suppressed
    assert february.value is None


def test_in_the_responding_area_with_configured_thresholds(calls: None) -> None:
    config = load_config()
    responding = next(a for a in config.areas if a.key == "responding")
    assert "response_compliance" in responding.measures
    assert config.thresholds["response_compliance"].amber == 80.0
    report = build(START, END, with_charts=False)
    section = next(s for s in report["sections"] if s.key == "responding")
    item = next(i for i in section.items if i.measure.key == "response_compliance")
    # 5 of 8 within target over the period: 62.5 %, below amber (80): red, with its AFI.
    assert item.rag.status == "red"
    assert "response targets" in item.rag.afi


def test_the_analyst_page_shows_it(calls: None, client_for: Callable[[Role], Client]) -> None:
    page = client_for(Role.ANALYST).get(
        "/insights/inspection/", {"from": "2026-01-01", "to": "2026-02-28"}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "Response compliance" in body
    assert "07700 900123" not in body  # the callers' details stay out
    assert names_shown(re.sub(r"<[^>]+>", " ", body)) == []
