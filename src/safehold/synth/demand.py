"""The synthetic force's demand: a year of incidents, the live queues and appointment slots.

About 180,000 incidents a year at scale 1 (a force of Staffordshire's size: DOMAIN.md §3,
scaled from Avon and Somerset's 277,013 call cards for 1.7 M people), over the twelve
months up to ``today`` at 09:30, with:

* **hour-of-week and seasonal patterns** — more in summer (+12 % in July, -12 % in
  January), on Friday and Saturday evenings and nights, fewest at 04:00-06:00;
* **a realistic grade and type mix** — about 16 % grade 1, 30 % grade 2, 21 % grade 3,
  6 % grade 4 and 27 % grade 5 (force response policies, DOMAIN.md §3.2), types after the
  National Incident Category List;
* **response times that breach at peaks** — the time to dispatch grows with the hour's
  load, so grade 1 compliance falls on Friday and Saturday nights and in rural areas;
* **the resolution centre** taking about half of the eligible grade 3-5 incidents
  (about 15 % of all demand), closing them after contact or after three attempts and a letter.

The year is written with :class:`~safehold.safeguarding.bulk.Table` (``executemany``), not
model saves: see ``docs/demand.md`` for the seed time it adds. History rows carry the
timeline, grade, route and reasons but no THRIVE answers or people; the live incidents
(the last day's open response and scheduled incidents, the resolution centre's open cases,
the booked appointments) carry both, so the queues look as they would in a control room.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from safehold.accounts.models import Station
from safehold.demand.models import Incident
from safehold.demand.policy import default_policy
from safehold.demand.questions import least_serious
from safehold.demand.routing import RoutingFacts, route
from safehold.demand.vocabulary import IncidentType, Route
from safehold.safeguarding.bulk import Table

from .demand_live import appointment_slots, live_records

if TYPE_CHECKING:
    from safehold.synth.force import SeedContext

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
INCIDENTS_AT_SCALE_1 = 180_000

# Calls by hour of day (00..23), a control room's usual shape.
HOUR_WEIGHTS = (5.0, 4.2, 3.4, 2.6, 2.0, 1.8, 2.0, 2.8, 3.8, 4.4, 4.8, 5.0,
                5.2, 5.2, 5.3, 5.6, 6.0, 6.3, 6.5, 6.6, 6.5, 6.3, 6.0, 5.6)  # fmt: skip
# Day of week (Mon..Sun) and the Friday/Saturday night surge.
DAY_WEIGHTS = (0.97, 0.95, 0.96, 0.98, 1.07, 1.10, 0.97)
NIGHT_SURGE = 1.45  # Friday and Saturday 20:00-02:59

# (type, share of all incidents, grade distribution for grades 1..5)
TYPE_MIX: tuple[tuple[IncidentType, float, tuple[float, ...]], ...] = (
    (IncidentType.CONCERN_FOR_WELFARE, 0.13, (0.30, 0.50, 0.10, 0.02, 0.08)),
    (IncidentType.ASB, 0.12, (0.03, 0.22, 0.35, 0.08, 0.32)),
    (IncidentType.DOMESTIC_ABUSE, 0.08, (0.30, 0.55, 0.12, 0.03, 0.00)),
    (IncidentType.ASSAULT, 0.07, (0.35, 0.40, 0.17, 0.05, 0.03)),
    (IncidentType.THEFT, 0.08, (0.03, 0.14, 0.45, 0.13, 0.25)),
    (IncidentType.SUSPICIOUS, 0.07, (0.15, 0.40, 0.15, 0.02, 0.28)),
    (IncidentType.HIGHWAY, 0.05, (0.20, 0.45, 0.10, 0.00, 0.25)),
    (IncidentType.RTC_INJURY, 0.02, (0.85, 0.15, 0.00, 0.00, 0.00)),
    (IncidentType.RTC_MINOR, 0.04, (0.02, 0.20, 0.40, 0.08, 0.30)),
    (IncidentType.CRIMINAL_DAMAGE, 0.05, (0.04, 0.16, 0.45, 0.15, 0.20)),
    (IncidentType.PUBLIC_ORDER, 0.04, (0.12, 0.30, 0.33, 0.05, 0.20)),
    (IncidentType.MISSING_PERSON, 0.03, (0.30, 0.60, 0.10, 0.00, 0.00)),
    (IncidentType.BURGLARY_DWELLING, 0.02, (0.20, 0.40, 0.35, 0.05, 0.00)),
    (IncidentType.BURGLARY_OTHER, 0.015, (0.05, 0.20, 0.45, 0.15, 0.15)),
    (IncidentType.VEHICLE_CRIME, 0.03, (0.03, 0.12, 0.40, 0.15, 0.30)),
    (IncidentType.FRAUD, 0.03, (0.00, 0.05, 0.25, 0.30, 0.40)),
    (IncidentType.ROBBERY, 0.005, (0.50, 0.40, 0.10, 0.00, 0.00)),
    (IncidentType.SEXUAL_OFFENCE, 0.01, (0.30, 0.45, 0.20, 0.05, 0.00)),
    (IncidentType.LOST_FOUND, 0.03, (0.00, 0.00, 0.02, 0.03, 0.95)),
    (IncidentType.ADVICE, 0.08, (0.00, 0.02, 0.03, 0.05, 0.90)),
)
# Of the resolution-centre-eligible incidents in its grades, the share the gates let
# through (the rest have a vulnerable person who needs attendance, or an immediate risk).
RC_TAKE = 0.5
# Incidents per station: the urban stations of the north and Burton busiest.
STATION_WEIGHTS = {"HAN": 14, "LON": 10, "NUL": 9, "STA": 9, "BUR": 10, "CAN": 8,
                   "TAM": 8, "LIC": 5, "STO": 3, "UTT": 3, "RUG": 3, "WOM": 3, "LEE": 3,
                   "CHE": 2}  # fmt: skip
# Channels by grade (999, 101, online, officer-generated).
CHANNELS = {1: (0.80, 0.12, 0.00, 0.08), 2: (0.45, 0.42, 0.03, 0.10),
            3: (0.12, 0.60, 0.20, 0.08), 4: (0.03, 0.57, 0.35, 0.05),
            5: (0.02, 0.63, 0.33, 0.02)}  # fmt: skip
CHANNEL_NAMES = ("999", "101", "online", "officer")


class _Picker:
    """Draws an index with the given weights (cumulative once, then a bisection per draw)."""

    def __init__(self, weights: tuple[float, ...] | list[float]) -> None:
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> int:
        return bisect.bisect_right(self.cumulative, rng.random() * self.total)


_PICKERS: dict[tuple[float, ...], _Picker] = {}


def _pick(rng: random.Random, weights: tuple[float, ...]) -> int:
    picker = _PICKERS.get(weights)
    if picker is None:
        picker = _PICKERS[weights] = _Picker(weights)
    return picker(rng)


def _fast_datetimes(table: Table) -> None:
    """SQLite stores a UTC datetime as its text: skip Django's per-value time-zone work.

    Every datetime this module writes is timezone-aware UTC, so the text is the same as
    Django's adapter gives (PostgreSQL takes the aware datetime unchanged either way).
    """
    if table.connection.vendor != "sqlite":
        return
    for i, f in enumerate(table.fields):
        if f.get_internal_type() == "DateTimeField" and not (
            getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ):
            table.adapters[i] = _utc_text


def _utc_text(value: datetime | None) -> str | None:
    return None if value is None else str(value.replace(tzinfo=None))


def _load(local: datetime) -> float:
    """How busy this hour is, relative to the average hour (1.0)."""
    base = HOUR_WEIGHTS[local.hour] / (sum(HOUR_WEIGHTS) / 24) * DAY_WEIGHTS[local.weekday()]
    wd, h = local.weekday(), local.hour
    if (wd in (4, 5) and h >= 20) or (wd in (5, 6) and h < 3):
        base *= NIGHT_SURGE
    return base


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0, sigma))


class _Writer:
    """Plans each incident's timeline and adds it to the bulk table."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng, self.now = rng, now
        self.policy = default_policy()
        self.table = Table(Incident, explicit_ids=True)
        _fast_datetimes(self.table)
        self.stations = list(Station.objects.all())
        codes = [s.code for s in self.stations]
        self.station_weights = [STATION_WEIGHTS.get(c, 3) for c in codes]
        answers = least_serious()
        # The reasons' JSON is adapted once per (type, grade, gate), not once per row.
        json_at = self.table.index["route_reasons"]
        adapt_json = self.table.adapters[json_at]
        self.table.adapters[json_at] = lambda value: value
        self.reasons: dict[tuple[IncidentType, int, bool], tuple[Route, Any]] = {}
        for kind, _, _ in TYPE_MIX:
            for grade in range(1, 6):
                for gated in (False, True):
                    facts_answers = dict(answers, needs_attendance="yes" if gated else "no")
                    decision = route(self.policy, RoutingFacts(grade, kind, facts_answers))
                    self.reasons[(kind, grade, gated)] = (
                        decision.route,
                        adapt_json(list(decision.reasons)),
                    )
        self.live: list[int] = []

    def add(self, at: datetime) -> list[Any]:
        rng, policy = self.rng, self.policy
        kind, _, grades = TYPE_MIX[_pick(rng, tuple(t[1] for t in TYPE_MIX))]
        grade = _pick(rng, grades) + 1
        station = self.stations[_pick(rng, tuple(self.station_weights))]
        area = policy.area_for(station_code=station.code)
        gated = rng.random() > RC_TAKE
        chosen, reasons = self.reasons[(kind, grade, gated)]
        local = at.astimezone(LONDON)
        load = _load(local)
        graded = at + timedelta(minutes=rng.uniform(1.5, 6))
        values: dict[str, Any] = {
            "id": self.table.next_id(),
            "channel": CHANNEL_NAMES[_pick(rng, CHANNELS[grade])],
            "incident_type": kind.value,
            "received_at": at,
            "area": area.value,
            "station_id": station.pk,
            "grade": grade,
            "suggested_grade": grade,
            "graded_at": graded,
            "route": chosen.value,
            "route_reasons": reasons,
            "policy_version": policy.version,
            "routed_at": graded,
            "is_domestic_abuse": kind is IncidentType.DOMESTIC_ABUSE,
        }
        target = policy.target(grade).target_minutes(area)
        if chosen in (Route.RESPONSE, Route.SCHEDULED) and target is not None:
            values.update(self._attend(at, grade, area.value, load, target))
        elif chosen is Route.APPOINTMENT:
            arrived = at + timedelta(days=rng.randint(1, 7), hours=rng.uniform(-2, 4))
            values.update(
                arrived_at=arrived,
                allocated_at=arrived - timedelta(hours=2),
                dispatched_at=arrived - timedelta(minutes=20),
                resolved_at=arrived + timedelta(minutes=_lognormal(rng, 40, 0.4)),
                target_at=arrived,
                resolution="Seen at the appointment",
            )
        elif chosen is Route.RESOLUTION_CENTRE:
            values.update(self._rc(at))
        else:
            values.update(
                resolved_at=graded + timedelta(minutes=rng.uniform(2, 10)),
                resolution="Advice given; closed",
            )
        # The live part: nothing after now is recorded yet.
        for key in (
            "allocated_at",
            "dispatched_at",
            "arrived_at",
            "resolved_at",
            "letter_sent_at",
            "last_contact_at",
        ):
            if values.get(key) is not None and values[key] > self.now:
                values[key] = None
        if values.get("rc_status") == "closed" and values.get("resolved_at") is None:
            values["rc_status"] = "open"
        if values.get("resolved_at") is None:
            self.live.append(values["id"])
        return self.table.add(**values)

    def _attend(
        self, at: datetime, grade: int, area: str, load: float, target: int
    ) -> dict[str, Any]:
        rng = self.rng
        if grade == 1:
            wait = _lognormal(rng, 2.0, 0.6) * load**2.2
            travel = _lognormal(rng, 8.0 if area == "urban" else 13.0, 0.35)
        elif grade == 2:
            wait = _lognormal(rng, 14.0, 0.7) * load**2.4
            travel = _lognormal(rng, 11.0 if area == "urban" else 17.0, 0.4)
        else:
            wait = _lognormal(rng, 16 * 60.0, 0.6) * load**1.5
            travel = _lognormal(rng, 15.0, 0.4)
        allocated = at + timedelta(minutes=wait * 0.7)
        dispatched = at + timedelta(minutes=wait)
        arrived = dispatched + timedelta(minutes=travel)
        on_scene = _lognormal(rng, {1: 75.0, 2: 60.0}.get(grade, 45.0), 0.5)
        start = at if self.policy.clock_start == "call" else dispatched
        return {
            "unit": f"{rng.choice('ABCDE')}{rng.randint(10, 59)}",
            "allocated_at": allocated,
            "dispatched_at": dispatched,
            "arrived_at": arrived,
            "resolved_at": arrived + timedelta(minutes=on_scene),
            "resolution": "Attended; dealt with at the scene",
            "target_minutes": target,
            "clock_started_at": start,
            "target_at": start + timedelta(minutes=target),
        }

    def _rc(self, at: datetime) -> dict[str, Any]:
        rng = self.rng
        # The centre works 08:00-22:00: the first attempt is in its next working hours.
        first = at + timedelta(hours=rng.uniform(0.5, 20))
        local = first.astimezone(LONDON)
        if not self.policy.rc_is_open(local.time()):
            first = (
                datetime.combine(local.date() + timedelta(days=local.hour >= 22), time(8), LONDON)
                + timedelta(minutes=rng.uniform(0, 90))
            ).astimezone(UTC)
        reached = rng.random() < 0.78
        failed = rng.randint(0, 2) if reached else 3
        last = first + timedelta(hours=failed * rng.uniform(3, 20))
        values: dict[str, Any] = {
            "rc_status": "closed",
            "contact_attempts": failed,
            "contacted": reached,
            "last_contact_at": last,
        }
        if reached:
            values["resolved_at"] = last + timedelta(hours=rng.uniform(2, 72))
            values["resolution"] = "Investigated by telephone; advice and crime reference given"
        else:
            letter = last + timedelta(hours=rng.uniform(1, 24))
            values.update(
                letter_sent_at=letter,
                letter_method=rng.choice(("letter", "email")),
                resolved_at=letter + timedelta(days=rng.uniform(7, 14)),
                resolution="No contact after three attempts and a letter; closed",
            )
        return values


