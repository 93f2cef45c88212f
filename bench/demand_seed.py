"""How long the demand seeder adds to ``safehold seed``: wall and CPU seconds per context.

Run on an empty database (it builds the synthetic force, then rolls nothing back)::

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/safehold migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/demand_seed.py [--scale 1]

Prints each context's seeding time and the demand seeder's share of the whole seed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehold.config.settings")
    django.setup()
    from safehold.synth.force import SeedParams, seed_force

    marks: list[tuple[str, float, float]] = []

    def progress(fraction: float, message: str) -> None:
        if message.startswith("Seeding ") or message == "Done":
            marks.append((message, time.perf_counter(), time.process_time()))

    start = (time.perf_counter(), time.process_time())
    result = seed_force(SeedParams(scale=args.scale), progress)
    wall, cpu = time.perf_counter() - start[0], time.process_time() - start[1]
    print(f"seed at scale {args.scale}: {wall:.1f} s wall, {cpu:.1f} s CPU")
    for (name, w0, c0), (_, w1, c1) in itertools.pairwise(marks):
        print(
            f"  {name[8:] if name.startswith('Seeding ') else name:<14} "
            f"{w1 - w0:6.1f} s wall {c1 - c0:6.1f} s CPU"
        )
    demand = next(
        (
            (w1 - w0, c1 - c0)
            for (n, w0, c0), (_, w1, c1) in itertools.pairwise(marks)
            if n == "Seeding demand"
        ),
        None,
    )
    if demand:
        print(
            f"demand adds {demand[0]:.1f} s wall ({demand[0] / wall:.0%} of the seed), "
            f"{demand[1]:.1f} s CPU ({demand[1] / cpu:.0%}); "
            f"{result.get('demand_incidents', 0):,} incidents"
        )


if __name__ == "__main__":
    main()
