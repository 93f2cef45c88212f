"""A pair's planned visits as an iCalendar file for the officers' calendars.

One event per visit, in Europe/London wall-clock time with its time zone definition.
What goes in: the register reference, the risk level, the street and town, the plan and
the pair. What stays out: the offender's name, postcode, coordinates and anything else
on the record. Calendars are synchronised to phones and shared with colleagues; the reference is
enough to open the record in Safehold, where every look is logged.
"""

from __future__ import annotations

from datetime import datetime

import icalendar
from django.utils import timezone

from safehold.datetext import weekday_date

from .run_display import RouteView

PRODID = "-//Safehold//Visit plans//EN"


def pair_calendar(
    run_id: int, pair_name: str, routes: list[RouteView], *, record_url: str, now: datetime
) -> bytes:
    """The iCalendar document for one pair's routes in a plan."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Home visits: {pair_name} (visit plan {run_id})")
    zone = timezone.get_default_timezone()
    for route in sorted(routes, key=lambda r: r.day):
        for stop in route.stops:
            event = icalendar.Event()
            event.add("uid", f"plan-{run_id}-{stop.visit_id}@safehold")
            event.add("dtstamp", now)
            event.add("dtstart", stop.arrival.astimezone(zone))
            event.add("dtend", stop.departure.astimezone(zone))
            event.add("summary", f"Home visit {stop.reference} ({stop.risk_label.lower()} risk)")
            event.add("location", stop.address)
            event.add(
                "description",
                f"Visit {stop.order} of {len(route.stops)} for {pair_name} on "
                f"{weekday_date(route.date, full=True)}, visit plan {run_id}. "
                f"Open {stop.reference} in Safehold ({record_url}) for the record.",
            )
            event.add("categories", ["Home visit"])
            cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