def _times(rng: random.Random, total: int, now: datetime) -> list[datetime]:
    """``total`` call times over the year before ``now``, by season, day and hour."""
    start_day = (now - timedelta(days=365)).astimezone(LONDON).date()
    day_weights = []
    for d in range(365):
        day = start_day + timedelta(days=d + 1)
        season = 1 + 0.12 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 196) / 365)
        day_weights.append(season * DAY_WEIGHTS[day.weekday()])
    scale = total / sum(day_weights)
    out: list[datetime] = []
    for d, w in enumerate(day_weights):
        day = start_day + timedelta(days=d + 1)
        wd = day.weekday()
        hours = [
            HOUR_WEIGHTS[h] * (NIGHT_SURGE if (wd in (4, 5) and h >= 20)
                               or (wd in (5, 6) and h < 3) else 1.0)
            for h in range(24)
        ]  # fmt: skip
        n = max(0, round(w * scale + rng.gauss(0, math.sqrt(w * scale))))
        picker = _Picker(hours)
        for h in (picker(rng) for _ in range(n)):
            local = datetime(day.year, day.month, day.day, h, rng.randrange(60),
                             rng.randrange(60), tzinfo=LONDON)  # fmt: skip
            at = local.astimezone(UTC)
            if at <= now:
                out.append(at)
    out.sort()
    return out


def seed_demand(ctx: SeedContext, progress: Callable[[float, str], None]) -> None:
    """A year of incidents, the live queues and appointment slots (in the seed transaction)."""
    # Its own randomness: adding demand leaves the other contexts' synthetic data unchanged.
    rng = random.Random(ctx.params.seed * 7919 + 11)
    now = datetime.combine(ctx.params.today, time(9, 30), tzinfo=LONDON).astimezone(UTC)
    total = max(200, round(INCIDENTS_AT_SCALE_1 * ctx.params.scale))
    progress(0.0, "Calls over the year")
    writer = _Writer(rng, now)
    for at in _times(rng, total, now):
        writer.add(at)
    count = len(writer.table.rows)
    progress(0.5, f"{count:,} incidents")
    writer.table.write()
    progress(0.8, "Live queues and appointments")
    live = live_records(ctx, rng, now, writer.live)
    ctx.counts["demand_incidents"] = count
    ctx.counts["demand_live"] = live
    ctx.counts["appointment_slots"] = appointment_slots(now)
    progress(1.0, "Demand done")


def register() -> None:
    from safehold.synth.force import register_seeder

    register_seeder("demand", seed_demand)
