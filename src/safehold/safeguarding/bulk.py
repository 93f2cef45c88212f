"""Writing many rows of one model quickly, for the synthetic force.

``bulk_create`` spends about 10 µs per value building model instances, preparing each
value and assembling the SQL (SQLite takes 30 rows of an incident per statement): for
the year of domestic abuse at scale 1 (about 150,000 rows, 3 million values) that was
25 seconds, most of the seed. :class:`Table` keeps rows as tuples, adapts only the values
that need it (dates and times, JSON) with the connection's own adapters, and writes them
with ``executemany``: the same rows in about a tenth of the time, on SQLite and PostgreSQL.

It is for seeding only: no signals, no ``save()``, no validation beyond the database's
own constraints. Case data written by people goes through ``services``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.color import no_style
from django.db import connections, models, router
from django.db.models import Max

from safehold.clock import SYSTEM_CLOCK, Clock

Adapter = Callable[[Any], Any]


class Table:
    """Rows for one model; ``add`` takes column attribute names (``incident_id=``)."""

    def __init__(
        self, model: type[models.Model], *, explicit_ids: bool = False, clock: Clock = SYSTEM_CLOCK
    ) -> None:
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        self.explicit_ids = explicit_ids
        self.fields = [f for f in model._meta.concrete_fields if explicit_ids or not f.primary_key]
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self.adapters = [self._adapter(f) for f in self.fields]
        stamp = clock.now()
        self.defaults = [
            a(stamp if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
              else f.get_default())
            for f, a in zip(self.fields, self.adapters, strict=True)
        ]  # fmt: skip
        self.rows: list[list[Any]] = []
        self._next_id = 0

    def _adapter(self, field: models.Field[Any, Any]) -> Adapter:
        ops = self.connection.ops
        if isinstance(field, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(field, models.DateField):
            return ops.adapt_datefield_value
        if isinstance(field, models.JSONField):
            encoder = field.encoder
            return lambda value: ops.adapt_json_value(value, encoder)
        return lambda value: value

    def next_id(self) -> int:
        """The id the next row will get (explicit ids only)."""
        if not self._next_id:
            top = self.model._default_manager.aggregate(top=Max("pk"))["top"]
            self._next_id = (top or 0) + 1
        self._next_id += 1
        return self._next_id - 1

    def add(self, **values: Any) -> list[Any]:
        """Add a row; columns not given take the model's default. Returns the row."""
        row = list(self.defaults)
        for name, value in values.items():
            try:
                i = self.index[name]
            except KeyError:
                raise TypeError(f"{self.model.__name__} has no column {name!r}") from None
            row[i] = self.adapters[i](value)
        self.rows.append(row)
        return row

    def set(self, row: list[Any], **values: Any) -> None:
        """Change columns of a row added earlier."""
        for name, value in values.items():
            i = self.index[name]
            row[i] = self.adapters[i](value)

    def write(self, chunk: int = 5000) -> int:
        """INSERT every row; returns how many."""
        if not self.rows:
            return 0
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(str(f.column)) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        # Table and column names come from the model, never from input.
        sql = f"INSERT INTO {quote(self.model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
        with self.connection.cursor() as cursor:
            for start in range(0, len(self.rows), chunk):
                cursor.executemany(sql, self.rows[start : start + chunk])
            if self.explicit_ids:
                # Ids given explicitly do not move PostgreSQL's sequence (loaddata does this).
                for reset in self.connection.ops.sequence_reset_sql(no_style(), [self.model]):
                    cursor.execute(reset)
        count, self.rows = len(self.rows), []
        return count
