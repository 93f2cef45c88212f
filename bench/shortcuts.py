"""Benchmark: the two speed shortcuts in the visit policy, each against its plain form.

In one process, on synthetic facts for ``--offenders`` offenders (default 13,000: ten
times Staffordshire's register), prints the medians of

- ``evaluate_many`` as written (the cyclic garbage collector paused while it builds the
  results) against the same call with the collector left running, and
- building the ``PolicyResult`` objects by filling their ``__dict__`` (``new_result``)
  against the dataclass's own ``__init__``,

and their ratios. The decision record docs/decisions/0021-speed-shortcuts.md quotes them.

    python -P bench/shortcuts.py [--offenders 13000] [--repeat 5] [--json]
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from safehold.offenders import policy
from safehold.offenders.policy import OffenderFacts, PolicyResult, evaluate_many
from safehold.offenders.policy_config import default_policy
from safehold.offenders.policy_result import new_result
from safehold.offenders.vocabulary import RiskLevel

TODAY = date(2026, 12, 7)


def _facts(n: int, seed: int = 0) -> list[OffenderFacts]:
    rng = random.Random(seed)
    levels = [RiskLevel.VERY_HIGH, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW]
    weights = [2, 18, 30, 50]
    out = []
    for i in range(n):
        registered = TODAY - timedelta(days=rng.randint(30, 4000))
        seen = TODAY - timedelta(days=rng.randint(1, 400)) if rng.random() < 0.95 else None
        out.append(
            OffenderFacts(
                offender_id=i + 1,
                registered_on=registered,
                risk_level=rng.choices(levels, weights)[0],
                last_visit_seen_on=seen,
                last_risk_assessment_on=TODAY - timedelta(days=rng.randint(1, 500)),
                last_notification_on=TODAY - timedelta(days=rng.randint(1, 400)),
            )
        )
    return out


def _median(fn: Callable[[], object], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


class _CollectorLeftOn:
    """Stands in for ``gc`` inside the policy module: ``disable`` does nothing."""

    isenabled = staticmethod(gc.isenabled)
    enable = staticmethod(gc.enable)

    @staticmethod
    def disable() -> None:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offenders", type=int, default=13_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rules = default_policy()
    facts = _facts(args.offenders)

    def evaluate() -> list[PolicyResult]:
        return evaluate_many(facts, TODAY, rules)

    paused = _median(evaluate, args.repeat)
    policy.gc = _CollectorLeftOn  # type: ignore[assignment]
    try:
        running = _median(evaluate, args.repeat)
    finally:
        policy.gc = gc

    results = evaluate()
    rows = [{f.name: getattr(r, f.name) for f in dataclasses.fields(PolicyResult)} for r in results]

    def by_dict() -> list[PolicyResult]:
        return [new_result(**row) for row in rows]

    def by_init() -> list[PolicyResult]:
        return [PolicyResult(**row) for row in rows]

    filled = _median(by_dict, args.repeat)
    constructed = _median(by_init, args.repeat)
    figures: dict[str, Any] = {
        "offenders": args.offenders,
        "evaluate_gc_paused_s": round(paused, 4),
        "evaluate_gc_running_s": round(running, 4),
        "gc_running_over_paused": round(running / paused, 2),
        "results_by_dict_s": round(filled, 4),
        "results_by_init_s": round(constructed, 4),
        "init_over_dict": round(constructed / filled, 2),
        "results_share_of_evaluate": round(filled / paused, 3),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:<28} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
