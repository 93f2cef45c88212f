"""Across replications: means with 95 % confidence intervals, and a run's summary (pure).

The summary depends only on the set of replication results, not the order they
arrived in: results are sorted by index before anything is added up, so a run gives
the same figures however many workers ran its replications.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from .results import ReplicationResult

# Two-sided 95 % Student t quantiles by degrees of freedom (1-30), then a few more.
_T95 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t95(df: int) -> float:
    """The two-sided 95 % t quantile for ``df`` degrees of freedom."""
    if df < 1:
        return math.inf
    if df <= 30:
        return _T95[df - 1]
    if df <= 40:
        return 2.021
    if df <= 60:
        return 2.000
    if df <= 120:
        return 1.980
    return 1.960


def mean_ci(values: Sequence[float]) -> tuple[float, tuple[float, float]]:
    """The mean and its 95 % confidence interval (t, replications as samples)."""
    n = len(values)
    if n == 0:
        return math.nan, (math.nan, math.nan)
    m = math.fsum(values) / n
    if n == 1:
        return m, (m, m)
    var = math.fsum((v - m) ** 2 for v in values) / (n - 1)
    half = t95(n - 1) * math.sqrt(var / n)
    return m, (m - half, m + half)


def _r(x: float | None, digits: int = 4) -> float | None:
    return None if x is None or math.isnan(x) else round(x, digits)


def _ci(values: Sequence[float], digits: int = 4) -> dict[str, Any]:
    m, (lo, hi) = mean_ci(values)
    return {"mean": _r(m, digits), "ci95": [_r(lo, digits), _r(hi, digits)]}


def summarise(results: Iterable[ReplicationResult]) -> dict[str, Any]:
    """A run's figures from its replications: means, 95 % intervals, by grade and hour."""
    reps = sorted(results, key=lambda r: r.index)
    if not reps:
        raise ValueError("no replications to summarise")
    by_grade: dict[str, dict[str, Any]] = {}
    for k, first in enumerate(reps[0].by_grade):
        rows = [r.by_grade[k] for r in reps]
        p50s = [g.p50_minutes for g in rows if g.p50_minutes is not None]
        p90s = [g.p90_minutes for g in rows if g.p90_minutes is not None]
        shares = [g.share_within_target for g in rows if g.share_within_target is not None]
        waits = [g.mean_wait_minutes for g in rows if g.mean_wait_minutes is not None]
        share_mean, share_ci = mean_ci(shares) if shares else (math.nan, (math.nan, math.nan))
        by_grade[str(first.grade)] = {
            "incidents": _r(math.fsum(g.incidents for g in rows) / len(rows), 1),
            "attended": _r(math.fsum(g.attended for g in rows) / len(rows), 1),
            "p50_minutes": _r(mean_ci(p50s)[0], 2) if p50s else None,
            "p50_minutes_ci95": _ci(p50s, 2)["ci95"] if p50s else None,
            "p90_minutes": _r(mean_ci(p90s)[0], 2) if p90s else None,
            "p90_minutes_ci95": _ci(p90s, 2)["ci95"] if p90s else None,
            "share_within_target": _r(share_mean) if shares else None,
            "share_within_target_ci95": [_r(share_ci[0]), _r(share_ci[1])] if shares else None,
            "mean_wait_minutes": _r(mean_ci(waits)[0], 2) if waits else None,
        }
    hours = len(reps[0].utilisation_by_hour)
    util_by_hour = [
        _r(math.fsum(r.utilisation_by_hour[h] for r in reps) / len(reps)) for h in range(hours)
    ]
    queue_by_hour = [
        _r(math.fsum(r.queue_by_hour[h] for r in reps) / len(reps), 3) for h in range(hours)
    ]
    centre = [r.resolution_centre for r in reps]
    c_waits = [c.mean_wait_minutes for c in centre if c.mean_wait_minutes is not None]
    c_util = [c.utilisation for c in centre if c.utilisation is not None]
    return {
        "replications": len(reps),
        "seeds": [r.seed for r in reps],
        "incidents_per_replication": _r(math.fsum(r.incidents for r in reps) / len(reps), 1),
        "by_grade": by_grade,
        "mean_wait_minutes": _r(mean_ci([r.mean_wait_minutes for r in reps])[0], 3),
        "mean_wait_ci95": _ci([r.mean_wait_minutes for r in reps], 3)["ci95"],
        "p_wait": _r(mean_ci([r.p_wait for r in reps])[0]),
        "utilisation": _r(mean_ci([r.utilisation for r in reps])[0]),
        "utilisation_ci95": _ci([r.utilisation for r in reps])["ci95"],
        "utilisation_by_hour": util_by_hour,
        "queue_by_hour": queue_by_hour,
        "resolution_centre": {
            "handled": _r(math.fsum(c.handled for c in centre) / len(centre), 1),
            "mean_wait_minutes": _r(mean_ci(c_waits)[0], 2) if c_waits else None,
            "utilisation": _r(mean_ci(c_util)[0]) if c_util else None,
        },
        "events": sum(r.events for r in reps),
    }
