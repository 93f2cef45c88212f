"""The crime counts every crime measure reads (:class:`CrimeMonthCount`), rebuilt from the
recorded crimes by one grouping query in the database, so that no crime row passes
through Python and the measures over 10 M crimes read a few thousand rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from .models import Crime, CrimeMonthCount

KEYS = ("recorded_month", "area", "crime_type", "domestic_abuse", "outcome_type", "outcome_month")


def rebuild_crime_counts(crime: Any = Crime, counts: Any = CrimeMonthCount) -> int:
    """Rewrite the counts from the crimes (call inside the writer's transaction); the
    number of count rows. ``crime`` and ``counts`` are the models (the migration passes
    its historical ones)."""
    grouped = (
        crime.objects.order_by()
        .annotate(recorded_month=TruncMonth("recorded_on"), outcome_month=TruncMonth("outcome_on"))
        .values(*KEYS)
        .annotate(crimes=Count("id"), arrests=Sum("arrests"))
    )
    counts.objects.all().delete()
    made = counts.objects.bulk_create(
        (counts(**{**row, "arrests": row["arrests"] or 0}) for row in grouped.iterator()),
        batch_size=2000,
    )
    return len(made)
