"""``safehold demand compliance``: response-time compliance and the resolution centre."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from safehold.clock import SYSTEM_CLOCK
from safehold.commands import SafeholdCommand
from safehold.demand.queries import compliance


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"[bad_date] {option} {text!r} is not a date; use YYYY-MM-DD, e.g. 2026-01-31",
            returncode=2,
        ) from None


class Command(SafeholdCommand):
    help = (
        "Demand management. `compliance` prints the share of incidents attended within the "
        "target for their grade and p50/p90 time to arrival by grade, area and hour of the "
        "week, the share of demand the resolution centre resolved and the response-officer "
        "hours it saved, for incidents received in the period (default: the last 365 days). "
        "Aggregates only, no personal data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        c = sub.add_parser("compliance", help="Response-time compliance.")
        c.add_argument("--json", action="store_true", help="Print JSON.")
        c.add_argument("--from", dest="date_from", help="First day received, YYYY-MM-DD.")
        c.add_argument("--to", dest="date_to", help="Last day received (inclusive), YYYY-MM-DD.")

    def handle(self, *args: Any, **options: Any) -> None:
        end_day = _day(options["date_to"], "--to") if options["date_to"] else SYSTEM_CLOCK.today()
        start_day = (
            _day(options["date_from"], "--from")
            if options["date_from"]
            else end_day - timedelta(days=364)
        )
        if start_day > end_day:
            raise CommandError("[bad_range] --from is after --to", returncode=2)
        tz = timezone.get_current_timezone()
        report = compliance(
            datetime.combine(start_day, time(), tz),
            datetime.combine(end_day + timedelta(days=1), time(), tz),
        )
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
            return
        self.stdout.write(
            f"Incidents received {start_day} to {end_day}: {report['incidents']:,} "
            f"(policy {report['policy_version']}, clock from the {report['clock_start']})"
        )
        for grade, c in report["by_grade"].items():
            share = c["share_within_target"]
            self.stdout.write(
                f"  grade {grade}: {c['attended']:,} attended, "
                f"{share * 100 if share is not None else 0:.1f}% within target, "
                f"p50 {c['p50_minutes']} min, p90 {c['p90_minutes']} min"
            )
        rc = report["resolution_centre"]
        share = rc["share_of_demand"] or 0
        self.stdout.write(
            f"Resolution centre: {rc['incidents']:,} cases ({share * 100:.1f}% of demand), "
            f"{rc['resolved']:,} resolved, about {rc['response_officer_hours_saved']:,.0f} "
            "response-officer hours saved"
        )
