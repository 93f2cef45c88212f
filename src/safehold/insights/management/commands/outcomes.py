"""``safehold outcomes explain``: why the DA charge or arrest rate changed."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandParser

from safehold.commands import SafeholdCommand
from safehold.insights import queries
from safehold.insights.measures import threshold
from safehold.insights.outcomes import METRICS, explain, parse_period


class Command(SafeholdCommand):
    help = (
        "Domestic-abuse outcomes. `explain` splits the change in the charge/summons rate or "
        "the arrest rate between two periods into rate and mix effects per area and per crime "
        "type (a Kitagawa decomposition whose parts add up to the change) and shows which "
        "outcome types gained share. Aggregates only; small counts suppressed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ex = sub.add_parser("explain", help="Explain a change between two periods.")
        ex.add_argument("--metric", choices=list(METRICS), default="charge_rate")
        ex.add_argument("--before", required=True, help="YYYY-MM..YYYY-MM")
        ex.add_argument("--after", required=True, help="YYYY-MM..YYYY-MM")
        ex.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        before = parse_period(options["before"], "before")
        after = parse_period(options["after"], "after")
        result = explain(
            queries.crime_table(), options["metric"], before, after, threshold=threshold()
        )
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        self.stdout.write(result["sentence"])
        for key in ("by_area", "by_crime_type"):
            self.stdout.write(f"\n{key.replace('_', ' ')}:")
            for p in result[key]:
                self.stdout.write(
                    f"  {p['group']:<36} rate {p['rate_effect_pp']:+7.2f}  "
                    f"mix {p['mix_effect_pp']:+7.2f}  total {p['contribution_pp']:+7.2f}"
                )
