"""Writes for MAPPA and partners: the category and level with their history, MAPPA
meetings, and the case details (ViSOR reference, lead agency, probation practitioner,
licence conditions, index offence, sentence and age at conviction). For a category 1
offender the sentence sets the notification period by ``notification_periods`` (SOA 2003
s82), its end and the indefinite-review date, with the reasons kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.datetext import long_date
from safehold.errors import InvalidInput

from . import notification_periods as periods
from .models import NotificationPeriod
from .risk_models import CaseDetails, MappaChange, MappaMeeting, SentenceKind
from .writes import locked, log, not_future, require, touch


def set_mappa(
    actor: User, offender_id: int, *, category: int, level: int, reason: str, changed_on: date
) -> MappaChange:
    """Set the MAPPA category and level, with the reason; the change is kept as history."""
    if category not in (1, 2, 3):
        raise InvalidInput("Select MAPPA category 1, 2 or 3", field="category")
    if level not in (1, 2, 3):
        raise InvalidInput("Select MAPPA level 1, 2 or 3", field="level")
    require(reason.strip(), "reason", "Say why the category or level is set")
    not_future(changed_on, "changed_on", "The date of the change")
    with transaction.atomic():
        offender = locked(actor, offender_id)
        if (offender.mappa_category, offender.mappa_level) == (category, level):
            raise InvalidInput("That is the category and level already", field="level")
        change = MappaChange.objects.create(
            offender=offender,
            from_category=offender.mappa_category,
            to_category=category,
            from_level=offender.mappa_level,
            to_level=level,
            changed_on=changed_on,
            reason=reason.strip()[:500],
            created_by=actor,
            modified_by=actor,
        )
        offender.mappa_category, offender.mappa_level = category, level
        touch(offender, actor, ["mappa_category", "mappa_level"])
        log(
            actor,
            Operation.ALTERATION,
            "offender",
            offender.pk,
            offender,
            {"mappa": {"category": category, "level": level}, "reason": change.reason},
        )
    return change


def record_meeting(
    actor: User,
    offender_id: int,
    *,
    held_on: date,
    level: int,
    actions: str,
    next_on: date | None = None,
) -> MappaMeeting:
    """Record a MAPPA meeting (level 2 or 3 management) with its actions."""
    if level not in (2, 3):
        raise InvalidInput("MAPPA meetings are held at level 2 or 3", field="level")
    not_future(held_on, "held_on", "The meeting date")
    require(actions.strip(), "actions", "Give the meeting's actions")
    if next_on is not None and next_on <= held_on:
        raise InvalidInput("The next meeting must be after this one", field="next_on")
    with transaction.atomic():
        offender = locked(actor, offender_id)
        meeting = MappaMeeting.objects.create(
            offender=offender,
            held_on=held_on,
            level=level,
            actions=actions.strip(),
            next_on=next_on,
            created_by=actor,
            modified_by=actor,
        )
        log(actor, Operation.COLLECTION, "mappa_meeting", meeting.pk, offender, {"level": level})
    return meeting


@dataclass(frozen=True, slots=True)
class CaseInput:
    visor_reference: str = ""
    lead_agency: str = ""
    probation_practitioner: str = ""
    licence_conditions: str = ""
    index_offence: str = ""
    convicted_on: date | None = None
    sentence_kind: str = ""
    sentence_months: int | None = None
    discharge_months: int | None = None
    age_at_conviction: int | None = None
    first_notified_after_release_on: date | None = None


_PERIOD_CHOICE = {
    120: NotificationPeriod.TEN_YEARS,
    84: NotificationPeriod.SEVEN_YEARS,
    60: NotificationPeriod.FIVE_YEARS,
    24: NotificationPeriod.TWO_YEARS,
}


def _period(data: CaseInput) -> periods.Period | None:
    """The notification period the sentence gives, or None when it is not all given."""
    if not data.sentence_kind:
        return None
    if data.sentence_kind not in SentenceKind.values:
        raise InvalidInput("Select the sentence from the list", field="sentence_kind")
    require(data.convicted_on, "convicted_on", "Give the date of conviction or caution")
    require(data.age_at_conviction, "age_at_conviction", "Give the age at conviction")
    try:
        return periods.period_for(
            periods.Sentence(
                kind=data.sentence_kind,
                age_at_conviction=data.age_at_conviction or 0,
                months=data.sentence_months,
                discharge_months=data.discharge_months,
            )
        )
    except ValueError as exc:
        where = "discharge_months" if "discharge" in str(exc) else "sentence_months"
        raise InvalidInput(str(exc), field=where) from None


def save_case(actor: User, offender_id: int, data: CaseInput) -> CaseDetails:
    """Save the partners' details and the index offence; for a category 1 offender the
    sentence sets the notification period, its end and the indefinite-review date."""
    if data.convicted_on is not None:
        not_future(data.convicted_on, "convicted_on", "The date of conviction")
    if data.age_at_conviction is not None and not 10 <= data.age_at_conviction <= 110:
        raise InvalidInput("The age at conviction must be 10 to 110", field="age_at_conviction")
    if data.first_notified_after_release_on is not None:
        not_future(
            data.first_notified_after_release_on,
            "first_notified_after_release_on",
            "The first notification after release",
        )
    period = _period(data)
    with transaction.atomic():
        offender = locked(actor, offender_id)
        case, _ = CaseDetails.objects.get_or_create(
            offender=offender, defaults={"created_by": actor, "modified_by": actor}
        )
        for name in CaseInput.__dataclass_fields__:
            value = getattr(data, name)
            setattr(case, name, value.strip() if isinstance(value, str) else value)
        case.period_reasons, case.table_version = [], ""
        fields: list[str] = []
        if period is not None and offender.mappa_category == 1 and data.convicted_on:
            ends = periods.ends_on(period, data.convicted_on)
            if ends is not None and ends < offender.registered_on:
                raise InvalidInput(
                    f"That sentence gives a period that ended on {long_date(ends)}, before the "
                    f"registration on {long_date(offender.registered_on)}: check the conviction "
                    "date and sentence, or end the registration",
                    field="convicted_on",
                )
            reasons = list(period.reasons)
            offender.notification_period = (
                NotificationPeriod.INDEFINITE
                if period.indefinite
                else _PERIOD_CHOICE.get(period.months or 0, NotificationPeriod.OTHER)
            )
            offender.registration_ends_on = ends
            offender.indefinite_review_on = None
            if period.indefinite:
                start = data.first_notified_after_release_on or offender.registered_on
                review, why = periods.indefinite_review_on(start, data.age_at_conviction or 18)
                offender.indefinite_review_on = review
                reasons.append(why)
            else:
                assert ends is not None  # a fixed period has an end
                reasons.append(f"Ends on {long_date(ends)}, counted from the conviction.")
            case.period_reasons, case.table_version = reasons, period.version
            fields = ["notification_period", "registration_ends_on", "indefinite_review_on"]
            touch(offender, actor, fields)
        case.modified_by = actor
        case.save()
        log(
            actor,
            Operation.ALTERATION,
            "case_details",
            case.pk,
            offender,
            {"sentence": data.sentence_kind, "period_set": bool(fields)},
        )
    return case
