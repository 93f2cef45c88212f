"""Every input the API accepts is bounded (issue 13, finding 1).

Walks the OpenAPI document: every string a request may send (query, path, body) has a
``maxLength`` (or is an enumeration, a date or a time), every list a ``maxItems``, every
integer a ``maximum``. Before the fix a 5,000-character ``given_name`` was stored (the
form allows 80) and PostgreSQL answered 500 to a 65-character search.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Role
from safehold.config.api import api
from safehold.people.models import Person

BOUNDED_FORMATS = {"date", "date-time", "time", "binary", "uuid"}


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = document
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def unbounded(schema: dict[str, Any], document: dict[str, Any], where: str) -> list[str]:
    """Paths inside ``schema`` with no bound."""
    schema = _resolve(schema, document)
    found: list[str] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += unbounded(option, document, where)
    kind = schema.get("type")
    if kind == "string" and "enum" not in schema and "const" not in schema:
        if "maxLength" not in schema and schema.get("format") not in BOUNDED_FORMATS:
            found.append(f"{where}: string without maxLength")
    elif kind == "integer" and "maximum" not in schema and "enum" not in schema:
        found.append(f"{where}: integer without maximum")
    elif kind == "array":
        if "maxItems" not in schema:
            found.append(f"{where}: list without maxItems")
        found += unbounded(schema.get("items", {}), document, f"{where}[]")
    elif kind == "object" or "properties" in schema:
        for name, prop in schema.get("properties", {}).items():
            found += unbounded(prop, document, f"{where}.{name}")
    return found


def test_every_api_input_is_bounded() -> None:
    document = api.get_openapi_schema()
    problems: list[str] = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            label = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    continue  # matched by the URL converter; huge ids are 404 (middleware)
                where = f"{label} ?{parameter['name']}"
                problems += unbounded(parameter.get("schema", {}), document, where)
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                problems += unbounded(media.get("schema", {}), document, f"{label} body")
    assert problems == []


@pytest.mark.django_db
def test_a_65_character_search_is_not_a_server_error(users: dict[Role, User]) -> None:
    """Logged into a 64-character record id: PostgreSQL answered 500 DataError."""
    _, raw = ApiToken.issue(users[Role.PRIORITIES_LEAD], "t")
    client = Client()
    response = client.get(
        "/api/people",
        {"q": "x" * 65},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_X_JUSTIFICATION="case_management",
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_an_over_long_search_is_refused_naming_the_field(users: dict[Role, User]) -> None:
    _, raw = ApiToken.issue(users[Role.PRIORITIES_LEAD], "t")
    response = Client().get(
        "/api/people",
        {"q": "x" * 5000},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_X_JUSTIFICATION="case_management",
    )
    assert response.status_code == 422
    assert "q" in response.json()["message"]
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_body_over_the_operations_cap_is_refused_before_it_is_read(
    users: dict[Role, User],
) -> None:
    _, raw = ApiToken.issue(users[Role.PRIORITIES_LEAD], "t")
    response = Client().post(
        "/api/planning/runs",
        "{" + " " * (70 * 1024) + "}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


@pytest.mark.django_db
def test_a_plan_without_a_time_limit_and_a_billion_iterations_is_refused(
    users: dict[Role, User],
) -> None:
    """Finding 9: ``{"seconds": null, "iterations": 1000000000}`` queued a run."""
    from safehold.planning.models import PlanRun

    _, raw = ApiToken.issue(users[Role.PRIORITIES_LEAD], "t")
    response = Client().post(
        "/api/planning/runs",
        {"seconds": None, "iterations": 1_000_000_000},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code in {400, 422}
    assert "iterations" in response.json()["message"]
    assert not PlanRun.objects.exists()
