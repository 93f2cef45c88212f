"""Template helpers for the safeguarding pages: durations, clocks and red flags in words."""

from __future__ import annotations

from datetime import timedelta

from django import template

from safehold.safeguarding.models import DashAssessment
from safehold.safeguarding.questionnaires import Questionnaire, load_questionnaire
from safehold.safeguarding.rule_errors import SafeguardingRuleError

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """A duration as "45 min", "3 h 10 min" or "2 d 4 h" (negative: "overdue by ...")."""
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    if seconds < 0:
        return f"overdue by {duration(-value)}"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


@register.filter
def points(value: float) -> str:
    """A reason's contribution to the priority score, signed: "+25" or "\u221240"."""
    if value >= 0.5:
        return f"+{value:.0f}"
    return f"\u2212{-value:.0f}" if value <= -0.5 else ""


def _questionnaire(assessment: DashAssessment) -> Questionnaire | None:
    try:
        return load_questionnaire(assessment.questionnaire_id)
    except SafeguardingRuleError:
        return None


@register.filter
def red_flag_labels(assessment: DashAssessment | None) -> list[str]:
    """The assessment's red flags in words, as its questionnaire names them (the code when
    the questionnaire or the flag is no longer packaged)."""
    if assessment is None:
        return []
    questionnaire = _questionnaire(assessment)
    labels = {c.code: c.label for c in questionnaire.clusters} if questionnaire else {}
    return [labels.get(code, code.replace("_", " ")) for code in assessment.red_flags or ()]


@register.filter
def rule_graded(assessment: DashAssessment) -> bool:
    """The questionnaire is graded by the force's rule (a DARA), not by its yes count."""
    questionnaire = _questionnaire(assessment)
    return questionnaire is not None and questionnaire.scoring == "dara"


@register.filter
def questionnaire_title(assessment: DashAssessment) -> str:
    """The questionnaire's title ("Domestic abuse risk assessment (DARA-style: …)"), or its
    id when it is no longer packaged."""
    questionnaire = _questionnaire(assessment)
    return questionnaire.title if questionnaire else assessment.questionnaire_id
