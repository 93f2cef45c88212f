"""``safehold briefing``: the priorities team's daily briefing."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import CommandParser

from safehold.audit.cli import add_justification_arguments, cli_justification, record_cli_look
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK
from safehold.commands import SafeholdCommand
from safehold.datetext import short_date, weekday_date
from safehold.offenders.briefing import compute_briefing


class Command(SafeholdCommand):
    help = (
        "The daily briefing for the priorities team: very high and high risk offenders "
        "overdue, whereabouts unknown or wanted, breaches in the last 24 hours, "
        "notifications overdue or due today, foreign travel soon, risk reviews overdue and "
        "visits that raised concerns, each line with why it is there and the open actions "
        "agreed at earlier meetings. It names people, so it is logged in the access log as "
        "a disclosure."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            default=None,
            help="The day, YYYY-MM-DD (default today).",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        add_justification_arguments(parser, reason="planning", text="daily briefing (command line)")

    def handle(self, *args: Any, **options: Any) -> None:
        justification = cli_justification(options)
        day = options["date"] or SYSTEM_CLOCK.today()
        briefing = compute_briefing(day)
        record_cli_look(
            Operation.DISCLOSURE,
            "briefing",
            day.isoformat(),
            justification=justification,
            detail={"offenders": sorted(briefing.offender_ids)},
        )
        if options["json"]:
            self.stdout.write(json.dumps(briefing.to_dict(), indent=2))
            return
        self.stdout.write(
            f"Daily briefing, {weekday_date(day, year=True, full=True)} "
            f"(policy {briefing.policy_version})"
        )
        for section in briefing.sections:
            self.stdout.write(f"\n{section.title} ({len(section.lines)})")
            for line in section.lines:
                self.stdout.write(
                    f"  {line.reference} {line.name} [{line.risk_level}] — " + "; ".join(line.why)
                )
                for a in line.actions:
                    late = " (past due)" if a.is_overdue(day) else ""
                    self.stdout.write(
                        f"    agreed: {a.kind_label} — {a.owner}, "
                        f"due {short_date(a.due_on)}{late}; "
                        f"by {a.agreed_by} on {short_date(a.meeting_on)}"
                        + (f": {a.note}" if a.note else "")
                    )
