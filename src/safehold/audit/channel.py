"""The channel of the work in hand (a page, the JSON API, a command), for the access log.

Service functions record their writes without naming a channel; the request (or the
command) that called them sets it here, so an API write is logged as "api" and a page
write as "page". An explicit ``channel=`` given to ``record`` still wins.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["current_channel", "request_channel", "using_channel"]

API_PREFIX = "/api/"

_channel: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_channel", default=None)


def current_channel(default: str) -> str:
    """The channel set for the work in hand, or ``default`` when none is."""
    return _channel.get() or default


@contextmanager
def using_channel(channel: str) -> Iterator[None]:
    """Log entries recorded inside without an explicit channel under ``channel``."""
    token = _channel.set(channel)
    try:
        yield
    finally:
        _channel.reset(token)


def request_channel(path: str) -> str:
    """The channel of a request to ``path`` (its path within the site)."""
    if path.startswith(API_PREFIX):
        return "api"
    if path.startswith("/admin/"):
        return "admin"
    return "page"
