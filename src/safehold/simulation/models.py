"""A simulation run (scenarios compared, or a staffing search) and its replications.

Each replication is one row, claimed by whichever worker gets to it first; the run's
figures are computed from the rows once all are done, so any number of workers give
the same result for the same seed.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.jobs.models import JobRun


class RunKind(models.TextChoices):
    COMPARE = "compare", "Scenario comparison"
    ADVISE = "advise", "Staffing advice"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    READY = "ready", "Finished"
    FAILED = "failed", "Failed"


class SimulationRun(models.Model):
    """One request: which scenarios, how many replications, the seed, and the result."""

    kind = models.CharField(max_length=10, choices=RunKind.choices, default=RunKind.COMPARE)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.ForeignKey(
        JobRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scenarios = models.JSONField(default=list)  # [{"name", "title", "inputs_source", "inputs"}]
    replications = models.PositiveIntegerField()
    seed = models.BigIntegerField(default=0)
    params = models.JSONField(default=dict)  # the advisor's target
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"simulation {self.pk} ({self.status})"

    @property
    def titles(self) -> list[str]:
        return [str(s.get("title", s.get("name"))) for s in self.scenarios]


class Replication(models.Model):
    """Replication ``index`` of scenario ``scenario_index`` of a run, and who ran it."""

    run = models.ForeignKey(
        SimulationRun, on_delete=models.CASCADE, related_name="replication_rows"
    )
    scenario_index = models.PositiveSmallIntegerField()
    index = models.PositiveIntegerField()
    claimed_by = models.CharField(max_length=120, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["run", "scenario_index", "index"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["run", "scenario_index", "index"], name="one_row_per_replication"
            )
        ]

    def __str__(self) -> str:
        return f"run {self.run_id} scenario {self.scenario_index} replication {self.index}"
