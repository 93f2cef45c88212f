"""How an offender is managed: the offender manager, pursuit by the priorities team, the
visit interval the risk management plan sets, and the management status.

A longer interval and a move to reactive management are not made here: they are proposed
for a DS's sign-off (``oversight.propose``).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Capability, Role
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Forbidden, InvalidInput

from . import oversight, oversight_rules, whereabouts
from .models import ChangeKind, Offender, Status
from .writes import locked as _locked
from .writes import log as _log
from .writes import require as _require
from .writes import touch as _touch

__all__ = ["assign_manager", "change_status", "mark_pursued", "set_visit_interval"]


def assign_manager(
    actor: User, offender_id: int, manager_id: int, *, expected_version: int | None = None
) -> Offender:
    """Give an offender to an offender manager (priorities team only)."""
    if not actor.can(Capability.ASSIGN_OFFENDERS):
        raise Forbidden("Only the priorities team assigns offender managers")
    manager = User.objects.filter(pk=manager_id, role=Role.OFFENDER_MANAGER, is_active=True).first()
    if manager is None:
        raise InvalidInput("Select an offender manager from the list", field="manager")
    with transaction.atomic():
        offender = _locked(actor, offender_id, expected_version=expected_version)
        previous = offender.offender_manager_id
        offender.offender_manager = manager
        _touch(offender, actor, ["offender_manager"])
        _log(
            actor,
            Operation.ALTERATION,
            "offender",
            offender.pk,
            offender,
            {"offender_manager": {"from": previous, "to": manager.pk}},
        )
    return offender


def mark_pursued(
    actor: User,
    offender_id: int,
    *,
    pursued: bool,
    reason: str,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Offender:
    """Mark an offender as being pursued by the priorities team (or stop), with why."""
    if not actor.can(Capability.ASSIGN_OFFENDERS):
        raise Forbidden("Only the priorities team marks offenders as pursued")
    if pursued:
        _require(reason.strip(), "reason", "Say why the offender is being pursued")
    with transaction.atomic():
        offender = _locked(actor, offender_id, expected_version=expected_version)
        offender.pursued = pursued
        offender.pursued_since = clock.now() if pursued else None
        offender.pursued_reason = reason.strip()
        _touch(offender, actor, ["pursued", "pursued_since", "pursued_reason"])
        _log(
            actor,
            Operation.ALTERATION,
            "offender",
            offender.pk,
            offender,
            {"pursued": pursued, "reason": reason.strip()},
        )
    return offender


def set_visit_interval(
    actor: User,
    offender_id: int,
    *,
    months: int | None,
    reason: str,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Offender:
    """Set (or clear) the visit interval from the risk management plan, with its reason.

    This is how a person overrides the policy's default due date: the policy then uses
    the plan's interval and says so in its reasons.
    """
    if months is not None and not 1 <= months <= 24:
        raise InvalidInput("The interval must be between 1 and 24 months", field="months")
    if months is not None:
        _require(reason.strip(), "reason", "Say why the risk management plan sets this interval")
    with transaction.atomic():
        offender = _locked(actor, offender_id, expected_version=expected_version)
        previous = offender.interval_months_override
        if oversight_rules.interval_lengthens(
            oversight.effective_interval(offender, previous),
            oversight.effective_interval(offender, months),
        ):
            # A longer interval waits for a DS's sign-off; the shorter one stays till then.
            oversight.propose(
                actor,
                offender,
                ChangeKind.LONGER_INTERVAL,
                from_value=str(previous or ""),
                to_value=str(months or ""),
                reason=reason.strip() or "Back to the risk level's default interval",
                clock=clock,
            )
            return offender
        offender.interval_months_override = months
        offender.interval_override_reason = reason.strip() if months else ""
        _touch(offender, actor, ["interval_months_override", "interval_override_reason"])
        _log(
            actor,
            Operation.ALTERATION,
            "offender",
            offender.pk,
            offender,
            {"interval_months": {"from": previous, "to": months}, "reason": reason.strip()},
        )
    return offender


def _propose_reactive(
    actor: User, offender: Offender, reason: str, override: str, clock: Clock
) -> None:
    if offender.status != Status.MANAGED:
        raise InvalidInput(
            "Only an offender under active management can move to reactive management",
            field="status",
        )
    eligible = oversight.reactive_eligibility(offender, clock.today())
    if not eligible.eligible and not override.strip():
        raise InvalidInput(
            f"{eligible.reason} Record why reactive management is right regardless "
            "(an override), or keep active management.",
            field="override_reason",
        )
    oversight.propose(
        actor,
        offender,
        ChangeKind.REACTIVE_MANAGEMENT,
        from_value=offender.status,
        to_value=Status.REACTIVE,
        reason=reason,
        override_reason="" if eligible.eligible else override,
        eligibility=eligible.reason,
        clock=clock,
    )


def change_status(
    actor: User,
    offender_id: int,
    *,
    status: str,
    reason: str,
    released_on: date | None = None,
    override_reason: str = "",
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Offender:
    """Change an offender's management status (custody, released, whereabouts unknown...).

    A move to reactive management is not made here: it is proposed for a DS's sign-off,
    and needs the configured years at low risk or an override with its reason.
    """
    if status not in Status.values:
        raise InvalidInput(f"Status must be one of: {', '.join(Status.values)}", field="status")
    _require(reason.strip(), "reason", "Say why the status changes")
    with transaction.atomic():
        offender = _locked(actor, offender_id, expected_version=expected_version)
        previous = offender.status
        if status == Status.REACTIVE and previous != Status.REACTIVE:
            _propose_reactive(actor, offender, reason, override_reason, clock)
            return offender
        if status == Status.WHEREABOUTS_UNKNOWN:
            whereabouts.start(
                actor,
                offender,
                since=offender.last_visit_seen_on or clock.today(),
                trigger="status",
                reason=reason.strip(),
                clock=clock,
            )
            return offender
        if whereabouts.open_of(offender) is not None:
            raise InvalidInput(
                "The whereabouts-unknown procedure is open: clear it with the sighting, "
                "arrest or notification that found the offender",
                field="status",
            )
        fields = ["status"]
        if previous == Status.IN_CUSTODY and status != Status.IN_CUSTODY:
            offender.released_from_custody_on = released_on or clock.today()
            fields.append("released_from_custody_on")
        offender.status = status
        _touch(offender, actor, fields)
        _log(
            actor,
            Operation.ALTERATION,
            "offender",
            offender.pk,
            offender,
            {"status": {"from": previous, "to": status}, "reason": reason.strip()},
        )
    return offender
