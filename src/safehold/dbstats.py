"""The query planner's statistics, refreshed after a bulk load.

PostgreSQL plans joins from statistics that autovacuum gathers some time after a large
write; until then a freshly seeded or restored force is planned as if its tables were empty
(the DA queue's cross-unit link query took 260 ms instead of 5 ms at scale 1). ``analyse()``
gathers them at once. SQLite's ``PRAGMA optimize`` does the same where it helps.
"""

from __future__ import annotations

from django.db import connection


def analyse() -> None:
    """Refresh the planner's statistics for the whole database (after a seed or a restore)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
