"""The discrete-event model: seeded, priorities, shift changes, the resolution centre, M/M/c."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.simulation.mmc import mmc_inputs, run_mmc
from safehold.simulation.model import replication_seed, simulate_replication
from safehold.simulation.params import Shift

from .tiny import small_force, without_centre


def test_the_same_seed_gives_the_same_replication() -> None:
    """Two runs with one seed agree to the last digit; another seed differs."""
    inputs = small_force()
    a = simulate_replication(inputs, seed=7)
    b = simulate_replication(inputs, seed=7)
    c = simulate_replication(inputs, seed=8)
    assert a == b
    assert a != c


def test_replication_seeds_depend_only_on_the_run_seed_and_index() -> None:
    """Seeds are derived, never drawn: same inputs, same seed; distinct across indices."""
    assert replication_seed(3, 5) == replication_seed(3, 5)
    assert len({replication_seed(3, k) for k in range(50)}) == 50


def test_grade_one_waits_less_than_grade_two_and_three() -> None:
    """Priority by grade: the more urgent grade is dispatched first."""
    r = simulate_replication(small_force(weeks=4), seed=1)
    waits = {g.grade: g.mean_wait_minutes for g in r.by_grade if g.mean_wait_minutes is not None}
    assert waits[1] < waits[2] < waits[3]


def test_incidents_wait_across_a_gap_in_the_roster_and_are_attended_after_it() -> None:
    """With nobody on between 05:00 and 07:00, those calls wait for the early shift."""
    inputs = small_force(weeks=2)
    gap = replace(
        inputs,
        shifts=(
            Shift("early", 7 * 60, 10, 4, 2),
            Shift("late", 15 * 60, 10, 5, 2),
            Shift("night", 22 * 60, 7, 4, 2),  # ends 05:00
        ),
    )
    r = simulate_replication(gap, seed=2)
    assert all(g.attended == g.incidents for g in r.by_grade if g.grade in (1, 2))
    g1 = next(g for g in r.by_grade if g.grade == 1)
    assert g1.p90_minutes is not None
    assert g1.p90_minutes > 30
    assert r.queue_by_hour[6] > r.queue_by_hour[12]  # Monday 06:00: calls queue for 07:00


def test_without_the_resolution_centre_its_work_falls_on_response() -> None:
    """Closing the centre moves its incidents to grade 3 response and raises utilisation."""
    inputs = small_force(weeks=4)
    today = simulate_replication(inputs, seed=3)
    closed = simulate_replication(without_centre(inputs), seed=3)
    assert today.resolution_centre.handled > 0
    assert closed.resolution_centre.handled == 0
    g3 = {r: next(g for g in x.by_grade if g.grade == 3) for r, x in (("o", today), ("c", closed))}
    assert g3["c"].attended > g3["o"].attended
    assert closed.utilisation > today.utilisation


def test_the_resolution_centre_works_only_in_its_hours() -> None:
    """Its investigators are on duty 08:00-22:00 only, so incidents at night wait."""
    r = simulate_replication(small_force(weeks=2), seed=4)
    assert r.resolution_centre.mean_wait_minutes is not None
    assert r.resolution_centre.mean_wait_minutes > 60


def test_mmc_through_the_model_agrees_with_erlang_c_within_its_confidence_interval() -> None:
    """M/M/5 at utilisation 0.8: the 95 % interval of the mean wait covers Erlang C."""
    out = run_mmc(
        arrivals_per_hour=8.0,
        service_minutes=30.0,
        servers=5,
        hours=3000,
        replications=8,
        seed=11,
    )
    lo, hi = out["mean_wait_ci95"]
    assert lo <= out["erlang_c_mean_wait_minutes"] <= hi
    assert abs(out["utilisation"] - 0.8) < 0.02
    assert abs(out["p_wait"] - out["erlang_c_p_wait"]) < 0.03


@settings(max_examples=12, deadline=None)
@given(
    servers=st.integers(min_value=1, max_value=6),
    rho=st.floats(min_value=0.3, max_value=0.9),
    service=st.floats(min_value=5.0, max_value=60.0),
    seed=st.integers(min_value=0, max_value=2**31),
)
def test_adding_a_unit_never_worsens_the_mean_wait_beyond_noise(
    servers: int, rho: float, service: float, seed: int
) -> None:
    """Same seed, one more unit: the mean wait does not rise by more than noise."""
    rate = rho * servers * 60.0 / service
    base = mmc_inputs(arrivals_per_hour=rate, service_minutes=service, servers=servers, hours=400)
    more = replace(base, shifts=(replace(base.shifts[0], units=servers + 1),))
    a = simulate_replication(base, seed=seed)
    b = simulate_replication(more, seed=seed)
    assert b.mean_wait_minutes <= a.mean_wait_minutes * 1.05 + 0.5
