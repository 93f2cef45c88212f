"""The register's API answers are described by schemas and are exactly what the register
computes (the typed responses changed nothing but the OpenAPI document)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Role
from safehold.offenders.backlog_queries import compute_backlog
from safehold.offenders.briefing import compute_briefing
from safehold.offenders.facts import current_policy, evaluate_offenders
from safehold.offenders.importer import TEMPLATE_CSV
from safehold.offenders.models import Offender

pytestmark = pytest.mark.django_db
WHY = {"HTTP_X_JUSTIFICATION": "supervision", "HTTP_X_JUSTIFICATION_TEXT": "checking"}


def _api(user: User) -> Client:
    _, raw = ApiToken.issue(user, "register tool")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_backlog_and_briefing_bodies_are_the_register_figures(
    lead: User, make_offender: Callable[..., Offender]
) -> None:
    """Overdue and fresh offenders: the API's backlog and briefing equal their to_dict."""
    make_offender("very_high", seen_days_ago=120)
    make_offender("low", seen_days_ago=5)
    client = _api(lead)
    today = date.today()
    assert client.get("/api/backlog").json() == compute_backlog(today).to_dict()
    # The lead may see cross-unit links: the briefing has their section (people.crosslinks).
    briefing = compute_briefing(today, cross_links=True).to_dict()
    assert client.get("/api/briefing", **WHY).json() == briefing


def test_an_offender_record_carries_the_policy_result_as_computed(
    users: dict[Role, User], make_offender: Callable[..., Offender]
) -> None:
    """The record's policy is the visit policy's result, reasons and details included."""
    offender = make_offender("high", seen_days_ago=200)
    body = _api(users[Role.PRIORITIES_LEAD]).get(f"/api/offenders/{offender.pk}", **WHY).json()
    [evaluated] = evaluate_offenders(
        Offender.objects.filter(pk=offender.pk), today=date.today(), policy=current_policy()
    )
    assert body["policy"] == evaluated.result.to_dict()
    assert body["policy"]["reasons"]


def test_a_caseload_import_dry_run_reports_as_the_importer_does(users: dict[Role, User]) -> None:
    """The import report keeps its fields: file, counts and errors."""
    response = _api(users[Role.PRIORITIES_LEAD]).post(
        "/api/caseload-imports?dry_run=true",
        {"file": SimpleUploadedFile("caseload.csv", TEMPLATE_CSV.encode(), "text/csv")},
    )
    body = response.json()
    assert response.status_code == 200, body
    assert set(body) == {
        "file",
        "dry_run",
        "ok",
        "rows",
        "created",
        "updated",
        "unchanged",
        "errors",
    }
    assert body["dry_run"] is True
