"""Turn numbers too large for the database into "not found" instead of a server error.

A URL or query with an id beyond 64 bits (``/offenders/99999999999999999999/``) cannot name
a record; SQLite raises OverflowError and PostgreSQL DataError for it. Found by
generated-input tests against the API.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DataError
from django.http import HttpRequest, HttpResponse, JsonResponse

from .errors import busy, is_busy, not_found, unreadable_value

logger = logging.getLogger(__name__)


class OutOfRangeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OverflowError) or (
            isinstance(exception, DataError) and "out of range" in str(exception)
        ):
            return not_found(request)
        return None


class UnreadableValueMiddleware:
    """The whole class of "a value the code could not parse" answers 400, never 500.

    ``int("²")`` passes ``str.isdigit`` and raises ValueError; so do dates, decimals and
    Unicode a parser does not expect. Views should read query values through
    ``safehold.querystring``; this is the net under anything that does not. The traceback
    still goes to the log (at ERROR) so the parsing bug can be fixed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # PostgreSQL refuses a value too long for its column, or with a NUL character, as
        # DataError; SQLite would have stored it. Either way it is the caller's input.
        if isinstance(exception, ValueError) or (
            isinstance(exception, DataError) and "out of range" not in str(exception)
        ):
            logger.error(
                "%s %s: unreadable value answered 400",
                request.method,
                request.path,
                exc_info=exception,
            )
            return unreadable_value(request)
        return None


class BusyDatabaseMiddleware:
    """A busy SQLite answers 503 with ``Retry-After`` instead of a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_busy(exception):
            logger.warning("%s %s: database busy, answered 503", request.method, request.path)
            return busy(request, int(getattr(settings, "SAFEHOLD_BUSY_RETRY_AFTER", 5)))
        return None


class BodyLimitMiddleware:
    """Refuse an API request body over its operation's cap with 413, before it is read.

    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bounds every request; API operations take JSON of a
    few hundred bytes, so their cap is ``SAFEHOLD_API_MAX_BODY_BYTES`` (64 KB), except
    the operations in ``API_BODY_LIMITS`` (uploads), which name their own setting.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and request.method in {"POST", "PUT", "PATCH"}:
            cap = body_limit(request.path)
            length = request.META.get("CONTENT_LENGTH") or "0"
            if not (length.isascii() and length.isdigit()) or int(length) > cap:
                return JsonResponse(
                    {
                        "code": "too_large",
                        "message": f"The request body is larger than this operation accepts "
                        f"({cap} bytes)",
                    },
                    status=413,
                )
        return self.get_response(request)


# Operations whose body may exceed the API's default cap: path suffix -> setting name.
API_BODY_LIMITS = {"/caseload-imports": "SAFEHOLD_IMPORT_MAX_BYTES"}


def body_limit(path: str) -> int:
    """The largest body, in bytes, the API operation at ``path`` accepts."""
    for suffix, setting in API_BODY_LIMITS.items():
        if path.rstrip("/").endswith(suffix):
            return int(getattr(settings, setting)) + 64 * 1024  # the multipart envelope
    return int(getattr(settings, "SAFEHOLD_API_MAX_BODY_BYTES", 64 * 1024))
