"""Planner parameters: defaults, validation with a fix in the message, TOML round trip."""

from __future__ import annotations

import tomllib

import pytest

from safehold.planning.solver import PlannerParams, PlannerParamsError

TOML = """
[planner]
horizon_days = 3
max_runtime_s = 30
seed = 4
default_window = ["09:00", "21:00"]
time_bands = [["09:00", "13:00"], ["13:00", "21:00"]]
must_serve_levels = ["very_high"]

[planner.risk_weights]
very_high = 30
high = 10
medium = 3
low = 1
"""


def test_params_load_from_a_toml_table() -> None:
    """The [planner] table sets the horizon, budget, windows and weights."""
    params = PlannerParams.from_dict(tomllib.loads(TOML)["planner"])
    assert params.horizon_days == 3
    assert params.max_runtime_s == 30
    assert params.risk_weights.very_high == 30
    assert params.default_window.label() == "09:00-21:00"
    assert [b.label() for b in params.time_bands] == ["09:00-13:00", "13:00-21:00"]
    assert [level.value for level in params.must_serve_levels] == ["very_high"]


def test_params_round_trip_through_their_dictionary() -> None:
    """to_dict then from_dict gives the same parameters."""
    params = PlannerParams.from_dict(tomllib.loads(TOML)["planner"])
    assert PlannerParams.from_dict(params.to_dict()) == params


def test_an_unknown_setting_is_an_error_listing_the_known_ones() -> None:
    """A typo such as max_runtime is refused with code unknown_key."""
    with pytest.raises(PlannerParamsError) as error:
        PlannerParams.from_dict({"max_runtime": 30})
    assert error.value.code == "unknown_key"
    assert "max_runtime_s" in str(error.value)


def test_an_unknown_risk_level_key_is_an_error() -> None:
    """risk_weights must name the four levels and nothing else."""
    with pytest.raises(PlannerParamsError, match="unknown keys"):
        PlannerParams.from_dict(
            {"risk_weights": {"very_high": 1, "high": 1, "medium": 1, "low": 1, "extreme": 9}}
        )


def test_a_search_needs_a_time_or_an_iteration_budget() -> None:
    """Neither budget: the error says to give one."""
    with pytest.raises(PlannerParamsError, match="max_runtime_s or max_iterations"):
        PlannerParams(max_runtime_s=None, max_iterations=None)


def test_overlapping_time_bands_are_refused() -> None:
    """Bands vary visit times, so they must not overlap."""
    with pytest.raises(PlannerParamsError, match="overlap"):
        PlannerParams.from_dict({"time_bands": [["08:00", "13:00"], ["12:00", "17:00"]]})


def test_a_time_that_is_not_hh_mm_is_refused() -> None:
    """'8am' is not a time the planner reads."""
    with pytest.raises(PlannerParamsError, match="08:00"):
        PlannerParams.from_dict({"default_window": ["8am", "22:00"]})


def test_a_horizon_longer_than_four_weeks_is_refused() -> None:
    """horizon_days 60 is out of range, and the message gives the range."""
    with pytest.raises(PlannerParamsError, match="1 to 28"):
        PlannerParams(horizon_days=60)
