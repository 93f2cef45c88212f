"""A tiny synthetic force for the planning pages and services: two stations, two pairs,
a dozen offenders, some overdue. Built with the factories; synthetic data only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from safehold.accounts.models import Station, User
from safehold.accounts.roles import Role
from safehold.offenders.models import Offender, Visit
from safehold.people.models import PersonAddress
from safehold.planning import services
from safehold.planning.models import DutyShift, OfficerPair, PlanRun
from tests.factories import (
    AddressFactory,
    LocationFactory,
    OffenderFactory,
    PersonFactory,
    StationFactory,
    UserFactory,
)

LONDON = ZoneInfo("Europe/London")
TODAY = date.today()

# (risk, days since the last home visit seen, lat, lon): overdue ones first.
CASELOAD = (
    ("very_high", 60, 52.812, -2.105),
    ("high", 200, 52.800, -2.130),
    ("high", 150, 53.030, -2.160),
    ("medium", 300, 53.010, -2.190),
    ("medium", 400, 52.795, -2.098),
    ("low", 500, 53.040, -2.150),
    ("low", 700, 52.820, -2.140),
    ("low", 800, 53.000, -2.200),
)


@dataclass
class Force:
    """Who and what the tiny force holds."""

    lead: User
    officers: list[User]
    stations: list[Station]
    pairs: list[OfficerPair]
    overdue: list[Offender]
    not_due: Offender
    in_custody: Offender
    whereabouts_unknown: Offender
    no_home: Offender
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def start(self) -> date:
        return services.next_working_day(TODAY)


def _offender(risk: str, seen_days_ago: int, lat: float, lon: float, **kwargs: object) -> Offender:
    address = AddressFactory(location=LocationFactory(lat=lat, lon=lon))
    return OffenderFactory(
        person=PersonFactory(home=address),
        risk_level=risk,
        last_visit_seen_on=TODAY - timedelta(days=seen_days_ago),
        **kwargs,
    )


def build_force() -> Force:
    """Two stations, four offender managers paired by the default rule, and a caseload."""
    hanley = StationFactory()
    stafford = StationFactory(
        code="STA", name="Stafford Police Station", town="Stafford", lat=52.8068, lon=-2.1141
    )
    lead = UserFactory(
        username="plan.lead", role=Role.PRIORITIES_LEAD.value, first_name="Dana", last_name="Lead"
    )
    officers = [
        UserFactory(
            username=f"om{i}",
            role=Role.OFFENDER_MANAGER.value,
            first_name=f"Officer{i}",
            last_name=name,
            station=station,
        )
        for i, (name, station) in enumerate(
            (("Ash", hanley), ("Birch", hanley), ("Cedar", stafford), ("Dale", stafford)), 1
        )
    ]
    pairs = services.ensure_default_pairs()
    overdue = [_offender(*row, offender_manager=officers[0]) for row in CASELOAD]
    not_due = _offender("high", 10, 52.81, -2.11)
    in_custody = _offender("very_high", 90, 52.81, -2.12, status="in_custody")
    whereabouts = _offender("high", 200, 52.81, -2.13, status="whereabouts_unknown")
    no_home = _offender("high", 200, 52.81, -2.14)
    PersonAddress.objects.filter(person=no_home.person).delete()
    return Force(
        lead=lead,
        officers=officers,
        stations=[hanley, stafford],
        pairs=pairs,
        overdue=overdue,
        not_due=not_due,
        in_custody=in_custody,
        whereabouts_unknown=whereabouts,
        no_home=no_home,
    )


def make_run(
    force: Force,
    *,
    start: date | None = None,
    days: int = 3,
    iterations: int = 60,
    seed: int = 0,
) -> PlanRun:
    """A finished plan for the force, solved here with a small iteration budget."""
    return services.request_plan(
        force.lead,
        services.PlanRequest(
            start_date=start or force.start,
            days=days,
            seconds=None,
            iterations=iterations,
            seed=seed,
        ),
        run_here=True,
        raise_errors=True,
    )


def on_duty_today(force: Force, start: time = time(8), end: time = time(20)) -> None:
    """Put both pairs on duty today whatever the weekday (duty records override the rota)."""
    for pair in force.pairs:
        DutyShift.objects.update_or_create(
            pair=pair, on=TODAY, defaults={"starts": start, "ends": end}
        )


def at_today(hour: int, minute: int = 0) -> datetime:
    """An aware datetime today, London time."""
    return datetime.combine(TODAY, time(hour, minute), tzinfo=LONDON)


def record_done(offender: Offender, when: datetime, run: PlanRun, outcome: str = "seen") -> Visit:
    """A planned visit of ``run`` completed at ``when`` (written directly: the service
    refuses times in the future, and the tests fix the clock within today)."""
    visit = Visit.objects.filter(offender=offender, plan_run_id=run.pk, outcome="").first()
    assert visit is not None
    visit.visited_at = when
    visit.outcome = outcome
    visit.save()
    return visit


def now_london() -> datetime:
    return timezone.localtime()
