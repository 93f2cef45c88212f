"""The synthetic force's recorded crimes: one per domestic-abuse incident recorded as a crime.

Runs after the safeguarding seeder and writes the same table ``safehold import-crimes``
fills (:class:`safehold.insights.models.Crime`), so the outcome measures read the
synthetic force exactly as they would read a force's own crime records. The area is the
district of the station nearest the incident; arrests are the incident's recorded arrest
actions; the outcome date is the date the incident was closed (often months after it was
recorded).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db import transaction

from safehold.insights.counts import rebuild_crime_counts
from safehold.insights.models import Crime, CrimeSource
from safehold.safeguarding.models import ActionKind, CrimeType, Incident, ProtectiveAction

from .geography import nearest_station

if TYPE_CHECKING:
    from .force import SeedContext

LONDON = ZoneInfo("Europe/London")
LABELS = dict(CrimeType.choices)


@transaction.atomic
def crimes_from_incidents() -> int:
    """Write (or refresh) a crime row for every DA incident recorded as a crime."""
    arrests = Counter(
        ProtectiveAction.objects.filter(kind=ActionKind.ARREST).values_list(
            "incident_id", flat=True
        )
    )
    have = dict(
        Crime.objects.filter(source=CrimeSource.SAFEGUARDING).values_list("incident_id", "pk")
    )
    new: list[Crime] = []
    old: list[Crime] = []
    rows = Incident.objects.filter(crime_recorded=True).values_list(
        "pk",
        "reported_at",
        "crime_type",
        "outcome_type",
        "closed_at",
        "location__lat",
        "location__lon",
    )
    for pk, reported, crime_type, outcome, closed, lat, lon in rows.iterator(chunk_size=5000):
        area = nearest_station(lat, lon).district if lat is not None else "Unknown"
        crime = Crime(
            pk=have.get(pk),
            crime_reference=f"DA-{pk:07d}",
            recorded_on=reported.astimezone(LONDON).date(),
            area=area,
            crime_type=LABELS.get(crime_type, crime_type or "Other crime"),
            domestic_abuse=True,
            arrests=arrests.get(pk, 0),
            outcome_type=outcome,
            outcome_on=closed.astimezone(LONDON).date() if closed and outcome is not None else None,
            source=CrimeSource.SAFEGUARDING,
            incident_id=pk,
        )
        (old if crime.pk else new).append(crime)
    Crime.objects.bulk_create(new, batch_size=2000)
    fields = ["recorded_on", "area", "crime_type", "arrests", "outcome_type", "outcome_on"]
    Crime.objects.bulk_update(old, fields, batch_size=2000)
    rebuild_crime_counts()
    return len(new) + len(old)


def seed_crimes(ctx: SeedContext, progress: Callable[[float, str], None]) -> None:
    progress(0.0, "Recorded crimes from the DA incidents")
    ctx.counts["crimes"] = crimes_from_incidents()


def register() -> None:
    from .force import register_seeder

    register_seeder("crimes", seed_crimes)
