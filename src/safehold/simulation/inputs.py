"""Read the force's own incidents of the last year from the demand app, for fitting.

The demand app's ``Incident`` holds each incident's timeline as columns; this adapter
turns a year of them into plain :class:`~safehold.simulation.fit.IncidentRecord` rows
(no names, nothing about people) in one query, and fits them. Without the demand app,
or with no incidents, it returns ``None`` and the packaged parameters are used.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.apps import apps

from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.datetext import short_date

from .fit import FittedDemand, IncidentRecord, fit_demand

# Looked up at run time: the simulation works (on packaged figures) without the demand app.
_INCIDENT_MODEL: tuple[str, str] = ("demand", "Incident")
#: Fitting needs at least this many graded incidents; fewer and the packaged figures stand.
MIN_INCIDENTS = 500


def _minutes(a: datetime | None, b: datetime | None) -> float | None:
    if a is None or b is None:
        return None
    return (b - a).total_seconds() / 60.0


def last_year_records(*, clock: Clock = SYSTEM_CLOCK) -> list[IncidentRecord]:
    """The graded incidents received in the year before ``clock``'s now, as plain records."""
    if not apps.is_installed("safehold.demand"):
        return []
    incident: Any = apps.get_model(*_INCIDENT_MODEL)
    end = clock.now()
    rows = (
        incident.objects.filter(received_at__gte=end - timedelta(days=365), received_at__lt=end)
        .exclude(grade__isnull=True)
        .values_list(
            "received_at",
            "grade",
            "area",
            "route",
            "clock_started_at",
            "dispatched_at",
            "arrived_at",
            "resolved_at",
            "target_minutes",
        )
        .iterator(chunk_size=5000)
    )
    records = []
    for received, grade, area, route, started, dispatched, arrived, resolved, target in rows:
        records.append(
            IncidentRecord(
                received_at=received,
                grade=grade,
                urban=area == "urban",
                route=route or "",
                minutes_to_arrival=_minutes(started or received, arrived),
                travel_minutes=_minutes(dispatched, arrived),
                handling_minutes=_minutes(arrived, resolved),
                target_minutes=float(target) if target is not None else None,
            )
        )
    return records


def fitted_last_year(*, clock: Clock = SYSTEM_CLOCK) -> FittedDemand | None:
    """The inputs fitted from the last year's incidents, or ``None`` with too few."""
    records = last_year_records(clock=clock)
    if len(records) < MIN_INCIDENTS:
        return None
    return fit_demand(records)


def describe(fitted: FittedDemand | None) -> str:
    """Where a scenario's inputs came from, for the page and the JSON."""
    if fitted is None:
        return "packaged parameters (no incidents recorded to fit from)"
    span = ""
    if fitted.first and fitted.last:
        span = f" received {short_date(fitted.first)} to {short_date(fitted.last)}"
    return f"fitted from the force's {fitted.incidents:,} incidents{span}"
