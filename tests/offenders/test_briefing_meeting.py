"""The briefing page: a summary first, sections folded, an A4 print of every line, and the
daily meeting's actions recorded against a line and shown on it the next day."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.conftest import give_justification

from safehold.accounts.models import ApiToken, Team, User
from safehold.accounts.roles import Role
from safehold.audit.models import AccessLogEntry
from safehold.errors import Forbidden, InvalidInput
from safehold.offenders import services
from safehold.offenders.briefing import compute_briefing
from safehold.offenders.briefing_lines import CARRIED
from safehold.offenders.models import BriefingAction, MeetingActionState, Offender

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture
def overdue(make_offender: Callable[..., Offender]) -> list[Offender]:
    """Five very high risk offenders overdue a visit, one more each day, and a low one."""
    made = [make_offender("very_high", seen_days_ago=40 + i) for i in range(5)]
    make_offender("low", seen_days_ago=500)
    return made


def _action(lead: User, offender: Offender, om: User, **kwargs: object) -> BriefingAction:
    data = {
        "section": "overdue_high",
        "kind": "visit",
        "due_on": TOMORROW,
        "officer_id": om.pk,
        "note": "Unannounced, evening",
        **kwargs,
    }
    return services.record_briefing_action(
        lead,
        offender.pk,
        services.BriefingActionInput(**data),  # type: ignore[arg-type]
    )


def _row(page: str, row_id: str) -> str:
    """The HTML of the table row with this id."""
    match = re.search(rf'<tr[^>]*id="{row_id}".*?</tr>', page, re.S)
    assert match, f"no row {row_id}"
    return match.group(0)


def test_the_summary_counts_match_the_sections_and_show_the_most_urgent_first(
    lead_client: Client, overdue: list[Offender]
) -> None:
    """Five overdue: the summary says 5 and names the three most overdue, then '2 more'."""
    response = lead_client.get("/offenders/briefing/")
    briefing, summary = response.context["briefing"], response.context["summary"]
    page = response.content.decode()
    for row, section in zip(summary, briefing.sections, strict=True):
        assert row.count == len(section.lines)
        if row.count:
            cell = re.search(rf'data-testid="count-{row.key}">(\d+)<', page)
            assert cell
            assert int(cell.group(1)) == row.count
    overdue_row = next(r for r in summary if r.key == "overdue_high")
    most_overdue = sorted(overdue, key=lambda o: o.last_visit_seen_on)[:3]
    assert [ln.offender_id for ln in overdue_row.top] == [o.pk for o in most_overdue]
    assert "and 2 more" in page


def test_the_sections_are_folded_below_the_summary_and_open_on_request(
    lead_client: Client, overdue: list[Offender]
) -> None:
    """Each section is a <details> (works without JavaScript); ?open=all opens them all."""
    page = lead_client.get("/offenders/briefing/").content.decode()
    folds = re.findall(r'<details class="govuk-details safehold-fold"[^>]*>', page)
    assert len(folds) == len(
        compute_briefing(TODAY, cross_links=True).sections
    )  # a lead sees the links
    assert not any(" open" in f for f in folds)
    assert page.index('data-testid="briefing-summary"') < page.index("safehold-fold")
    assert 'id="section-overdue_high"' in page
    opened = lead_client.get("/offenders/briefing/", {"open": "all"}).content.decode()
    assert all(
        " open" in f
        for f in re.findall(r'<details class="govuk-details safehold-fold"[^>]*>', opened)
    )


def _people_logged(user: User) -> set[int]:
    """The people named by the user's latest briefing consultation."""
    entry = AccessLogEntry.objects.filter(user=user, record_type="briefing").latest("pk")
    return set(entry.people_named.values_list("person_id", flat=True))


