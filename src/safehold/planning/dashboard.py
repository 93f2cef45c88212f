"""Dashboard tiles: the latest plan for the priorities team, an officer's own visits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from safehold.clock import SYSTEM_CLOCK
from safehold.datetext import day_month
from safehold.navigation import Tile

from .models import PlanRun, PlanStatus
from .queries import my_pair_days

if TYPE_CHECKING:
    from safehold.accounts.models import User


def plan_tiles(user: User) -> list[Tile]:
    """The plan on the register, or a prompt to make one."""
    run = (
        PlanRun.objects.filter(status=PlanStatus.ACCEPTED)
        .only("pk", "start_date", "kpis")
        .order_by("-accepted_at")
        .first()
    )
    if run is None:
        return [Tile("Visit plan", "None", "no plan accepted yet", reverse("planning:new"))]
    k = run.kpis
    return [
        Tile(
            "Visit plan",
            f"{k.get('visits_planned', 0):,}",
            f"visits from {day_month(run.start_date)}, {k.get('overdue_cleared', 0)} of "
            f"{k.get('overdue_total', 0)} overdue cleared",
            reverse("planning:run", args=[run.pk]),
            "ok",
        )
    ]


def my_visits_tiles(user: User) -> list[Tile]:
    """An officer's planned visits from today, when their pair is in an accepted plan."""
    days = my_pair_days(user, today=SYSTEM_CLOCK.today())
    if not days:
        return []
    return [
        Tile(
            "Your planned visits",
            f"{sum(d.visits for d in days):,}",
            f"over {len(days)} day{'s' if len(days) != 1 else ''} with {days[0].pair_name}",
            reverse("planning:mine"),
        )
    ]
