"""Privileged changes in the access log: what the auditors' page lists (issue 13, finding 4).

``safehold.audit.account_changes`` writes them: role, team, station, active flag and service
account of a user; API tokens; second-factor devices; role security policies; lockouts
lifted. Each is an alteration with who, whom, before and after.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .models import AccessLogEntry, Operation

PRIVILEGED_TYPES = ("user", "api_token", "totp_device", "role_security_policy", "lockout")


def privileged_changes() -> QuerySet[AccessLogEntry]:
    """Every privileged change, newest first (one query per page)."""
    return AccessLogEntry.objects.filter(
        operation=Operation.ALTERATION,
        record_type__in=PRIVILEGED_TYPES,
        detail__privileged=True,
    ).order_by("-id")
