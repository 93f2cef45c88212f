"""Trend tests: a real fall is found, noise is not, and the suppression rule."""

from __future__ import annotations

import random

from safehold.insights.rates import months_between, rate_measure, rate_point, suppress_count
from safehold.insights.trend import binomial_trend, mann_kendall, poisson_trend


def test_binomial_finds_a_real_fall() -> None:
    trials = [400] * 12
    successes = [round(400 * (0.20 - 0.01 * i)) for i in range(12)]
    t = binomial_trend(successes, trials)
    assert t.significant
    assert t.direction == "falling"
    assert t.ci_low < t.per_month < t.ci_high < 1


def test_binomial_flat_noise_is_not_significant() -> None:
    rng = random.Random(4)
    trials = [300] * 12
    successes = [sum(rng.random() < 0.15 for _ in range(300)) for _ in range(12)]
    t = binomial_trend(successes, trials)
    assert not t.significant
    assert t.ci_low < 1 < t.ci_high


def test_poisson_ratio_above_100() -> None:
    crimes = [100] * 10
    arrests = [150 - 5 * i for i in range(10)]  # 150 per 100 falling to 105
    t = poisson_trend(arrests, crimes)
    assert t.direction == "falling"
    assert t.per_month < 1


def test_mann_kendall() -> None:
    assert mann_kendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).direction == "rising"
    assert not mann_kendall([5, 3, 6, 4, 5, 3, 6, 4]).significant
    assert mann_kendall([1, None, 2]).months == 2


def test_too_few_months() -> None:
    assert "too few" in binomial_trend([1, 2], [10, 10]).describe()


def test_suppression() -> None:
    assert suppress_count(0) == 0
    assert suppress_count(4) is None
    assert suppress_count(5) == 5
    assert suppress_count(2, threshold=2) == 2
    p = rate_point("2026-01", 1, 4)
    assert p.value is None
    assert p.suppressed
    assert rate_point("2026-01", 1, 5).value == 20.0


def test_rate_measure_and_months() -> None:
    months = months_between("2025-11", "2026-02")
    assert months == ["2025-11", "2025-12", "2026-01", "2026-02"]
    m = rate_measure("x", "X", "ratio", "", {"2025-11": (120, 100)}, months)
    assert m.points[0].value == 120.0
    assert m.points[1].value is None
    assert m.overall == 120.0
