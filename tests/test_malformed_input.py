"""Malformed values in the address never answer a server error (issue 13, finding 3).

Walks every page (from the URL resolver) and every API operation (from the OpenAPI
document), signed in as each role, sending every query parameter the code reads with
values a parser chokes on: ``²`` (passes ``str.isdigit``), letters, a number too large
for any column, 5,000 characters, and a NUL byte (refused by PostgreSQL). Pages are
also POSTed with the same query (``POST …/visits/new/?planned=abc`` once answered 500).
Before the fix ``/planning/forecast/?run=²`` and ``/safeguarding/incidents/?q=²`` did.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django import forms
from django.test import Client

import safehold
from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Role
from safehold.config.api import api
from tests.authz_safeguarding import safeguarding_justify
from tests.conftest import give_justification
from tests.test_authorization_matrix import _url, fixtures_for_urls, page_routes

__all__ = ["fixtures_for_urls"]  # the fixture, re-exported for pytest

BAD_VALUES = ("²", "abc", "9" * 30, "x" * 5000, "a\x00b")
# Pages that end the session or need a real upload; nothing in their query is read.
SKIP_POST = {"accounts:logout", "accounts:login"}
SRC = Path(safehold.__file__).parent


def query_names() -> list[str]:
    """Every query parameter the code reads: ``GET.get("…")``, ``query_int(…, "…")``, and
    the fields of every form in the code base (filter forms are bound to the query)."""
    names: set[str] = set()
    pattern = re.compile(
        r"""(?:GET\.get|GET\.getlist|query_int|query_text)\(\s*(?:request\.GET,\s*)?["'](\w+)["']"""
    )
    for path in SRC.rglob("*.py"):
        names.update(pattern.findall(path.read_text()))
    for module in pkgutil.walk_packages(safehold.__path__, "safehold."):
        if module.name.endswith(".forms"):
            for value in vars(importlib.import_module(module.name)).values():
                if isinstance(value, type) and issubclass(value, forms.BaseForm):
                    names.update(value.base_fields)
    return sorted(names)


def _justify(client: Client, kwargs: dict[str, Any]) -> None:
    give_justification(client, "list")
    give_justification(client, "briefing")
    for key, record_type in (
        ("person_id", "person"),
        ("offender_id", "offender"),
        ("run_id", "plan"),
    ):
        if key in kwargs:
            give_justification(client, record_type, kwargs[key])
    safeguarding_justify(client, kwargs)


def test_the_walk_reads_the_parameters_that_once_failed() -> None:
    assert {"q", "run", "pairs", "planned", "page", "sort", "date"} <= set(query_names())


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_no_page_answers_a_server_error_to_malformed_query_values(
    role: Role,
    users: dict[Role, User],
    fixtures_for_urls: Callable[[str, User | None], dict[str, Any]],
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(users[role])
    names = query_names()
    failures: list[str] = []
    for name, route in page_routes():
        kwargs = fixtures_for_urls(route, users[role])
        _justify(client, kwargs)
        for value in BAD_VALUES:
            query = "?" + urlencode(dict.fromkeys(names, value))
            url = _url(route, kwargs) + query
            got = client.get(url).status_code
            if got >= 500:
                failures.append(f"GET {name} {value[:5]!r}: {got}")
            if name not in SKIP_POST:
                got = client.post(url).status_code
                if got >= 500:
                    failures.append(f"POST {name} {value[:5]!r}: {got}")
    assert failures == []


def _query_parameters(operation: dict[str, Any]) -> list[str]:
    return [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_no_api_operation_answers_a_server_error_to_malformed_query_values(
    role: Role,
    users: dict[Role, User],
    fixtures_for_urls: Callable[[str, User | None], dict[str, Any]],
) -> None:
    client = Client(raise_request_exception=False)
    _, raw = ApiToken.issue(users[role], "malformed")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_X_JUSTIFICATION": "case_management"}
    failures: list[str] = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        kwargs = fixtures_for_urls(path, users[role])
        for method, operation in methods.items():
            names = _query_parameters(operation) or ["q"]
            for value in BAD_VALUES:
                url = _url(path.lstrip("/"), kwargs) + "?" + urlencode(dict.fromkeys(names, value))
                response = client.generic(
                    method.upper(), url, "{}", content_type="application/json", **headers
                )
                if response.status_code >= 500:
                    failures.append(
                        f"{method.upper()} {path} {value[:5]!r}: {response.status_code}"
                    )
    assert failures == []
