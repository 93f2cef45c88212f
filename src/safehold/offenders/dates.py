"""Calendar dates for the visit policy: month arithmetic and the check on ``today``.

Every date here is a calendar date in the force's local time (Europe/London); months are
calendar months, clamped to the end of a shorter month.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from .policy_errors import PolicyError

__all__ = ["add_months", "check_today", "months_before"]

_DAYS_IN_MONTH: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(day: date, months: int) -> date:
    """Add calendar months, clamping to the end of a shorter month.

    Parameters
    ----------
    day
        The starting date.
    months
        Whole months to add; may be negative.

    Returns
    -------
    date
        The same day of the month ``months`` later, or the month's last day when the
        month is shorter: 31 January + 1 month is 28 February (29 in a leap year).

    Notes
    -----
    Always count from the original date: ``add_months(d, 2)`` may differ from
    ``add_months(add_months(d, 1), 1)`` (31 Jan → 31 Mar against 31 Jan → 28 Feb → 28 Mar).
    """
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    month = month0 + 1
    dom = day.day
    if dom > 28:  # every month has 28 days; only later days may need clamping
        last = _days_in_month(year, month)
        if dom > last:
            dom = last
    return date(year, month, dom)


def months_before(base: date, today: date) -> int:
    """The largest m with ``add_months(base, m) < today`` (negative when base >= today)."""
    m = (today.year - base.year) * 12 + today.month - base.month
    # add_months(base, m) lands in today's month; one month earlier is always before today.
    if add_months(base, m) >= today:
        m -= 1
    return m


def check_today(today: object) -> None:
    """Refuse a ``today`` that is not a plain calendar date (a datetime is refused too)."""
    if isinstance(today, datetime) or not isinstance(today, date):
        raise PolicyError(
            f"today must be a calendar date (datetime.date), got {today!r}; "
            "convert a datetime with .astimezone(ZoneInfo('Europe/London')).date()"
        )
