"""API reads of personal data, logged as disclosures to the calling system or user."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from safehold.apiutil import api_user
from safehold.errors import JustificationRequired

from .access import JustificationError, api_justification
from .log import Justification, record
from .models import Operation


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
