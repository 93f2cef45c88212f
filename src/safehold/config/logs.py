"""Structured logs: one JSON object a line, each carrying the request id it belongs to.

:class:`RequestIdMiddleware` gives every request an id (the caller's ``X-Request-ID`` when
it is a sane token, else a new one), echoes it in the response's ``X-Request-ID`` and puts
it on every log record written while the request runs, so a proxy's log, the access log
line and an error's traceback can be joined. Set ``SAFEHOLD_LOG_FORMAT=plain`` for
human-readable lines instead.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

REQUEST_ID: ContextVar[str] = ContextVar("safehold_request_id", default="-")
_SANE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
access_log = logging.getLogger("safehold.request")

# Attributes every LogRecord has; anything else was passed in ``extra=`` and is kept.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Put the current request's id on each record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django's own request log is written after the middleware has returned: its
        # record carries the request, which carries the id.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id", ...extra, "exc"}``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", REQUEST_ID.get()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class RequestIdMiddleware:
    """Set the request id, echo it as ``X-Request-ID`` and log one line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _SANE.match(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        request.request_id = request_id  # type: ignore[attr-defined]
        began = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            user = getattr(request, "user", None)
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - began) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            REQUEST_ID.reset(token)
