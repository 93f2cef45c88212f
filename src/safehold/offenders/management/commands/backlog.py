"""``safehold backlog``: the visit backlog, and the daily snapshot for the trend."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import CommandParser

from safehold.clock import SYSTEM_CLOCK
from safehold.commands import SafeholdCommand
from safehold.offenders.backlog_queries import compute_backlog, take_snapshot


class Command(SafeholdCommand):
    help = (
        "The visit backlog: overdue and missed home visits by risk level, station and "
        "offender manager, the oldest overdue, overdue risk reviews and notifications, "
        "caseloads against the cap, and the policy version. --snapshot stores today's "
        "figures for the trend (run it daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            default=None,
            help="Evaluate as of this date, YYYY-MM-DD (default today).",
        )
        parser.add_argument(
            "--snapshot", action="store_true", help="Store the figures as the day's snapshot."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"] or SYSTEM_CLOCK.today()
        if options["snapshot"]:
            take_snapshot(day)
        data = compute_backlog(day).to_dict()
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2))
            return
        self.stdout.write(
            f"Backlog on {data['as_of']} (policy {data['policy_version']}): "
            f"{data['overdue_visits']} offenders overdue a home visit, "
            f"{data['missed_visits']} visits missed, oldest {data['oldest_overdue_days']} days."
        )
        for level, row in data["by_risk"].items():
            self.stdout.write(
                f"  {level:<11} {row['overdue_visits']:>5} overdue "
                f"{row['missed_visits']:>5} missed of {row['offenders']}"
            )
        self.stdout.write(
            f"Risk reviews overdue: {data['overdue_risk_reviews']}; "
            f"notifications overdue: {data['overdue_notifications']}."
        )
        over = [c for c in data["caseloads"] if c["over_cap"]]
        self.stdout.write(f"Offender managers over the cap of {data['caseload_cap']}: {len(over)}.")
