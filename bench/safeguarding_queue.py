"""Benchmark: re-prioritise the domestic-abuse waiting queue.

Generates a seeded synthetic queue (50,000 victims by default), times
``safehold.safeguarding.priority.prioritise`` (median of several runs) and, as a baseline in
the same process, a plain sort of the same victims by grade then time reported. Prints the
figures, or JSON with ``--json``. The target in issue 5 is at most 1 s for 50,000 victims.

Then the queue page: a throwaway SQLite database is migrated and filled with waiting victims
(each with an earlier incident, a third with red flags) at two sizes, and the page is
requested as a safeguarding officer. Printed: the SQL queries per request at each size
(they must be equal) and the median time per request. ``--no-page`` skips this part.

    .venv/bin/python bench/safeguarding_queue.py [--count 50000] [--runs 5] [--seed 0] [--json]
                                    [--page-sizes 30,3000] [--no-page]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from safehold.safeguarding.priority import prioritise
from safehold.safeguarding.queue_policy import QueuePolicy
from safehold.safeguarding.vocabulary import Attendance, Grade
from safehold.safeguarding.waiting import WaitingVictim

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


def page_figures(sizes: Sequence[int], runs: int, seed: int) -> dict[str, Any]:
    """Query count and time per request of the queue page, on a throwaway SQLite database."""
    folder = tempfile.mkdtemp(prefix="safehold-bench-queue-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/queue.sqlite3"
    os.environ["SAFEHOLD_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehold.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from safehold.accounts.models import User
    from safehold.accounts.roles import Role
    from safehold.audit.access import record_key, remember_justification
    from safehold.audit.log import Justification
    from safehold.people.models import Person
    from safehold.safeguarding.models import Incident

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    officer = User.objects.create_user("bench.officer", role=Role.SAFEGUARDING_OFFICER.value)
    client = Client()
    client.force_login(officer)
    session = client.session

    class _Request:
        pass

    request = _Request()
    request.session = session  # type: ignore[attr-defined]
    remember_justification(request, record_key("list", "da_queue"), Justification("safeguarding"))  # type: ignore[arg-type]
    session.save()
    rng = random.Random(seed)
    made = 0

    def fill_to(size: int) -> None:
        nonlocal made
        now = timezone.now()
        people = Person.objects.bulk_create(
            Person(reference=f"B{made + i:07d}", given_name="Bench", family_name=f"Victim{i}")
            for i in range(size - made)
        )
        rows = []
        for person in people:
            grade = rng.choice(("standard", "standard", "medium", "high"))
            flags = ["strangulation"] if rng.random() < 0.33 else []
            common = {"source": "call", "victim": person, "grade": grade,
                      "grade_source": "call_handler", "red_flags": flags}  # fmt: skip
            rows.append(Incident(reported_at=now - timedelta(days=rng.randint(20, 300)),
                                 attendance="attended", seen_at=now, **common))  # fmt: skip
            rows.append(Incident(reported_at=now - timedelta(minutes=rng.randint(1, 1500)),
                                 attendance=rng.choice(("attended", "delayed", "unable")),
                                 suspect_at_large=rng.random() < 0.3, **common))  # fmt: skip
        Incident.objects.bulk_create(rows, batch_size=1000)
        made = size

    def request_page() -> None:
        response = client.get("/safeguarding/")
        assert response.status_code == 200, response.status_code

    out: dict[str, Any] = {"sizes": list(sizes), "queries": [], "seconds_per_request": []}
    for size in sizes:
        fill_to(size)
        request_page()  # warm-up: templates, the access log's chain head
        with CaptureQueriesContext(connection) as ctx:
            request_page()
        out["queries"].append(len(ctx.captured_queries))
        out["seconds_per_request"].append(round(median_seconds(request_page, runs), 4))
    out["same_query_count"] = len(set(out["queries"])) == 1
    connection.close()
    shutil.rmtree(folder, ignore_errors=True)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--page-sizes",
        default="30,3000",
        help="waiting victims for the queue page's two measurements (default 30,3000)",
    )
    parser.add_argument("--no-page", action="store_true", help="skip the queue page part")
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
    if not args.no_page:
        sizes = [int(n) for n in args.page_sizes.split(",")]
        figures["queue_page"] = page_figures(sizes, args.runs, args.seed)
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
        if "queue_page" in figures:
            page = figures["queue_page"]
            for size, queries, seconds in zip(
                page["sizes"], page["queries"], page["seconds_per_request"], strict=True
            ):
                print(
                    f"queue page with {size:,} waiting victims: {queries} SQL queries, "
                    f"{seconds * 1000:.0f} ms per request (median of {args.runs})"
                )
            print(f"same query count at every size: {page['same_query_count']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
