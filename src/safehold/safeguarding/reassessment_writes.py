"""The telephone re-assessment of a victim's risk and a supervisor's sign-off of a lower
grade: one write each, as in ``services`` (which offers them to callers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, Forbidden, InvalidInput

from . import policies
from .models import (
    GradeSource,
    Incident,
    Reassessment,
    SignOff,
)
from .reassessment import DowngradeWithoutReasonError, DowngradeWithoutSupervisorError
from .reassessment import reassessment_change as check_change
from .rule_errors import SafeguardingRuleError
from .support import (
    choice,
    locked,
    log,
    queue_reasons,
    require_open,
    require_supervisor,
    settle_target,
    text,
    touch,
    when,
)
from .vocabulary import Attendance, Grade

__all__ = ["ReassessmentInput", "awaiting_downgrade", "record_reassessment", "sign_off_downgrade"]


def awaiting_downgrade(incident: Incident) -> None:
    if incident.reassessments.filter(sign_off=SignOff.AWAITING).exists():
        raise Conflict(
            "A downgrade on this incident is already awaiting a supervisor's sign-off; "
            "ask a supervisor to decide it first",
            code="downgrade_awaiting_sign_off",
        )


@dataclass(frozen=True, slots=True)
class ReassessmentInput:
    new_grade: str
    reason: str = ""
    advice_given: str = ""
    attendance: str = ""
    assessed_at: datetime | None = None
    expected_version: int | None = None


def record_reassessment(
    actor: User, incident_id: int, data: ReassessmentInput, *, clock: Clock = SYSTEM_CLOCK
) -> Reassessment:
    """Re-assess the risk by telephone while the victim waits; a downgrade awaits sign-off."""
    choice(data.new_grade, list(Grade), "new_grade", "The grade")
    if data.attendance:
        choice(data.attendance, list(Attendance), "attendance", "Attendance")
    with transaction.atomic():
        incident = locked(actor, incident_id, expected_version=data.expected_version)
        require_open(incident)
        at = when(
            data.assessed_at,
            "assessed_at",
            "the time of the re-assessment",
            after=incident.reported_at,
            clock=clock,
        )
        attendance = data.attendance or incident.attendance
        advice = data.advice_given.strip()
        if attendance != Attendance.ATTENDED and not advice:
            raise InvalidInput(
                "Record the safeguarding advice given: attendance is still outstanding",
                field="advice_given",
            )
        reasons = queue_reasons(incident, at)
        sign_off = SignOff.NOT_NEEDED
        try:
            change = check_change(incident.grade, data.new_grade, reason=data.reason)
            direction = change.direction
        except DowngradeWithoutReasonError as exc:
            raise InvalidInput(exc.message, code=exc.code, field="reason") from exc
        except DowngradeWithoutSupervisorError:
            awaiting_downgrade(incident)
            direction, sign_off = "lowered", SignOff.AWAITING
        reassessment = Reassessment.objects.create(
            incident=incident,
            assessed_at=at,
            assessor=actor,
            old_grade=incident.grade,
            new_grade=data.new_grade,
            direction=direction,
            reason=data.reason.strip(),
            advice_given=advice,
            reasons=reasons,
            policy_version=policies.current().version,
            sign_off=sign_off,
            created_by=actor,
            modified_by=actor,
        )
        incident.last_reassessed_at = at
        fields = ["last_reassessed_at", *settle_target(incident, clock.now())]
        if sign_off == SignOff.NOT_NEEDED:
            incident.grade, incident.grade_source = data.new_grade, GradeSource.REASSESSMENT
            fields += ["grade", "grade_source", *settle_target(incident, clock.now())]
        if attendance != incident.attendance:
            incident.attendance, incident.attendance_changed_at = attendance, at
            fields += ["attendance", "attendance_changed_at"]
        touch(incident, actor, fields)
        log(
            actor,
            Operation.COLLECTION,
            "reassessment",
            reassessment.pk,
            incident,
            {
                "from": reassessment.old_grade,
                "to": data.new_grade,
                "direction": direction,
                "sign_off": sign_off,
                "policy_version": reassessment.policy_version,
            },
        )
    return reassessment


def sign_off_downgrade(
    actor: User,
    incident_id: int,
    *,
    approve: bool,
    note: str,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Reassessment:
    """A supervisor (not the assessor) approves or refuses the downgrade awaiting sign-off."""
    require_supervisor(actor, "sign off a downgrade")
    note = text(note, "note", "Say why you approve or refuse the downgrade")
    with transaction.atomic():
        incident = locked(actor, incident_id, expected_version=expected_version)
        pending = (
            incident.reassessments.select_for_update().filter(sign_off=SignOff.AWAITING).first()
        )
        if pending is None:
            raise Conflict(
                "No downgrade is awaiting sign-off on this incident", code="nothing_to_sign_off"
            )
        try:
            check_change(
                pending.old_grade,
                pending.new_grade,
                reason=pending.reason,
                supervisor=str(actor.pk),
                assessed_by=str(pending.assessor_id) if pending.assessor_id else None,
            )
        except SafeguardingRuleError as exc:
            raise Forbidden(exc.message, code=exc.code) from exc
        now = clock.now()
        pending.sign_off = SignOff.APPROVED if approve else SignOff.REJECTED
        pending.supervisor, pending.signed_off_at, pending.sign_off_note = actor, now, note
        pending.modified_by = actor
        pending.version += 1
        pending.save()
        # A downgrade lengthens the target: settle it first, so a missed one stays missed.
        settled = settle_target(incident, now)
        if approve:
            incident.grade, incident.grade_source = pending.new_grade, GradeSource.REASSESSMENT
            touch(incident, actor, ["grade", "grade_source", *settled])
        else:
            touch(incident, actor, settled)
        log(
            actor,
            Operation.ALTERATION,
            "reassessment",
            pending.pk,
            incident,
            {"sign_off": pending.sign_off, "from": pending.old_grade, "to": pending.new_grade},
        )
    return pending
