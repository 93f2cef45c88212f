"""A web worker is warmed before its first request (safehold.config.warmup)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safehold.clock import SYSTEM_CLOCK
from safehold.config import gunicorn
from safehold.config.warmup import template_names, warm_worker
from safehold.offenders.models import Offender
from safehold.offenders.queries import register_evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings: Any) -> None:
    settings.SAFEHOLD_BACKLOG_CACHE_SECONDS = 60


def test_every_project_template_is_found() -> None:
    names = template_names()
    assert "base.html" in names
    assert "safeguarding/_queue_list.html" in names
    assert "offenders/list.html" in names


def test_after_warming_the_register_is_read_without_evaluating_it_again(
    make_offender: Callable[..., Offender], caplog: pytest.LogCaptureFixture
) -> None:
    make_offender("very_high", seen_days_ago=60)
    with caplog.at_level(logging.INFO, logger="safehold.config.warmup"):
        warm_worker()
    with CaptureQueriesContext(connection) as ctx:
        evaluated = register_evaluation(SYSTEM_CLOCK.today())
    assert len(evaluated) == 1
    assert not any("register_reference" in q["sql"] for q in ctx.captured_queries)
    (warmed,) = [r for r in caplog.records if r.getMessage() == "worker warmed"]
    assert warmed.register == "evaluated"  # type: ignore[attr-defined]
    assert warmed.templates == len(template_names())  # type: ignore[attr-defined]


def test_a_database_that_cannot_answer_does_not_stop_the_worker(
    caplog: pytest.LogCaptureFixture,
) -> None:
    table = Offender._meta.db_table
    with connection.cursor() as cursor:  # as before migrations: no register table
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    with caplog.at_level(logging.INFO, logger="safehold.config.warmup"):
        warm_worker()
    (warmed,) = [r for r in caplog.records if r.getMessage() == "worker warmed"]
    assert warmed.register.startswith("not evaluated")  # type: ignore[attr-defined]


def test_gunicorn_warms_each_worker_once_it_has_loaded_the_application(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="safehold.config.warmup"):
        gunicorn.post_worker_init(worker=None)
    assert [r.getMessage() for r in caplog.records] == ["worker warmed"]
