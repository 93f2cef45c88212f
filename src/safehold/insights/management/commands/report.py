"""``safehold report inspection``: the inspection-readiness report as HTML or PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from safehold.audit.log import record
from safehold.audit.models import Operation
from safehold.commands import SafeholdCommand
from safehold.errors import InvalidInput
from safehold.insights.report import build, render_html, render_pdf


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a date; use YYYY-MM-DD", field=field) from None


class Command(SafeholdCommand):
    help = (
        "Reports. `inspection` writes the inspection-readiness report: by PEEL 2023-25 area, "
        "each measure with its trend, a RAG status against the thresholds in the inspection "
        "configuration (TOML, versioned), the evidence as a chart and a table of the same "
        "figures, and the areas for improvement. Aggregates only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        ins = sub.add_parser("inspection", help="The inspection-readiness report.")
        ins.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        ins.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        ins.add_argument("--format", choices=["html", "pdf"], default="html")
        ins.add_argument("-o", "--output", type=Path, required=True, help="The file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _day(options["start"], "from"), _day(options["end"], "to")
        if end < start:
            raise InvalidInput("--to is before --from", field="to")
        html = render_html(build(start, end))
        out: Path = options["output"]
        if options["format"] == "pdf":
            out.write_bytes(render_pdf(html))
        else:
            out.write_text(html, encoding="utf-8")
        record(
            None,
            Operation.DISCLOSURE,
            "inspection_report",
            f"{start}..{end}",
            channel="cli",
            detail={"format": options["format"], "file": out.name},
        )
        self.stdout.write(f"Wrote {out} ({out.stat().st_size:,} bytes).")
