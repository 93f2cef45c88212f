"""The register's pages: list, record, forms, backlog, briefing, export — and their cost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.conftest import give_justification
from tests.factories import OffenderFactory, PersonFactory

from safehold.accounts.models import User
from safehold.audit.models import AccessLogEntry, Operation
from safehold.offenders.models import BacklogSnapshot, Breach, Notification, Offender, Visit

pytestmark = pytest.mark.django_db
TODAY = date.today()


def test_the_list_filters_by_risk_and_overdue_and_says_how_many(
    lead_client: Client, make_offender: Callable[..., Offender]
) -> None:
    """?risk=very_high&overdue=yes shows only very high risk offenders overdue a visit."""
    target = make_offender("very_high", seen_days_ago=50)
    make_offender("very_high", seen_days_ago=5)
    make_offender("low", seen_days_ago=500)
    response = lead_client.get("/offenders/", {"risk": "very_high", "overdue": "yes"})
    rows = response.context["rows"]
    assert [o.pk for o, _ in rows] == [target.pk]
    assert rows[0][1].days_overdue > 0


def test_an_offender_manager_starts_with_their_own_caseload(
    om_client: Client, make_offender: Callable[..., Offender], make_user: Callable[..., User]
) -> None:
    """The default list for an offender manager is their caseload; 'Anyone' shows all."""
    mine = make_offender()
    make_offender(offender_manager=make_user("offender_manager"))
    assert [o.pk for o, _ in om_client.get("/offenders/").context["rows"]] == [mine.pk]
    assert len(om_client.get("/offenders/", {"manager": ""}).context["rows"]) == 2


def test_the_list_sorts_by_days_overdue(
    lead_client: Client, make_offender: Callable[..., Offender]
) -> None:
    """?sort=-overdue puts the most overdue first."""
    for days in (40, 200, 100):
        make_offender("high", seen_days_ago=days)
    rows = lead_client.get("/offenders/", {"sort": "-overdue"}).context["rows"]
    overdue = [r.days_overdue for _, r in rows]
    assert overdue == sorted(overdue, reverse=True)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/offenders/", "/offenders/backlog/", "/offenders/briefing/"])
def test_list_backlog_and_briefing_cost_the_same_queries_at_any_size(
    url: str, lead_client: Client, make_offender: Callable[..., Offender]
) -> None:
    """6 offenders or 60 (with visits, breaches, trips and concerns): the same query count."""

    def add(n: int) -> None:
        for i in range(n):
            o = make_offender(("very_high", "high", "low")[i % 3], seen_days_ago=30 + i * 7)
            Breach.objects.create(
                offender=o, what="x", occurred_on=TODAY, action="arrest", recorded_at=timezone.now()
            )
            Notification.objects.create(
                offender=o,
                kind="foreign_travel",
                notified_on=TODAY,
                travel_departs_on=TODAY + timedelta(days=3),
                travel_destination="Spain",
            )
            Visit.objects.create(
                offender=o,
                outcome="seen",
                visited_at=timezone.now(),
                concerns="y",
                raised_concern=True,
            )

    add(6)
    _count(lead_client, url)  # warm-up: the access log's chain head, the session
    small = _count(lead_client, url)
    add(54)
    large = _count(lead_client, url)
    assert small == large


def test_the_trend_chart_draws_the_daily_snapshots_without_evaluating_the_register(
    lead_client: Client, make_offender: Callable[..., Offender]
) -> None:
    """The chart is the snapshots of the last 90 days: no offender is read to draw it."""
    make_offender("very_high", seen_days_ago=50)
    for days_ago, overdue in ((2, 7), (1, 5)):
        BacklogSnapshot.objects.create(
            day=TODAY - timedelta(days=days_ago),
            policy_version="p",
            overdue_visits=overdue,
            missed_visits=0,
            oldest_overdue_days=30,
        )
    with CaptureQueriesContext(connection) as ctx:
        response = lead_client.get("/offenders/backlog/trend.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    assert not [q for q in ctx.captured_queries if 'FROM "offenders_offender"' in q["sql"]]


def test_the_record_says_why_the_visit_is_due_and_shows_the_timeline(
    client_for: Callable[..., Client], make_offender: Callable[..., Offender], om: User
) -> None:
    """The due status carries the policy's reasons and version; events are on the timeline."""
    offender = make_offender("very_high", seen_days_ago=50)
    Breach.objects.create(
        offender=offender,
        what="Failed to notify",
        occurred_on=TODAY,
        action="arrest",
        recorded_at=timezone.now(),
    )
    client = client_for("offender_manager")
    give_justification(client, "offender", offender.pk)
    page = client.get(f"/offenders/{offender.pk}/").content.decode()
    assert "overdue by" in page
    assert "the force default for very high risk" in page
    assert "staffs-2026.2" in page
    assert "Breach: Failed to notify" in page


