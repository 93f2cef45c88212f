"""Generated input (schemathesis, from the OpenAPI schema) never makes the API fail with a 500,
and every refusal is JSON with a stable code."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings

from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Role
from tests.factories import OffenderFactory

ROLES_TO_TRY = (Role.PRIORITIES_LEAD, Role.SAFEGUARDING_OFFICER, Role.AUDITOR)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)  # the WSGI handler closes connections per request
@pytest.mark.parametrize("role", ROLES_TO_TRY, ids=lambda r: r.value)
def test_no_api_operation_answers_a_server_error_to_generated_input(
    role: Role, users: dict[Role, User]
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
        @given(case=operation.as_strategy(headers=auth))
        def check(case: schemathesis.Case) -> None:
            response = case.call()
            label = f"{case.operation.method.upper()} {case.operation.path}"
            if response.status_code >= 500:
                failures.append(f"{label}: {response.status_code}")
            elif response.status_code >= 400:
                body = response.json()
                if not isinstance(body, dict) or "code" not in body:
                    failures.append(f"{label}: {response.status_code} without a code")

        check()
    assert sorted(set(failures)) == []


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
