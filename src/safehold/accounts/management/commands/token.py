"""``safehold token issue|revoke``: API tokens for other systems."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from safehold.accounts.models import ApiToken, User
from safehold.commands import SafeholdCommand


class Command(SafeholdCommand):
    help = (
        "API tokens. `issue USER NAME` prints a new bearer token once (only its hash is "
        "stored); the token acts with USER's role. `revoke PREFIX` stops one working."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="Issue a token.")
        issue.add_argument("username", help="The user the token acts as.")
        issue.add_argument("name", help="What the token is for, e.g. 'MAPPA bridge'.")
        revoke = sub.add_parser("revoke", help="Revoke a token.")
        revoke.add_argument("prefix", help="The first 8 characters of the token.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "issue":
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {options['username']!r}", returncode=2)
            _, raw = ApiToken.issue(user, options["name"])
            self.stdout.write(raw)
            return
        updated = ApiToken.objects.filter(prefix=options["prefix"]).update(revoked=True)
        if not updated:
            raise CommandError(f"No token starts with {options['prefix']!r}", returncode=2)
        self.stdout.write(f"Revoked {updated} token(s).")
