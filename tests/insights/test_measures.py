"""The DA crime measures against hand-computed small cases (DuckDB over an Arrow table)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from safehold.errors import InvalidInput
from safehold.insights.crime_sql import arrow_crimes
from safehold.insights.duckdb_store import month_counts
from safehold.insights.measures import by_group, crime_measures
from safehold.insights.outcomes import explain, parse_period


def table(rows: list[tuple[Any, ...]]):  # type: ignore[no-untyped-def]
    names = ["recorded_on", "area", "crime_type", "domestic_abuse", "arrests"]
    names += ["outcome_type", "outcome_on"]
    return arrow_crimes({n: [r[i] for r in rows] for i, n in enumerate(names)})


D = date
ROWS = [
    # January: 5 DA crimes, 7 arrests (140 per 100); one non-DA crime ignored.
    (D(2026, 1, 3), "North", "Assault", True, 3, 1, D(2026, 1, 20)),
    (D(2026, 1, 4), "North", "Assault", True, 2, 16, D(2026, 1, 25)),
    (D(2026, 1, 5), "South", "Stalking", True, 1, 15, D(2026, 1, 28)),
    (D(2026, 1, 6), "South", "Stalking", True, 1, None, None),
    # Recorded in January, charged in April: counts for April's outcome-date rate and
    # January's cohort.
    (D(2026, 1, 7), "South", "Assault", True, 0, 1, D(2026, 4, 2)),
    (D(2026, 1, 8), "South", "Burglary", False, 4, 1, D(2026, 1, 9)),
    # February: 5 DA crimes, no arrests, 5 outcomes in February.
    *[(D(2026, 2, d), "North", "Assault", True, 0, 16, D(2026, 2, 20)) for d in range(1, 6)],
]


def test_hand_computed_months() -> None:
    measures = {m.key: m for m in crime_measures(table(ROWS), D(2026, 1, 1), D(2026, 4, 30))}
    arrest = measures["arrest_rate"]
    assert [p.value for p in arrest.points[:2]] == [140.0, 0.0]
    assert arrest.points[2].value is None  # no crimes in March
    # Outcome-date view: January 3 outcomes (below 5: suppressed), February 0/5, April 1.
    charge = measures["charge_rate"]
    assert charge.points[0].suppressed
    assert charge.points[0].numerator == 1
    assert charge.points[1].value == 0.0
    assert charge.points[3].numerator == 1
    assert charge.points[3].denominator == 1
    # Cohort view: January's 5 DA crimes, 2 eventually charged (one in April).
    cohort = measures["charge_rate_cohort"]
    assert cohort.points[0].value == 40.0
    assert measures["oc16_share"].points[1].value == 100.0


def test_month_counts_by_area() -> None:
    rows = month_counts(table(ROWS), "area", D(2026, 1, 1), D(2026, 1, 31))
    south = next(r for r in rows if r.group == "South")
    assert (south.crimes, south.arrests, south.outcomes, south.oc15) == (3, 2, 1, 1)


def test_by_group_suppresses_small_counts() -> None:
    rows = {r.group: r for r in by_group(table(ROWS), "area", D(2026, 1, 1), D(2026, 4, 30))}
    assert rows["North"].crimes == 7
    assert rows["North"].arrests_per_100 == round(500 / 7, 1)
    assert rows["South"].crimes is None
    assert rows["South"].charge_rate is None


def test_explain_parts_add_up_and_name_areas() -> None:
    result = explain(
        table(ROWS),
        "charge_rate",
        parse_period("2026-01..2026-01", "before"),
        parse_period("2026-02..2026-04", "after"),
        threshold=1,
    )
    assert result["before"]["crimes"] == 3
    assert round(result["before"]["rate"], 2) == 33.33
    total = sum(p["contribution_pp"] for p in result["by_area"])
    assert abs(total - result["change_pp"]) < 1e-2
    assert {p["group"] for p in result["by_crime_type"]} == {"Assault", "Stalking"}
    shift = {s["outcome_type"]: s for s in result["outcome_shift"]}
    assert shift[16]["share_after"] > shift[16]["share_before"]
    assert "North" in result["sentence"] or "South" in result["sentence"]
    suppressed = explain(
        table(ROWS),
        "charge_rate",
        parse_period("2026-01..2026-01", "b"),
        parse_period("2026-02..2026-04", "a"),
    )
    assert suppressed["before"]["crimes"] is None


def test_arrest_rate_explain_above_100() -> None:
    result = explain(
        table(ROWS),
        "arrest_rate",
        parse_period("2026-01..2026-01", "before"),
        parse_period("2026-02..2026-02", "after"),
    )
    assert result["before"]["rate"] == 140.0
    assert result["change_pp"] == -140.0


@pytest.mark.parametrize("text", ["2026-01", "2026-13..2026-14", "2026-03..2026-01", "x..y"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_period(text, "before")
    assert parse_period("2025-12..2026-02", "b").end == D(2026, 2, 28)


def test_year_out_of_range() -> None:
    with pytest.raises(InvalidInput):
        parse_period("0000-01..0000-02", "before")
