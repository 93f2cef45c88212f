"""Fitting from the demand app's incidents, and calibration against the recorded year."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from safehold.demand.models import Incident
from safehold.errors import InvalidInput
from safehold.simulation import inputs, services
from safehold.simulation.calibration import compare
from safehold.simulation.models import RunStatus


def _year_of_incidents(n: int = 900, *, seed: int = 1) -> None:
    """``n`` incidents over the last year: grades 1-3 attended, grade 5 to the centre."""
    rng = random.Random(seed)
    now = timezone.now()
    rows = []
    for k in range(n):
        received = now - timedelta(minutes=rng.uniform(60, 364 * 24 * 60))
        grade = (1, 2, 3, 5)[k % 4]
        urban = rng.random() < 0.8
        row = Incident(
            channel="999" if grade == 1 else "101",
            incident_type="theft",
            received_at=received,
            area="urban" if urban else "rural",
            grade=grade,
            route={1: "response", 2: "response", 3: "scheduled", 5: "resolution_centre"}[grade],
        )
        if grade in (1, 2, 3):
            wait = rng.expovariate(1 / 5.0)
            travel = rng.lognormvariate(2.1, 0.4)
            row.clock_started_at = received
            row.dispatched_at = received + timedelta(minutes=wait)
            row.arrived_at = row.dispatched_at + timedelta(minutes=travel)
            row.resolved_at = row.arrived_at + timedelta(minutes=rng.lognormvariate(4.0, 0.5))
            row.target_minutes = {1: 15 if urban else 20, 2: 60, 3: 2880}[grade]
        rows.append(row)
    Incident.objects.bulk_create(rows)


@pytest.mark.django_db
def test_the_adapter_reads_a_year_of_incidents_and_fits_them() -> None:
    """Rates by grade over the year, the centre's share, handling and travel times."""
    _year_of_incidents()
    fitted = inputs.fitted_last_year()
    assert fitted is not None
    assert fitted.incidents == 900
    assert sum(fitted.grades[1].arrivals_per_hour) * fitted.weeks == pytest.approx(225, rel=0.01)
    assert fitted.grades[5].resolution_centre_share == 1.0
    assert fitted.grades[1].handling is not None
    assert fitted.travel_urban is not None
    assert fitted.recorded[1].attended == 225
    assert "fitted from the force's 900 incidents" in inputs.describe(fitted)


@pytest.mark.django_db
def test_old_incidents_and_a_thin_record_fit_nothing() -> None:
    """Fewer than the minimum in the last year: the packaged figures stand."""
    Incident.objects.create(
        channel="101",
        incident_type="theft",
        received_at=datetime(2020, 1, 1, tzinfo=UTC),
        grade=3,
        route="scheduled",
    )
    assert inputs.fitted_last_year() is None


@pytest.mark.django_db
def test_calibration_sets_the_simulated_year_beside_the_recorded_one() -> None:
    """The run holds recorded figures; the rows compare them grade by grade."""
    _year_of_incidents()
    run = services.request_calibration(None, replications=2, seed=3, run_here=True)
    assert run.status == RunStatus.READY
    rows = services.calibration_rows(run)
    assert rows is not None
    assert [r["grade"] for r in rows] == ["1", "2", "3"]
    for r in rows:
        assert r["recorded_attended"] == 225
        assert r["simulated_share_within_target"] is not None
        assert r["difference"] == pytest.approx(
            r["simulated_share_within_target"] - r["recorded_share_within_target"], abs=1e-3
        )


@pytest.mark.django_db
def test_calibration_without_records_says_so() -> None:
    """Nothing to calibrate against is an error naming why, and nothing is written."""
    with pytest.raises(InvalidInput, match="graded incidents"):
        services.request_calibration(None, replications=2, run_here=True)


def test_compare_says_whether_the_recorded_share_lies_inside_the_interval() -> None:
    """Inside the simulated 95 % interval, or not."""
    simulated = {
        "by_grade": {
            "1": {
                "attended": 10,
                "share_within_target": 0.8,
                "share_within_target_ci95": [0.75, 0.85],
                "p50_minutes": 9.0,
                "p90_minutes": 20.0,
            }
        }
    }
    recorded = {
        "1": {"attended": 9, "share_within_target": 0.9, "p50_minutes": 8, "p90_minutes": 19}
    }
    (row,) = compare(simulated, recorded)
    assert row["recorded_inside_ci"] is False
    assert row["difference"] == pytest.approx(-0.1)
