"""Demand records for tests, made straight on the database (synthetic only)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from safehold.demand.models import Incident, Involvement, ThriveAssessment
from safehold.demand.questions import least_serious
from tests.factories import PersonFactory


def make_incident(**fields: Any) -> Incident:
    """A graded theft routed to the resolution centre, with a caller, unless told otherwise."""
    now = timezone.now()
    values: dict[str, Any] = {
        "channel": "101",
        "incident_type": "theft",
        "received_at": now - timedelta(minutes=30),
        "area": "urban",
        "postcode": "ST1 1AA",
        "location_description": "High Street",
        "grade": 3,
        "suggested_grade": 3,
        "graded_at": now - timedelta(minutes=25),
        "route": "resolution_centre",
        "route_reasons": ["Theft is a type the resolution centre investigates"],
        "policy_version": "test",
        "rc_status": "open",
    }
    values.update(fields)
    incident = Incident.objects.create(**values)
    Involvement.objects.create(
        incident=incident, person=PersonFactory(), role="caller", phone="07700 900123"
    )
    return incident


def make_assessment(
    incident: Incident,
    *,
    status: str = "awaiting_supervisor",
    suggested: int = 2,
    chosen: int = 3,
    at: datetime | None = None,
) -> ThriveAssessment:
    return ThriveAssessment.objects.create(
        incident=incident,
        assessed_at=at or timezone.now(),
        answers=least_serious(),
        suggested_grade=suggested,
        suggestion_reasons=["test"],
        chosen_grade=chosen,
        change_reason="Caller says the suspect left an hour ago",
        policy_version="test",
        status=status,
    )
