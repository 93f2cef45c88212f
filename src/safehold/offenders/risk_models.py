"""Risk as the tools define it, the risk management plan, and MAPPA and partners.

- ``RiskAssessment``: an assessment's level by tool (``RiskTool``); the latest sets the
  offender's risk level;
- ``StaticAssessment``: the static actuarial tool (RM2000 S/V and combined C, or OSP);
- ``ArmsAssessment``: ARMS factor scores and observations, and the priority for work;
- ``RoshAssessment``: the risk of serious harm level with its rationale;
- ``RiskPlan`` with ``PlanAction``: the risk management plan (actions, owners, review
  date, the visit interval it sets);
- ``MappaChange`` (history of category and level), ``MappaMeeting``;
- ``CaseDetails``: ViSOR reference, lead agency, probation practitioner, licence
  conditions, index offence, sentence and age at conviction.

Imported by ``models.py`` (Django finds the models there).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.core_models import TrackedModel

from .risk_tools import default_config
from .vocabulary import RiskLevel

_OFFENDER = "offenders.Offender"


class _Assessed(TrackedModel):
    assessed_on = models.DateField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    config_version = models.CharField(max_length=40)

    class Meta:
        abstract = True
        ordering: ClassVar = ["-assessed_on", "-id"]


class StaticAssessment(_Assessed):
    """A static actuarial assessment: a category per scale and the combined category."""

    offender = models.ForeignKey(_OFFENDER, on_delete=models.CASCADE, related_name="static_scores")
    tool = models.CharField(max_length=12)  # a key of [static.tools] in risk-tools.toml
    tool_name = models.CharField(max_length=60)
    scales = models.JSONField(default=dict)  # {"S": "high", "V": "low"}
    combined = models.CharField(max_length=10, choices=RiskLevel.choices)
    explanation = models.CharField(max_length=300)
    notes = models.TextField(blank=True)

    class Meta(_Assessed.Meta):
        indexes: ClassVar = [models.Index(fields=["offender", "assessed_on"])]

    @property
    def scales_text(self) -> str:
        """ "RM2000/S (sexual): high; RM2000/V (non-sexual violence): very high": each
        scale by its configured label, each category by the risk level's label."""
        try:
            labels = dict(default_config().tool(self.tool).scales)
        except KeyError:
            labels = {}
        return "; ".join(
            f"{labels.get(code, code)}: {_level_label(level)}"
            for code, level in self.scales.items()
        )


def _level_label(value: str) -> str:
    try:
        return RiskLevel(value).label.lower()
    except ValueError:
        return value.replace("_", " ")