def test_a_folded_sections_lines_come_when_it_is_opened_and_are_logged_then(
    lead_client: Client, overdue: list[Offender], lead: User
) -> None:
    """The page sends the summary and a loader per folded section, not its lines (issue 14:
    700 KB at scale 1); it logs only the summary's people. Opening the section fetches its
    lines from the fragment, which logs the people it shows, with the section named."""
    summary_people = {o.person_id for o in sorted(overdue, key=lambda o: o.last_visit_seen_on)[:3]}
    page = lead_client.get("/offenders/briefing/").content.decode()
    assert 'id="line-overdue_high-' not in page
    loader = 'hx-get="/offenders/briefing/section/?section=overdue_high&amp;date='
    assert loader in page
    assert 'hx-trigger="toggle from:closest details once"' in page
    assert _people_logged(lead) == summary_people
    fragment = lead_client.get(
        "/offenders/briefing/section/", {"section": "overdue_high"}, HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert "<html" not in body
    for offender in overdue:
        assert f'id="line-overdue_high-{offender.pk}"' in body
    assert "Record a meeting action" in body
    assert _people_logged(lead) == {o.person_id for o in overdue}
    entry = AccessLogEntry.objects.filter(user=lead, record_type="briefing").latest("pk")
    assert entry.detail["section"] == "overdue_high"
    missing = lead_client.get("/offenders/briefing/section/", {"section": "nonsense"})
    assert missing.status_code == 404


def test_without_javascript_a_sections_link_gives_the_page_with_it_open(
    lead_client: Client, overdue: list[Offender], lead: User
) -> None:
    """Each folded section links to ?section=<key>, which renders that one open, its lines
    and actions in the page, the others still folded; the log names its people too."""
    page = lead_client.get("/offenders/briefing/").content.decode()
    assert 'href="?section=overdue_high&amp;date=' in page
    opened = lead_client.get("/offenders/briefing/", {"section": "overdue_high"})
    html = opened.content.decode()
    folds = re.findall(r'<details class="govuk-details safehold-fold"([^>]*)>', html)
    assert [f for f in folds if " open" in f] == [' data-testid="section-overdue_high" open']
    for offender in overdue:
        assert f'id="line-overdue_high-{offender.pk}"' in html
    assert "Record a meeting action" in html
    assert _people_logged(lead) == {o.person_id for o in overdue}


def test_the_section_fragment_takes_as_many_queries_whatever_its_length(
    lead_client: Client, make_offender: Callable[..., Offender]
) -> None:
    """One section's lines cost the same queries for two lines as for twelve."""

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = lead_client.get("/offenders/briefing/section/", {"section": "overdue_high"})
            assert response.status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        make_offender("very_high", seen_days_ago=60)
    lead_client.get("/offenders/briefing/section/", {"section": "overdue_high"})  # warm
    few = count()
    for _ in range(10):
        make_offender("very_high", seen_days_ago=60)
    assert count() == few


def test_the_print_view_has_every_line_of_every_section(
    lead_client: Client, overdue: list[Offender], lead: User, om: User
) -> None:
    """?print=1: every line of every section, with its actions, and no forms."""
    _action(lead, overdue[0], om)
    briefing = compute_briefing(TODAY)
    page = lead_client.get("/offenders/briefing/", {"print": "1"}).content.decode()
    for section in briefing.sections:
        for line in section.lines:
            assert f'id="line-{section.key}-{line.offender_id}"' in page
    assert page.count('<tr class="govuk-table__row" id="line-') == briefing.line_count
    assert "Unannounced, evening" in page
    assert "<form" not in page.split('data-testid="briefing-counts"')[1]
    assert "Official \N{EN DASH} Sensitive · Daily briefing" in page


def test_an_action_agreed_at_the_meeting_shows_on_its_line_the_next_day(
    lead_client: Client, overdue: list[Offender], lead: User, om: User
) -> None:
    """Recorded through the page yesterday, it is on the same line today: who, what, when."""
    target = overdue[0]
    give_justification(lead_client, "offender", target.pk)
    form = lead_client.get(f"/offenders/{target.pk}/briefing-action/?section=overdue_high")
    assert form.status_code == 200
    response = lead_client.post(
        f"/offenders/{target.pk}/briefing-action/",
        {
            "section": "overdue_high",
            "kind": "visit",
            "officer": str(om.pk),
            "due_on": TOMORROW.isoformat(),
            "note": "Unannounced, evening",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#line-overdue_high-{target.pk}")
    action = BriefingAction.objects.get()
    # The meeting was yesterday morning.
    yesterday = timezone.now() - timedelta(days=1)
    BriefingAction.objects.filter(pk=action.pk).update(
        agreed_at=yesterday, meeting_on=timezone.localdate(yesterday)
    )
    page = lead_client.get(response["Location"]).content.decode()  # the section open
    row = _row(page, f"line-overdue_high-{target.pk}")
    agreed = row.split(f'data-testid="action-{action.pk}"', 1)[1].split("</span>", 1)[0]
    assert "Schedule a visit" in agreed
    assert om.display_name in agreed
    assert "Unannounced, evening" in agreed
    assert f"by {lead.display_name}" in agreed
    assert f"Agreed {timezone.localtime(yesterday):%-d %b %Y}" in agreed
    assert 'data-testid="action-' not in _row(page, f"line-overdue_high-{overdue[1].pk}")
    assert AccessLogEntry.objects.filter(
        record_type="briefing_action", record_id=str(action.pk), user=lead
    ).exists()


def test_closing_an_action_records_its_result_and_takes_it_off_the_line(
    lead_client: Client, overdue: list[Offender], lead: User, om: User
) -> None:
    """Done, with the result: the action is closed, logged, and no longer on the briefing."""
    action = _action(lead, overdue[0], om)
    response = lead_client.post(
        f"/offenders/{overdue[0].pk}/briefing-action/close/",
        {"action": action.pk, "version": action.version, "outcome": "done", "result": "Seen"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.state, action.result, action.closed_by) == (
        MeetingActionState.DONE,
        "Seen",
        lead,
    )
    assert action.closed_at is not None
    page = lead_client.get("/offenders/briefing/").content.decode()
    assert f'data-testid="action-{action.pk}"' not in page
    with pytest.raises(Exception, match="done already"):
        services.close_briefing_action(lead, action.pk, outcome="done", result="again")


def test_an_open_action_whose_line_left_the_briefing_is_carried_until_closed(
    lead: User, om: User, overdue: list[Offender]
) -> None:
    """The visit was made (no longer overdue): the open action is still on the briefing."""
    action = _action(lead, overdue[0], om)
    Offender.objects.filter(pk=overdue[0].pk).update(last_visit_seen_on=TODAY)
    briefing = compute_briefing(TODAY)
    overdue_ids = [
        ln.offender_id for s in briefing.sections if s.key == "overdue_high" for ln in s.lines
    ]
    assert overdue[0].pk not in overdue_ids
    carried = next(s for s in briefing.sections if s.key == CARRIED)
    assert [a.action_id for ln in carried.lines for a in ln.actions] == [action.pk]


def test_other_roles_cannot_record_or_close_meeting_actions(
    client_for: Callable[[Role], Client],
    users: dict[Role, User],
    overdue: list[Offender],
    lead: User,
    om: User,
) -> None:
    """An offender manager (and every other role) is refused, by page, service and API."""
    action = _action(lead, overdue[0], om)
    for role in (Role.OFFENDER_MANAGER, Role.ANALYST, Role.SAFEGUARDING_OFFICER):
        client = client_for(role)
        give_justification(client, "offender", overdue[0].pk)
        assert client.get(f"/offenders/{overdue[0].pk}/briefing-action/").status_code == 403
        closing = client.post(
            f"/offenders/{overdue[0].pk}/briefing-action/close/",
            {"action": action.pk, "version": action.version, "outcome": "done", "result": "x"},
        )
        assert closing.status_code == 403
        with pytest.raises(Forbidden):
            _action(users[role], overdue[1], om)
        _, raw = ApiToken.issue(users[role], "t")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        body = {"section": "overdue_high", "kind": "pursue", "due_on": TOMORROW.isoformat()}
        answer = api.post(
            f"/api/offenders/{overdue[0].pk}/briefing-actions",
            body,
            content_type="application/json",
        )
        assert answer.status_code == 403
    action.refresh_from_db()
    assert action.state == MeetingActionState.OPEN
    assert BriefingAction.objects.count() == 1


def test_the_service_says_what_to_fix(lead: User, om: User, overdue: list[Offender]) -> None:
    """Assign with nobody, a due date gone, an unknown section: each names its field."""
    team = Team.objects.first() or Team.objects.create(
        name="Priorities", station=overdue[0].station
    )
    cases = [
        ({"kind": "assign", "officer_id": None}, "officer"),
        ({"due_on": TODAY - timedelta(days=1)}, "due_on"),
        ({"section": "gossip"}, "section"),
        ({"kind": "fetch"}, "kind"),
        ({"team_id": team.pk}, "team"),  # an officer and a team
        ({"note": "x" * 501}, "note"),
    ]
    for change, field in cases:
        with pytest.raises(InvalidInput) as caught:
            _action(lead, overdue[0], om, **change)
        assert caught.value.field == field
    assert BriefingAction.objects.count() == 0
    made = _action(lead, overdue[0], om, kind="assign", officer_id=None, team_id=team.pk)
    assert made.owner == team.name


def test_the_api_records_an_action_and_the_briefing_api_shows_it_on_the_line(
    lead: User, overdue: list[Offender]
) -> None:
    """POST the action as the lead; GET /api/briefing carries it on the offender's line."""
    _, raw = ApiToken.issue(lead, "meeting tool")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = {"section": "overdue_high", "kind": "pursue", "due_on": TOMORROW.isoformat()}
    made = api.post(
        f"/api/offenders/{overdue[0].pk}/briefing-actions", body, content_type="application/json"
    )
    assert made.status_code == 201
    briefing = api.get("/api/briefing", HTTP_X_JUSTIFICATION="planning").json()
    section = next(s for s in briefing["sections"] if s["key"] == "overdue_high")
    line = next(ln for ln in section["lines"] if ln["offender_id"] == overdue[0].pk)
    assert [a["id"] for a in line["actions"]] == [made.json()["id"]]
    assert line["actions"][0]["owner"] == "The priorities team"
    bad = api.post(
        f"/api/offenders/{overdue[0].pk}/briefing-actions",
        {**body, "due_on": (TODAY - timedelta(days=3)).isoformat()},
        content_type="application/json",
    )
    assert (bad.status_code, bad.json()["field"]) == (400, "due_on")


def test_the_briefing_costs_the_same_queries_with_two_actions_or_twenty(
    lead_client: Client, make_offender: Callable[..., Offender], lead: User, om: User
) -> None:
    """Open actions are read in one query, whatever their number."""

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert lead_client.get("/offenders/briefing/").status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        _action(lead, make_offender("very_high", seen_days_ago=60), om)
    count()
    small = count()
    for _ in range(18):
        _action(lead, make_offender("high", seen_days_ago=400), om, section="reviews")
    assert count() == small
