"""Time as a dependency: services read the time from a clock they are given.

``SYSTEM_CLOCK`` is the real time (Django's ``timezone.now()``, UTC, and the local date in
Europe/London). Tests give a :class:`FrozenClock` instead of patching ``time.time`` or
travelling in time: ``FrozenClock(datetime(2026, 3, 2, 9, tzinfo=UTC))`` stands still until
told to :meth:`~FrozenClock.advance`.

Timestamps the database fills itself (``auto_now`` columns) stay on the system's time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol

from django.utils import timezone

__all__ = ["SYSTEM_CLOCK", "Clock", "FrozenClock", "SystemClock"]


class Clock(Protocol):
    """Where a service reads the time."""

    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...

    def today(self) -> date:
        """Today's date in the local time zone (Europe/London)."""
        ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        return timezone.now()

    def today(self) -> date:
        return timezone.localdate()


class FrozenClock:
    """A clock that stands still at ``at`` (timezone-aware) until advanced."""

    def __init__(self, at: datetime) -> None:
        if timezone.is_naive(at):
            raise ValueError(f"FrozenClock needs a timezone-aware moment, got {at!r}")
        self.at = at

    def now(self) -> datetime:
        return self.at

    def today(self) -> date:
        return timezone.localdate(self.at)

    def advance(self, by: timedelta) -> None:
        """Move the clock on by ``by``."""
        self.at += by

    def __repr__(self) -> str:
        return f"FrozenClock({self.at.isoformat()})"


SYSTEM_CLOCK: Clock = SystemClock()
