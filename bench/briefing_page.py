"""Benchmark: the daily briefing page's single-user server time, size and query count.

Runs the briefing (the folded page, one section's lines as opening it loads them, the page
with that section open as without JavaScript, every section open, and the A4 print view) through
Django's test client against the database ``DATABASE_URL`` names (a seeded force, e.g.
``safehold seed --scale 1``), signed in as ``--user`` (default ``lead.demo``), and prints
the median server time, the bytes sent and the SQL queries of each, with the load average.
Target (issue 14): the briefing page at most 150 ms for one user at scale 1.

    DATABASE_URL=sqlite:///var/scale1.sqlite3 python bench/briefing_page.py [--repeat 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--user", default="lead.demo")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehold.config.settings")
    os.environ.setdefault("SAFEHOLD_ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from tests.conftest import give_justification

    from safehold.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=args.user))
    give_justification(client, "briefing")
    pages = {
        "page": "/offenders/briefing/",
        "section": "/offenders/briefing/section/?section=overdue_high",
        "no_js_open": "/offenders/briefing/?section=overdue_high",
        "open_all": "/offenders/briefing/?open=all",
        "print": "/offenders/briefing/?print=1",
    }
    out: dict[str, Any] = {"load_average": list(os.getloadavg())}
    for name, url in pages.items():
        response = client.get(url)
        if response.status_code == 404 and name == "section":
            continue  # a version without the section fragment (the baseline before it)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as ctx:
            size = len(client.get(url).content)
        out[name] = {
            "p50_ms": round(statistics.median(times) * 1000, 1),
            "kb": round(size / 1024, 1),
            "queries": len(ctx.captured_queries),
        }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"load average {out['load_average'][0]:.2f} (1 min)")
        for name in pages:
            if name not in out:
                continue
            r = out[name]
            print(f"{name:10} {r['p50_ms']:7.1f} ms p50  {r['kb']:7.1f} KB  {r['queries']} queries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
