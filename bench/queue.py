"""Benchmark: re-prioritise the domestic-abuse waiting queue.

Generates a seeded synthetic queue (50,000 victims by default), times
``safehold.safeguarding.priority.prioritise`` (median of several runs) and, as a baseline in
the same process, a plain sort of the same victims by grade then time reported. Prints the
figures, or JSON with ``--json``. The target in issue 5 is at most 1 s for 50,000 victims.

    .venv/bin/python bench/queue.py [--count 50000] [--runs 5] [--seed 0] [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path, where "queue.py" would shadow
# the standard library's queue module for anything that imports it.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import json
import platform
import random
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from safehold.safeguarding.dash import Grade
from safehold.safeguarding.priority import (
    Attendance,
    QueuePolicy,
    WaitingVictim,
    prioritise,
)

MARKERS = (
    "strangulation",
    "threats_to_kill",
    "separation_coercive_control",
    "stalking",
    "pregnancy",
    "weapons",
)


TARGET_MINUTES = {Grade.HIGH: 60, Grade.MEDIUM: 8 * 60, Grade.STANDARD: 24 * 60}


def synthetic_queue(count: int, now: datetime, seed: int) -> list[WaitingVictim]:
    """Return ``count`` synthetic waiting victims, the same for the same seed."""
    rng = random.Random(seed)
    grades = (Grade.STANDARD, Grade.MEDIUM, Grade.HIGH)
    attendance = (Attendance.ATTENDED, Attendance.DELAYED, Attendance.UNABLE)
    victims = []
    for i in range(count):
        grade = rng.choices(grades, weights=(55, 35, 10))[0]
        # Waits are roughly exponential around two-thirds of the grade's target, so most
        # victims are within target and a realistic tail is overdue.
        target_minutes = TARGET_MINUTES[grade]
        reported_at = now - timedelta(minutes=rng.expovariate(1.5 / target_minutes))
        reassessed = (
            reported_at + timedelta(minutes=rng.uniform(0, 120)) if rng.random() < 0.3 else None
        )
        victims.append(
            WaitingVictim(
                victim_id=f"V{i:06d}",
                grade=grade,
                reported_at=reported_at,
                attendance=rng.choices(attendance, weights=(70, 22, 8))[0],
                last_contact_at=None,
                repeat_victimisation_12m=min(int(rng.expovariate(0.8)), 12),
                escalation_markers=tuple(m for m in MARKERS if rng.random() < 0.08),
                suspect_at_large=rng.random() < 0.25,
                children_present=rng.random() < 0.4,
                contact_attempts=min(int(rng.expovariate(1.0)), 6),
                last_reassessed_at=reassessed if reassessed and reassessed < now else None,
            )
        )
    return victims


def baseline(victims: Sequence[WaitingVictim]) -> list[WaitingVictim]:
    """Plain sort by grade (high first) then time reported: what a list page would do."""
    return sorted(victims, key=lambda v: (-v.grade.rank, v.reported_at))


def median_seconds(run: Callable[[], object], runs: int) -> float:
    """Return the median wall time of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args(argv)

    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    policy = QueuePolicy.load()
    victims = synthetic_queue(args.count, now, args.seed)
    entries = prioritise(victims, now, policy)  # warm-up, and the figures below
    prioritise_s = median_seconds(lambda: prioritise(victims, now, policy), args.runs)
    baseline_s = median_seconds(lambda: baseline(victims), args.runs)
    figures = {
        "benchmark": "queue.prioritise",
        "victims": args.count,
        "runs": args.runs,
        "seed": args.seed,
        "prioritise_median_s": round(prioritise_s, 4),
        "baseline_sort_median_s": round(baseline_s, 4),
        "ratio_to_baseline": round(prioritise_s / baseline_s, 1) if baseline_s else None,
        "target_s": 1.0,
        "within_target": prioritise_s <= 1.0,
        "escalated": sum(e.escalate_to_supervisor for e in entries),
        "needing_telephone_reassessment": sum(e.needs_telephone_reassessment for e in entries),
        "python": platform.python_version(),
        "policy_version": policy.version,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"prioritise {args.count:,} waiting victims: {prioritise_s:.3f} s "
            f"(median of {args.runs}; target <= 1 s)"
        )
        print(f"baseline sort by grade then reported_at: {baseline_s:.3f} s")
        print(f"ratio: {figures['ratio_to_baseline']}x the baseline")
        print(
            f"escalated to a supervisor: {figures['escalated']:,}; "
            f"needing telephone re-assessment: {figures['needing_telephone_reassessment']:,}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
