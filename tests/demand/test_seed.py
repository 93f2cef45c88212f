"""The synthetic demand: a year with its patterns, the centre's share, peaks that breach."""

from __future__ import annotations

from datetime import date

import pytest

from safehold.demand.models import AppointmentSlot, Incident
from safehold.demand.queries import compliance
from safehold.synth.force import SeedParams, seed_force

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: object) -> dict[str, object]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        from django.db import transaction

        with transaction.atomic():
            counts = seed_force(SeedParams(seed=5, scale=0.05, today=TODAY))
            report = compliance(None, None)
            data = {
                "counts": counts,
                "report": report,
                "slots": AppointmentSlot.objects.count(),
                "grades": {g: Incident.objects.filter(grade=g).count() for g in range(1, 6)},
                "live_rc": Incident.objects.filter(
                    route="resolution_centre", rc_status="open"
                ).count(),
            }
            transaction.set_rollback(True)
    return data


@pytest.mark.django_db
def test_a_year_of_incidents_at_the_scaled_size(seeded: dict[str, object]) -> None:
    counts = seeded["counts"]
    assert isinstance(counts, dict)
    assert 0.9 * 9000 < counts["demand_incidents"] < 1.1 * 9000


@pytest.mark.django_db
def test_the_grade_mix_is_realistic(seeded: dict[str, object]) -> None:
    grades = seeded["grades"]
    assert isinstance(grades, dict)
    total = sum(grades.values())
    assert 0.10 < grades[1] / total < 0.20
    assert 0.25 < grades[2] / total < 0.38


@pytest.mark.django_db
def test_the_resolution_centre_takes_a_realistic_share(seeded: dict[str, object]) -> None:
    report = seeded["report"]
    assert isinstance(report, dict)
    assert 0.08 < report["resolution_centre"]["share_of_demand"] < 0.20
    assert report["resolution_centre"]["response_officer_hours_saved"] > 0
    assert seeded["live_rc"]


@pytest.mark.django_db
def test_grade_one_breaches_more_at_the_weekend_night_peak(seeded: dict[str, object]) -> None:
    """Friday and Saturday 21:00-02:00 against weekday mornings 07:00-11:00."""
    report = seeded["report"]
    assert isinstance(report, dict)
    hours = report["by_hour_of_week"]

    def share(selected: list[dict[str, object]]) -> float:
        attended = sum(int(h["attended"]) for h in selected)  # type: ignore[call-overload]
        within = sum(int(h["within_target"]) for h in selected)  # type: ignore[call-overload]
        return within / attended

    peak = [h for h in hours if h["day"] in ("Fri", "Sat") and (h["hour"] >= 21)]
    quiet = [h for h in hours if h["day"] in ("Mon", "Tue", "Wed") and 7 <= h["hour"] <= 11]
    assert share(peak) < share(quiet) - 0.05
    assert seeded["slots"]
