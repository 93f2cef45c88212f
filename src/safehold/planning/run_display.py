"""A finished plan run shaped for its pages, the API, the calendar and the CSV export.

Reads only the run row (the routes, left-out visits, KPIs and the snapshot of visits and
pairs stored when it was made): no query. The offenders' names, which the row does not
hold, are added by :func:`.queries.with_names`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from safehold.offenders.vocabulary import LEVEL_KEYS

from .models import PlanRun

RISK_LABELS = {"very_high": "Very high", "high": "High", "medium": "Medium", "low": "Low"}
RISK_ORDER = LEVEL_KEYS  # highest first
REASON_LABELS = {
    "no_capacity_for_risk_level": "No capacity left",
    "outside_every_window": "Outside every allowed time",
    "unreachable_within_any_shift": "Unreachable within a shift",
    "not_on_duty": "No pair on duty",
}
PINNED_LABELS = {"done": "Done today", "under_way": "Under way"}
SKIPPED_LABELS = {
    "no_home_address": "with no home address on record",
    "scheduled_by_hand": "with a visit already scheduled by hand in these days",
    "visited_on_the_first_day": "visited on the first day already",
    "pinned_pair_not_planned": "done or under way with a pair not in this plan",
    "pinned_without_home": "done or under way with no home address on record",
    "whereabouts_unknown": "whose whereabouts are unknown (not sent to the notified address)",
}


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


@dataclass
class StopView:
    """One visit on a route, with what the pages show of the offender."""

    order: int
    visit_id: str
    offender_id: int
    reference: str
    risk_level: str
    due_date: date | None
    days_overdue: int
    address: str
    postcode: str
    lat: float
    lon: float
    arrival: datetime
    departure: datetime
    wait_minutes: float
    travel_minutes: float
    travel_km: float
    pinned: str = ""
    name: str = ""

    @property
    def risk_label(self) -> str:
        return RISK_LABELS.get(self.risk_level, self.risk_level)

    @property
    def pinned_label(self) -> str:
        return PINNED_LABELS.get(self.pinned, self.pinned)


@dataclass
class RouteView:
    """A pair's route on one day."""

    pair_id: str
    pair_name: str
    station: str
    station_lat: float
    station_lon: float
    officers: list[str]
    officer_ids: list[int]
    day: int
    date: date
    shift: str
    leaves_station: datetime
    back_at_station: datetime
    stops: list[StopView]
    travel_km: float
    travel_minutes: float
    officer_hours: float


@dataclass(frozen=True)
class LeftOutView:
    """A visit the plan does not make, and why."""

    visit_id: str
    offender_id: int
    reference: str
    risk_level: str
    due_date: date | None
    days_overdue: int
    reason: str
    text: str
    pinned: str

    @property
    def risk_label(self) -> str:
        return RISK_LABELS.get(self.risk_level, self.risk_level)

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)

    @property
    def pinned_label(self) -> str:
        return PINNED_LABELS.get(self.pinned, self.pinned)


@dataclass(frozen=True)
class GridCell:
    day: int
    date: date
    shift: str
    visits: int


@dataclass(frozen=True)
class GridRow:
    pair_id: str
    pair_name: str
    station: str
    cells: list[GridCell]


@dataclass
class RunView:
    """Everything a run's pages show, read from the stored run."""

    run: PlanRun
    routes: list[RouteView]
    left_out: list[LeftOutView]
    days: list[date]
    grid: list[GridRow]
    by_risk: list[dict[str, Any]]
    kpis: dict[str, Any]
    improvement_percent: float | None
    skipped: dict[str, int] = field(default_factory=dict)

    def route(self, pair_id: str, day: int) -> RouteView | None:
        return next((r for r in self.routes if r.pair_id == pair_id and r.day == day), None)

    def routes_on(self, day: int) -> list[RouteView]:
        return [r for r in self.routes if r.day == day]

    @property
    def skipped_text(self) -> list[str]:
        """What was not given to the planner, as phrases ("3 with no home address ...")."""
        return [
            f"{n} {SKIPPED_LABELS.get(k, k.replace('_', ' '))}" for k, n in self.skipped.items()
        ]

    @property
    def offender_ids(self) -> list[int]:
        return sorted(
            {s.offender_id for r in self.routes for s in r.stops}
            | {v.offender_id for v in self.left_out}
        )