@pytest.mark.parametrize(
    ("form", "data", "field"),
    [
        (
            "visits/new",
            {"kind": "home", "visit_date": "2026-02-30", "visit_time": "10:00", "outcome": "seen"},
            "visit_date",
        ),
        (
            "visits/new",
            {"kind": "home", "visit_date": "2020-01-01", "visit_time": "10:00", "outcome": "seen"},
            "officer_1",
        ),
        (
            "assessments/new",
            {"tool": "arms", "level": "catastrophic", "assessed_on": "2026-01-01"},
            "level",
        ),
        (
            "notifications/new",
            {"kind": "foreign_travel", "notified_on": "2026-01-01"},
            "travel_destination",
        ),
        ("breaches/new", {"what": "", "occurred_on": "2026-01-01", "action": "arrest"}, "what"),
        (
            "breaches/new",
            {"what": "x", "occurred_on": "3026-01-01", "action": "arrest"},
            "occurred_on",
        ),
        (
            "visits/schedule",
            {"planned_date": "2020-01-01", "planned_time": "18:00"},
            "planned_date",
        ),
        ("status", {"status": "in_custody", "reason": "", "version": "1"}, "reason"),
        ("notifications/new", {"kind": "periodic", "notified_on": "yesterday"}, "notified_on"),
    ],
)
def test_a_bad_form_shows_the_error_summary_against_the_field_and_writes_nothing(
    form: str,
    data: dict[str, str],
    field: str,
    client_for: Callable[..., Client],
    make_offender: Callable[..., Offender],
) -> None:
    """Wrong dates, unknown values, missing fields: GOV.UK error summary, nothing saved."""
    offender = make_offender()
    client = client_for("offender_manager")
    give_justification(client, "offender", offender.pk)
    before = (
        Visit.objects.count(),
        Breach.objects.count(),
        Notification.objects.count(),
        AccessLogEntry.objects.exclude(operation=Operation.CONSULTATION).count(),
    )
    response = client.post(f"/offenders/{offender.pk}/{form}/", data)
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert f'href="#id_{field}"'.encode() in response.content
    after = (
        Visit.objects.count(),
        Breach.objects.count(),
        Notification.objects.count(),
        AccessLogEntry.objects.exclude(operation=Operation.CONSULTATION).count(),
    )
    assert before == after


@pytest.mark.parametrize(
    "form",
    [
        "visits/new",
        "visits/schedule",
        "assessments/new",
        "notifications/new",
        "breaches/new",
        "status",
    ],
)
def test_a_record_form_reads_the_offender_once_and_not_their_history(
    form: str, lead_client: Client, make_offender: Callable[..., Offender]
) -> None:
    """A form names whose record it is: one read of the register, no visits or breaches
    (the visit and breach forms read the terms of the offender's orders too, once)."""
    offender = make_offender()
    give_justification(lead_client, "offender", offender.pk)
    with CaptureQueriesContext(connection) as ctx:
        assert lead_client.get(f"/offenders/{offender.pk}/{form}/").status_code == 200
    reads = [q["sql"] for q in ctx.captured_queries if 'FROM "offenders_' in q["sql"]]
    orders = [q for q in reads if 'FROM "offenders_order' in q]
    assert len(reads) - len(orders) == 1
    assert len(orders) == (1 if form in ("visits/new", "breaches/new") else 0)


def test_recording_a_visit_through_the_form_takes_the_offender_off_the_backlog(
    lead_client: Client, make_offender: Callable[..., Offender], om: User, lead: User
) -> None:
    """The backlog falls by one after a 'seen' visit is recorded."""
    offender = make_offender("very_high", seen_days_ago=45)
    make_offender("high", seen_days_ago=200)
    give_justification(lead_client, "offender", offender.pk)
    before = lead_client.get("/offenders/backlog/").context["b"]["overdue_visits"]
    response = lead_client.post(
        f"/offenders/{offender.pk}/visits/new/",
        {
            "kind": "home",
            "visit_date": TODAY.isoformat(),
            "visit_time": "00:01",
            "outcome": "seen",
            "officer_1": om.pk,
            "officer_2": lead.pk,
        },
    )
    assert response.status_code == 302
    after = lead_client.get("/offenders/backlog/").context["b"]["overdue_visits"]
    assert after == before - 1


