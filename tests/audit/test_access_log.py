"""The access log: justified looks, logged reads and disclosures, append-only, tamper-evident."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from tests.authz_table import PERSONAL_DATA_API, PERSONAL_DATA_PAGES
from tests.conftest import give_justification
from tests.factories import OffenderFactory, PersonFactory
from tests.test_authorization_matrix import all_routes

from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Role
from safehold.audit.log import Justification, record, verify_chain
from safehold.audit.models import AccessLogEntry, AppendOnlyError, Operation
from safehold.cli import main
from safehold.config.api import api

pytestmark = pytest.mark.django_db


def test_opening_a_person_asks_why_before_showing_anything(
    client_for: Callable[[Role], Client],
) -> None:
    """No justification yet: the page redirects to the question and shows no name."""
    person = PersonFactory(family_name="Zebedee")
    client = client_for(Role.OFFENDER_MANAGER)
    response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/audit/justify/")
    question = client.get(response["Location"])
    assert b"Why do you need to see this record?" in question.content
    assert b"Zebedee" not in question.content.replace(b"ZEBEDEE", b"")
    assert b"ZEBEDEE" not in question.content
    assert not AccessLogEntry.objects.filter(operation=Operation.CONSULTATION).exists()


def test_a_justified_look_shows_the_record_and_logs_who_when_and_why(
    client_for: Callable[[Role], Client], users: dict[Role, User]
) -> None:
    """After the justification the record shows, and the consultation is logged with it."""
    person = PersonFactory(family_name="Zebedee")
    client = client_for(Role.OFFENDER_MANAGER)
    target = f"/people/{person.pk}/"
    answered = client.post(
        "/audit/justify/",
        {
            "record": f"person:{person.pk}",
            "next": target,
            "reason": "risk_assessment",
            "text": "ARMS review",
        },
    )
    assert answered["Location"] == target
    page = client.get(target)
    assert b"ZEBEDEE" in page.content
    entry = AccessLogEntry.objects.get(operation=Operation.CONSULTATION, record_type="person")
    assert entry.user == users[Role.OFFENDER_MANAGER]
    assert entry.person_id == person.pk
    assert (entry.reason, entry.justification) == ("risk_assessment", "ARMS review")


def test_the_question_is_asked_once_per_record_per_session_but_every_look_is_logged(
    client_for: Callable[[Role], Client],
) -> None:
    """A second look in the same session needs no new answer and still writes an entry."""
    person = PersonFactory()
    client = client_for(Role.PRIORITIES_LEAD)
    give_justification(client, "person", person.pk)
    assert client.get(f"/people/{person.pk}/").status_code == 200
    assert client.get(f"/people/{person.pk}/").status_code == 200
    assert AccessLogEntry.objects.filter(record_type="person", person_id=person.pk).count() == 2
    other = PersonFactory()
    assert client.get(f"/people/{other.pk}/").status_code == 302


def test_other_as_a_reason_needs_an_explanation(client_for: Callable[[Role], Client]) -> None:
    """Choosing 'Other' without text re-shows the form with the error against the field."""
    client = client_for(Role.OFFENDER_MANAGER)
    response = client.post(
        "/audit/justify/", {"record": "person:1", "next": "/", "reason": "other", "text": ""}
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b'href="#id_text"' in response.content


@pytest.mark.parametrize("route", PERSONAL_DATA_PAGES)
def test_every_page_with_personal_data_writes_a_consultation_with_user_and_reason(
    route: str, client_for: Callable[[Role], Client], users: dict[Role, User]
) -> None:
    """Each page in the declared list logs the look with the session's justification."""
    from django.urls import reverse

    offender = OffenderFactory(offender_manager=users[Role.OFFENDER_MANAGER])
    client = client_for(Role.PRIORITIES_LEAD)
    for kind, pk in (
        ("list", "all"),
        ("briefing", "all"),
        ("person", offender.person_id),
        ("offender", offender.pk),
    ):
        give_justification(client, kind, pk, reason="safeguarding", text="queue check")
    ids = {"person_id": offender.person_id, "offender_id": offender.pk}
    pattern = next(r for n, r in all_routes() if n == route)
    url = reverse(route, kwargs={k: v for k, v in ids.items() if f"<int:{k}>" in pattern})
    before = AccessLogEntry.objects.count()
    assert client.get(url).status_code == 200
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert entry is not None
    assert entry.operation == Operation.CONSULTATION
    assert entry.user == users[Role.PRIORITIES_LEAD]
    assert (entry.reason, entry.justification) == ("safeguarding", "queue check")


