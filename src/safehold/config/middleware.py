"""Turn numbers too large for the database into "not found" instead of a server error.

A URL or query with an id beyond 64 bits (``/offenders/99999999999999999999/``) cannot name
a record; SQLite raises OverflowError and PostgreSQL DataError for it. Found by
generated-input tests against the API.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DataError
from django.http import HttpRequest, HttpResponse

from .errors import not_found


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
