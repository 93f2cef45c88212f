"""Solomon VRPTW benchmark: our solver module against the best-known distances.

Reads Solomon-format files with our own reader, solves each through
``safehold.planning.solver.solve_vrptw`` (DIMACS convention: every number times ten,
truncated; distance only), and prints the gap to the best-known distance. In the same
run, PyVRP is called directly on the same instance (converted to VRPLIB and read by
``pyvrp.read(round_func="dimacs")``) as the yardstick. One solve at a time.

Usage::

    bench/vrptw.py [FILES OR FOLDERS ...] [--seconds 10] [--bks CSV] [--json]

With no paths it runs the 56 instances in the repository's ``data/vrptw/solomon``
(sources and best-known values in ``data/vrptw/SOURCES.md``).

Targets (issue 4): 56 instances at 10 s, mean gap <= 0.5 % and within 0.1 percentage
points of PyVRP called directly.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path
from statistics import fmean
from typing import Any

from safehold.planning.solomon import read_solomon
from safehold.planning.solver import solve_vrptw, solver_version

REPO = Path(__file__).resolve().parents[1]
DEFAULT_INSTANCES = "data/vrptw/solomon"
DEFAULT_BKS = "data/vrptw/solomon_bks.csv"


def instance_files(paths: list[str]) -> list[Path]:
    """Files named on the command line, and the .txt files in folders, sorted."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == ".txt"))
        elif path.is_file():
            found.append(path)
        else:
            raise SystemExit(f"no such file or folder: {path}")
    return found


def best_known(csv_path: Path) -> dict[str, float]:
    """DIMACS-convention best-known distances by instance name (upper case)."""
    with csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"instance", "distance", "convention"} - set(reader.fieldnames or [])
        if missing:
            raise SystemExit(f"{csv_path}: missing columns {sorted(missing)}")
        return {
            row["instance"].strip().upper(): float(row["distance"])
            for row in reader
            if row["convention"].strip().lower() == "dimacs"
        }


def pyvrp_direct(path: Path, seconds: float, seed: int) -> tuple[float, int, bool]:
    """PyVRP on its own: vrplib parses the Solomon file, pyvrp.read reads it as VRPLIB."""
    import pyvrp
    import vrplib
    from pyvrp.stop import MaxRuntime

    parsed = vrplib.read_instance(str(path), instance_format="solomon")
    n = len(parsed["node_coord"])
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"{path.stem}.vrp"
        vrplib.write_instance(
            target,
            {
                "NAME": path.stem,
                "TYPE": "VRPTW",
                "DIMENSION": n,
                "VEHICLES": int(parsed["vehicles"]),
                "CAPACITY": int(parsed["capacity"]),
                "EDGE_WEIGHT_TYPE": "EUC_2D",
                "NODE_COORD_SECTION": parsed["node_coord"],
                "DEMAND_SECTION": parsed["demand"],
                "TIME_WINDOW_SECTION": parsed["time_window"],
                "SERVICE_TIME_SECTION": parsed["service_time"],
                "DEPOT_SECTION": [1, -1],
            },
        )
        data = pyvrp.read(target, round_func="dimacs")
    result = pyvrp.solve(data, stop=MaxRuntime(seconds), seed=seed, display=False)
    return result.best.distance() / 10, result.best.num_routes(), result.best.is_feasible()


def gap(distance: float, bks: float | None) -> float | None:
    """Percent above the best-known distance."""
    return None if bks is None else 100 * (distance - bks) / bks


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (or emit as JSON) the gaps."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "paths",
        nargs="*",
        default=[str(REPO / DEFAULT_INSTANCES)],
        help=f"Solomon files or folders of them (default: {DEFAULT_INSTANCES})",
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="time limit per solve")
    parser.add_argument("--bks", default=DEFAULT_BKS, help="best-known CSV (repo-relative)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-direct", action="store_true", help="skip PyVRP called directly")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)

    bks_path = Path(args.bks)
    if not bks_path.is_absolute():
        bks_path = (REPO / bks_path).resolve()
    known = best_known(bks_path)
    files = instance_files(args.paths)
    rows: list[dict[str, Any]] = []
    if not args.json:
        print(f"{solver_version()}; {len(files)} instances, {args.seconds:g} s each, dimacs")
        print(
            f"{'instance':<8} {'BKS':>8} {'ours':>8} {'gap %':>7} {'veh':>4}"
            f" {'direct':>8} {'gap %':>7} {'veh':>4}"
        )
    started = time.perf_counter()
    for path in files:
        instance = read_solomon(path)
        bks = known.get(instance.name.upper())
        ours = solve_vrptw(instance, max_runtime_s=args.seconds, seed=args.seed)
        row: dict[str, Any] = {
            "instance": instance.name,
            "bks": bks,
            "distance": ours.distance,
            "gap_percent": gap(ours.distance, bks),
            "vehicles": ours.vehicles,
            "feasible": ours.feasible,
            "iterations": ours.iterations,
        }
        if not args.no_direct:
            distance, vehicles, feasible = pyvrp_direct(path, args.seconds, args.seed)
            row |= {
                "direct_distance": distance,
                "direct_gap_percent": gap(distance, bks),
                "direct_vehicles": vehicles,
                "direct_feasible": feasible,
            }
        rows.append(row)
        if not args.json:
            line = (
                f"{row['instance']:<8} {bks or float('nan'):>8.1f} {ours.distance:>8.1f}"
                f" {row['gap_percent'] if bks else float('nan'):>7.2f} {ours.vehicles:>4}"
            )
            if not args.no_direct:
                line += (
                    f" {row['direct_distance']:>8.1f}"
                    f" {row['direct_gap_percent'] if bks else float('nan'):>7.2f}"
                    f" {row['direct_vehicles']:>4}"
                )
            print(line + ("" if ours.feasible else "  INFEASIBLE"), flush=True)

    gaps = [r["gap_percent"] for r in rows if r["gap_percent"] is not None]
    direct = [r["direct_gap_percent"] for r in rows if r.get("direct_gap_percent") is not None]
    summary: dict[str, Any] = {
        "solver_version": solver_version(),
        "seconds": args.seconds,
        "seed": args.seed,
        "instances": rows,
        "count": len(rows),
        "mean_gap_percent": fmean(gaps) if gaps else None,
        "direct_mean_gap_percent": fmean(direct) if direct else None,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    if gaps and direct:
        summary["difference_pp"] = summary["mean_gap_percent"] - summary["direct_mean_gap_percent"]
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print()
    print(f"mean gap, our solver module : {summary['mean_gap_percent']:.3f} %  (target <= 0.5 %)")
    if direct:
        print(f"mean gap, PyVRP directly    : {summary['direct_mean_gap_percent']:.3f} %")
        print(
            f"difference                  : {summary['difference_pp']:+.3f} pp  (target within 0.1)"
        )
    print(f"wall time {summary['wall_seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
