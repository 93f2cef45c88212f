"""An officer's route of the day, read from the register: the planned home visits of
the day where the officer is one of the pair (an accepted plan's stops, or visits
scheduled by hand), in order, with what the officer needs at the door.

Seven queries whatever the length of the route: the visits, the home addresses, the last
visits, open whereabouts procedures, open reviews, the notified household details and
the open officer-safety markers (shown first, on their own).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from safehold.datetext import short_date
from safehold.people.models import AddressKind, PersonAddress

from .models import (
    ManagementReview,
    NotifiedDetail,
    OfficerSafetyMarker,
    SafetyMarkerKind,
    Visit,
    VisitKind,
    WhereaboutsProcedure,
)


@dataclass(frozen=True, slots=True)
class Stop:
    """One stop on the route."""

    visit: Visit
    address: str
    warnings: tuple[str, ...]
    last_visit: str
    safety: tuple[str, ...] = ()

    @property
    def done(self) -> bool:
        return bool(self.visit.outcome)


def _bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time(), tzinfo=zone)
    return start, start + timedelta(days=1)


def route_of_day(user_id: int, day: date) -> list[Stop]:
    """The officer's stops on ``day`` in time order (cancelled visits left out)."""
    begin, end = _bounds(day)
    visits = list(
        Visit.objects.filter(
            Q(officer_1_id=user_id) | Q(officer_2_id=user_id),
            kind=VisitKind.HOME,
            cancelled_at__isnull=True,
            planned_for__gte=begin,
            planned_for__lt=end,
        )
        .select_related("offender__person", "offender__station")
        .order_by("planned_for", "id")
    )
    ids = sorted({v.offender_id for v in visits})
    homes: dict[int, str] = {}
    for oid, line1, town, postcode in (
        PersonAddress.objects.filter(
            person__offender__id__in=ids, kind=AddressKind.HOME, valid_to__isnull=True
        )
        .order_by("person__offender__id", "-valid_from")
        .values_list("person__offender__id", "address__line1", "address__town", "address__postcode")
    ):
        homes.setdefault(oid, ", ".join(p for p in (line1, town, postcode) if p))
    last: dict[int, Visit] = {}
    for v in (
        Visit.objects.filter(offender_id__in=ids, kind=VisitKind.HOME, visited_at__lt=begin)
        .exclude(outcome="")
        .order_by("offender_id", "-visited_at")
    ):
        last.setdefault(v.offender_id, v)
    unknown = set(
        WhereaboutsProcedure.objects.filter(
            offender_id__in=ids, closed_at__isnull=True
        ).values_list("offender_id", flat=True)
    )
    reviews = set(
        ManagementReview.objects.filter(offender_id__in=ids, closed_at__isnull=True).values_list(
            "offender_id", flat=True
        )
    )
    children = set(
        NotifiedDetail.objects.filter(
            offender_id__in=ids, subject="child_household", valid_to__isnull=True
        ).values_list("offender_id", flat=True)
    )
    safety: dict[int, list[str]] = {}
    for oid, kind, note in (
        OfficerSafetyMarker.objects.filter(offender_id__in=ids, removed_at__isnull=True)
        .order_by("offender_id", "-added_on", "-id")
        .values_list("offender_id", "kind", "note")
    ):
        safety.setdefault(oid, []).append(f"{SafetyMarkerKind(kind).label}: {note}")
    stops = []
    for v in visits:
        o = v.offender
        warnings = []
        if o.wanted:
            warnings.append("Circulated as wanted")
        if o.id in unknown:
            warnings.append("Whereabouts unknown: procedure open")
        if o.id in reviews:
            warnings.append("Back to active management pending review")
        if o.id in children:
            warnings.append("Notified living or staying with a child")
        if o.no_access_streak:
            warnings.append(f"{o.no_access_streak} visit(s) in a row without access")
        previous = last.get(o.id)
        summary = "No home visit on record"
        if previous is not None and previous.visited_at is not None:
            summary = (
                f"{short_date(timezone.localtime(previous.visited_at))}: "
                f"{previous.get_outcome_display()}"
                + (f"; concerns: {previous.concerns}" if previous.concerns else "")
            )
        stops.append(
            Stop(
                v,
                homes.get(o.id, "No home address on record"),
                tuple(warnings),
                summary,
                tuple(safety.get(o.id, ())),
            )
        )
    return stops
