"""What every write to the register shares: who may edit a record, the locked and
version-checked read of it, keeping its version in step, and the access-log entry.

The service modules (``services.py``, ``oversight.py``, ``notifying.py``,
``whereabouts.py``, ``planned.py``) use these; nothing else should.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.log import Justification, record
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.core_models import check_version
from safehold.core_models import touch as touch  # the shared one, for this context's services
from safehold.errors import Forbidden, InvalidInput, NotFound

from .models import Offender

RECORDING = Justification("record_keeping", "recording on the offender register")


def can_edit(actor: User, offender: Offender) -> bool:
    """Leads edit any record; offender managers their own caseload."""
    if not actor.can(Capability.EDIT_OFFENDERS):
        return False
    return actor.can(Capability.VIEW_ALL_OFFENDERS) or offender.offender_manager_id == actor.pk


def locked(actor: User, offender_id: int, *, expected_version: int | None = None) -> Offender:
    offender = (
        Offender.objects.select_for_update().select_related("person").filter(pk=offender_id).first()
    )
    if offender is None or not actor.can(Capability.VIEW_OFFENDERS):
        raise NotFound(f"No offender with id {offender_id}")
    if not can_edit(actor, offender):
        raise Forbidden(
            "Only the offender's manager or the priorities team can change this record",
            code="not_your_caseload",
        )
    check_version(offender, expected_version, noun="record")
    return offender


def log(
    actor: User,
    operation: Operation,
    what: str,
    pk: object,
    offender: Offender,
    detail: dict[str, Any] | None = None,
) -> None:
    record(
        actor,
        operation,
        what,
        pk,
        person_id=offender.person_id,
        justification=RECORDING,
        detail={"offender": offender.register_reference, **(detail or {})},
    )


def require(value: Any, field: str, message: str) -> None:
    if value in (None, ""):
        raise InvalidInput(message, field=field)


def not_future(
    when: date | datetime, field: str, label: str, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    late = when > clock.now() if isinstance(when, datetime) else when > clock.today()
    if late:
        raise InvalidInput(f"{label} must be today or in the past", field=field)