@pytest.mark.parametrize(("method", "path"), PERSONAL_DATA_API)
def test_every_api_read_of_personal_data_is_a_logged_disclosure_to_the_caller(
    method: str, path: str, users: dict[Role, User]
) -> None:
    """API reads need X-Justification and are logged as disclosures naming the recipient."""
    offender = OffenderFactory()
    _, raw = ApiToken.issue(users[Role.PRIORITIES_LEAD], "ViSOR bridge")
    url = path.replace("{person_id}", str(offender.person_id)).replace(
        "{offender_id}", str(offender.pk)
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    refused = client.generic(method, url)
    assert refused.status_code == 428
    assert refused.json()["code"] == "justification_required"
    assert refused.json()["field"] == "X-Justification"
    ok = client.generic(
        method, url, HTTP_X_JUSTIFICATION="planning", HTTP_X_JUSTIFICATION_TEXT="weekly plan"
    )
    assert ok.status_code == 200
    entry = AccessLogEntry.objects.get(operation=Operation.DISCLOSURE)
    assert entry.user == users[Role.PRIORITIES_LEAD]
    assert entry.reason == "planning"
    assert entry.justification == "weekly plan"
    assert "ViSOR bridge" in entry.recipient
    assert entry.channel == "api"


def test_an_entry_cannot_be_changed_or_deleted_through_the_application() -> None:
    """save() on an existing entry, delete(), and queryset update/delete all refuse."""
    entry = record(None, Operation.CONSULTATION, "person", 1, person_id=1)
    entry.justification = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(justification="changed")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()


def test_the_admin_and_the_api_offer_no_way_to_change_the_log() -> None:
    """The log is not in the admin, and the API has only GET operations on it."""
    from django.contrib import admin

    assert AccessLogEntry not in admin.site._registry
    paths = api.get_openapi_schema()["paths"]
    methods = {m for p, ms in paths.items() if p.startswith("/api/audit") for m in ms}
    assert methods == {"get"}


def _make_entries(n: int) -> list[AccessLogEntry]:
    return [
        record(
            None,
            Operation.CONSULTATION,
            "person",
            i,
            person_id=i,
            justification=Justification("case_management", f"look {i}"),
        )
        for i in range(1, n + 1)
    ]


def test_verify_passes_on_an_intact_chain(capsys: pytest.CaptureFixture[str]) -> None:
    """`safehold audit verify` exits 0 and says the chain is intact."""
    _make_entries(5)
    assert verify_chain() is None
    main(["audit", "verify"])
    assert "intact: 5 entries" in capsys.readouterr().out


def test_altering_one_row_in_sql_makes_verify_fail_and_name_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A row changed behind the application's back is found and named."""
    entries = _make_entries(6)
    victim = entries[3]
    table = AccessLogEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET justification = %s WHERE id = %s",  # noqa: S608
            ["nothing to see", victim.pk],
        )
    problem = verify_chain()
    assert problem is not None
    assert problem.entry_id == victim.pk
    with pytest.raises(SystemExit) as exited:
        main(["audit", "verify"])
    assert exited.value.code != 0
    assert f"entry #{victim.pk}" in capsys.readouterr().err


def test_deleting_a_row_in_sql_makes_verify_fail_and_name_the_gap() -> None:
    """A removed entry breaks the sequence and is named."""
    entries = _make_entries(4)
    table = AccessLogEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [entries[1].pk])  # noqa: S608
    problem = verify_chain()
    assert problem is not None
    assert problem.entry_id == entries[1].pk


def test_only_auditors_search_the_log_by_person_user_date_and_operation(
    client_for: Callable[[Role], Client], users: dict[Role, User]
) -> None:
    """The search filters by person and operation; the export is itself logged."""
    _make_entries(3)
    record(users[Role.ANALYST], Operation.DISCLOSURE, "person", 2, person_id=2)
    auditor = client_for(Role.AUDITOR)
    page = auditor.get("/audit/access-log/", {"person": 2, "operation": "disclosure"})
    assert page.status_code == 200
    assert page.context["listing"].page.paginator.count == 1
    by_user = auditor.get("/audit/access-log/", {"username": users[Role.ANALYST].username})
    assert by_user.context["listing"].page.paginator.count == 1
    export = auditor.get("/audit/access-log/export.csv", {"person": 2, "operation": "disclosure"})
    body = b"".join(export.streaming_content).decode()  # type: ignore[attr-defined]
    assert body.count("\n") == 2  # header and one entry
    assert AccessLogEntry.objects.filter(record_type="access_log_export").exists()
    assert client_for(Role.ANALYST).get("/audit/access-log/").status_code == 403


def test_a_bad_date_range_in_the_log_search_is_reported_against_the_field(
    client_for: Callable[[Role], Client],
) -> None:
    """'To' before 'from' is an error on the 'to' field, and nothing is listed."""
    response = client_for(Role.AUDITOR).get(
        "/audit/access-log/", {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert b'href="#id_date_to"' in response.content
    assert response.context["listing"].page.paginator.count == 0


def test_searching_the_log_is_itself_logged(
    client_for: Callable[[Role], Client], users: dict[Role, User]
) -> None:
    """An auditor's search writes a consultation of the access log with its filters."""
    client_for(Role.AUDITOR).get("/audit/access-log/", {"person": 7})
    entry = AccessLogEntry.objects.get(record_type="access_log_search")
    assert entry.user == users[Role.AUDITOR]
    assert entry.detail["filters"] == {"person": "7"}


def test_the_page_the_export_and_the_api_find_the_same_entries(
    client_for: Callable[[Role], Client], users: dict[Role, User]
) -> None:
    """One search behind all three: a padded user name and a local day give the same rows."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from safehold.clock import FrozenClock

    analyst = users[Role.ANALYST]
    # 00:30 on 1 July in London is 23:30 UTC on 30 June: it belongs to 1 July.
    clock = FrozenClock(dt.datetime(2026, 7, 1, 0, 30, tzinfo=ZoneInfo("Europe/London")))
    late = record(analyst, Operation.CONSULTATION, "person", 2, person_id=2, clock=clock)
    clock.advance(dt.timedelta(days=1))
    record(analyst, Operation.CONSULTATION, "person", 1, person_id=1, clock=clock)
    query = {"username": f"  {analyst.username.upper()} ", "date_from": "2026-07-01"}
    query["date_to"] = "2026-07-01"
    page = client_for(Role.AUDITOR).get("/audit/access-log/", query)
    on_page = [e.pk for e in page.context["listing"].page]
    export = client_for(Role.AUDITOR).get("/audit/access-log/export.csv", query)
    exported = b"".join(export.streaming_content).decode()  # type: ignore[attr-defined]
    _, raw = ApiToken.issue(users[Role.AUDITOR], "audit tool")
    api_rows = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/audit/entries", query).json()
    assert on_page == [late.pk]
    assert [r["id"] for r in api_rows] == [late.pk]
    assert exported.count("\n") == 2  # header and the one entry
