"""``safehold plan``: plan home visits for the officer pairs and print the KPIs."""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Any

from django.core.management.base import CommandParser

from safehold.clock import SYSTEM_CLOCK
from safehold.commands import SafeholdCommand, progress_bar
from safehold.datetext import weekday_date
from safehold.planning import services
from safehold.planning.models import PlanStatus


class Command(SafeholdCommand):
    help = (
        "Plan home visits for the officer pairs over the next days: the visits due and "
        "overdue, highest risk and most overdue first, within the pairs' shifts. Runs here "
        "with a progress bar on a terminal (recorded as a job like one queued from the "
        "pages); --json prints the KPIs. The plan is stored; accept it on its page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=5, help="Days to plan (default 5).")
        parser.add_argument(
            "--seconds", type=float, default=60.0, help="Search time budget (default 60)."
        )
        parser.add_argument(
            "--iterations",
            type=int,
            default=None,
            help="Search iteration budget: with a seed, gives the same plan every time.",
        )
        parser.add_argument("--seed", type=int, default=0, help="Search seed (default 0).")
        parser.add_argument(
            "--start",
            type=date.fromisoformat,
            default=None,
            help="First day, YYYY-MM-DD (default the next working day).",
        )
        parser.add_argument(
            "--pairs",
            type=lambda s: [int(p) for p in s.split(",") if p.strip()],
            default=[],
            help="Officer pair ids, comma-separated (default every active pair).",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the job for `safehold worker` instead of running it here.",
        )
        parser.add_argument("--json", action="store_true", help="Print the KPIs as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        request = services.PlanRequest(
            start_date=options["start"] or services.next_working_day(SYSTEM_CLOCK.today()),
            days=options["days"],
            seconds=options["seconds"],
            iterations=options["iterations"],
            seed=options["seed"],
            pair_ids=tuple(options["pairs"]),
        )
        if options["enqueue"]:
            run = services.request_plan(None, request)
            self.stdout.write(
                f"Queued visit plan {run.pk} (job {run.job_id}); run `safehold worker` to make it."
            )
            return
        started = time.perf_counter()
        with progress_bar("Planning") as progress:
            from safehold.jobs import tasks

            tasks.PROGRESS_HOOK = progress
            try:
                run = services.request_plan(None, request, run_here=True, raise_errors=True)
            finally:
                tasks.PROGRESS_HOOK = None
        seconds = round(time.perf_counter() - started, 2)
        if run.status != PlanStatus.READY:
            raise services.PlanFailed(run.error or f"visit plan {run.pk} did not finish")
        k = run.kpis
        if options["json"]:
            out = {
                "run_id": run.pk,
                "start_date": run.start_date.isoformat(),
                "days": run.horizon_days,
                "policy_version": run.policy_version,
                "solver_version": run.solver_version,
                "travel": run.travel,
                "pairs": len(run.pairs),
                "left_out": len(run.plan.get("left_out", [])),
                "left_out_by_reason": _by_reason(run.plan.get("left_out", [])),
                "skipped": run.skipped,
                "kpis": k,
                "stats": run.stats,
                "seconds": seconds,
            }
            self.stdout.write(json.dumps(out, indent=2))
            return
        self.stdout.write(
            f"Visit plan {run.pk} from {weekday_date(run.start_date, year=True)}, "
            f"{run.horizon_days} days, "
            f"{len(run.pairs)} pairs (policy {run.policy_version}, {run.solver_version}):\n"
            f"  visits planned   {k['visits_planned']} of {k['visits_total']}\n"
            f"  overdue cleared  {k['overdue_cleared']} of {k['overdue_total']} "
            f"(very high and high: {k['must_serve_planned']} of {k['must_serve_total']})\n"
            f"  by risk          "
            + ", ".join(
                f"{level} {k['planned_by_risk'][level]}/{k['total_by_risk'][level]}"
                for level in ("very_high", "high", "medium", "low")
            )
            + f"\n  driving          {k['travel_km']:.0f} km ({k['km_per_visit']:.1f} km a visit)\n"
            f"  officer-hours    {k['officer_hours']:.1f}; "
            f"{k['visits_per_pair_day']:.1f} visits a pair-day\n"
            f"  objective        {k['objective']} (hand-planning baseline "
            f"{k['greedy_objective']})\n"
            f"  left out         {len(run.plan.get('left_out', []))}; took {seconds} s\n"
            f"Accept it at /planning/{run.pk}/"
        )


def _by_reason(left_out: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in left_out:
        counts[v["reason"]] = counts.get(v["reason"], 0) + 1
    return counts
