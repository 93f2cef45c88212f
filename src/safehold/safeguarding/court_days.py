"""Counting the hours from a protection notice to the court hearing, without excluded days.

The magistrates must hear the application for a protection order within 48 hours of the
notice being given. Domestic Abuse Act 2021 s29(2)-(3) says that in counting those hours
any Sunday, Christmas Day, Good Friday and any bank holiday in England and Wales is
disregarded; the DVPN to DVPO hearing (Crime and Security Act 2010 s27) is counted the same
way in practice guides. Days are calendar days in England (Europe/London): a notice served
at 21:00 on a Saturday has 3 hours counted on the Saturday, none on the Sunday, and the
rest from Monday 00:00.

The bank holidays are configuration (``config/bank-holidays.toml``, from GOV.UK, with a
version); Sundays, 25 December and Good Friday are excluded by the rule every year. A clock
that would run past the calendar's last year is refused rather than silently counting a
holiday: :class:`CalendarError`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from safehold.safeguarding.policy_file import CONFIG_DIR
from safehold.safeguarding.rule_errors import ConfigurationError, SafeguardingRuleError

__all__ = [
    "LONDON",
    "CalendarError",
    "CourtCalendar",
    "easter_sunday",
    "hearing_deadline",
    "load_calendar",
]

LONDON = ZoneInfo("Europe/London")
SUNDAY = 6


class CalendarError(SafeguardingRuleError):
    """The deadline reaches a year the bank-holiday calendar does not cover."""

    code = "calendar_out_of_range"


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@dataclass(frozen=True, slots=True)
class CourtCalendar:
    """Which calendar days are not counted: Sundays, Christmas Day, Good Friday (by rule)
    and the configured bank holidays, for the years ``first_year`` to ``last_year``."""

    version: str
    source: str
    first_year: int
    last_year: int
    bank_holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.version.strip():
            raise ConfigurationError("bank-holidays: give a version", field="version")
        if self.first_year > self.last_year:
            raise ConfigurationError(
                "bank-holidays: first_year must not be after last_year", field="first_year"
            )
        outside = sorted(
            d for d in self.bank_holidays if not self.first_year <= d.year <= self.last_year
        )
        if outside:
            raise ConfigurationError(
                f"bank-holidays: {outside[0].isoformat()} is outside {self.first_year} to "
                f"{self.last_year}; widen the years or remove it",
                field="bank_holidays",
            )

    def covers(self, day: date) -> bool:
        return self.first_year <= day.year <= self.last_year

    def why_excluded(self, day: date) -> str:
        """Why ``day`` is not counted ("" if it is counted)."""
        if day.weekday() == SUNDAY:
            return "Sunday"
        if (day.month, day.day) == (12, 25):
            return "Christmas Day"
        if day == easter_sunday(day.year) - timedelta(days=2):
            return "Good Friday"
        if day in self.bank_holidays:
            return "bank holiday"
        return ""

    def excluded(self, day: date) -> bool:
        return bool(self.why_excluded(day))

    def with_extra(self, days: Iterable[date]) -> CourtCalendar:
        """This calendar with more bank holidays (within its years)."""
        extra = frozenset(d for d in days if self.covers(d))
        return CourtCalendar(
            self.version,
            self.source,
            self.first_year,
            self.last_year,
            self.bank_holidays | extra,
        )


def _next_midnight(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=LONDON).astimezone(UTC)


def hearing_deadline(start: datetime, hours: int, calendar: CourtCalendar) -> datetime:
    """The moment ``hours`` counted hours after ``start``, not counting excluded days.

    Counted time is real elapsed time (a clock change is not an extra hour); days are
    England's calendar days. Returns a UTC datetime.

    Raises
    ------
    CalendarError
        If the counting reaches a day outside the calendar's years.
    ValueError
        If ``start`` is naive or ``hours`` is below 1.
    """
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("start must be timezone-aware")
    if hours < 1:
        raise ValueError("hours must be at least 1")
    at = start.astimezone(UTC)
    left = timedelta(hours=hours)
    while True:
        day = at.astimezone(LONDON).date()
        if not calendar.covers(day):
            raise CalendarError(
                f"the bank-holiday calendar ({calendar.version}) covers {calendar.first_year} "
                f"to {calendar.last_year}, not {day.year}; add {day.year} to "
                "config/bank-holidays.toml",
                field="started_at",
            )
        end_of_day = _next_midnight(day)
        if calendar.excluded(day):
            at = end_of_day
            continue
        if at + left <= end_of_day:
            return at + left
        left -= end_of_day - at
        at = end_of_day


def counted_hours(start: datetime, end: datetime, calendar: CourtCalendar) -> timedelta:
    """The time between ``start`` and ``end`` that falls on counted days."""
    at, end = start.astimezone(UTC), end.astimezone(UTC)
    total = timedelta(0)
    while at < end:
        day = at.astimezone(LONDON).date()
        stop = min(_next_midnight(day), end)
        if not calendar.excluded(day):
            total += stop - at
        at = stop
    return total


def parse_calendar(text: str, source: str) -> CourtCalendar:
    """Read a bank-holiday calendar file (TOML: version, source, years, dates)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{source}: not valid TOML: {exc}", field=source) from exc
    for key, kind in (("version", str), ("source", str), ("first_year", int), ("last_year", int)):
        if not isinstance(data.get(key), kind):
            raise ConfigurationError(
                f"{source}: {key} must be a {'year' if kind is int else 'text'}", field=key
            )
    days = data.get("bank_holidays")
    if not isinstance(days, list) or not all(type(d) is date for d in days):
        raise ConfigurationError(
            f"{source}: bank_holidays must be a list of dates (2026-12-25)", field="bank_holidays"
        )
    return CourtCalendar(
        version=data["version"],
        source=data["source"],
        first_year=data["first_year"],
        last_year=data["last_year"],
        bank_holidays=frozenset(days),
    )


@cache
def _packaged() -> CourtCalendar:
    source = CONFIG_DIR.joinpath("bank-holidays.toml")
    return parse_calendar(source.read_text(encoding="utf-8"), "bank-holidays.toml")


def load_calendar(path: Path | None = None) -> CourtCalendar:
    """The packaged bank-holiday calendar, or a force's own file at ``path``."""
    if path is None:
        return _packaged()
    return parse_calendar(path.read_text(encoding="utf-8"), str(path))
