"""Who may do what: capability checks for views, and "not found" for forbidden records.

Views name the capability they need with :func:`require`; a role without it gets 403.
Record-level checks (an offender manager's own caseload) go through ``access_*``
helpers in each context, which answer 404 whether the record is missing or forbidden,
so a URL never confirms that a record exists to someone who may not see it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from safehold.accounts.models import User
from safehold.accounts.roles import Capability

F = TypeVar("F", bound=Callable[..., HttpResponseBase])


def signed_in_user(request: HttpRequest) -> User:
    """The request's user, who must be signed in (views behind :func:`require`)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def require(*capabilities: Capability) -> Callable[[F], F]:
    """Let a view run only for users whose role grants every one of ``capabilities``."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated or not all(user.can(c) for c in capabilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_capabilities = capabilities  # type: ignore[attr-defined]
        return cast(F, wrapped)

    return decorator
