"""``safehold token issue|revoke``: API tokens for other systems (service accounts)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from safehold.accounts.models import ApiToken, TokenScope, User
from safehold.accounts.security import role_requires_second_factor
from safehold.audit.account_changes import acting
from safehold.commands import SafeholdCommand


class Command(SafeholdCommand):
    help = (
        "API tokens for other systems. `issue USER NAME` prints a new bearer token once "
        "(only its hash is stored); the token acts with USER's role, read-only unless "
        "--scope write, limited to --operation patterns if given, and expires after --days "
        "(default SAFEHOLD_TOKEN_DAYS, 90). A person whose role requires a second factor "
        "cannot hold a token: issue it to a service account. `revoke PREFIX` stops one "
        "working. Both are written to the access log with the operating-system user."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="Issue a token.")
        issue.add_argument("username", help="The user the token acts as.")
        issue.add_argument("name", help="What the token is for, e.g. 'MAPPA bridge'.")
        issue.add_argument(
            "--scope",
            choices=list(TokenScope.values),
            default=TokenScope.READ,
            help="read (GET only, the default) or write.",
        )
        issue.add_argument(
            "--operation",
            action="append",
            default=[],
            help="Allow only matching operations, e.g. 'GET /api/offenders*' (repeatable).",
        )
        issue.add_argument("--days", type=int, default=None, help="Days until it expires.")
        revoke = sub.add_parser("revoke", help="Revoke a token.")
        revoke.add_argument("prefix", help="The first 8 characters of the token.")

    def handle(self, *args: Any, **options: Any) -> None:
        with acting(None, "cli"):
            if options["action"] == "issue":
                self._issue(options)
            else:
                self._revoke(options["prefix"])

    def _issue(self, options: dict[str, Any]) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['username']!r}", returncode=2)
        if not user.is_service_account and role_requires_second_factor(user.role):
            raise CommandError(
                f"{user.username} is a person whose role requires a second factor; a token "
                "would bypass it. Issue tokens to a service account (tick 'Is service "
                "account' in the admin).",
                returncode=2,
            )
        days = options["days"] if options["days"] is not None else settings.SAFEHOLD_TOKEN_DAYS
        if not 1 <= days <= 366:
            raise CommandError("--days must be 1 to 366", returncode=2)
        _, raw = ApiToken.issue(
            user,
            options["name"],
            scope=options["scope"],
            operations=options["operation"],
            days=days,
        )
        self.stdout.write(raw)

    def _revoke(self, prefix: str) -> None:
        tokens = list(ApiToken.objects.filter(prefix=prefix, revoked=False))
        if not tokens:
            raise CommandError(f"No token starts with {prefix!r}", returncode=2)
        for token in tokens:
            token.revoked = True
            token.save(update_fields=["revoked"])  # saved one by one: each revoke is logged
        self.stdout.write(f"Revoked {len(tokens)} token(s).")
