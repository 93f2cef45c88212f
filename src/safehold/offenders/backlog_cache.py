"""The backlog's figures, computed once per change of the register (issue 14, load).

The home page's tiles, the backlog page and ``/api/backlog`` all show the policy's
verdict over every offender on the register; computing it costs 100-250 ms at scale 1,
and the home page is the most visited page. Those figures change only when the register
does (or the day, or the policy), so they are kept in Django's cache under a key made
of the day, the policy's version and the register's *change stamp*:

- offenders: how many rows, the latest ``modified_at`` and the sum of ``version`` (every
  service write saves the row, which moves ``modified_at`` and bumps ``version``; an
  insert or delete changes the count);
- notifications of foreign travel (the trips the policy reads): how many, the latest
  ``modified_at``.

One aggregate query each (about 1 ms at scale 1), so a write is seen by the very next
request in every worker process: the key changes, nothing needs invalidating. The cache
entry also expires after ``SAFEHOLD_BACKLOG_CACHE_SECONDS`` (60 by default; 0 turns the
cache off), which bounds how long a change the stamp does not see (a station renamed) can
show.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum

from .models import Notification, NotificationKind, Offender

T = TypeVar("T")

DEFAULT_SECONDS = 60

_MEMO: dict[str, tuple[float, object]] = {}
_MEMO_LOCK = threading.Lock()


def register_stamp() -> str:
    """A text that changes whenever an offender or a foreign-travel notification is written."""
    offenders = Offender.objects.aggregate(n=Count("id"), at=Max("modified_at"), v=Sum("version"))
    trips = Notification.objects.filter(kind=NotificationKind.FOREIGN_TRAVEL).aggregate(
        n=Count("id"), at=Max("modified_at")
    )
    raw = f"{offenders['n']}|{offenders['at']}|{offenders['v']}|{trips['n']}|{trips['at']}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def cache_seconds() -> int:
    return int(getattr(settings, "SAFEHOLD_BACKLOG_CACHE_SECONDS", DEFAULT_SECONDS))


def by_register_stamp(name: str, today: date, policy_version: str, compute: Callable[[], T]) -> T:
    """``compute()``, or its answer kept from an earlier request on the same register."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    key = f"safehold:{name}:{today.isoformat()}:{policy_version}:{register_stamp()}"
    found: T | None = cache.get(key)
    if found is not None:
        return found
    with _computing(name):  # one thread of this process computes; the others wait for it
        found = cache.get(key)
        if found is None:
            found = compute()
            cache.set(key, found, seconds)
    return found


_COMPUTING: dict[str, threading.RLock] = {}


def _computing(name: str) -> threading.RLock:
    """The lock under which this process computes ``name``: when a worker's threads all
    find the answer missing at once (a new day, a write, the first requests), one of them
    computes it and the others wait and take it, instead of all computing the same thing
    side by side (under the GIL that multiplied the wait by the number of threads)."""
    with _MEMO_LOCK:
        return _COMPUTING.setdefault(name, threading.RLock())


_MEMO_SIZE = 4


def memo_by_register_stamp(
    name: str, today: date, policy_version: str, compute: Callable[[], T]
) -> T:
    """Like :func:`by_register_stamp`, but kept in this process's memory, unpickled: for
    answers too large to copy through the cache on every request (the whole register's
    evaluation, which the offender list filters and sorts). Callers must not change it."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    key = f"{name}:{today.isoformat()}:{policy_version}:{register_stamp()}"
    now = time.monotonic()
    with _MEMO_LOCK:
        kept = _MEMO.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]  # type: ignore[return-value]
    with _computing(name):
        with _MEMO_LOCK:
            kept = _MEMO.get(key)
        if kept is not None and kept[0] > time.monotonic():
            return kept[1]  # type: ignore[return-value]
        found = compute()
        _keep(name, key, found, seconds)
    return found


def _keep(name: str, key: str, found: object, seconds: int) -> None:
    now = time.monotonic()
    with _MEMO_LOCK:
        for old in [k for k, (until, _) in _MEMO.items() if until <= now or k.startswith(name)]:
            del _MEMO[old]
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        _MEMO[key] = (now + seconds, found)
