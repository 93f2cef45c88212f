"""Helpers for API operations: the calling user, capability checks, justified reads."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.access import JustificationError, api_justification
from safehold.audit.log import Justification, record
from safehold.audit.models import Operation
from safehold.errors import JustificationRequired

F = TypeVar("F", bound=Callable[..., Any])


def api_user(request: HttpRequest) -> User:
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def require_api(*capabilities: Capability) -> Callable[[F], F]:
    """Let an operation run only for callers whose role grants every capability."""

    def decorator(func: F) -> F:
        @wraps(func)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            user = api_user(request)
            if not all(user.can(c) for c in capabilities):
                raise PermissionDenied
            return func(request, *args, **kwargs)

        wrapped.required_capabilities = capabilities  # type: ignore[attr-defined]
        return cast(F, wrapped)

    return decorator


def justification_of(request: HttpRequest) -> Justification:
    """The request's justification headers, or a 428 naming the header to send."""
    try:
        return api_justification(request)
    except JustificationError as exc:
        raise JustificationRequired(str(exc), field=exc.field) from None


def log_disclosure(
    request: HttpRequest,
    justification: Justification,
    record_type: str,
    record_id: object = "",
    *,
    person_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Log an API read of personal data as a disclosure to the calling system or user."""
    user = api_user(request)
    token = getattr(request, "api_token", None)
    recipient = f"api token {token.name!r} of {user.username}" if token else user.username
    record(
        user,
        Operation.DISCLOSURE,
        record_type,
        record_id,
        person_id=person_id,
        justification=justification,
        recipient=recipient,
        channel="api",
        detail=detail,
    )
