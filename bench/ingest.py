"""Benchmark: data.police.uk ingest against pandas, and the outcome measures at 10 M crimes.

1. Synthesises at least ``--rows`` (default 1,000,000) street-format rows from the
   Staffordshire files packaged in data/policeuk (their rows repeated with the month and
   crime ID changed), split into monthly files, and times in the same process:
   - Safehold's ingest (``safehold.insights.policeuk.ingest``: header check, UTF-8 check,
     DuckDB's CSV reader, type checks, line numbers, storage in a DuckDB file), and
   - pandas ``read_csv`` of the same files (parsing only: no checks, nothing stored),
   printing rows per second for each and the ratio (target: Safehold >= 3x pandas).
2. Builds ``--crimes`` (default 10,000,000) synthetic recorded crimes as an Arrow table and
   times the DA crime measures (monthly series with trend tests, by area and by crime type)
   and ``outcomes explain`` for both metrics (target: each <= 2 s).

    python -P bench/ingest.py [--rows 1000000] [--crimes 10000000] [--repeat 3] [--json]

Timings are medians. Nothing is kept: the files and the store live in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _setup_django(var: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{var / 'bench.sqlite3'}"
    os.environ["SAFEHOLD_VAR_DIR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehold.config.settings")
    import django

    django.setup()


def _median(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def synthesise_street(folder: Path, rows: int) -> tuple[list[Path], int]:
    """Monthly street files of the packaged rows, repeated until ``rows`` are written."""
    header, body = b"", []
    for path in sorted((ROOT / "data" / "policeuk").glob("*-street.csv")):
        lines = path.read_bytes().splitlines(keepends=True)
        header, body = lines[0], body + lines[1:]
    files, written, month = [], 0, 0
    per_file = 100_000
    while written < rows:
        y, m = 2010 + month // 12, month % 12 + 1
        tag = f"{y:04d}-{m:02d}".encode()
        chunk = [header]
        for i in range(min(per_file, rows - written)):
            line = body[(written + i) % len(body)]
            comma = line.index(b",")  # the month is the second field
            chunk.append(line[: comma + 1] + tag + line[comma + 8 :])
        path = folder / f"{y:04d}-{m:02d}-staffordshire-street.csv"
        path.write_bytes(b"".join(chunk))
        files.append(path)
        written += len(chunk) - 1
        month += 1
    return files, written


def bench_ingest(rows: int, repeat: int) -> dict[str, Any]:
    import pandas as pd

    from safehold.insights.policeuk import ingest

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        files, written = synthesise_street(folder, rows)
        runs = iter(range(1000))

        def safehold() -> None:
            report = ingest(files, store_file=Path(tmp) / f"store-{next(runs)}.duckdb")
            stored = sum(f.rows_stored for f in report.files)
            assert stored == written, (stored, written)

        def pandas() -> None:
            total = sum(len(pd.read_csv(f)) for f in files)
            assert total == written

        ours = _median(safehold, repeat)
        theirs = _median(pandas, repeat)
    return {
        "rows": written,
        "files": len(files),
        "safehold_seconds": round(ours, 3),
        "safehold_rows_per_second": round(written / ours),
        "pandas_seconds": round(theirs, 3),
        "pandas_rows_per_second": round(written / theirs),
        "ratio": round(theirs / ours, 2),
        "target_ratio": 3.0,
    }


def synthetic_crimes(n: int) -> Any:
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng(12)
    start = np.datetime64("2025-01-01")
    recorded = start + rng.integers(0, 365, n).astype("timedelta64[D]")
    areas = np.array(
        [
            "Stoke-on-Trent",
            "Stafford",
            "Cannock Chase",
            "East Staffordshire",
            "Lichfield",
            "Newcastle-under-Lyme",
            "South Staffordshire",
            "Staffordshire Moorlands",
            "Tamworth",
        ]
    )
    types = np.array(
        [
            "Violence with injury",
            "Violence without injury",
            "Stalking and harassment",
            "Controlling or coercive behaviour",
            "Sexual offence",
            "Criminal damage",
            "Public order",
            "Other crime",
        ]
    )
    outcome_pool = np.array([1, 1, 8, 10, 14, 15, 15, 16, 16, 16, 16, 18, 20, 21])
    has_outcome = rng.random(n) < 0.8
    outcome = np.where(has_outcome, rng.choice(outcome_pool, n), 0).astype("int16")
    delay = rng.exponential(60, n).astype("int64").astype("timedelta64[D]")
    return pa.table(
        {
            "recorded_on": pa.array(recorded.astype("datetime64[D]"), pa.date32()),
            "area": pa.array(rng.choice(areas, n)).dictionary_encode(),
            "crime_type": pa.array(rng.choice(types, n)).dictionary_encode(),
            "domestic_abuse": pa.array(rng.random(n) < 0.35),
            "arrests": pa.array(rng.poisson(0.45, n).astype("int32")),
            "outcome_type": pa.array(outcome, mask=~has_outcome),
            "outcome_on": pa.array(
                (recorded + delay).astype("datetime64[D]"), pa.date32(), mask=~has_outcome
            ),
        }
    )


def bench_measures(n: int, repeat: int) -> dict[str, Any]:
    from safehold.insights.measures import crime_overview
    from safehold.insights.outcomes import explain, parse_period

    table = synthetic_crimes(n)
    start, end = date(2025, 1, 1), date(2025, 12, 31)

    def measures() -> None:
        crime_overview(table, start, end)

    before, after = parse_period("2025-01..2025-06", "b"), parse_period("2025-07..2025-12", "a")
    return {
        "crimes": n,
        "measures_seconds": round(_median(measures, repeat), 3),
        "explain_charge_rate_seconds": round(
            _median(lambda: explain(table, "charge_rate", before, after), repeat), 3
        ),
        "explain_arrest_rate_seconds": round(
            _median(lambda: explain(table, "arrest_rate", before, after), repeat), 3
        ),
        "target_seconds": 2.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--crimes", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        _setup_django(Path(var))
        result = {
            "ingest": bench_ingest(args.rows, args.repeat),
            "measures": bench_measures(args.crimes, args.repeat),
        }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    i, m = result["ingest"], result["measures"]
    print(f"Ingest of {i['rows']:,} street rows in {i['files']} files:")
    print(
        f"  Safehold  {i['safehold_seconds']:>7.2f} s  {i['safehold_rows_per_second']:>10,} rows/s"
    )
    print(f"  pandas    {i['pandas_seconds']:>7.2f} s  {i['pandas_rows_per_second']:>10,} rows/s")
    print(f"  ratio     {i['ratio']:.2f}x (target >= 3x)")
    print(f"Measures over {m['crimes']:,} crimes (target <= 2 s each):")
    print(f"  DA measures, by area and crime type  {m['measures_seconds']:.2f} s")
    print(f"  outcomes explain --metric charge_rate {m['explain_charge_rate_seconds']:.2f} s")
    print(f"  outcomes explain --metric arrest_rate {m['explain_arrest_rate_seconds']:.2f} s")


if __name__ == "__main__":
    main()
