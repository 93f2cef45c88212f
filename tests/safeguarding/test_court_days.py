"""The 48 hours to the hearing: Sundays, Christmas Day, Good Friday and bank holidays are
not counted (Domestic Abuse Act 2021 s29; Crime and Security Act 2010 s27 in practice)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.safeguarding.court_days import (
    LONDON,
    CalendarError,
    CourtCalendar,
    counted_hours,
    easter_sunday,
    hearing_deadline,
    load_calendar,
    parse_calendar,
)
from safehold.safeguarding.rule_errors import ConfigurationError

CALENDAR = load_calendar()
EMPTY = CourtCalendar("test", "none", 2024, 2027)


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)  # type: ignore[misc]


def test_the_packaged_calendar_has_its_source_version_and_eight_days_a_year() -> None:
    assert CALENDAR.version.startswith("gov.uk-england-and-wales")
    assert "gov.uk/bank-holidays" in CALENDAR.source
    for year in range(2024, 2028):
        assert len([d for d in CALENDAR.bank_holidays if d.year == year]) == 8


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_good_friday_from_easter_is_in_the_govuk_list(year: int) -> None:
    assert easter_sunday(year) - timedelta(days=2) in CALENDAR.bank_holidays


def test_a_notice_served_friday_morning_is_heard_by_monday_morning() -> None:
    """Fri 09:30 + 14.5 h Fri + 24 h Sat, Sunday not counted, + 9.5 h Mon = Mon 09:30."""
    due = hearing_deadline(london(2026, 11, 27, 9, 30), 48, CALENDAR)
    assert due == london(2026, 11, 30, 9, 30)


def test_a_notice_served_on_a_sunday_starts_counting_on_monday() -> None:
    due = hearing_deadline(london(2026, 11, 29, 15, 0), 48, CALENDAR)
    assert due == london(2026, 12, 2, 0, 0)


def test_christmas_and_the_boxing_day_substitute_are_not_counted() -> None:
    """2026: Christmas Fri 25, Sat 26 counted, Sun 27 no, Mon 28 (Boxing Day substitute) no."""
    due = hearing_deadline(london(2026, 12, 24, 12, 0), 48, CALENDAR)
    # Thu 24th 12 h, Sat 26th 24 h, then Tue 29th 12 h.
    assert due == london(2026, 12, 29, 12, 0)


def test_christmas_day_on_a_saturday_is_excluded_by_the_rule_not_the_list() -> None:
    """25 Dec 2027 is a Saturday: GOV.UK lists the 27th instead; the statute names the day."""
    assert date(2027, 12, 25) not in CALENDAR.bank_holidays
    assert CALENDAR.why_excluded(date(2027, 12, 25)) == "Christmas Day"


def test_easter_weekend_loses_four_days() -> None:
    """Thu 1 Apr 2026 18:00: Good Friday, (Sat counted), Sunday, Easter Monday excluded."""
    due = hearing_deadline(london(2026, 4, 2, 18, 0), 48, CALENDAR)
    # Thu 6 h, Sat 4th 24 h, Tue 7th 18 h.
    assert due == london(2026, 4, 7, 18, 0)


def test_the_clock_change_is_real_time() -> None:
    """Sat 24 Oct 2026 12:00 BST: Sat 12 h, Sun not counted, Mon 24 h, Tue 12 h (GMT)."""
    due = hearing_deadline(london(2026, 10, 24, 12, 0), 48, CALENDAR)
    assert due == london(2026, 10, 27, 12, 0)


def test_a_deadline_past_the_calendar_is_refused_naming_the_file() -> None:
    with pytest.raises(CalendarError) as refused:
        hearing_deadline(london(2027, 12, 31, 12, 0), 48, CALENDAR)
    assert "bank-holidays.toml" in refused.value.message
    assert refused.value.code == "calendar_out_of_range"


def test_a_calendar_file_with_a_bad_date_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "bh.toml"
    path.write_text(
        'version = "x"\nsource = "y"\nfirst_year = 2026\nlast_year = 2026\n'
        'bank_holidays = ["25 December"]\n'
    )
    with pytest.raises(ConfigurationError) as refused:
        load_calendar(path)
    assert refused.value.field == "bank_holidays"
    with pytest.raises(ConfigurationError):
        parse_calendar(
            'version = "x"\nsource = "y"\nfirst_year = 2026\nlast_year = 2026\n'
            "bank_holidays = [2025-12-25]\n",
            "bh.toml",
        )


# ------------------------------------------------------------------ properties

starts = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2027, 10, 31), timezones=st.just(UTC)
)
holidays = st.frozensets(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)), max_size=40
)


@settings(max_examples=200, deadline=None)
@given(start=starts, hours=st.integers(1, 96), extra=holidays)
def test_exactly_the_hours_asked_are_counted_and_the_last_hour_is_a_counted_day(
    start: datetime, hours: int, extra: frozenset[date]
) -> None:
    calendar = CALENDAR.with_extra(extra)
    due = hearing_deadline(start, hours, calendar)
    assert due >= start + timedelta(hours=hours)
    assert counted_hours(start, due, calendar) == timedelta(hours=hours)
    # The instant just before the deadline is on a counted day: the deadline never ends
    # inside a Sunday or a bank holiday.
    assert not calendar.excluded((due - timedelta(microseconds=1)).astimezone(LONDON).date())


@settings(max_examples=200, deadline=None)
@given(start=starts, hours=st.integers(1, 96), extra=holidays)
def test_excluding_more_days_never_shortens_the_deadline(
    start: datetime, hours: int, extra: frozenset[date]
) -> None:
    assert hearing_deadline(start, hours, CALENDAR.with_extra(extra)) >= hearing_deadline(
        start, hours, CALENDAR
    )
    assert hearing_deadline(start, hours, CALENDAR) >= hearing_deadline(start, hours, EMPTY)


@settings(max_examples=100, deadline=None)
@given(start=starts, hours=st.integers(1, 96))
def test_more_hours_never_bring_the_deadline_forward(start: datetime, hours: int) -> None:
    assert hearing_deadline(start, hours + 1, CALENDAR) > hearing_deadline(start, hours, CALENDAR)
