"""The staffing advisor: the fewest units per shift meeting a target with 95 % confidence."""

from __future__ import annotations

import pytest

from safehold.simulation.advisor import Target, advise

from .tiny import small_force


def test_the_answer_meets_the_target_and_one_fewer_on_any_shift_does_not() -> None:
    """Minimal per shift: the answer's lower bound reaches the target; each unit less misses."""
    out = advise(small_force(weeks=1), Target(grade=2, share=0.8), replications=3, seed=1)
    assert out["reached"] is True
    assert out["answer"]["share_within_target_ci95"][0] >= 0.8
    assert out["one_fewer"], "each shift's one-fewer roster is shown"
    for p in out["one_fewer"]:
        assert p["one_fewer_lower"] < 0.8
    assert out["binding_shift"] == max(out["one_fewer"], key=lambda p: p["loss"])["shift"]
    # Evidence: every roster tried, each with one figure per replication.
    assert all(len(e["replications"]) == 3 for e in out["evidence"])


def test_the_same_seed_gives_the_same_advice() -> None:
    """Seeded: the search and its evidence repeat exactly."""
    a = advise(small_force(weeks=1), Target(grade=2, share=0.8), replications=2, seed=4)
    b = advise(small_force(weeks=1), Target(grade=2, share=0.8), replications=2, seed=4)
    assert a == b


def test_a_target_travel_alone_misses_is_reported_as_not_reached() -> None:
    """99.9 % of grade 1 within 15 minutes cannot be met with travel times of ~8 minutes."""
    out = advise(
        small_force(weeks=1), Target(grade=1, share=0.999), replications=2, seed=1, max_units=7
    )
    assert out["reached"] is False
    assert out["binding_shift"] is None


def test_a_grade_without_a_target_is_refused() -> None:
    """Grade 5 has no attendance target to meet."""
    with pytest.raises(ValueError, match="no attendance target"):
        advise(small_force(weeks=1), Target(grade=5, share=0.9), replications=2, seed=1)
