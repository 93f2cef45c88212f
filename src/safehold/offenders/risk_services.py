"""Writes for risk as the tools define it (MAPPA and partners are in ``mappa_services``).

Each records its tool's own record, then derives the overall level (``risk_tools``) and
records it through ``assessments.record_risk_assessment``, so a lower overall level waits for
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

from . import assessments, risk_tools
from .models import Offender, RiskTool
from .risk_models import (
    ArmsAssessment,
    RoshAssessment,
    StaticAssessment,
)
from .risk_plan import review_on_change
from .vocabulary import LEVEL_KEYS
from .writes import locked, log, not_future, require


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
    overall = current_overall(offender)
    if overall.level is not None:
        assessments.record_risk_assessment(
            actor,
            offender.pk,
            assessments.AssessmentInput(
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
    if level not in LEVEL_KEYS:
        raise InvalidInput("Select the overall level", field="level")
    require(reason.strip(), "reason", "Say why the overall level differs from the tools'")
    with transaction.atomic():
        offender = locked(actor, offender_id)
        derived = current_overall(offender)
        assessments.record_risk_assessment(
            actor,
            offender.pk,
            assessments.AssessmentInput(
                tool=RiskTool.OVERALL,
                level=level,
                assessed_on=assessed_on,
                notes=f"Override: {reason.strip()} (the tools gave "
                f"{derived.level or 'no level'}: {' '.join(derived.reasons)})",
            ),
        )