class ArmsPriority(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class ArmsAssessment(_Assessed):
    """ARMS: each factor's score and what was observed; the priority for work it sets."""

    offender = models.ForeignKey(_OFFENDER, on_delete=models.CASCADE, related_name="arms")
    scores = models.JSONField(default=dict)  # {factor key: 0..max_score}
    observations = models.JSONField(default=dict)  # {factor key: what was seen or heard}
    risk_total = models.PositiveSmallIntegerField()
    protective_total = models.PositiveSmallIntegerField()
    priority = models.CharField(max_length=8, choices=ArmsPriority.choices)
    reasons = models.JSONField(default=list)
    notes = models.TextField(blank=True)

    class Meta(_Assessed.Meta):
        indexes: ClassVar = [models.Index(fields=["offender", "assessed_on"])]


class RoshAssessment(_Assessed):
    """The risk of serious harm level (OASys / MAPPA definitions) and why."""

    offender = models.ForeignKey(_OFFENDER, on_delete=models.CASCADE, related_name="rosh")
    level = models.CharField(max_length=10, choices=RiskLevel.choices)
    rationale = models.TextField()

    class Meta(_Assessed.Meta):
        indexes: ClassVar = [models.Index(fields=["offender", "assessed_on"])]


class RiskPlan(TrackedModel):
    """A risk management plan; the latest is the current one."""

    offender = models.ForeignKey(_OFFENDER, on_delete=models.CASCADE, related_name="plans")
    made_on = models.DateField()
    review_on = models.DateField()
    visit_interval_months = models.PositiveSmallIntegerField()
    summary = models.TextField(blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-made_on", "-id"]


class PlanAction(models.Model):
    plan = models.ForeignKey(RiskPlan, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=300)
    owner = models.CharField(max_length=120)
    due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return f"{self.action} ({self.owner})"


class MappaChange(TrackedModel):
    """A change of MAPPA category or level, with its reason (the history)."""

    offender = models.ForeignKey(_OFFENDER, on_delete=models.CASCADE, related_name="mappa_history")
    from_category = models.PositiveSmallIntegerField()
    to_category = models.PositiveSmallIntegerField()
    from_level = models.PositiveSmallIntegerField()
    to_level = models.PositiveSmallIntegerField()
    changed_on = models.DateField()
    reason = models.CharField(max_length=500)

    class Meta:
        ordering: ClassVar = ["-changed_on", "-id"]


class MappaMeeting(TrackedModel):
    offender = models.ForeignKey(_OFFENDER, on_delete=models.CASCADE, related_name="mappa_meetings")
    held_on = models.DateField()
    level = models.PositiveSmallIntegerField()
    actions = models.TextField(blank=True)
    next_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-held_on", "-id"]


class SentenceKind(models.TextChoices):
    LIFE = "life", "Imprisonment for life"
    CUSTODY = "custody", "Imprisonment for a term"
    RESTRICTED_HOSPITAL = "restricted_hospital_order", "Hospital order with a restriction order"
    HOSPITAL = "hospital_order", "Hospital order without a restriction order"
    CAUTION = "caution", "Caution"
    CONDITIONAL_DISCHARGE = "conditional_discharge", "Conditional discharge"
    OTHER = "other", "Other disposal (community order, fine ...)"


class CaseDetails(TrackedModel):
    """The partners' side of the case and the index offence (one per offender)."""

    offender = models.OneToOneField(_OFFENDER, on_delete=models.CASCADE, related_name="case")
    visor_reference = models.CharField(max_length=30, blank=True)
    lead_agency = models.CharField(max_length=60, blank=True)
    probation_practitioner = models.CharField(max_length=120, blank=True)
    licence_conditions = models.TextField(blank=True, help_text="One condition a line")
    index_offence = models.CharField(max_length=200, blank=True)
    convicted_on = models.DateField(null=True, blank=True)
    sentence_kind = models.CharField(max_length=28, choices=SentenceKind.choices, blank=True)
    sentence_months = models.PositiveSmallIntegerField(null=True, blank=True)
    discharge_months = models.PositiveSmallIntegerField(null=True, blank=True)
    age_at_conviction = models.PositiveSmallIntegerField(null=True, blank=True)
    first_notified_after_release_on = models.DateField(null=True, blank=True)
    period_reasons = models.JSONField(default=list)
    table_version = models.CharField(max_length=40, blank=True)

    @property
    def conditions(self) -> list[str]:
        return [c.strip() for c in self.licence_conditions.splitlines() if c.strip()]


class RiskTool(models.TextChoices):
    ARMS = "arms", "ARMS"
    RM2000 = "rm2000", "Risk Matrix 2000"
    OASYS = "oasys_rosh", "OASys RoSH"
    OVERALL = "overall", "Overall level (from the tools)"


class RiskAssessment(TrackedModel):
    offender = models.ForeignKey(
        "offenders.Offender", on_delete=models.CASCADE, related_name="assessments"
    )
    tool = models.CharField(max_length=12, choices=RiskTool.choices)
    level = models.CharField(max_length=10, choices=RiskLevel.choices)
    assessed_on = models.DateField()
    next_review_due = models.DateField(null=True, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessor_name = models.CharField(max_length=120, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["-assessed_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["offender", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.get_tool_display()} {self.get_level_display()} on {self.assessed_on}"
