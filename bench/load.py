"""Load benchmark: the demo force on PostgreSQL behind gunicorn, driven by Locust.

    python -P bench/load.py [--users 50] [--seconds 120] [--stress] [--scale 1] [--json]

Starts a throwaway PostgreSQL cluster on 127.0.0.1 (as ``.ci/run`` does; needs Debian's
postgresql, run as root) or uses ``DATABASE_URL`` when set; migrates and seeds the demo
force (kept as a ``safehold backup`` under ``var/bench/`` and restored on later runs);
serves it with gunicorn exactly as ``safehold demo`` does (``safehold.config.gunicorn``:
a process per core); then runs Locust in a process of its own (``bench/load_locust.py``),
loopback only, for a bounded time:

- ``mixed``: ``--users`` people — leads (briefing, backlog, offender list, records with the
  reason prompt, plans), offender managers (lists and records), safeguarding officers
  (the DA queue refreshing every 30 s) and another system's API calls with a token —
  each acting every 5-15 s (a shift's load), or with no think time (``--stress``);
- ``bare``: a bare Django view (``/healthz``: the full middleware stack, no database) at no
  think time, the same gunicorn's ceiling;
- ``case``: the lightest case page (the offender list) at no think time.

Before the mix it measures single-user times: one lead, then one safeguarding officer,
alone on the site. Prints requests per second and p50/p95/p99 per page, errors, and the
case page's saturation throughput as a share of the bare view's and as a multiple of the mixed run's
whole demand. ``--json`` prints ``errors``, ``rps``, ``bare_rps``, ``case_rps``,
``case_vs_bare``, ``case_vs_shift``, ``p95_ms`` (all pages), ``single_user_p50_ms``
(``{page: p50_ms}`` with one person alone on the site) and ``pages``
(``{page: {p50_ms, p95_ms, p99_ms, requests, errors}}``). Targets (issue 14): 0 errors;
at a shift's load p95 <= 300 ms on every page; one user: the briefing <= 150 ms and
the other pages <= 50 ms; case page >= 40 % of the bare view
(docs/decisions/0031-load-capacity-against-the-shift.md explains why that last one is out
of reach on this stack and proposes >= 5x the shift's demand instead).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
SAFEHOLD = [sys.executable, "-m", "safehold.cli"]
FEW_SAMPLES = 20
IDS_SCRIPT = """
import json
from safehold.offenders.models import Offender
from safehold.planning.models import PlanRun
from safehold.synth.staff import DEMO_PASSWORD
print(json.dumps({
    "offenders": list(Offender.objects.order_by("id").values_list("id", flat=True)[:400]),
    "plans": list(PlanRun.objects.order_by("-id").values_list("id", flat=True)[:5]),
    "password": DEMO_PASSWORD,
}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _throwaway_postgres() -> tuple[str, Callable[[], None]]:
    pgbin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    data = Path(tempfile.mkdtemp(prefix="safehold-load-pg-"))
    shutil.chown(data, "postgres", "postgres")
    port = _free_port()

    def pg(*cmd: str) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        subprocess.run([*as_postgres, *cmd], check=True, stdout=subprocess.DEVNULL)

    initdb = ["-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
    pg(str(pgbin / "initdb"), "-D", str(data), *initdb)
    options = (
        f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    pg(
        str(pgbin / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(data / "log"),
        "-w",
        "-o",
        options,
        "start",
    )
    subprocess.run(
        [str(pgbin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "load"],
        check=True,
    )

    def stop() -> None:
        pg(str(pgbin / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(data, ignore_errors=True)

    return f"postgres://postgres@127.0.0.1:{port}/load", stop


def _safehold(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([*SAFEHOLD, *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"safehold {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def _prepare(env: dict[str, str], scale: float) -> dict[str, Any]:
    """Migrate and seed (or restore the seeded force kept from an earlier run)."""
    cache = BENCH_DIR / f"load-force-scale{scale:g}.tar"
    if cache.exists():
        print(f"Restoring the seeded force from {cache}", file=sys.stderr)
        _safehold(env, "restore", str(cache), "--replace")
        _safehold(env, "migrate")  # the kept force may predate the newest migrations
    else:
        print(f"Seeding the demo force at scale {scale} (kept in {cache})", file=sys.stderr)
        _safehold(env, "migrate")
        _safehold(env, "seed", "--scale", str(scale), "--no-migrate")
        _safehold(env, "plan", "--days", "3", "--seconds", "10")
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        _safehold(env, "backup", "-o", str(cache))
    given = json.loads(_safehold(env, "shell", "-c", IDS_SCRIPT).strip().splitlines()[-1])
    given["token"] = _safehold(env, "token", "issue", "lead.demo", "load-bench").strip()
    return dict(given)


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    metrics = Path(tempfile.mkdtemp(prefix="safehold-load-metrics-"))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:safehold.config.gunicorn",
            "safehold.config.wsgi:application",
        ],
        env={**env, "SAFEHOLD_BIND": f"127.0.0.1:{port}", "PROMETHEUS_MULTIPROC_DIR": str(metrics)},
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit(f"gunicorn did not answer /healthz within 180 s (exit {server.poll()})")


def _report(figures: dict[str, Any], label: str) -> dict[str, Any]:
    mixed, bare, case = figures["mixed"], figures["bare"], figures["case"]
    case_rps = case["rps"]
    result = {
        "run": label,
        "users": mixed["users"],
        "seconds": mixed["seconds"],
        "errors": mixed["errors"] + bare["errors"] + case["errors"],
        "error_samples": mixed["error_samples"] + bare["error_samples"] + case["error_samples"],
        "rps": mixed["rps"],
        "bare_rps": bare["rps"],
        "case_rps": case_rps,
        "case_vs_bare": round(case_rps / bare["rps"], 3) if bare["rps"] else None,
        # Headroom: how many times the shift's whole demand the case page alone can serve
        # (docs/decisions/0031-load-capacity-against-the-shift.md).
        "case_vs_shift": round(case_rps / mixed["rps"], 1) if mixed["rps"] else None,
        "p95_ms": mixed["p95_ms"],
        "single_user_p50_ms": {
            name.removesuffix(" (one user)"): page["p50_ms"]
            for name, page in figures["single"].items()
        },
        "pages": {
            name: {k: page[k] for k in ("p50_ms", "p95_ms", "p99_ms", "requests", "errors")}
            for name, page in {**mixed["pages"], **bare["pages"], **case["pages"]}.items()
        },
    }
    return result


def _print(result: dict[str, Any]) -> None:
    print(f"\n{result['run']}: {result['users']} users for {result['seconds']:g} s")
    print(f"{'page':<32}{'requests':>9}{'errors':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    for name, page in result["pages"].items():
        few = " *" if page["requests"] < FEW_SAMPLES else ""
        print(
            f"{name:<32}{page['requests']:>9}{page['errors']:>7}{page['p50_ms']:>8.0f}"
            f"{page['p95_ms']:>8.0f}{page['p99_ms']:>8.0f}{few}"
        )
    print(f"* fewer than {FEW_SAMPLES} requests: its p95 is close to its slowest one")
    print("one user alone, p50 ms (targets: briefing <= 150, other pages <= 50):")
    for name, ms in result["single_user_p50_ms"].items():
        print(f"  {name:<30}{ms:>6.0f}")
    print(
        f"mixed: {result['rps']} requests/s, p95 {result['p95_ms']:.0f} ms, "
        f"{result['errors']} errors"
    )
    print(
        f"saturation: bare view {result['bare_rps']} requests/s, offender list "
        f"{result['case_rps']} requests/s = {100 * (result['case_vs_bare'] or 0):.0f} % "
        "of the bare view (issue 14's target >= 40 %), "
        f"{result['case_vs_shift']}x the shift's whole demand (proposed target >= 5x)"
    )
    for sample in result["error_samples"]:
        print(f"  error: {sample}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="Simulated people (default 50).")
    parser.add_argument("--seconds", type=float, default=120, help="Mixed phase (default 120).")
    parser.add_argument("--stress", action="store_true", help="No think time (saturation).")
    parser.add_argument("--saturation-seconds", type=float, default=20)
    parser.add_argument("--scale", type=float, default=1.0, help="Demo force scale (default 1).")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()

    stop: Callable[[], None] = lambda: None  # noqa: E731
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        url, stop = _throwaway_postgres()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "safehold.config.settings",
        "SAFEHOLD_VAR_DIR": str(BENCH_DIR / "load-var"),
        "SAFEHOLD_DB_CONN_MAX_AGE": os.environ.get("SAFEHOLD_DB_CONN_MAX_AGE", "60"),
    }
    server = None
    try:
        given = _prepare(env, args.scale)
        port = _free_port()
        server = _serve(env, port)
        with tempfile.TemporaryDirectory() as work:
            ids, out = Path(work) / "ids.json", Path(work) / "figures.json"
            ids.write_text(json.dumps(given))
            think = [] if args.stress else ["--think", "5", "15"]
            subprocess.run(
                [
                    sys.executable,
                    "-P",
                    str(ROOT / "bench" / "load_locust.py"),
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--users",
                    str(args.users),
                    "--seconds",
                    str(args.seconds),
                    "--saturation-seconds",
                    str(args.saturation_seconds),
                    "--ids",
                    str(ids),
                    "--out",
                    str(out),
                    *think,
                ],
                check=True,
            )
            figures = json.loads(out.read_text())
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        stop()
    result = _report(figures, "stress (no think time)" if args.stress else "a shift (5-15 s think)")
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)


if __name__ == "__main__":
    main()
