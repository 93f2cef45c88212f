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
from django.urls import Resolver404, resolve

from safehold.bodycap import cap_of

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
    """Refuse a request body over its route's cap with 413, before anything reads it.

    Each page and API operation has a cap (``safehold.bodycap``): the one it declares, or
    the small default for its kind. ``DATA_UPLOAD_MAX_MEMORY_SIZE`` stays the ceiling for
    every form. The route is resolved here, ahead of the CSRF check that reads the form.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in {"POST", "PUT", "PATCH"}:
            cap = body_limit(request.path_info, request.method or "POST")
            length = request.META.get("CONTENT_LENGTH") or "0"
            if not (length.isascii() and length.isdigit()) or int(length) > cap:
                message = (
                    f"The request body is larger than this page or operation accepts ({cap} bytes)"
                )
                if request.path_info.startswith("/api/"):
                    return JsonResponse({"code": "too_large", "message": message}, status=413)
                return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def body_limit(path: str, method: str = "POST") -> int:
    """The largest body, in bytes, the route at ``path`` accepts for ``method``."""
    try:
        view = resolve(path).func
    except Resolver404:
        view = None
    return cap_of(view, method).bytes
