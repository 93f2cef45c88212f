"""``safehold safeguarding queue``: the domestic-abuse waiting queue, re-prioritised now."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from safehold.audit.cli import add_justification_arguments, cli_justification, record_cli_look
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK
from safehold.commands import SafeholdCommand
from safehold.datetext import short_datetime
from safehold.safeguarding.queries import compute_queue


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"[bad_time] --at {text!r} is not a date and time; use ISO 8601, for example "
            "2026-11-27T09:30:00+00:00",
            returncode=2,
        ) from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(SafeholdCommand):
    help = (
        "The domestic-abuse safeguarding context. `queue` prints every victim not yet seen, "
        "highest priority first, with the reasons for each place, the contact target, and "
        "whether to escalate to a supervisor or re-assess by telephone. The look is logged "
        "in the access log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        queue = sub.add_parser("queue", help="The waiting queue, re-prioritised.")
        queue.add_argument("--json", action="store_true", help="Print JSON.")
        queue.add_argument(
            "--at",
            default=None,
            help="Re-prioritise as at this time, ISO 8601 (default now; a time without a "
            "zone is Europe/London).",
        )
        add_justification_arguments(
            queue, reason="safeguarding", text="safeguarding queue from the command line"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        justification = cli_justification(options)
        at = _moment(options["at"]) if options["at"] else SYSTEM_CLOCK.now()
        queue = compute_queue(at)
        record_cli_look(
            Operation.CONSULTATION,
            "da_queue",
            justification=justification,
            detail={
                "shown": queue.incident_ids,
                "people": sorted({r.incident.victim_id for r in queue.rows}),
                "at": at.isoformat(),
            },
        )
        if options["json"]:
            self.stdout.write(json.dumps(queue.to_dict(), indent=2, ensure_ascii=False))
            return
        local = timezone.localtime(at)
        self.stdout.write(
            f"Safeguarding queue at {short_datetime(local)} (policy {queue.policy_version}): "
            f"{len(queue.rows)} waiting, {queue.escalations} to escalate, "
            f"{queue.targets_missed} past target, {queue.reassessments_due} telephone "
            "re-assessments due."
        )
        for row in queue.rows:
            e, i = row.entry, row.incident
            flags = [
                name
                for name, on in (
                    ("ESCALATE", e.escalate_to_supervisor),
                    ("MISSED", e.target_missed),
                    ("RE-ASSESS", e.needs_telephone_reassessment),
                )
                if on
            ]
            self.stdout.write(
                f"{e.position:>3}. {e.score:6.1f}  {i.reference}  {i.victim.full_name:<28} "
                f"{i.grade:<8} waited {e.time_waited.total_seconds() / 3600:5.1f} h  "
                f"{' '.join(flags)}"
            )
            for reason in e.reasons:
                self.stdout.write(f"       - {reason.text}")
