"""The measures as plain data: monthly series, their trend test and small-count suppression.

Each measure is a monthly series of a numerator over a denominator:

* a **share** (charge/summons rate, outcome 15 and 16 shares, contact within target...):
  ``100 * numerator / denominator``, tested with binomial regression on month;
* a **ratio** (arrests per 100 DA crimes — may exceed 100, one crime can lead to several
  arrests; DVPOs per DVPN): ``100 * numerator / denominator``, tested with Poisson
  regression on month with the denominator as exposure;
* a **median** (attendance delay in hours): tested with Mann-Kendall.

Suppression: analysts see aggregates only. A count between 1 and ``threshold - 1`` is
shown as suppressed, and a rate whose denominator is below the threshold is suppressed
with it (the rate would reveal the small count). Pure: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .trend import Trend, binomial_trend, mann_kendall, poisson_trend

DEFAULT_THRESHOLD = 5


@dataclass(frozen=True, slots=True)
class Point:
    month: str
    numerator: float
    denominator: int
    value: float | None  # None: no data or suppressed
    suppressed: bool = False


@dataclass(frozen=True, slots=True)
class Measure:
    key: str
    label: str
    kind: str  # share, ratio or median
    unit: str
    definition: str
    points: tuple[Point, ...]
    trend: Trend
    higher_is_better: bool = True
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total_numerator(self) -> float:
        return sum(p.numerator for p in self.points)

    @property
    def total_denominator(self) -> int:
        return sum(p.denominator for p in self.points)

    @property
    def overall(self) -> float | None:
        if self.kind == "median":
            values = [p.value for p in self.points if p.value is not None]
            return sorted(values)[len(values) // 2] if values else None
        den = self.total_denominator
        return 100 * self.total_numerator / den if den else None


def suppress_count(count: float, threshold: int = DEFAULT_THRESHOLD) -> float | None:
    """The count, or None when it is small enough to identify someone (1 to threshold-1)."""
    return None if 0 < count < threshold else count


def rate_point(
    month: str, numerator: float, denominator: int, threshold: int = DEFAULT_THRESHOLD
) -> Point:
    if denominator <= 0:
        return Point(month, numerator, denominator, None)
    if denominator < threshold:
        return Point(month, numerator, denominator, None, suppressed=True)
    return Point(month, numerator, denominator, 100 * numerator / denominator)


def months_between(first: str, last: str) -> list[str]:
    """Every YYYY-MM from ``first`` to ``last`` inclusive."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def rate_measure(
    key: str,
    label: str,
    kind: str,
    definition: str,
    counts: Mapping[str, tuple[float, int]],
    months: Sequence[str],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    higher_is_better: bool = True,
    unit: str = "%",
) -> Measure:
    """A share or ratio measure from ``{month: (numerator, denominator)}``."""
    points = tuple(rate_point(m, *counts.get(m, (0.0, 0)), threshold) for m in months)
    nums = [p.numerator for p in points]
    dens = [p.denominator for p in points]
    if kind == "ratio":
        trend = poisson_trend(nums, dens)
    else:
        trend = binomial_trend([round(n) for n in nums], dens)
    return Measure(key, label, kind, unit, definition, points, trend, higher_is_better)


def median_measure(
    key: str,
    label: str,
    definition: str,
    medians: Mapping[str, tuple[float, int]],
    months: Sequence[str],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    unit: str = "hours",
) -> Measure:
    """A median measure from ``{month: (median, number of cases)}``; lower is better."""
    points = []
    for m in months:
        value, n = medians.get(m, (0.0, 0))
        if n == 0:
            points.append(Point(m, 0.0, 0, None))
        elif n < threshold:
            points.append(Point(m, 0.0, n, None, suppressed=True))
        else:
            points.append(Point(m, value, n, value))
    trend = mann_kendall([p.value for p in points])
    return Measure(key, label, "median", unit, definition, tuple(points), trend, False)
