"""The crime counts every crime measure reads (:class:`CrimeMonthCount`), rebuilt from the
recorded crimes by two ``insert ... select ... group by`` statements in the database, so
that no crime row passes through Python and the measures over 10 M crimes read a few
thousand rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connections
from django.db.models import CharField, Count, DateField, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat, Substr

from .models import CountBasis, Crime, CrimeMonthCount

GROUP = ("month", "area", "crime_type", "domestic_abuse")


def _month(field: str) -> Cast:
    """The first day of a date column's month, in plain SQL on SQLite and PostgreSQL alike
    (Django's TruncMonth is a Python function per row on SQLite: minutes over millions)."""
    return Cast(Concat(Substr(Cast(field, CharField()), 1, 7), Value("-01")), DateField())


def _insert(counts: Any, basis: str, grouped: QuerySet[Any], columns: dict[str, str]) -> int:
    """Insert the grouped rows as counts of ``basis`` in one statement; how many.
    ``columns``: each column of the counts and what of ``grouped`` (or constant) fills it."""
    sql, params = grouped.query.sql_with_params()
    table = counts._meta.db_table
    names, values = ", ".join(columns), ", ".join(columns.values())
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(
            f"insert into {table} (basis, {names}) select %s, {values} from ({sql}) grouped",  # noqa: S608 -- table and columns from the model and this module; sql compiled by Django, values bound
            [basis, *params],
        )
        return int(cursor.rowcount)


def first_days(*days: date | None) -> set[date]:
    """The first days of the months of ``days`` (None left out)."""
    return {date(d.year, d.month, 1) for d in days if d is not None}


def _within(field: str, months: set[date]) -> Q:
    """``field`` falls in one of ``months`` (first days), as index-friendly ranges."""
    found = Q(pk__in=[])
    for m in months:
        following = date(m.year + m.month // 12, m.month % 12 + 1, 1)
        found |= Q(**{f"{field}__gte": m, f"{field}__lt": following})
    return found


def rebuild_crime_counts(
    crime: Any = Crime, counts: Any = CrimeMonthCount, *, months: set[date] | None = None
) -> int:
    """Rewrite the counts from the crimes (call inside the writer's transaction); the
    number of count rows written. ``months`` (first days): rewrite only those months'
    counts, on both bases — the writer names every month a crime it wrote was or is now
    recorded or given its outcome in; None rewrites everything. ``crime`` and ``counts``
    are the models (the migration passes its historical ones)."""
    if months is not None and not months:
        return 0
    recorded_in = _within("recorded_on", months) if months else Q()
    outcome_in = _within("outcome_on", months) if months else Q()
    recorded = (
        crime.objects.order_by()
        .filter(recorded_in)
        .annotate(month=_month("recorded_on"))
        .values(*GROUP)
        .annotate(
            crimes=Count("id"),
            arrests_sum=Coalesce(Sum("arrests"), 0),
            charged=Count("id", filter=Q(outcome_type=1)),
            with_outcome=Count("id", filter=Q(outcome_type__gt=0)),
        )
    )
    given = (
        crime.objects.order_by()
        .filter(outcome_in, outcome_type__gt=0, outcome_on__isnull=False)
        .annotate(month=_month("outcome_on"))
        .values(*GROUP, "outcome_type")
        .annotate(crimes=Count("id"))
    )
    (counts.objects.filter(month__in=months) if months else counts.objects.all()).delete()
    same = {name: name for name in (*GROUP, "crimes")}
    made = _insert(
        counts,
        CountBasis.RECORDED,
        recorded,
        {**same, "arrests": "arrests_sum", "charged": "charged", "with_outcome": "with_outcome"},
    )
    made += _insert(
        counts,
        CountBasis.OUTCOME,
        given,
        {
            **same,
            "outcome_type": "outcome_type",
            "arrests": "0",
            "charged": "0",
            "with_outcome": "0",
        },
    )
    return made
