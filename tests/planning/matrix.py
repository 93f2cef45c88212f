"""URL arguments and request bodies for the planning rows of the authorization matrix.

``tests/test_authorization_matrix.py`` calls :func:`planning_kwargs_for` once per test
and the returned function for every route. Pages get an *accepted* plan whose first pair
holds the matrix's offender manager (so they may see that pair's day and calendar); API
operations get a *ready* plan, so the priorities lead's accept succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from safehold.accounts.models import User
from safehold.accounts.roles import Role
from safehold.planning.models import OfficerPair, PlanRun, PlanStatus
from tests.factories import OffenderFactory

# Bodies for the planning API's writes, keyed like the matrix test's ``api_body``.
PLANNING_API_BODIES: dict[str, dict[str, Any]] = {
    "runs": {"days": 1, "seconds": 1},
    "accept": {},
}


def _run(users: dict[Role, User], status: str, pair: OfficerPair) -> PlanRun:
    # An offender of its own, so no other operation in the matrix makes the plan stale.
    offender = OffenderFactory()
    start = date.today() + timedelta(days=1)
    zone = ZoneInfo("Europe/London")
    arrival = datetime.combine(start, time(10), tzinfo=zone)
    om, lead = users[Role.OFFENDER_MANAGER], users[Role.PRIORITIES_LEAD]
    stop = {
        "visit_id": "o1",
        "arrival": arrival.isoformat(),
        "departure": (arrival + timedelta(minutes=40)).isoformat(),
        "wait_minutes": 0.0,
        "travel_minutes": 12.0,
        "travel_km": 8.0,
    }
    return PlanRun.objects.create(
        status=status,
        requested_by=lead,
        start_date=start,
        horizon_days=1,
        seed=0,
        max_iterations=10,
        inputs_as_of=datetime.now(zone),
        finished_at=datetime.now(zone),
        accepted_by=lead if status == PlanStatus.ACCEPTED else None,
        accepted_at=datetime.now(zone) if status == PlanStatus.ACCEPTED else None,
        kpis={"visits_planned": 1, "visits_total": 1, "visits_per_pair_day": 1.0},
        plan={
            "start_date": start.isoformat(),
            "timezone": "Europe/London",
            "routes": [
                {
                    "pair_id": str(pair.pk),
                    "day": 0,
                    "date": start.isoformat(),
                    "station_id": str(pair.station_id),
                    "leaves_station": (arrival - timedelta(minutes=12)).isoformat(),
                    "back_at_station": (arrival + timedelta(minutes=52)).isoformat(),
                    "stops": [stop],
                    "travel_km": 16.0,
                    "travel_minutes": 24.0,
                    "officer_hours": 1.07,
                }
            ],
            "left_out": [],
        },
        visits={
            "o1": {
                "offender_id": offender.pk,
                "reference": offender.register_reference,
                "risk_level": "high",
                "due_date": start.isoformat(),
                "days_overdue": 0,
                "address": "1 Test Street, Stafford",
                "postcode": "ST16 9ZZ",
                "lat": 52.8,
                "lon": -2.1,
            }
        },
        pairs={
            str(pair.pk): {
                "name": pair.name,
                "station_id": pair.station_id,
                "station": "Hanley Police Station",
                "lat": 53.02,
                "lon": -2.17,
                "officers": [[om.pk, om.get_full_name()], [lead.pk, lead.get_full_name()]],
                "shifts": [[0, "08:00", "16:00"]],
            }
        },
    )


def planning_kwargs_for(users: dict[Role, User]) -> Callable[[str], dict[str, Any]]:
    """A function giving ``run_id``, ``pair_id`` and ``day`` for a route, made lazily."""
    made: dict[str, PlanRun] = {}

    def pair() -> OfficerPair:
        found = OfficerPair.objects.first()
        if found is not None:
            return found
        om, lead = users[Role.OFFENDER_MANAGER], users[Role.PRIORITIES_LEAD]
        assert om.station is not None
        return OfficerPair.objects.create(
            name="Matrix 1", station=om.station, officer_1=om, officer_2=lead
        )

    def kwargs(route: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if "<int:run_id>" in route:
            if "page" not in made:
                made["page"] = _run(users, PlanStatus.ACCEPTED, pair())
            out["run_id"] = made["page"].pk
        elif "{run_id}" in route:
            if "api" not in made:
                made["api"] = _run(users, PlanStatus.READY, pair())
            out["run_id"] = made["api"].pk
        if "<int:pair_id>" in route:
            out["pair_id"] = pair().pk
        if "<int:day>" in route:
            out["day"] = 0
        return out

    return kwargs
