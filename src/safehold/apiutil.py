"""Helpers for API operations: the calling user, capability checks, justified reads,
and the bounded types every input schema is built from.

Every string and list an API operation accepts is bounded like the form field and the
column it ends up in (``tests/test_api_bounds.py`` walks the OpenAPI document and fails
on any unbounded input), so no request can store 5,000 characters where the form allows
80, or make PostgreSQL answer ``DataError``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Annotated, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from pydantic import Field

from safehold.accounts.models import User
from safehold.accounts.roles import Capability

F = TypeVar("F", bound=Callable[..., Any])

LONG_TEXT = 5000  # the size of free text (notes, details); safehold.forms uses the same

# Strings, by the column or form field they fill.
Code = Annotated[str, Field(max_length=32)]  # a choice's value (risk level, outcome, reason)
Reference = Annotated[str, Field(max_length=20)]  # register and person references
Postcode = Annotated[str, Field(max_length=10)]
Name = Annotated[str, Field(max_length=80)]  # a given or family name
UserName = Annotated[str, Field(max_length=150)]
Line = Annotated[str, Field(max_length=120)]  # an address line, assessor, destination
Title = Annotated[str, Field(max_length=200)]  # a breach's "what", a location description
Reason = Annotated[str, Field(max_length=300)]  # why a status, interval or pursuit changed
Search = Annotated[str, Field(max_length=100)]  # a search box
LongText = Annotated[str, Field(max_length=LONG_TEXT)]
# Numbers.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Page = Annotated[int, Field(ge=1, le=100_000)]
Version = Annotated[int, Field(ge=0, le=2**31 - 1)]
Seed = Annotated[int, Field(ge=0, le=2**31 - 1)]
# Lists.
Ids = Annotated[list[Id], Field(max_length=200)]
Codes = Annotated[list[Code], Field(max_length=20)]
Names = Annotated[list[Name], Field(max_length=20)]  # aliases
# Dates a person can mean (no year 1 or 9999).
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2100, 12, 31))]


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
