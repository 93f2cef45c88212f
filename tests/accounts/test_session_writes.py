"""Recording a user's activity does not write the session on every request (issue 14, load)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.factories import UserFactory


def _session_writes(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return sum(
        1
        for q in queries.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


@pytest.mark.django_db
def test_pages_in_quick_succession_write_the_session_once() -> None:
    client = Client()
    client.force_login(UserFactory(role="offender_manager"))
    first = _session_writes(client, "/")
    later = [_session_writes(client, "/") for _ in range(3)]
    assert first == 1
    assert later == [0, 0, 0]
