"""Dashboard tiles and person-record links for the safeguarding context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from safehold.accounts.roles import Capability
from safehold.clock import SYSTEM_CLOCK
from safehold.datetext import day_month, short_date
from safehold.navigation import Tile
from safehold.people.links import RecordLink

from .models import Incident, OrderBreach, ProtectiveAction
from .vocabulary import ActionKind

if TYPE_CHECKING:
    from safehold.accounts.models import User
    from safehold.people.models import Person


def safeguarding_tiles(user: User) -> list[Tile]:
    """Victims waiting, escalations, and the cases on this week's MARAC."""
    from .queries import dashboard

    d = dashboard(SYSTEM_CLOCK.now(), SYSTEM_CLOCK.today())
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
            f"cases referred to meetings from {day_month(d.week_start)}",
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


ORDERS = [ActionKind.DVPN, ActionKind.DVPO, ActionKind.DAPN, ActionKind.DAPO]


def orders_link(person: Person, user: User) -> list[RecordLink]:
    """Notices and orders in force protecting or against the person, and their breaches."""
    if not user.can(Capability.VIEW_SAFEGUARDING):
        return []
    now = SYSTEM_CLOCK.now()
    touches = Q(incident__victim=person) | Q(subject=person)
    running = list(
        ProtectiveAction.objects.filter(touches, kind__in=ORDERS, due_at__gt=now)
        .filter(Q(completed_at__isnull=True) | Q(completed_at__gt=now))
        .order_by("due_at")
        .values_list("kind", "due_at", "subject_id")
    )
    breaches = OrderBreach.objects.filter(Q(incident__victim=person) | Q(order__subject=person))
    count = breaches.count()
    if not running and not count:
        return []
    parts = [
        f"{ActionKind(kind).value.upper()} "
        f"{'against them' if subject == person.pk else 'protecting them'}"
        f" until {short_date(timezone.localtime(due))}"
        for kind, due, subject in running
    ]
    if count:
        last = breaches.order_by("-at").values_list("at", flat=True).first()
        parts.append(
            f"{count} breach{'es' if count != 1 else ''}"
            + (f" (last {short_date(timezone.localtime(last))})" if last else "")
        )
    return [
        RecordLink(
            "Protection notices and orders",
            f"{reverse('safeguarding:incidents')}?person={person.pk}",
            "; ".join(parts),
        )
    ]
