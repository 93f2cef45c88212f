"""Helpers for API operations: the calling user, capability checks, justified reads,
and the bounded types every input schema is built from.

Every string and list an API operation accepts is bounded like the form field and the
column it ends up in (``tests/test_api_bounds.py`` walks the OpenAPI document and fails
on any unbounded input), so no request can store 5,000 characters where the form allows
80, or make PostgreSQL answer ``DataError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import wraps
from typing import Annotated, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from pydantic import Field

from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.access import JustificationError, api_justification
from safehold.audit.log import Justification, record
from safehold.audit.models import Operation
from safehold.errors import JustificationRequired

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
    people: Iterable[int] = (),
) -> None:
    """Log an API read of personal data as a disclosure to the calling system or user
    (``people``: every person a list or export disclosed)."""
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
        people=people,
    )
