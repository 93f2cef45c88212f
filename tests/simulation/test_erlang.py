"""Erlang C against values worked by hand and from the textbook."""

from __future__ import annotations

import pytest

from safehold.simulation.erlang import erlang_c


def test_mm1_waits_with_probability_rho_for_rho_over_mu_minus_lambda() -> None:
    """M/M/1 with rho 0.5: P(wait) = 0.5 and Wq = rho/(mu - lambda) = 30 minutes."""
    e = erlang_c(arrivals_per_hour=1.0, service_minutes=30.0, servers=1)
    assert e.p_wait == pytest.approx(0.5)
    assert e.mean_wait_minutes == pytest.approx(30.0)
    assert e.utilisation == pytest.approx(0.5)


def test_two_servers_one_erlang_wait_with_probability_one_third() -> None:
    """M/M/2 with a = 1 erlang: C = 1/3 and Wq = C/(2 mu - lambda) = 20 minutes at 1/h service."""
    e = erlang_c(arrivals_per_hour=1.0, service_minutes=60.0, servers=2)
    assert e.p_wait == pytest.approx(1 / 3)
    assert e.mean_wait_minutes == pytest.approx(20.0)


def test_five_erlangs_on_six_servers_matches_the_erlang_c_table() -> None:
    """A = 5, N = 6: the published Erlang C value 0.5875 and Wq = 0.5875 x 30 / 1 = 17.6 min."""
    e = erlang_c(arrivals_per_hour=10.0, service_minutes=30.0, servers=6)
    assert e.p_wait == pytest.approx(0.5875, abs=1e-4)
    assert e.mean_wait_minutes == pytest.approx(0.5875 * 30.0, abs=0.01)


def test_an_overloaded_queue_is_refused() -> None:
    """Utilisation at or above 1 has no steady state."""
    with pytest.raises(ValueError, match="grows without bound"):
        erlang_c(arrivals_per_hour=12.0, service_minutes=30.0, servers=6)
