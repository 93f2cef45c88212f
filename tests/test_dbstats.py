"""After a bulk load the planner's statistics are refreshed (a seeded or restored force)."""

from __future__ import annotations

import pytest
from django.db import connection

from safehold.dbstats import analyse
from tests.factories import PersonFactory


@pytest.mark.django_db
def test_analyse_gives_postgresql_statistics_for_the_rows_just_written() -> None:
    PersonFactory.create_batch(30)
    if connection.vendor != "postgresql":
        analyse()  # SQLite's PRAGMA optimize: runs without error inside the transaction
        return

    def columns_with_statistics() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'people_person'")
            return int(cursor.fetchone()[0])

    before = columns_with_statistics()
    analyse()
    assert columns_with_statistics() > before
