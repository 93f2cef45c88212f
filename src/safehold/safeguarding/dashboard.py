"""Dashboard tiles and person-record links for the safeguarding context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.roles import Capability
from safehold.navigation import Tile
from safehold.people.links import RecordLink

from .models import Incident

if TYPE_CHECKING:
    from safehold.accounts.models import User
    from safehold.people.models import Person


def safeguarding_tiles(user: User) -> list[Tile]:
    """Victims waiting, escalations, and the cases on this week's MARAC."""
    from .queries import dashboard

    d = dashboard(timezone.now(), timezone.localdate())
    queue = reverse("safeguarding:queue")
    return [
        Tile(
            "Victims waiting",
            f"{d.waiting:,}",
            f"{d.targets_missed:,} past their contact target",
            queue,
            "warning" if d.targets_missed else "ok",
        ),
        Tile(
            "Escalations",
            f"{d.escalations:,}",
            f"to a supervisor now; {d.awaiting_sign_off:,} downgrades awaiting sign-off",
            queue,
            "warning" if d.escalations else "ok",
        ),
        Tile(
            "MARAC this week",
            f"{d.marac_this_week:,}",
            f"cases referred to meetings from {d.week_start:%d %b}",
            reverse("safeguarding:marac"),
        ),
    ]


def incident_link(person: Person, user: User) -> list[RecordLink]:
    if not user.can(Capability.VIEW_SAFEGUARDING):
        return []
    as_victim = Incident.objects.filter(victim=person).count()
    as_suspect = Incident.objects.filter(Q(suspect=person) & ~Q(victim=person)).count()
    if not as_victim and not as_suspect:
        return []
    return [
        RecordLink(
            "Domestic-abuse incidents",
            f"{reverse('safeguarding:incidents')}?person={person.pk}",
            f"{as_victim} as victim, {as_suspect} as suspect",
        )
    ]
