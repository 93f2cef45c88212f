"""Dates and times written in text, the way the templates write them.

The templates show a day without a leading zero (``date:"j M Y"``: "1 Dec 2026"); text
built in Python uses these helpers so that a line in a briefing, a message or a command's
output reads the same as the page. Machine formats (ISO dates, CSV columns, a time alone
as ``%H:%M``) are not written here.

A moment that carries a time zone is shown in the force's local time (Europe/London), so
"1 Jul 2026 10:00" is 09:00 UTC and "1 Dec 2026 10:00" is 10:00 UTC; a naive moment is
taken as local already. Dates are shown as they are.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final
from zoneinfo import ZoneInfo

__all__ = [
    "LONDON",
    "day_month",
    "day_month_time",
    "long_date",
    "short_date",
    "short_datetime",
    "weekday_date",
]

LONDON: Final = ZoneInfo("Europe/London")


def _local(at: datetime) -> datetime:
    return at.astimezone(LONDON) if at.tzinfo is not None else at


def _clock(at: datetime, seconds: bool) -> str:
    return f"{at:%H:%M:%S}" if seconds else f"{at:%H:%M}"


def short_date(day: date) -> str:
    """The day, short month and year: "1 Dec 2026" (the templates' ``"j M Y"``)."""
    return f"{day.day} {day:%b %Y}"


def long_date(day: date) -> str:
    """The day, month in full and year: "1 December 2026" (``"j F Y"``)."""
    return f"{day.day} {day:%B %Y}"


def day_month(day: date, *, full: bool = False) -> str:
    """The day and short month, no year: "1 Dec" (``"j M"``); ``full``: "1 December"."""
    return f"{day.day} {day:%B}" if full else f"{day.day} {day:%b}"


def weekday_date(day: date, *, year: bool = False, full: bool = False) -> str:
    """The weekday, day and month: "Tue 1 Dec"; with ``year`` "Tue 1 Dec 2026".

    ``full`` writes the weekday and the month in full: "Tuesday 1 December 2026".
    """
    weekday = f"{day:%A}" if full else f"{day:%a}"
    if year:
        return f"{weekday} {long_date(day) if full else short_date(day)}"
    return f"{weekday} {day_month(day, full=full)}"


def short_datetime(at: datetime, *, seconds: bool = False) -> str:
    """The local date and time: "1 Dec 2026 14:05" (``"j M Y H:i"``), or with seconds."""
    local = _local(at)
    return f"{short_date(local)} {_clock(local, seconds)}"


def day_month_time(at: datetime, *, seconds: bool = False) -> str:
    """The local day, month and time, no year: "1 Dec 14:05" (``"j M H:i"``)."""
    local = _local(at)
    return f"{day_month(local)} {_clock(local, seconds)}"
