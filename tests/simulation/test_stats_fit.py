"""Across replications (order-independent, confidence intervals) and fitting from records."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehold.simulation.fit import IncidentRecord, fit_demand, hour_of_week
from safehold.simulation.model import simulate_replication
from safehold.simulation.stats import mean_ci, summarise

from .tiny import small_force


def test_the_summary_does_not_depend_on_the_order_replications_finished() -> None:
    """Workers finish in any order; the figures are the same."""
    inputs = small_force(weeks=1)
    results = [simulate_replication(inputs, seed=s, index=k) for k, s in enumerate((4, 5, 6))]
    assert summarise(results) == summarise(list(reversed(results)))


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=40))
def test_the_confidence_interval_holds_the_mean(values: list[float]) -> None:
    """lo <= mean <= hi for any sample."""
    m, (lo, hi) = mean_ci(values)
    assert lo <= m + 1e-6
    assert m <= hi + 1e-6


def test_the_interval_uses_student_t() -> None:
    """Two values 0 and 2: mean 1, s = 1.414, half-width 12.706 x 1.414/1.414 = 12.706."""
    m, (lo, hi) = mean_ci([0.0, 2.0])
    assert m == 1.0
    assert (hi - lo) / 2 == pytest.approx(12.706)


def test_fitting_recovers_the_rates_shares_and_times_of_the_records() -> None:
    """Ten weeks of 20 grade-1 calls each Monday 09:00: 2 an hour; shares and times fitted."""
    rng = random.Random(1)
    monday = datetime(2026, 1, 5, 9, 10, tzinfo=UTC)  # 09:10 in London in winter
    records = []
    for week in range(11):
        for k in range(20):
            records.append(
                IncidentRecord(
                    received_at=monday + timedelta(weeks=week, minutes=k),
                    grade=1,
                    urban=k % 4 != 0,
                    route="response" if k % 5 else "resolution_centre",
                    minutes_to_arrival=10.0 + k,
                    travel_minutes=rng.lognormvariate(2.0, 0.4),
                    handling_minutes=rng.lognormvariate(4.0, 0.5),
                    target_minutes=15.0,
                )
            )
    fitted = fit_demand(records)
    assert fitted is not None
    g = fitted.grades[1]
    assert g.arrivals_per_hour[9] == pytest.approx(220 / fitted.weeks)
    assert sum(g.arrivals_per_hour) == pytest.approx(g.arrivals_per_hour[9])
    assert g.urban_share == pytest.approx(0.75)
    assert g.resolution_centre_share == pytest.approx(0.2)
    assert g.handling is not None
    assert g.handling.mean_minutes == pytest.approx(61.9, rel=0.15)  # e^(4 + 0.125)
    assert fitted.recorded[1].share_within_target == pytest.approx(4 / 16)  # k = 1..4


def test_hours_of_the_week_are_counted_in_london_time() -> None:
    """Monday 00:30 BST is Sunday 23:30 UTC."""
    assert hour_of_week(datetime(2026, 6, 7, 23, 30, tzinfo=UTC)) == 0
    assert hour_of_week(datetime(2026, 1, 4, 23, 30, tzinfo=UTC)) == 167


def test_no_graded_records_fit_nothing() -> None:
    """Without records the scenario's packaged figures stand."""
    assert fit_demand([]) is None
