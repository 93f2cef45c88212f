"""The resolution centre's writes: contact attempts (three, then a letter or e-mail), close,
and re-open on new lines of enquiry."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Conflict, InvalidInput

from .contact import may_close_without_contact, next_step
from .models import ContactAttempt, Incident, RcStatus
from .policy import DemandPolicy, default_policy
from .support import locked, log, moment, required_text, touch
from .vocabulary import ContactOutcome, Route

LETTER_METHODS = ("letter", "email")


def _case(actor: User, incident_id: int, expected_version: int | None) -> Incident:
    incident = locked(
        actor, incident_id, Capability.WORK_RESOLUTION_CASES, expected_version=expected_version
    )
    if incident.route != Route.RESOLUTION_CENTRE:
        raise Conflict(f"{incident.reference} is not a resolution-centre case", code="not_rc")
    return incident


def _open(incident: Incident) -> None:
    if incident.rc_status == RcStatus.CLOSED:
        raise Conflict(
            f"{incident.reference} is closed; re-open it on a new line of enquiry",
            code="case_closed",
        )


def record_contact(
    actor: User,
    incident_id: int,
    *,
    outcome: str,
    note: str = "",
    at: datetime | None = None,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ContactAttempt:
    """Record one attempt to reach the caller."""
    now = clock.now()
    if outcome not in ContactOutcome.__members__.values():
        raise InvalidInput(f"Outcome must be one of: {', '.join(ContactOutcome)}", field="outcome")
    with transaction.atomic():
        incident = _case(actor, incident_id, expected_version)
        _open(incident)
        when = moment(at, "at", "the time of the attempt", now, after=incident.received_at)
        attempt = ContactAttempt.objects.create(
            incident=incident,
            at=when,
            outcome=outcome,
            note=note.strip(),
            created_by=actor,
            modified_by=actor,
        )
        fields = ["last_contact_at", "investigator"]
        incident.last_contact_at, incident.investigator = when, actor
        if outcome == ContactOutcome.CONTACTED:
            incident.contacted = True
            fields.append("contacted")
        else:
            incident.contact_attempts += 1
            fields.append("contact_attempts")
        touch(incident, actor, fields)
        log(
            actor,
            Operation.ALTERATION,
            "rc_contact_attempt",
            attempt.pk,
            incident,
            {"outcome": outcome, "failed_attempts": incident.contact_attempts},
        )
    return attempt


def send_letter(
    actor: User,
    incident_id: int,
    *,
    method: str,
    policy: DemandPolicy | None = None,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Incident:
    """Record the letter or e-mail sent after the attempts failed."""
    policy = policy or default_policy()
    if method not in LETTER_METHODS:
        raise InvalidInput("Choose a letter or an e-mail", field="method")
    with transaction.atomic():
        incident = _case(actor, incident_id, expected_version)
        _open(incident)
        step = next_step(
            failed_attempts=incident.contact_attempts,
            contacted=incident.contacted,
            letter_sent=incident.letter_sent_at is not None,
            attempts_required=policy.rc_contact_attempts,
        )
        if step.action != "letter":
            raise Conflict(f"Not yet: {step.reason}", code="letter_not_due")
        incident.letter_sent_at, incident.letter_method = clock.now(), method
        incident.rc_status = RcStatus.LETTER_SENT
        touch(incident, actor, ["letter_sent_at", "letter_method", "rc_status"])
        log(actor, Operation.DISCLOSURE, "rc_letter", incident.pk, incident, {"method": method})
    return incident


def close_case(
    actor: User,
    incident_id: int,
    *,
    resolution: str,
    policy: DemandPolicy | None = None,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Incident:
    """Close the case: after contact, or after every attempt and the letter."""
    policy = policy or default_policy()
    text = required_text(resolution, "resolution", "Say how the case was resolved")
    with transaction.atomic():
        incident = _case(actor, incident_id, expected_version)
        _open(incident)
        if not incident.contacted and not may_close_without_contact(
            failed_attempts=incident.contact_attempts,
            letter_sent=incident.letter_sent_at is not None,
            attempts_required=policy.rc_contact_attempts,
        ):
            step = next_step(
                failed_attempts=incident.contact_attempts,
                contacted=False,
                letter_sent=incident.letter_sent_at is not None,
                attempts_required=policy.rc_contact_attempts,
            )
            raise Conflict(f"Not yet: {step.reason}", code="contact_rule")
        incident.rc_status = RcStatus.CLOSED
        incident.resolved_at, incident.resolution = clock.now(), text
        touch(incident, actor, ["rc_status", "resolved_at", "resolution"])
        log(
            actor,
            Operation.ALTERATION,
            "rc_closed",
            incident.pk,
            incident,
            {"contacted": incident.contacted, "failed_attempts": incident.contact_attempts},
        )
    return incident


def reopen_case(
    actor: User,
    incident_id: int,
    *,
    reason: str,
    expected_version: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Incident:
    """Re-open a closed case on a new line of enquiry."""
    text = required_text(reason, "reason", "Describe the new line of enquiry")
    with transaction.atomic():
        incident = _case(actor, incident_id, expected_version)
        if incident.rc_status != RcStatus.CLOSED:
            raise Conflict(f"{incident.reference} is not closed", code="case_open")
        incident.rc_status = RcStatus.OPEN
        incident.reopened_at = clock.now()
        incident.resolved_at = None
        incident.resolution = f"{incident.resolution}\nRe-opened: {text}".strip()
        incident.contacted = False
        incident.contact_attempts = 0
        incident.letter_sent_at, incident.letter_method = None, ""
        touch(
            incident,
            actor,
            [
                "rc_status",
                "reopened_at",
                "resolved_at",
                "resolution",
                "contacted",
                "contact_attempts",
                "letter_sent_at",
                "letter_method",
            ],
        )
        log(actor, Operation.ALTERATION, "rc_reopened", incident.pk, incident, {"reason": text})
    return incident
