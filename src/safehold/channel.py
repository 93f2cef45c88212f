"""The channel of the work in hand (a page, the JSON API, a command), for the access log.

Service functions record their writes without naming a channel; the request or the command
that called them sets it here, so an API write is logged as "api", a page write as "page"
and a command's as "cli". An explicit ``channel=`` given to ``record`` still wins.

Plain Python (a context variable), below every context: the access log
(:mod:`safehold.audit.log`) reads it, and the base of the management commands
(:mod:`safehold.commands`) sets it, without either importing the other.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["current_channel", "using_channel"]

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