def _stop(order: int, stop: dict[str, Any], info: dict[str, Any]) -> StopView:
    return StopView(
        order=order,
        visit_id=stop["visit_id"],
        offender_id=int(info["offender_id"]),
        reference=info["reference"],
        risk_level=info["risk_level"],
        due_date=date.fromisoformat(info["due_date"]) if info.get("due_date") else None,
        days_overdue=int(info.get("days_overdue") or 0),
        address=info.get("address", ""),
        postcode=info.get("postcode", ""),
        lat=float(info["lat"]),
        lon=float(info["lon"]),
        arrival=_at(stop["arrival"]),
        departure=_at(stop["departure"]),
        wait_minutes=float(stop["wait_minutes"]),
        travel_minutes=float(stop["travel_minutes"]),
        travel_km=float(stop["travel_km"]),
        pinned=info.get("pinned", ""),
    )


def shift_text(pair: dict[str, Any], day: int) -> str:
    for d, start, end in pair.get("shifts", []):
        if d == day:
            return f"{start}-{end}"
    return ""


def run_view(run: PlanRun) -> RunView:
    """The stored plan of a finished run, shaped for its pages (no queries)."""
    start = run.start_date
    days = [start + timedelta(days=d) for d in range(run.horizon_days)]
    routes: list[RouteView] = []
    for r in run.plan.get("routes", []):
        pair = run.pairs.get(str(r["pair_id"]), {})
        routes.append(
            RouteView(
                pair_id=str(r["pair_id"]),
                pair_name=pair.get("name", str(r["pair_id"])),
                station=pair.get("station", ""),
                station_lat=float(pair.get("lat", 0.0)),
                station_lon=float(pair.get("lon", 0.0)),
                officers=[o[1] for o in pair.get("officers", [])],
                officer_ids=[int(o[0]) for o in pair.get("officers", [])],
                day=int(r["day"]),
                date=date.fromisoformat(r["date"]),
                shift=shift_text(pair, int(r["day"])),
                leaves_station=_at(r["leaves_station"]),
                back_at_station=_at(r["back_at_station"]),
                stops=[_stop(i, s, run.visits[s["visit_id"]]) for i, s in enumerate(r["stops"], 1)],
                travel_km=float(r["travel_km"]),
                travel_minutes=float(r["travel_minutes"]),
                officer_hours=float(r["officer_hours"]),
            )
        )
    left_out = []
    for v in run.plan.get("left_out", []):
        info = run.visits.get(v["visit_id"], {})
        left_out.append(
            LeftOutView(
                visit_id=v["visit_id"],
                offender_id=int(info.get("offender_id", 0)),
                reference=info.get("reference", v["visit_id"]),
                risk_level=info.get("risk_level", ""),
                due_date=date.fromisoformat(info["due_date"]) if info.get("due_date") else None,
                days_overdue=int(info.get("days_overdue") or 0),
                reason=v["reason"],
                text=v["text"],
                pinned=info.get("pinned", ""),
            )
        )
    left_out.sort(
        key=lambda v: (
            RISK_ORDER.index(v.risk_level) if v.risk_level in RISK_ORDER else 9,
            -v.days_overdue,
            v.reference,
        )
    )
    counts = {(r.pair_id, r.day): len(r.stops) for r in routes}
    grid = [
        GridRow(
            pair_id=pid,
            pair_name=pair["name"],
            station=pair.get("station", ""),
            cells=[
                GridCell(d, day, shift_text(pair, d), counts.get((pid, d), 0))
                for d, day in enumerate(days)
            ],
        )
        for pid, pair in sorted(run.pairs.items(), key=lambda kv: kv[1].get("name", ""))
    ]
    kpis = dict(run.kpis)
    by_risk = [
        {
            "level": level,
            "label": RISK_LABELS[level],
            "planned": kpis.get("planned_by_risk", {}).get(level, 0),
            "total": kpis.get("total_by_risk", {}).get(level, 0),
        }
        for level in RISK_ORDER
    ]
    improvement = None
    greedy = kpis.get("greedy_objective")
    if greedy:
        improvement = round(100 * (greedy - kpis.get("objective", greedy)) / abs(greedy), 1)
    return RunView(
        run=run,
        routes=routes,
        left_out=left_out,
        days=days,
        grid=grid,
        by_risk=by_risk,
        kpis=kpis,
        improvement_percent=improvement,
        skipped=dict(run.skipped),
    )


def map_data(routes: list[RouteView], tile_url: str, attribution: str) -> dict[str, Any]:
    """What the map script draws: stations, homes in route order, a line per route."""
    return {
        "tileUrl": tile_url,
        "attribution": attribution,
        "routes": [
            {
                "pair": r.pair_name,
                "station": {"name": r.station, "lat": r.station_lat, "lon": r.station_lon},
                "stops": [
                    {
                        "n": s.order,
                        "lat": s.lat,
                        "lon": s.lon,
                        "label": f"{s.order}. {s.reference} ({s.risk_label}) "
                        f"{timezone.localtime(s.arrival):%H:%M}",
                    }
                    for s in r.stops
                ],
            }
            for r in routes
        ],
    }
