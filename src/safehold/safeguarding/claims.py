"""Claiming a waiting victim from the safeguarding queue (issue 14, concurrency).

Two officers working the queue must not phone the same victim. :func:`claim` marks a
waiting victim as being dealt with by one officer; the queue shows "claimed by X since
HH:MM" to everyone else, and a second officer's claim is refused with who holds it and
until when. A claim lapses by itself after ``SAFEHOLD_DA_CLAIM_MINUTES`` (30 by default),
so a victim is never left unclaimable by an officer who went home; the holder may
:func:`release` it sooner, and so may a supervisor (sergeant or above).

Each is one service function: permission check, one transaction holding the incident's
row lock (two claims at once are serialised; on SQLite the write lock does the same, and
the claim row's primary key refuses a doubled insert), and an access-log entry in the
same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from safehold.accounts.roles import Capability, Rank
from safehold.audit.log import record
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, Forbidden, NotFound

from .claims_models import QueueClaim
from .models import Incident

if TYPE_CHECKING:
    from safehold.accounts.models import User

DEFAULT_MINUTES = 30
RECORD_TYPE = "da_claim"


@dataclass(frozen=True, slots=True)
class Claim:
    """A live claim, as the queue shows it."""

    incident_id: int
    officer_id: int
    officer_name: str
    claimed_at: datetime
    expires_at: datetime

    @property
    def label(self) -> str:
        """ "Claimed by PC Ada Lovelace since 09:14" (Europe/London)."""
        since = timezone.localtime(self.claimed_at).strftime("%H:%M")
        return f"Claimed by {self.officer_name} since {since}"


def claim_minutes() -> int:
    return int(getattr(settings, "SAFEHOLD_DA_CLAIM_MINUTES", DEFAULT_MINUTES))


def _live(row: QueueClaim | None, now: datetime) -> bool:
    return row is not None and row.released_at is None and row.expires_at > now


def _as_claim(row: QueueClaim) -> Claim:
    officer = row.officer
    return Claim(
        row.incident_id,
        row.officer_id,
        officer.get_full_name() or officer.get_username(),
        row.claimed_at,
        row.expires_at,
    )


def _locked_waiting(actor: User, incident_id: int) -> Incident:
    if not actor.can(Capability.EDIT_SAFEGUARDING):
        raise Forbidden("Your role cannot claim victims from the queue", code="forbidden")
    incident = Incident.objects.select_for_update().filter(pk=incident_id).first()
    if incident is None:
        raise NotFound(f"No incident with id {incident_id}")
    if not incident.is_waiting:
        raise Conflict(
            f"{incident.reference} is no longer waiting (seen or closed): nothing to claim",
            code="not_waiting",
        )
    return incident


def claim(actor: User, incident_id: int, *, clock: Clock = SYSTEM_CLOCK) -> Claim:
    """Claim a waiting victim for ``actor`` (renews the actor's own claim).

    Refused with :class:`Conflict` (``claimed``) while another officer's claim is live,
    naming them and when it lapses; nothing is written then.
    """
    now = clock.now()
    try:
        with transaction.atomic():
            incident = _locked_waiting(actor, incident_id)
            row = QueueClaim.objects.select_related("officer").filter(incident=incident).first()
            if _live(row, now) and row is not None and row.officer_id != actor.pk:
                held = _as_claim(row)
                until = timezone.localtime(held.expires_at).strftime("%H:%M")
                raise Conflict(
                    f"{held.label} (until {until} unless released): "
                    f"{incident.reference} is already being dealt with",
                    code="claimed",
                )
            renewing = _live(row, now)
            values = {
                "officer": actor,
                "claimed_at": row.claimed_at if renewing and row is not None else now,
                "expires_at": now + timedelta(minutes=claim_minutes()),
                "released_at": None,
            }
            if row is None:
                row = QueueClaim.objects.create(incident=incident, **values)
            else:
                for field, value in values.items():
                    setattr(row, field, value)
                row.save()
            record(
                actor,
                Operation.ALTERATION,
                RECORD_TYPE,
                incident.pk,
                person_id=incident.victim_id,
                detail={
                    "incident": incident.reference,
                    "claimed": True,
                    "renewed": renewing,
                    "expires_at": row.expires_at.isoformat(),
                },
                clock=clock,
            )
    except IntegrityError:
        # Two first claims at once on SQLite: the other insert won the primary key.
        raise Conflict(
            "Another officer claimed this victim a moment ago: reload the queue",
            code="claimed",
        ) from None
    row.officer = actor
    return _as_claim(row)


def release(actor: User, incident_id: int, *, clock: Clock = SYSTEM_CLOCK) -> None:
    """Release a claim: its holder, or a supervisor (sergeant or above)."""
    now = clock.now()
    with transaction.atomic():
        incident = Incident.objects.select_for_update().filter(pk=incident_id).first()
        if incident is None or not actor.can(Capability.EDIT_SAFEGUARDING):
            raise NotFound(f"No incident with id {incident_id}")
        row = QueueClaim.objects.filter(incident=incident).first()
        if row is None or not _live(row, now):
            raise Conflict(f"{incident.reference} is not claimed", code="not_claimed")
        if row.officer_id != actor.pk and not Rank(actor.rank).is_supervisor:
            raise Forbidden(
                "Only the officer who claimed this victim, or a supervisor, can release it",
                code="not_your_claim",
            )
        row.released_at = now
        row.save(update_fields=["released_at"])
        record(
            actor,
            Operation.ALTERATION,
            RECORD_TYPE,
            incident.pk,
            person_id=incident.victim_id,
            detail={"incident": incident.reference, "claimed": False, "holder": row.officer_id},
            clock=clock,
        )


def live_claims(incident_ids: list[int], now: datetime) -> dict[int, Claim]:
    """The live claims on ``incident_ids`` (one query), for the queue."""
    rows = QueueClaim.objects.filter(
        incident_id__in=incident_ids, released_at__isnull=True, expires_at__gt=now
    ).select_related("officer")
    return {r.incident_id: _as_claim(r) for r in rows}
