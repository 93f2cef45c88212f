"""Every planner parameter is bounded on every entry point (issue 13, finding 9)."""

from __future__ import annotations

import pytest

from safehold.planning.budget import SearchBudget
from safehold.planning.params import MAX_ITERATIONS, MAX_RUNTIME_S, PlannerParams
from safehold.planning.problem import PlannerParamsError


def test_a_billion_iterations_is_refused() -> None:
    with pytest.raises(PlannerParamsError, match="max_iterations"):
        PlannerParams(max_runtime_s=None, max_iterations=1_000_000_000)
    PlannerParams(max_runtime_s=None, max_iterations=MAX_ITERATIONS)


@pytest.mark.parametrize(
    "changes",
    [
        {"num_neighbours": 10_000},
        {"same_day_neighbours": 10_000},
        {"other_day_neighbours": 10_000},
        {"large_model_copies": 10**9},
        {"weight_wait_time": 1e9},
        {"overdue_scale_days": 10**9},
    ],
)
def test_the_search_tunables_are_bounded(changes: dict[str, object]) -> None:
    with pytest.raises(PlannerParamsError):
        PlannerParams(**changes)  # type: ignore[arg-type]


def test_an_iteration_budget_alone_still_stops_at_the_wall_clock_ceiling() -> None:
    budget = SearchBudget(None, 500)
    assert budget.max_runtime_s == MAX_RUNTIME_S
