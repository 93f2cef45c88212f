"""Tiny named simulation instances for the tests (seconds, not minutes)."""

from __future__ import annotations

from dataclasses import replace

from safehold.simulation.params import (
    HOURS_PER_WEEK,
    Distribution,
    GradeInputs,
    ModelInputs,
    ResolutionCentre,
    Shift,
)


def small_force(*, weeks: float = 2.0, late_units: int = 4) -> ModelInputs:
    """Three grades at about 3 incidents an hour, three shifts, a small resolution centre."""

    def grade(n: int, rate: float, target: float | None, attended: bool = True, rc: float = 0.0):
        return GradeInputs(
            grade=n,
            name=f"g{n}",
            arrivals_per_hour=(rate,) * HOURS_PER_WEEK,
            attended=attended,
            target_urban_minutes=target,
            target_rural_minutes=target * 1.5 if target else None,
            urban_share=0.8,
            handling=Distribution("lognormal", 60.0, 40.0),
            resolution_centre_share=rc,
            double_crew_share=0.3 if n == 1 else 0.0,
        )

    return ModelInputs(
        grades=(
            grade(1, 0.5, 15.0),
            grade(2, 1.0, 60.0),
            grade(3, 1.0, 2880.0, rc=0.4),
            grade(5, 0.5, None, attended=False, rc=0.5),
        ),
        shifts=(
            Shift("early", 7 * 60, 10, 3, 1),
            Shift("late", 15 * 60, 10, late_units, 2),
            Shift("night", 22 * 60, 9, 3, 2),
        ),
        travel_urban=Distribution("lognormal", 8.0, 4.0),
        travel_rural=Distribution("lognormal", 12.0, 6.0),
        resolution_centre=ResolutionCentre(enabled=True, investigators=2),
        weeks=weeks,
        warmup_days=2,
        cooldown_days=3,
    )


def without_centre(inputs: ModelInputs) -> ModelInputs:
    return replace(inputs, resolution_centre=replace(inputs.resolution_centre, enabled=False))
