"""Build the whole synthetic force in one transaction, context by context."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from safehold.accounts.models import User
from safehold.audit.log import Justification, record
from safehold.audit.models import Operation
from safehold.dbstats import analyse

from .geography import load_street_points
from .people import PeopleFactory
from .staff import seed_staff

ProgressFn = Callable[[float, str], None]

# People on record who are not (yet) linked to any case: witnesses, reporting persons.
BASE_PEOPLE = 2000


@dataclass(frozen=True, slots=True)
class SeedParams:
    """How big and which synthetic force to build."""

    seed: int = 0
    scale: float = 1.0
    today: date = field(default_factory=date.today)
    overdue_target: int = 260

    def __post_init__(self) -> None:
        if not 0.01 <= self.scale <= 50:
            raise ValueError(f"scale must be between 0.01 and 50, got {self.scale}")
        if self.overdue_target < 0:
            raise ValueError(f"overdue_target must be 0 or more, got {self.overdue_target}")


@dataclass
class SeedContext:
    """What each context's seeder gets: the randomness, staff, people and street points."""

    params: SeedParams
    rng: random.Random
    people: PeopleFactory
    staff: Any
    counts: dict[str, int] = field(default_factory=dict)


# Later contexts (offenders, safeguarding, ...) append their seeders here, in order.
SEEDERS: list[tuple[str, Callable[[SeedContext, ProgressFn], None]]] = []


def register_seeder(name: str, seeder: Callable[[SeedContext, ProgressFn], None]) -> None:
    if all(existing != name for existing, _ in SEEDERS):
        SEEDERS.append((name, seeder))


class ForceAlreadySeeded(Exception):
    code = "already_seeded"


def database_is_empty() -> bool:
    return not User.objects.exists()


def seed_force(params: SeedParams, progress: ProgressFn | None = None) -> dict[str, Any]:
    """Create stations, staff, people and every registered context's records."""
    report = progress or (lambda fraction, message: None)
    if not database_is_empty():
        raise ForceAlreadySeeded(
            "the database already holds a force; seed an empty database "
            "(delete var/safehold.sqlite3 or use a new DATABASE_URL)"
        )
    started = time.perf_counter()
    rng = random.Random(params.seed)
    report(0.01, "Reading street points")
    points = load_street_points()
    steps = 2 + len(SEEDERS)
    with transaction.atomic():
        report(0.02, "Stations, teams and staff")
        staff = seed_staff(rng, params.scale)
        factory = PeopleFactory(rng=rng, points=points, today=params.today)
        ctx = SeedContext(params=params, rng=rng, people=factory, staff=staff)
        report(1 / steps, "People on record")
        for _ in range(round(BASE_PEOPLE * params.scale)):
            factory.person(addresses=rng.choice((1, 1, 2)))
        ctx.counts["base_people"] = len(factory.flush())
        for i, (name, seeder) in enumerate(SEEDERS, start=2):
            base = i / steps

            def sub(fraction: float, message: str, base: float = base) -> None:
                report(base + fraction / steps, message)

            report(base, f"Seeding {name}")
            seeder(ctx, sub)
        ctx.counts["users"] = User.objects.count()
        record(
            None,
            Operation.COLLECTION,
            "synthetic_force",
            params.seed,
            justification=Justification("record_keeping", "synthetic force for demo and tests"),
            channel="cli",
            detail={"scale": params.scale, "today": params.today.isoformat(), **ctx.counts},
        )
    report(0.99, "Refreshing the database's statistics")
    analyse()  # the pages are planned for the force just written, not for empty tables
    report(1.0, "Done")
    return {
        "seed": params.seed,
        "scale": params.scale,
        "today": params.today.isoformat(),
        "seconds": round(time.perf_counter() - started, 1),
        **ctx.counts,
    }
