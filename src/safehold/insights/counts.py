"""The crime counts every crime measure reads (:class:`CrimeMonthCount`), rebuilt from the
recorded crimes by two grouping queries in the database, so that no crime row passes
through Python and the measures over 10 M crimes read a few thousand rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from .models import CountBasis, Crime, CrimeMonthCount

GROUP = ("month", "area", "crime_type", "domestic_abuse")


def rebuild_crime_counts(crime: Any = Crime, counts: Any = CrimeMonthCount) -> int:
    """Rewrite the counts from the crimes (call inside the writer's transaction); the
    number of count rows. ``crime`` and ``counts`` are the models (the migration passes
    its historical ones)."""
    recorded = (
        crime.objects.order_by()
        .annotate(month=TruncMonth("recorded_on"))
        .values(*GROUP)
        .annotate(
            crimes=Count("id"),
            arrests_sum=Sum("arrests"),
            charged=Count("id", filter=Q(outcome_type=1)),
            with_outcome=Count("id", filter=Q(outcome_type__gt=0)),
        )
    )
    given = (
        crime.objects.order_by()
        .filter(outcome_type__gt=0, outcome_on__isnull=False)
        .annotate(month=TruncMonth("outcome_on"))
        .values(*GROUP, "outcome_type")
        .annotate(crimes=Count("id"))
    )
    rows = [
        counts(
            basis=CountBasis.RECORDED,
            **{k: r[k] for k in (*GROUP, "crimes", "charged", "with_outcome")},
            arrests=r["arrests_sum"] or 0,
        )
        for r in recorded.iterator()
    ]
    rows += [counts(basis=CountBasis.OUTCOME, **r) for r in given.iterator()]
    counts.objects.all().delete()
    counts.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
