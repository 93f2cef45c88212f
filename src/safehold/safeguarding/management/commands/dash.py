"""``safehold dash score FILE.json``: score a risk questionnaire and decide MARAC referral."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from safehold.commands import SafeholdCommand
from safehold.safeguarding.dash_document import score_document
from safehold.safeguarding.policies import current
from safehold.safeguarding.rule_errors import SafeguardingRuleError


class Command(SafeholdCommand):
    help = (
        "Risk questionnaires. `score FILE.json` reads "
        '{"questionnaire": "dash-27" (or "safelives-24", "dara"), '
        '"answers": {"1": "yes", "2": "no", "3": "not known"}, '
        '"professional_judgement": {"grade": "high", "reason": "..."} or null} and prints the '
        "grade, the yes count, the MARAC criteria met and the reasons as JSON. Bad input "
        "exits 2 with a message naming the questionnaire, question or value at fault."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        score = sub.add_parser("score", help="Score a questionnaire held in a JSON file.")
        score.add_argument("file", type=Path, help="The JSON document ('-' for standard input).")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = self.stdin_text() if str(path) == "-" else path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                f"[unreadable_file] cannot read {path}: {exc.strerror}", returncode=2
            ) from exc
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"[bad_json] {path} is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
                returncode=2,
            ) from exc
        policy = current()
        try:
            result = score_document(
                document,
                dash_policy=policy.dash,
                marac_policy=policy.marac,
                dara_policy=policy.dara,
            )
        except SafeguardingRuleError as exc:
            where = f" ({exc.field})" if exc.field else ""
            raise CommandError(f"[{exc.code}]{where} {exc.message}", returncode=2) from exc
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))

    def stdin_text(self) -> str:
        import sys

        return sys.stdin.read()
