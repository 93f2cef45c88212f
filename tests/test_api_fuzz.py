"""Generated input (schemathesis, from the OpenAPI schema) never makes the API fail with a 500,
and every refusal is JSON with a stable code.

Three kinds of input: schemathesis's positive cases (fit the schema), its negative cases
(break it), and for every operation with a body the largest body the schema allows
(every string at its ``maxLength``, every list at its ``maxItems``) and one just over
(strings of 5,000 characters, lists of 500 items). CI runs this file on SQLite and on
PostgreSQL, where an over-long value once answered 500 ``DataError``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Role
from tests.factories import OffenderFactory

ROLES_TO_TRY = (Role.PRIORITIES_LEAD, Role.SAFEGUARDING_OFFICER, Role.AUDITOR)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)  # the WSGI handler closes connections per request
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("role", ROLES_TO_TRY, ids=lambda r: r.value)
def test_no_api_operation_answers_a_server_error_to_generated_input(
    role: Role, mode: GenerationMode, users: dict[Role, User]
) -> None:
    """Every operation, 8 generated requests each: no 5xx, and errors carry a code."""
    OffenderFactory(offender_manager=users[Role.OFFENDER_MANAGER])
    _, raw = ApiToken.issue(users[role], "fuzz")
    auth = {"Authorization": f"Bearer {raw}", "X-Justification": "supervision"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/openapi.json", get_wsgi_application(), headers=auth
    )
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=8,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(mode, headers=auth))
        def check(case: schemathesis.Case) -> None:
            response = case.call()
            label = f"{case.operation.method.upper()} {case.operation.path}"
            if response.status_code >= 500:
                failures.append(f"{label}: {response.status_code}")
            elif response.status_code >= 400:
                body = response.json()
                if not isinstance(body, dict) or "code" not in body:
                    failures.append(f"{label}: {response.status_code} without a code")

        try:
            check()
        except Unsatisfiable:
            # An operation with nothing to break (no parameters, no body) has no negative
            # case; every other operation must still be exercised.
            if mode is not GenerationMode.NEGATIVE or operation.body or _has_parameters(operation):
                raise
    assert sorted(set(failures)) == []


def _has_parameters(operation: Any) -> bool:
    """Parameters of its own, beyond the two ways of authenticating every operation has."""
    return any(p.name not in {"Authorization", "sessionid"} for p in operation.iter_parameters())


@pytest.mark.django_db
def test_an_id_too_large_for_the_database_is_not_found_not_a_server_error(
    users: dict[Role, User],
) -> None:
    """/offenders/<20 digits>/ and the API's equivalent answer 404."""
    from django.test import Client

    from tests.conftest import give_justification

    client = Client()
    client.force_login(users[Role.PRIORITIES_LEAD])
    huge = "9" * 20
    give_justification(client, "offender", huge)
    assert client.get(f"/offenders/{huge}/").status_code == 404
    _, raw = ApiToken.issue(users[Role.PRIORITIES_LEAD], "t")
    api = client.get(
        f"/api/offenders/{huge}",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_X_JUSTIFICATION="planning",
    )
    assert api.status_code == 404
    assert api.json()["code"] == "not_found"


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = document
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def largest(schema: dict[str, Any], document: dict[str, Any], *, over: bool) -> Any:
    """The largest value ``schema`` allows (``over``: just past every bound)."""
    schema = _resolve(schema, document)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if _resolve(o, document).get("type") != "null"]
            return largest(options[0], document, over=over) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date":
            return "2026-01-02"
        if schema.get("format") == "date-time":
            return "2026-01-02T10:00:00Z"
        size = schema.get("maxLength", 100)
        return "x" * (5000 if over else size)
    if kind == "integer":
        return schema.get("maximum", 1) + (1 if over else 0)
    if kind == "number":
        return schema.get("maximum", 1.0)
    if kind == "boolean":
        return True
    if kind == "array":
        size = min(schema.get("maxItems", 20), 500)
        item = largest(schema.get("items", {}), document, over=over)
        return [item] * (500 if over else size)
    if kind == "object" or "properties" in schema:
        return {
            name: largest(prop, document, over=over)
            for name, prop in schema.get("properties", {}).items()
        }
    return None


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("over", [False, True], ids=["at-bounds", "over-bounds"])
@pytest.mark.parametrize("role", ROLES_TO_TRY, ids=lambda r: r.value)
def test_long_strings_and_large_lists_never_answer_a_server_error(
    role: Role, over: bool, users: dict[Role, User]
) -> None:
    """Every operation with a JSON body, sent its largest body and one past every bound."""
    from safehold.config.api import api

    offender = OffenderFactory(offender_manager=users[Role.OFFENDER_MANAGER])
    _, raw = ApiToken.issue(users[role], "fuzz")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_X_JUSTIFICATION": "supervision"}
    document = api.get_openapi_schema()
    client = Client(raise_request_exception=False)
    failures: list[str] = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            body = largest(content["application/json"]["schema"], document, over=over)
            url = path
            for name in ("offender_id", "person_id", "run_id", "incident_id", "match_id"):
                url = url.replace("{" + name + "}", str(offender.pk))
            response = client.generic(
                method.upper(), url, json.dumps(body), content_type="application/json", **headers
            )
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {path}: {response.status_code}")
    assert failures == []
