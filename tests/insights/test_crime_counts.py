"""The crime counts the measures read: rebuilt with every write of crimes, and giving the
same figures as one row per crime."""

from __future__ import annotations

import io
from datetime import date

import pytest

from safehold.insights import queries
from safehold.insights.crime_sql import arrow_crimes
from safehold.insights.duckdb_store import month_counts_sets
from safehold.insights.importer import import_crimes
from safehold.insights.models import CountBasis, Crime, CrimeMonthCount
from safehold.insights.outcomes import explain, parse_period

HEADER = (
    "crime_reference,recorded_on,area,crime_type,domestic_abuse,arrests,outcome_type,outcome_on\n"
)
ROWS = [
    "A1,2026-01-03,North,Assault,yes,3,1,2026-01-20",
    "A2,2026-01-04,North,Assault,yes,2,16,2026-01-25",
    "A3,2026-01-05,North,Assault,yes,1,16,2026-01-28",
    "A4,2026-01-06,South,Stalking,yes,1,,",
    "A5,2026-01-07,South,Assault,yes,0,1,2026-04-02",
    "A6,2026-01-08,South,Burglary,no,4,1,2026-01-09",
    "A7,2026-02-01,North,Assault,yes,0,15,2026-02-20",
    "A8,2026-02-02,North,Assault,yes,5,1,2026-03-20",
]


def load(rows: list[str]) -> None:
    data = (HEADER + "\n".join(rows) + "\n").encode()
    assert import_crimes(None, io.BytesIO(data), filename="t.csv").ok


def rows_table():  # type: ignore[no-untyped-def]
    names = ["recorded_on", "area", "crime_type", "domestic_abuse", "arrests"]
    names += ["outcome_type", "outcome_on"]
    values = list(Crime.objects.values_list(*names))
    return arrow_crimes({n: [v[i] for v in values] for i, n in enumerate(names)})


@pytest.mark.django_db
def test_counts_follow_every_import_and_match_one_row_per_crime() -> None:
    load(ROWS[:4])
    assert CrimeMonthCount.objects.get(area="North", outcome_type=16).crimes == 2
    load(ROWS)  # adds four, and a later file would change outcomes the same way
    recorded = CrimeMonthCount.objects.filter(basis=CountBasis.RECORDED)
    assert sum(recorded.values_list("crimes", flat=True)) == len(ROWS)
    north = recorded.get(area="North", month=date(2026, 1, 1))
    assert (north.crimes, north.arrests, north.charged, north.with_outcome) == (3, 6, 1, 3)
    april = CrimeMonthCount.objects.get(basis=CountBasis.OUTCOME, month=date(2026, 4, 1))
    assert (april.area, april.outcome_type, april.crimes) == ("South", 1, 1)
    start, end = date(2026, 1, 1), date(2026, 4, 30)
    assert month_counts_sets(queries.crime_table(), start, end) == month_counts_sets(
        rows_table(), start, end
    )
    before, after = parse_period("2026-01..2026-01", "b"), parse_period("2026-02..2026-04", "a")
    for metric in ("charge_rate", "arrest_rate"):
        assert explain(queries.crime_table(), metric, before, after, threshold=1) == explain(
            rows_table(), metric, before, after, threshold=1
        )


@pytest.mark.django_db
def test_a_dry_run_leaves_the_counts_alone() -> None:
    data = (HEADER + ROWS[0] + "\n").encode()
    assert import_crimes(None, io.BytesIO(data), dry_run=True, filename="t.csv").ok
    assert not CrimeMonthCount.objects.exists()


@pytest.mark.django_db
def test_an_import_rewrites_only_its_months_and_they_match_a_full_rebuild() -> None:
    from safehold.insights.counts import rebuild_crime_counts

    load(ROWS)

    def snapshot() -> list[tuple[object, ...]]:
        return sorted(
            CrimeMonthCount.objects.values_list(
                "basis",
                "month",
                "area",
                "crime_type",
                "domestic_abuse",
                "outcome_type",
                "crimes",
                "arrests",
                "charged",
                "with_outcome",
            ),
            key=str,
        )

    untouched = CrimeMonthCount.objects.get(basis=CountBasis.OUTCOME, month=date(2026, 2, 1))
    # A5's outcome moves from April to March; a new crime in May.
    load(["A5,2026-01-07,South,Assault,yes,0,1,2026-03-02", "A9,2026-05-01,West,Assault,yes,1,,"])
    assert CrimeMonthCount.objects.filter(pk=untouched.pk).exists()  # February not rewritten
    assert not CrimeMonthCount.objects.filter(basis=CountBasis.OUTCOME, month=date(2026, 4, 1))
    incremental = snapshot()
    rebuild_crime_counts()
    assert snapshot() == incremental
