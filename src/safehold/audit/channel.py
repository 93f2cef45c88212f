"""The channel of the work in hand (a page, the JSON API, a command), for the access log.

The channel itself is kept in :mod:`safehold.channel` (so the base of the management
commands can set it without importing the audit package); this module names the channel of
a request from its path.
"""

from __future__ import annotations

from safehold.channel import current_channel, using_channel

__all__ = ["current_channel", "request_channel", "using_channel"]

API_PREFIX = "/api/"


def request_channel(path: str) -> str:
    """The channel of a request to ``path`` (its path within the site)."""
    if path.startswith(API_PREFIX):
        return "api"
    if path.startswith("/admin/"):
        return "admin"
    return "page"
