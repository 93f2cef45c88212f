"""Writes for risk as the tools define it, and for MAPPA and partners.

Each records its tool's own record, then derives the overall level (``risk_tools``) and
records it through ``services.record_risk_assessment``, so a lower overall level waits for
a DS's sign-off exactly as any other; a person may override the derived level with a
recorded reason (:func:`override_overall`), through the same path. Every write checks
permission, runs in one transaction and is logged in the access log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.errors import InvalidInput

from . import notification_periods as periods
from . import risk_tools
from .models import NotificationPeriod, Offender, RiskTool
from .risk_models import (
    ArmsAssessment,
    CaseDetails,
    MappaChange,
    MappaMeeting,
    RoshAssessment,
    SentenceKind,
    StaticAssessment,
)
from .risk_plan import review_on_change
from .vocabulary import LEVEL_KEYS
from .writes import locked, log, not_future, require, touch


@dataclass(frozen=True, slots=True)
class StaticInput:
    assessed_on: date
    scales: dict[str, str]
    tool: str = ""  # empty: the configured tool
    notes: str = ""


@dataclass(frozen=True, slots=True)
class ArmsInput:
    assessed_on: date
    scores: dict[str, int]
    observations: dict[str, str] = field(default_factory=dict)
    notes: str = ""


@dataclass(frozen=True, slots=True)
class RoshInput:
    assessed_on: date
    level: str
    rationale: str


def current_overall(offender: Offender) -> risk_tools.Overall:
    """The overall level the latest static, RoSH and ARMS records give (three queries)."""
    config = risk_tools.default_config()
    static = StaticAssessment.objects.filter(offender=offender).first()
    rosh = RoshAssessment.objects.filter(offender=offender).first()
    arms = ArmsAssessment.objects.filter(offender=offender).first()
    return risk_tools.overall_level(
        config,
        static=(static.tool_name, static.combined) if static else None,
        rosh=rosh.level if rosh else None,
        arms=arms.priority if arms else None,
    )


def _derive(actor: User, offender: Offender, on: date, why: str) -> None:
    """Record the overall level after a tool's record (inside the caller's transaction)."""
    from . import services

    overall = current_overall(offender)
    if overall.level is not None:
        services.record_risk_assessment(
            actor,
            offender.pk,
            services.AssessmentInput(
                tool=RiskTool.OVERALL,
                level=overall.level,
                assessed_on=on,
                notes=" ".join(overall.reasons),
            ),
        )
    offender.refresh_from_db()
    review_on_change(actor, offender, why, on)


def record_static(actor: User, offender_id: int, data: StaticInput) -> StaticAssessment:
    """Record a static actuarial assessment (one category per scale) and its combined one."""
    config = risk_tools.default_config()
    key = data.tool or config.static_tool
    try:
        tool = config.tool(key)
    except KeyError:
        raise InvalidInput(f"Unknown static tool {key!r}", field="tool") from None
    not_future(data.assessed_on, "assessed_on", "The assessment date")
    for code, label in tool.scales:
        if data.scales.get(code) not in LEVEL_KEYS:
            raise InvalidInput(f"Select the {label} category", field=f"scale_{code}")
    scales = {code: data.scales[code] for code, _ in tool.scales}
    combined, explanation = risk_tools.combined_category(tool, scales)
    with transaction.atomic():
        offender = locked(actor, offender_id)
        record = StaticAssessment.objects.create(
            offender=offender,
            assessed_on=data.assessed_on,
            assessor=actor,
            config_version=config.version,
            tool=tool.key,
            tool_name=tool.name,
            scales=scales,
            combined=combined,
            explanation=explanation[:300],
            notes=data.notes.strip(),
            created_by=actor,
            modified_by=actor,
        )
        log(
            actor,
            Operation.COLLECTION,
            "static_assessment",
            record.pk,
            offender,
            {"tool": tool.key, "combined": combined},
        )
        _derive(actor, offender, data.assessed_on, f"New {tool.name} assessment")
    return record


def record_arms(actor: User, offender_id: int, data: ArmsInput) -> ArmsAssessment:
    """Record an ARMS assessment: factor scores and observations, and its priority for work."""
    config = risk_tools.default_config()
    not_future(data.assessed_on, "assessed_on", "The assessment date")
    try:
        result = risk_tools.arms_priority(config, data.scores)
    except ValueError as exc:
        bad = next(
            (f.key for f in config.factors if not isinstance(data.scores.get(f.key), int)),
            config.factors[0].key,
        )
        raise InvalidInput(str(exc), field=f"score_{bad}") from None
    keys = {f.key for f in config.factors}
    observations = {k: v.strip()[:300] for k, v in data.observations.items() if k in keys and v}
    with transaction.atomic():
        offender = locked(actor, offender_id)
        record = ArmsAssessment.objects.create(
            offender=offender,
            assessed_on=data.assessed_on,
            assessor=actor,
            config_version=config.version,
            scores={f.key: data.scores[f.key] for f in config.factors},
            observations=observations,
            risk_total=result.risk_total,
            protective_total=result.protective_total,
            priority=result.priority,
            reasons=list(result.reasons),
            notes=data.notes.strip(),
            created_by=actor,
            modified_by=actor,
        )
        log(
            actor,
            Operation.COLLECTION,
            "arms_assessment",
            record.pk,
            offender,
            {"priority": result.priority},
        )
        _derive(actor, offender, data.assessed_on, f"New {config.arms_name} assessment")
    return record


def record_rosh(actor: User, offender_id: int, data: RoshInput) -> RoshAssessment:
    """Record the risk of serious harm level with its rationale."""
    config = risk_tools.default_config()
    if data.level not in LEVEL_KEYS:
        raise InvalidInput("Select the RoSH level", field="level")
    require(data.rationale.strip(), "rationale", "Give the rationale for the RoSH level")
    not_future(data.assessed_on, "assessed_on", "The assessment date")
    with transaction.atomic():
        offender = locked(actor, offender_id)
        record = RoshAssessment.objects.create(
            offender=offender,
            assessed_on=data.assessed_on,
            assessor=actor,
            config_version=config.version,
            level=data.level,
            rationale=data.rationale.strip(),
            created_by=actor,
            modified_by=actor,
        )
        log(
            actor,
            Operation.COLLECTION,
            "rosh_assessment",
            record.pk,
            offender,
            {"level": data.level},
        )
        _derive(actor, offender, data.assessed_on, "New RoSH assessment")
    return record


def override_overall(
    actor: User, offender_id: int, *, level: str, reason: str, assessed_on: date
) -> None:
    """Set the overall level against the derived one, with the reason (a lower level
    waits for a DS's sign-off, as any lowering)."""
    from . import services

    if level not in LEVEL_KEYS:
        raise InvalidInput("Select the overall level", field="level")
    require(reason.strip(), "reason", "Say why the overall level differs from the tools'")
    with transaction.atomic():
        offender = locked(actor, offender_id)
        derived = current_overall(offender)
        services.record_risk_assessment(
            actor,
            offender.pk,
            services.AssessmentInput(
                tool=RiskTool.OVERALL,
                level=level,
                assessed_on=assessed_on,
                notes=f"Override: {reason.strip()} (the tools gave "
                f"{derived.level or 'no level'}: {' '.join(derived.reasons)})",
            ),
        )


# ------------------------------------------------------------------ MAPPA and partners


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
                    f"That sentence gives a period that ended on {ends:%d %B %Y}, before the "
                    f"registration on {offender.registered_on:%d %B %Y}: check the conviction "
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
                reasons.append(f"Ends on {ends:%d %B %Y}, counted from the conviction.")
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
