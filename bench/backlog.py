"""Benchmark: the backlog and the offender list at ten times Staffordshire.

Seeds a synthetic force at ``--scale`` (default 10: about 13,000 offenders and a quarter
of a million visits) into SQLite and into PostgreSQL, then on each prints:

- the backlog computation time (the register's summary columns and the pure policy),
- the baseline in the same process: the same figures computed from the event tables with
  a "latest visit / notification / assessment" subquery per offender (what an
  implementation without summary columns would do), and the ratio,
- the offender list page's time per request and its SQL query count, and
- the SQL query count of the backlog and the briefing.

Target (issue 3): the backlog in at most 1 s on each engine. Timings are medians.

    python bench/backlog.py [--scale 10] [--repeat 5] [--engines sqlite,postgres] [--json]

PostgreSQL: pass ``--pg-url postgres://...`` or let the script start a throwaway cluster
(needs Debian's postgresql, run as root, like .ci/run). Seeded databases are kept under
var/bench/ and reused when the scale matches.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["SAFEHOLD_VAR_DIR"] = str(BENCH_DIR)
    os.environ["SAFEHOLD_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehold.config.settings")
    import django

    django.setup()


def _median_seconds(fn: Any, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        gc.collect()  # a full collection landing inside one call would skew a short median
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _baseline_backlog(today: Any) -> int:
    """Overdue offenders computed from the event tables with per-offender subqueries."""
    from django.db.models import OuterRef, Subquery

    from safehold.offenders import policy as rules
    from safehold.offenders.models import Notification, Offender, RiskAssessment, Visit

    def latest(model: Any, column: str, **where: Any) -> Any:
        rows = model.objects.filter(offender=OuterRef("pk"), **where).order_by(f"-{column}")
        return Subquery(rows.values(column)[:1])

    policy = rules.default_policy()
    rows = (
        Offender.objects.exclude(status__in=["deceased", "expired"])
        .annotate(
            last_seen=latest(Visit, "visited_at", outcome="seen", kind="home"),
            last_station=latest(Visit, "visited_at", kind="station"),
            last_note=latest(Notification, "notified_on"),
            last_assessed=latest(RiskAssessment, "assessed_on"),
        )
        .values(
            "id",
            "status",
            "risk_level",
            "registered_on",
            "registration_ends_on",
            "last_seen",
            "last_station",
            "last_note",
            "last_assessed",
        )
    )
    facts = [
        rules.OffenderFacts(
            offender_id=r["id"],
            registered_on=r["registered_on"],
            status=r["status"],
            risk_level=r["risk_level"] or None,
            registration_ends_on=r["registration_ends_on"],
            last_visit_seen_on=r["last_seen"].date() if r["last_seen"] else None,
            last_station_attendance_on=r["last_station"].date() if r["last_station"] else None,
            last_notification_on=r["last_note"],
            last_risk_assessment_on=r["last_assessed"],
        )
        for r in rows
    ]
    return sum(r.is_overdue for r in rules.evaluate_many(facts, today, policy))


def run_worker(args: argparse.Namespace) -> dict[str, Any]:
    """Seed (if needed) and measure on one database; runs in its own process."""
    _setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from tests.conftest import give_justification

    from safehold.accounts.models import User
    from safehold.offenders.backlog_queries import compute_backlog
    from safehold.offenders.briefing import compute_briefing
    from safehold.offenders.models import Offender, Visit
    from safehold.synth.force import SeedParams, database_is_empty, seed_force

    call_command("migrate", verbosity=0)
    seeded_in = None
    if not database_is_empty() and Offender.objects.count() < 1300 * args.scale * 0.9:
        raise SystemExit(f"{args.database_url} holds another force; remove var/bench/")
    if database_is_empty():
        started = time.perf_counter()
        seed_force(SeedParams(seed=0, scale=args.scale))
        seeded_in = round(time.perf_counter() - started, 1)
    today = timezone.localdate()
    offenders, visits = Offender.objects.count(), Visit.objects.count()

    backlog_s = _median_seconds(lambda: compute_backlog(today), args.repeat)
    baseline_s = _median_seconds(lambda: _baseline_backlog(today), args.repeat)
    ours = compute_backlog(today).to_dict()["overdue_visits"]
    theirs = _baseline_backlog(today)

    def queries(fn: Any) -> int:
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    client = Client()
    client.force_login(User.objects.get(username="lead.demo"))
    give_justification(client, "list")
    assert client.get("/offenders/?manager=").status_code == 200
    page_s = _median_seconds(lambda: client.get("/offenders/?manager="), args.repeat)
    page_queries = queries(lambda: client.get("/offenders/?manager="))
    return {
        "engine": connection.vendor,
        "offenders": offenders,
        "visits": visits,
        "seeded_seconds": seeded_in,
        "backlog_seconds": round(backlog_s, 3),
        "baseline_seconds": round(baseline_s, 3),
        "baseline_over_ours": round(baseline_s / backlog_s, 1),
        "overdue_visits": ours,
        "baseline_overdue_visits": theirs,
        "backlog_queries": queries(lambda: compute_backlog(today)),
        "briefing_queries": queries(lambda: compute_briefing(today)),
        "list_page_seconds": round(page_s, 3),
        "list_page_queries": page_queries,
    }


def _throwaway_postgres() -> tuple[str, Any]:
    pgbin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    data = Path(tempfile.mkdtemp(prefix="safehold-bench-pg-"))
    shutil.chown(data, "postgres", "postgres")

    def pg(*cmd: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *cmd], check=True, stdout=subprocess.DEVNULL
        )

    pg(
        str(pgbin / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    pg(
        str(pgbin / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(data / "log"),
        "-w",
        "-o",
        f"-p 5434 -k {data} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB",
        "start",
    )
    subprocess.run(
        [str(pgbin / "createdb"), "-h", "127.0.0.1", "-p", "5434", "-U", "postgres", "bench"],
        check=True,
    )

    def stop() -> None:
        pg(str(pgbin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(data, ignore_errors=True)

    return "postgres://postgres@127.0.0.1:5434/bench", stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--pg-url", default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        sys.stdout.write(json.dumps(run_worker(args)) + "\n")
        return
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    results = []
    for engine in args.engines.split(","):
        stop = None
        if engine == "sqlite":
            url = f"sqlite:///{BENCH_DIR / f'backlog-x{args.scale:g}.sqlite3'}"
        elif args.pg_url:
            url = args.pg_url
        else:
            url, stop = _throwaway_postgres()
        try:
            # -P: do not put bench/ on the path (its queue.py would shadow the stdlib's).
            out = subprocess.run(
                [
                    sys.executable,
                    "-P",
                    __file__,
                    "--worker",
                    "--database-url",
                    url,
                    "--scale",
                    str(args.scale),
                    "--repeat",
                    str(args.repeat),
                ],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            if out.returncode:
                raise SystemExit(f"{engine} run failed:\n{out.stderr[-3000:]}")
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        finally:
            if stop:
                stop()
    if args.json:
        sys.stdout.write(json.dumps(results, indent=2) + "\n")
        return
    for r in results:
        seeded = f" (seeded in {r['seeded_seconds']} s)" if r["seeded_seconds"] else ""
        sys.stdout.write(
            f"{r['engine']:<10} {r['offenders']:,} offenders, {r['visits']:,} visits{seeded}\n"
            f"  backlog          {r['backlog_seconds']:.3f} s  ({r['backlog_queries']} queries; "
            f"target <= 1 s: {'met' if r['backlog_seconds'] <= 1 else 'MISSED'})\n"
            f"  baseline (latest-event subqueries) {r['baseline_seconds']:.3f} s = "
            f"{r['baseline_over_ours']}x ours; overdue {r['overdue_visits']} vs "
            f"{r['baseline_overdue_visits']}\n"
            f"  offender list    {r['list_page_seconds']:.3f} s per request "
            f"({r['list_page_queries']} queries); briefing {r['briefing_queries']} queries\n"
        )
    if len(results) == 2:
        a, b = results
        sys.stdout.write(
            f"{b['engine']}/{a['engine']} backlog time ratio: "
            f"{b['backlog_seconds'] / a['backlog_seconds']:.2f}\n"
        )


if __name__ == "__main__":
    main()
