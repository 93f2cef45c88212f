"""Dashboard tiles and person-record links for the register."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from safehold.accounts.roles import Capability
from safehold.clock import SYSTEM_CLOCK
from safehold.navigation import Tile
from safehold.people.links import RecordLink

from .models import Offender

if TYPE_CHECKING:
    from safehold.accounts.models import User
    from safehold.people.models import Person


def backlog_tiles(user: User) -> list[Tile]:
    from .backlog_queries import compute_backlog

    data = compute_backlog(SYSTEM_CLOCK.today(), trend_days=0, cached=True).to_dict()
    url = reverse("offenders:backlog")
    tiles = [
        Tile(
            "Overdue home visits",
            f"{data['overdue_visits']:,}",
            f"{data['missed_visits']:,} visits missed; oldest {data['oldest_overdue_days']} days",
            url,
            "warning" if data["overdue_visits"] else "ok",
        ),
        Tile(
            "Risk reviews overdue",
            f"{data['overdue_risk_reviews']:,}",
            f"{data['overdue_notifications']:,} notifications overdue",
            url,
            "warning" if data["overdue_risk_reviews"] else "ok",
        ),
    ]
    if user.can(Capability.VIEW_BRIEFING):
        vh = (
            data["by_risk"]["very_high"]["overdue_visits"]
            + data["by_risk"]["high"]["overdue_visits"]
        )
        tiles.insert(
            0,
            Tile(
                "Very high and high risk overdue",
                f"{vh:,}",
                "on today's briefing",
                reverse("offenders:briefing"),
                "warning" if vh else "ok",
            ),
        )
    return tiles


def offender_link(person: Person, user: User) -> list[RecordLink]:
    if not user.can(Capability.VIEW_OFFENDERS):
        return []
    offender = Offender.objects.filter(person=person).first()
    if offender is None:
        return []
    return [
        RecordLink(
            "Offender register",
            reverse("offenders:detail", args=[offender.pk]),
            f"{offender.register_reference}, {offender.get_status_display()}",
        )
    ]
