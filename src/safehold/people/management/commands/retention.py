"""``safehold retention``: erase people on record that nothing holds, after review."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from safehold.audit.cli import record_cli_look
from safehold.audit.log import Justification
from safehold.audit.models import Operation
from safehold.commands import SafeholdCommand
from safehold.people.services import erase_unlinked_people


class Command(SafeholdCommand):
    help = (
        "Review people on record for disposal: people that no offender record, incident or "
        "other record holds, untouched for --older-than-years (default 6, the usual clear "
        "period). A dry run by default: it lists them. --erase deletes them, each erasure "
        "logged in the access log with --reason; the dry run's listing is logged as a look, "
        "naming the people listed and the operating-system user."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than-years", type=int, default=6)
        parser.add_argument("--erase", action="store_true", help="Erase them (default: list only).")
        parser.add_argument(
            "--reason",
            default="retention review: no policing purpose",
            help="The review decision, recorded with each erasure.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = erase_unlinked_people(
            None,
            older_than_years=options["older_than_years"],
            reason=options["reason"],
            dry_run=not options["erase"],
        )
        if report.dry_run and report.count:
            # The listing names people: it is a look, logged with who ran it and why.
            shown = report.person_ids[:50]
            record_cli_look(
                Operation.CONSULTATION,
                "retention_review",
                justification=Justification("record_keeping", options["reason"].strip()),
                detail={"shown": shown, "count": report.count},
            )
        verb = "Would erase" if report.dry_run else "Erased"
        self.stdout.write(
            f"{verb} {report.count} people untouched since "
            f"{report.cutoff:%Y-%m-%d} and held by no other record."
        )
        for reference in report.references[:50]:
            self.stdout.write(f"  {reference}")
        if report.count > 50:
            self.stdout.write(f"  ... and {report.count - 50} more")
