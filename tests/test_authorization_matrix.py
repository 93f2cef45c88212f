"""Every page and API operation, for every role and for an anonymous client, against the table."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Role
from safehold.config.api import api
from safehold.jobs.models import JobRun
from safehold.offenders.importer import TEMPLATE_CSV
from tests.authz_demand import demand_api_body, demand_justify, demand_url_kwargs
from tests.authz_orders import orders_url_kwargs
from tests.authz_risk import risk_api_bodies
from tests.authz_safeguarding import (
    safeguarding_api_body,
    safeguarding_justify,
    safeguarding_url_kwargs,
)
from tests.authz_simulation import SIMULATION_API_BODY
from tests.authz_table import ADMIN_EXCEPTIONS, ADMIN_ROLES, API, PAGES
from tests.conftest import give_justification
from tests.factories import OffenderFactory, PersonFactory
from tests.planning.matrix import PLANNING_API_BODIES, planning_kwargs_for
from tests.simulation.matrix import simulation_kwargs_for

JUSTIFICATION = {"HTTP_X_JUSTIFICATION": "case_management"}
# Query strings a page needs to do its job (otherwise it redirects to the dashboard).
QUERIES = {"audit:justify": "?record=person:1&next=/"}


def walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str]]:
    """(qualified name, route) for every named URL pattern, recursively."""
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", prefix + str(p.pattern)


def all_routes() -> list[tuple[str, str]]:
    return sorted(set(walk(get_resolver().url_patterns)))


def page_routes() -> list[tuple[str, str]]:
    return [(n, r) for n, r in all_routes() if not n.startswith(("api:", "admin:"))]


def test_every_page_route_is_in_the_table() -> None:
    """A page without a row in the declared table fails: nothing ships unreviewed."""
    missing = sorted({name for name, _ in page_routes()} - set(PAGES))
    assert missing == []


def test_every_api_operation_is_in_the_table() -> None:
    """An API operation without a row in the declared table fails."""
    schema = api.get_openapi_schema()
    operations = {
        (method.upper(), path) for path, methods in schema["paths"].items() for method in methods
    }
    assert sorted(operations - set(API)) == []
    assert sorted(set(API) - operations) == []


@pytest.fixture
def fixtures_for_urls(users: dict[Role, User]) -> Callable[[str, User | None], dict[str, Any]]:
    person = PersonFactory()
    offender = OffenderFactory(offender_manager=users[Role.OFFENDER_MANAGER])
    planning = planning_kwargs_for(users)
    simulation = simulation_kwargs_for()

    def kwargs_for(route: str, user: User | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if "<int:person_id>" in route or "{person_id}" in route:
            out["person_id"] = person.pk
        if "<int:offender_id>" in route or "{offender_id}" in route:
            out["offender_id"] = offender.pk
        if "<int:job_id>" in route or "{job_id}" in route:
            owner = user or users[Role.ADMIN]
            out["job_id"] = JobRun.objects.create(kind="seed", requested_by=owner).pk
        out.update(planning(route))
        out.update(safeguarding_url_kwargs(route))
        out.update(demand_url_kwargs(route))
        out.update(simulation(route))
        out.update(orders_url_kwargs(route, offender))
        return out

    return kwargs_for


def _url(route: str, kwargs: dict[str, Any]) -> str:
    url = "/" + route
    for key, value in kwargs.items():
        url = url.replace(f"<int:{key}>", str(value)).replace(f"{{{key}}}", str(value))
    return url


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*Role, None], ids=lambda r: r.value if r else "anonymous")
def test_pages_answer_each_role_as_the_table_says(
    role: Role | None,
    users: dict[Role, User],
    fixtures_for_urls: Callable[[str, User | None], dict[str, Any]],
) -> None:
    """Each page's status for this role matches the declared table."""
    client = Client()
    user = users[role] if role else None
    if user is not None:
        client.force_login(user)
    mismatches = []
    for name, route in page_routes():
        allowed, ok, other, anonymous = PAGES[name]
        kwargs = fixtures_for_urls(route, user)
        if user is not None:
            give_justification(client, "list")
            give_justification(client, "briefing")
            if "person_id" in kwargs:
                give_justification(client, "person", kwargs["person_id"])
            if "offender_id" in kwargs:
                give_justification(client, "offender", kwargs["offender_id"])
            if "run_id" in kwargs:
                give_justification(client, "plan", kwargs["run_id"])
            safeguarding_justify(client, kwargs)
            demand_justify(client, kwargs)
        expected = anonymous if role is None else (ok if role in allowed else other)
        got = client.get(_url(route, kwargs) + QUERIES.get(name, "")).status_code
        if got != expected:
            mismatches.append(f"{name}: expected {expected}, got {got}")
    assert mismatches == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*Role, None], ids=lambda r: r.value if r else "anonymous")
