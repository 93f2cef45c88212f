"""Dates in text read as the templates write them: no leading zero, local time for moments."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from safehold.datetext import (
    day_month,
    day_month_time,
    long_date,
    short_date,
    short_datetime,
    weekday_date,
)


def test_a_one_digit_day_has_no_leading_zero() -> None:
    day = date(2026, 12, 1)
    assert short_date(day) == "1 Dec 2026"
    assert long_date(day) == "1 December 2026"
    assert day_month(day) == "1 Dec"
    assert day_month(day, full=True) == "1 December"
    assert weekday_date(day) == "Tue 1 Dec"
    assert weekday_date(day, year=True) == "Tue 1 Dec 2026"
    assert weekday_date(day, year=True, full=True) == "Tuesday 1 December 2026"
    assert weekday_date(day, full=True) == "Tuesday 1 December"


def test_a_two_digit_day_is_written_whole() -> None:
    assert short_date(date(2027, 1, 31)) == "31 Jan 2027"
    assert long_date(date(2027, 1, 31)) == "31 January 2027"


def test_a_moment_is_shown_in_london_time_on_each_side_of_the_clock_change() -> None:
    # British Summer Time ended at 01:00 UTC on Sunday 25 October 2026.
    before = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST
    after = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 01:30 GMT
    assert short_datetime(before) == "25 Oct 2026 01:30"
    assert short_datetime(after) == "25 Oct 2026 01:30"
    # In summer the local day can differ from the UTC day.
    late = datetime(2026, 7, 3, 23, 5, 9, tzinfo=UTC)
    assert short_datetime(late) == "4 Jul 2026 00:05"
    assert short_datetime(late, seconds=True) == "4 Jul 2026 00:05:09"
    assert day_month_time(late) == "4 Jul 00:05"
    # In winter London is on UTC.
    assert day_month_time(datetime(2026, 12, 1, 14, 5, tzinfo=UTC)) == "1 Dec 14:05"


def test_a_naive_moment_is_taken_as_local() -> None:
    assert short_datetime(datetime(2026, 12, 1, 9, 5)) == "1 Dec 2026 09:05"


def test_a_moment_already_in_local_time_is_not_moved() -> None:
    at = timezone.localtime(datetime(2026, 6, 1, 8, 0, tzinfo=UTC))
    assert short_datetime(at) == "1 Jun 2026 09:00"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_the_text_matches_the_templates_date_filter(day: date) -> None:
    shown = Template('{{ d|date:"j M Y" }}|{{ d|date:"j F Y" }}|{{ d|date:"D j M" }}').render(
        Context({"d": day})
    )
    assert shown == f"{short_date(day)}|{long_date(day)}|{weekday_date(day)}"


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2050, 12, 31),
        timezones=st.just(UTC),
    )
)
def test_a_moment_matches_the_templates_date_filter(at: datetime) -> None:
    shown = Template('{{ t|date:"j M Y H:i" }}|{{ t|date:"j M Y H:i:s" }}').render(
        Context({"t": at})
    )
    assert shown == f"{short_datetime(at)}|{short_datetime(at, seconds=True)}"


def test_a_charts_date_axis_writes_days_without_a_leading_zero() -> None:
    from safehold.charts import line_svg

    rows = [{"day": f"2026-12-0{d}", "n": d} for d in range(1, 8)]
    svg = line_svg(rows, x="day", y="n", x_title="Day", y_title="Count", title="Count by day")
    assert ">1 Dec<" in svg
    assert ">01 Dec<" not in svg
