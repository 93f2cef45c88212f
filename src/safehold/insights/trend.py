"""Is a trend real? Regression on month with a confidence interval, and Mann-Kendall.

* :func:`binomial_trend` — logistic regression of successes out of trials on the month
  number (a rate such as the charge/summons share): the odds ratio per month, its 95%
  confidence interval and the two-sided Wald p-value.
* :func:`poisson_trend` — Poisson regression of counts on month with log(exposure) as
  offset (a ratio such as arrests per 100 crimes): the rate ratio per month.
* :func:`mann_kendall` — for a measure that is not a count (median attendance delay):
  Kendall's S, its normal approximation and p-value (no correction for ties beyond the
  variance term).

Fitted by iteratively re-weighted least squares with numpy; the normal distribution from
``math.erf``. No Django, no database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Z95 = 1.959963984540054


def _p_two_sided(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


@dataclass(frozen=True, slots=True)
class Trend:
    """The fitted change per month (a ratio: 1 means flat) and whether it is real."""

    method: str
    per_month: float
    ci_low: float
    ci_high: float
    p_value: float
    months: int

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05

    @property
    def direction(self) -> str:
        if not self.significant:
            return "no significant trend"
        return "rising" if self.per_month > 1 else "falling"

    def describe(self) -> str:
        if self.months < 3:
            return "too few months to test a trend"
        pct = 100 * (self.per_month - 1)
        return (
            f"{self.direction}: {pct:+.1f}% a month (95% CI {100 * (self.ci_low - 1):+.1f}% "
            f"to {100 * (self.ci_high - 1):+.1f}%), p = {self.p_value:.3f} ({self.method})"
        )


FLAT = Trend("none", 1.0, 1.0, 1.0, 1.0, 0)


def _irls(
    x: np.ndarray, y: np.ndarray, weights: np.ndarray, offset: np.ndarray, family: str
) -> tuple[float, float] | None:
    design = np.column_stack([np.ones_like(x), x])
    beta = np.zeros(2)
    for _ in range(50):
        eta = design @ beta + offset
        if family == "binomial":
            mu = 1 / (1 + np.exp(-eta))
            var = np.maximum(weights * mu * (1 - mu), 1e-12)
            z = eta - offset + (y - weights * mu) / var
        else:
            mu = np.exp(eta)
            var = np.maximum(mu, 1e-12)
            z = eta - offset + (y - mu) / var
        xtw = design.T * var
        try:
            new = np.linalg.solve(xtw @ design, xtw @ z)
        except np.linalg.LinAlgError:
            return None
        if np.max(np.abs(new - beta)) < 1e-10:
            beta = new
            break
        beta = new
    try:
        cov = np.linalg.inv(xtw @ design)
    except np.linalg.LinAlgError:
        return None
    return float(beta[1]), float(math.sqrt(max(cov[1, 1], 0.0)))


def _trend(method: str, fitted: tuple[float, float] | None, months: int) -> Trend:
    if fitted is None or not 0 < fitted[1] < 5 or abs(fitted[0]) > 5:
        # Not estimable (separation: a month of all or nothing drives the fit off).
        return Trend(method, 1.0, 1.0, 1.0, 1.0, months)
    slope, se = fitted
    return Trend(
        method,
        math.exp(slope),
        math.exp(slope - Z95 * se),
        math.exp(slope + Z95 * se),
        _p_two_sided(slope / se),
        months,
    )


def binomial_trend(successes: Sequence[int], trials: Sequence[int]) -> Trend:
    """Logistic regression of ``successes/trials`` on month 0, 1, 2, ..."""
    k, n = np.asarray(successes, float), np.asarray(trials, float)
    keep = n > 0
    if keep.sum() < 3 or k[keep].sum() == 0 or k[keep].sum() == n[keep].sum():
        return Trend("binomial regression", 1.0, 1.0, 1.0, 1.0, int(keep.sum()))
    x = np.arange(len(n), dtype=float)[keep]
    fitted = _irls(x - x.mean(), k[keep], n[keep], np.zeros(int(keep.sum())), "binomial")
    return _trend("binomial regression", fitted, int(keep.sum()))


def poisson_trend(counts: Sequence[float], exposure: Sequence[float]) -> Trend:
    """Poisson regression of ``counts`` on month 0, 1, 2, ... with log(exposure) offset."""
    y, e = np.asarray(counts, float), np.asarray(exposure, float)
    keep = e > 0
    if keep.sum() < 3 or y[keep].sum() == 0:
        return Trend("Poisson regression", 1.0, 1.0, 1.0, 1.0, int(keep.sum()))
    x = np.arange(len(e), dtype=float)[keep]
    fitted = _irls(x - x.mean(), y[keep], np.ones(int(keep.sum())), np.log(e[keep]), "poisson")
    return _trend("Poisson regression", fitted, int(keep.sum()))


def mann_kendall(values: Sequence[float | None]) -> Trend:
    """Mann-Kendall test on a series (None for a month without data is skipped).

    ``per_month`` is 1 + Sen's slope relative to the series' median, so that it reads
    like the regression trends ("+2% a month").
    """
    v = np.asarray([x for x in values if x is not None], float)
    n = len(v)
    if n < 3:
        return Trend("Mann-Kendall", 1.0, 1.0, 1.0, 1.0, n)
    diff = v[None, :] - v[:, None]
    upper = np.triu_indices(n, 1)
    s = float(np.sign(diff[upper]).sum())
    _, ties = np.unique(v, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - float((ties * (ties - 1) * (2 * ties + 5)).sum())) / 18
    z = 0.0 if var <= 0 else (s - np.sign(s)) / math.sqrt(var)
    steps = diff[upper] / (upper[1] - upper[0])
    slope = float(np.median(steps))
    level = float(np.median(v)) or 1.0
    rel = slope / abs(level)
    lo, hi = np.percentile(steps, [2.5, 97.5]) / abs(level)
    return Trend("Mann-Kendall", 1 + rel, 1 + float(lo), 1 + float(hi), _p_two_sided(z), n)
