"""The nets under every view (issue 13, findings 1 and 3): an unreadable value is a 400,
a busy SQLite a 503 with Retry-After; neither is ever a 500."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from safehold.config.errors import server_error
from safehold.config.middleware import BusyDatabaseMiddleware, UnreadableValueMiddleware
from safehold.querystring import is_whole_number, whole_number


def _never(request: object) -> HttpResponse:
    raise AssertionError("not called")


@pytest.mark.django_db
def test_a_value_error_from_a_page_is_a_400_page() -> None:
    request = RequestFactory().get("/planning/forecast/?run=²")
    request.user = AnonymousUser()
    response = UnreadableValueMiddleware(_never).process_exception(
        request, ValueError("invalid literal for int()")
    )
    assert response is not None
    assert response.status_code == 400


def test_a_value_error_from_the_api_is_a_400_with_a_code() -> None:
    request = RequestFactory().get("/api/people?q=²")
    response = UnreadableValueMiddleware(_never).process_exception(request, ValueError("x"))
    assert response is not None
    assert response.status_code == 400
    assert json.loads(response.content)["code"] == "bad_request"


def test_database_is_locked_is_a_503_with_retry_after() -> None:
    request = RequestFactory().post("/api/safeguarding/incidents")
    middleware = BusyDatabaseMiddleware(_never)
    response = middleware.process_exception(request, OperationalError("database is locked"))
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert json.loads(response.content)["code"] == "busy"
    assert middleware.process_exception(request, OperationalError("no such table")) is None


def test_a_busy_database_outside_a_view_is_still_a_503() -> None:
    """A lock met while saving the session on the way out reaches handler500."""
    request = RequestFactory().get("/people/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), ("²", None), ("١٢", None), ("-1", None), ("9" * 30, None), ("", None)],
)
def test_whole_numbers_are_ascii_digits_in_range(text: str, expected: int | None) -> None:
    assert whole_number(text) == expected
    assert is_whole_number("²") is False


PENDING: set[str] = set()


def test_no_code_parses_a_number_after_str_isdigit_alone() -> None:
    """The class of bug: ``x.isdigit()`` then ``int(x)``; use safehold.querystring."""
    from pathlib import Path

    import safehold

    offenders = []
    root = Path(safehold.__file__).parent
    for path in root.rglob("*.py"):
        if path.name == "querystring.py" or str(path.relative_to(root)) in PENDING:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ".isdigit()" in line and "isascii" not in line and "int(" in line:
                offenders.append(f"{path.name}:{number}")
    assert offenders == []