def test_the_briefing_lists_overdue_high_risk_offenders_with_why(
    lead_client: Client, make_offender: Callable[..., Offender]
) -> None:
    """A very high risk offender 50 days since the last visit is on it, with the reason."""
    offender = make_offender("very_high", seen_days_ago=50)
    make_offender("low", seen_days_ago=500)
    briefing = lead_client.get("/offenders/briefing/").context["briefing"]
    section = next(s for s in briefing.sections if s.key == "overdue_high")
    assert [line.offender_id for line in section.lines] == [offender.pk]
    assert "days overdue" in section.lines[0].why[0]


def test_the_lead_assigns_and_marks_pursued_from_the_briefing(
    lead_client: Client, make_offender: Callable[..., Offender], om: User
) -> None:
    """The briefing's actions assign a manager and mark the offender pursued, then return."""
    offender = make_offender("very_high", seen_days_ago=50, offender_manager=None)
    response = lead_client.post(
        f"/offenders/{offender.pk}/assign/",
        {"manager": om.pk, "version": offender.version, "back": "briefing"},
    )
    assert response["Location"].startswith("/offenders/briefing/")
    offender.refresh_from_db()
    response = lead_client.post(
        f"/offenders/{offender.pk}/pursue/",
        {
            "pursued": "on",
            "reason": "no access twice",
            "version": offender.version,
            "back": "briefing",
            "section": "overdue_high",
        },
    )
    # Back at the line with its section open (its lines are not in the folded page).
    assert response["Location"] == (
        f"/offenders/briefing/?section=overdue_high#line-overdue_high-{offender.pk}"
    )
    offender.refresh_from_db()
    assert offender.offender_manager == om
    assert offender.pursued
    assert offender.pursued_reason == "no access twice"


def test_the_printable_briefing_has_no_actions(
    lead_client: Client, make_offender: Callable[..., Offender]
) -> None:
    """?print=1 gives the same lines without the forms."""
    make_offender("very_high", seen_days_ago=50)
    page = lead_client.get("/offenders/briefing/", {"print": "1"}).content.decode()
    assert "Very high and high risk offenders overdue a visit" in page
    assert "Mark as pursued" not in page


def test_the_csv_export_neutralises_formulas_and_is_logged_as_a_disclosure(
    lead_client: Client, lead: User
) -> None:
    """A family name starting with '=' is exported as text; the export is logged."""
    OffenderFactory(person=PersonFactory(family_name="=HYPERLINK(1)"))
    response = lead_client.get("/offenders/export.csv")
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert "'=HYPERLINK(1)" in body
    entry = AccessLogEntry.objects.get(record_type="offender_export")
    assert (entry.operation, entry.user) == (Operation.DISCLOSURE, lead)


def test_a_record_form_asks_why_first_and_logs_the_look(
    client_for: Callable[..., Client], make_offender: Callable[..., Offender], om: User
) -> None:
    """The form names the offender: it asks for a justification, then logs a consultation."""
    offender = make_offender()
    client = client_for("offender_manager")
    url = f"/offenders/{offender.pk}/breaches/new/"
    assert client.get(url)["Location"].startswith("/audit/justify/")
    give_justification(client, "offender", offender.pk, reason="case_management", text="x")
    assert client.get(url).status_code == 200
    entry = AccessLogEntry.objects.get(operation=Operation.CONSULTATION, record_type="offender")
    assert (entry.user, entry.person_id) == (om, offender.person_id)


def test_the_briefing_loads_each_lines_actions_when_opened(
    lead_client: Client, make_offender: Callable[..., Offender], om: User
) -> None:
    """The briefing carries a link per line instead of its forms (a 244-line briefing was
    792 KB, a manager list per line); the actions come on opening, logged, and work."""
    offender = make_offender("very_high", seen_days_ago=50, offender_manager=None)
    page = lead_client.get("/offenders/briefing/section/?section=overdue_high").content.decode()
    assert "Mark as pursued" not in page
    url = f"/offenders/briefing/{offender.pk}/act/?section=overdue_high&title=Overdue"
    assert f'hx-get="{url.split("&")[0]}&amp;title=Very%20high' in page
    fragment = lead_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert 'name="manager"' in fragment
    assert f'<option value="{om.pk}">' in fragment
    assert 'value="Overdue"' in fragment
    full = lead_client.get(url).content.decode()
    assert "Back to the briefing" in full
    assert (
        AccessLogEntry.objects.filter(
            record_type="briefing_line_tools", person_id=offender.person_id
        ).count()
        == 2
    )