def test_admin_site_is_for_administrators_only(role: Role | None, users: dict[Role, User]) -> None:
    """Admin pages without arguments: 200 for administrators, a redirect for everyone else."""
    client = Client()
    if role:
        client.force_login(users[role])
    routes = [(n, r) for n, r in all_routes() if n.startswith("admin:") and "<" not in r]
    assert routes, "the admin site has pages"
    for name, route in routes:
        if name in {"admin:logout", "admin:login"}:
            continue
        got = client.get("/" + route).status_code
        expected = ADMIN_EXCEPTIONS.get(name, 200) if role in ADMIN_ROLES else 302
        assert got == expected, f"{name} answered {got} to {role}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*Role, None], ids=lambda r: r.value if r else "anonymous")
def test_api_operations_answer_each_role_as_the_table_says(
    role: Role | None,
    users: dict[Role, User],
    fixtures_for_urls: Callable[[str, User | None], dict[str, Any]],
) -> None:
    """Each API operation, called with a bearer token, matches the declared table."""
    client = Client()
    headers: dict[str, str] = dict(JUSTIFICATION)
    user = users[role] if role else None
    if user is not None:
        _, raw = ApiToken.issue(user, "matrix test")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    mismatches = []
    for (method, path), (allowed, ok) in API.items():
        kwargs = fixtures_for_urls(path, user)
        expected = 401 if role is None else (ok if role in allowed else 403)
        url = _url(path.lstrip("/"), kwargs)
        body = api_body(method, path, users)
        if isinstance(body, bytes):
            response = client.post(url, {"file": SimpleUploadedFile("c.csv", body)}, **headers)
        elif body is not None:
            response = client.generic(
                method, url, json.dumps(body), content_type="application/json", **headers
            )
        else:
            response = client.generic(method, url, **headers)
        if response.status_code != expected:
            mismatches.append(f"{method} {path}: expected {expected}, got {response.status_code}")
        if response.status_code >= 400 and (
            not response["Content-Type"].startswith("application/json")
            or "code" not in response.json()
        ):
            mismatches.append(f"{method} {path}: error without a JSON code")
    assert mismatches == []


def api_body(method: str, path: str, users: dict[Role, User]) -> dict[str, Any] | bytes | None:
    """A valid request body for each write operation, so allowed roles succeed."""
    demand = demand_api_body(method, path)
    if demand is not None:
        return demand
    safeguarding = safeguarding_api_body(method, path)
    if safeguarding is not None:
        return safeguarding
    if method != "POST":
        return None
    now = timezone.now() - timedelta(hours=1)
    om, lead = users[Role.OFFENDER_MANAGER], users[Role.PRIORITIES_LEAD]
    if path.endswith("/caseload-imports"):
        return TEMPLATE_CSV.encode()
    if path.startswith("/api/planning/"):
        return PLANNING_API_BODIES[path.rsplit("/", 1)[-1]]
    if path.startswith("/api/simulation/"):
        return SIMULATION_API_BODY
    return {
        "visits": {
            "visited_at": now.isoformat(),
            "outcome": "seen",
            "officer_1_id": om.pk,
            "officer_2_id": lead.pk,
        },
        "planned": {"planned_for": (now + timedelta(days=2)).isoformat()},
        "assessments": {"tool": "arms", "level": "high", "assessed_on": str(now.date())},
        "notifications": {"kind": "periodic", "notified_on": str(now.date())},
        "breaches": {
            "what": "Failed to notify",
            "occurred_on": str(now.date()),
            "action": "warning",
        },
        "assign": {"manager_id": om.pk},
        "pursue": {"pursued": True, "reason": "test"},
        "briefing-actions": {
            "section": "overdue_high",
            "kind": "pursue",
            "due_on": str(timezone.localdate() + timedelta(days=1)),
        },
        **risk_api_bodies(str(now.date())),
    }[path.rsplit("/", 1)[-1]]


@pytest.mark.django_db
def test_api_docs_and_schema_are_for_signed_in_users_only(users: dict[Role, User]) -> None:
    """/api/docs and /api/openapi.json answer 401 to anonymous callers, 200 when signed in."""
    anonymous = Client()
    assert anonymous.get("/api/docs").status_code == 401
    assert anonymous.get("/api/openapi.json").status_code == 401
    client = Client()
    client.force_login(users[Role.ANALYST])
    assert client.get("/api/docs").status_code == 200
    assert client.get("/api/openapi.json").status_code == 200
