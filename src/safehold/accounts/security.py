"""Who must sign in with a second factor, and which API tokens may be used (issue 13,
finding 5).

Production requires TOTP for every role that sees case data
(``SAFEHOLD_REQUIRE_SECOND_FACTOR``, on by default in ``settings_production``); the
demo relaxes it and says so when it starts (a system check warning). A force may also
require it of any other role through ``RoleSecurityPolicy`` in the admin.

API tokens are for service accounts: each has a scope (``read``: GET only; ``write``:
any method), may be limited to named operations, and expires (``SAFEHOLD_TOKEN_DAYS``,
90 by default). A person's token is refused where their role requires a second factor:
a bearer token cannot stand in for one.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register

from .roles import Capability, Role, capabilities_of

# Capabilities that show a person's case data (names, addresses, histories).
CASE_DATA_CAPABILITIES = frozenset(
    {
        Capability.VIEW_PEOPLE,
        Capability.VIEW_OFFENDERS,
        Capability.VIEW_ALL_OFFENDERS,
        Capability.EDIT_OFFENDERS,
        Capability.VIEW_BRIEFING,
        Capability.PLAN_VISITS,
        Capability.VIEW_SAFEGUARDING,
        Capability.EDIT_SAFEGUARDING,
        Capability.LOG_INCIDENTS,
        Capability.VIEW_ACCESS_LOG,
        Capability.ADMINISTER,
    }
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def sees_case_data(role: str) -> bool:
    """Whether a role's capabilities include any over case data (or the admin site)."""
    return bool(capabilities_of(role) & CASE_DATA_CAPABILITIES)


def role_requires_second_factor(role: str) -> bool:
    """The configuration's rule for case-data roles, or the role's policy in the admin."""
    from .models import RoleSecurityPolicy

    if role and getattr(settings, "SAFEHOLD_REQUIRE_SECOND_FACTOR", False) and sees_case_data(role):
        return True
    return RoleSecurityPolicy.objects.filter(role=role, require_second_factor=True).exists()


def token_refusal(token: Any, method: str, path: str) -> str | None:
    """Why this token may not make this request, or None when it may."""
    user = token.user
    if not user.is_service_account and role_requires_second_factor(user.role):
        return (
            "This token belongs to a person whose role requires a second factor; "
            "issue tokens to service accounts"
        )
    if token.scope == "read" and method.upper() not in SAFE_METHODS:
        return "This token is read-only"
    operations = token.operations or []
    if operations and not any(fnmatchcase(f"{method.upper()} {path}", p) for p in operations):
        return "This token is not allowed this operation"
    return None


@register(deploy=True)
def second_factor_check(app_configs: Any, **kwargs: Any) -> list[CheckWarning]:
    """``check --deploy`` warns when case-data roles may sign in without a second factor
    (the demo says so itself when it starts)."""
    if getattr(settings, "SAFEHOLD_REQUIRE_SECOND_FACTOR", False):
        return []
    roles = ", ".join(r.value for r in Role if sees_case_data(r.value))
    return [
        CheckWarning(
            "A second factor is not required for roles that see case data "
            f"({roles}): acceptable for the demo only.",
            hint="Set SAFEHOLD_REQUIRE_SECOND_FACTOR=1 (the production default).",
            id="safehold.W001",
        )
    ]


def second_factor_notice() -> str:
    """One line for the demo's start: whether case-data roles need a second factor."""
    if getattr(settings, "SAFEHOLD_REQUIRE_SECOND_FACTOR", False):
        return "Second factor: required for every role that sees case data."
    return (
        "Second factor: NOT required (demo only). Production requires it for every role "
        "that sees case data (SAFEHOLD_REQUIRE_SECOND_FACTOR)."
    )


CASE_CAPABILITIES_NOTE = "another administrator must make a change that grants case access"


def grants_case_access(before_role: str, after_role: str) -> bool:
    """Whether moving from one role to another adds a capability over case data."""
    added = capabilities_of(after_role) - capabilities_of(before_role)
    return bool(added & CASE_DATA_CAPABILITIES)
