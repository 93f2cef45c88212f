"""Officer pairs and their duty, and plan runs: what the planner was asked and what it said.

A :class:`PlanRun` keeps everything its pages need — parameters, seed, policy and solver
versions, the KPIs, the routes, the visits left out with their reasons, and a snapshot
of the visits and pairs it planned — so a plan is shown exactly as it was made, without
solving again, however the register has moved on since.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.accounts.models import Station
from safehold.jobs.models import JobRun


class OfficerPair(models.Model):
    """Two offender managers who make home visits together, based at a station.

    Their duty is the default rota (``rota.py``: weekdays 08:00-16:00, evenings
    14:00-22:00 on ``evening_weekdays``) unless a :class:`DutyShift` says otherwise.
    """

    name = models.CharField(max_length=60, unique=True)
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="+")
    officer_1 = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    officer_2 = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    evening_weekdays = models.JSONField(
        default=list, blank=True, help_text="Weekdays (0 = Monday) of the 14:00-22:00 shift"
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = "officer pair"

    def __str__(self) -> str:
        return self.name


class DutyShift(models.Model):
    """A pair's duty on one date, set by the force; no times means a rest day."""

    pair = models.ForeignKey(OfficerPair, on_delete=models.CASCADE, related_name="shifts")
    on = models.DateField()
    starts = models.TimeField(null=True, blank=True)
    ends = models.TimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["on", "pair"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["pair", "on"], name="one_duty_per_pair_per_day"),
            models.CheckConstraint(
                condition=(models.Q(starts__isnull=True) & models.Q(ends__isnull=True))
                | (
                    models.Q(starts__isnull=False)
                    & models.Q(ends__isnull=False)
                    & models.Q(ends__gt=models.F("starts"))
                ),
                name="duty_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        if self.starts is None:
            return f"{self.pair} rests on {self.on}"
        return f"{self.pair} on {self.on} {self.starts:%H:%M}-{self.ends:%H:%M}"


class PlanStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Planning"
    READY = "ready", "Ready to accept"
    ACCEPTED = "accepted", "Accepted"
    SUPERSEDED = "superseded", "Superseded"
    FAILED = "failed", "Failed"


FINISHED = (PlanStatus.READY, PlanStatus.ACCEPTED, PlanStatus.SUPERSEDED)


class PlanRun(models.Model):
    """One run of the visit planner, from request to (perhaps) acceptance."""

    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    replan_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replans"
    )
    start_date = models.DateField()
    horizon_days = models.PositiveSmallIntegerField()
    seed = models.PositiveBigIntegerField(default=0)
    max_runtime_s = models.FloatField(null=True, blank=True)
    max_iterations = models.PositiveIntegerField(null=True, blank=True)
    pair_ids = models.JSONField(default=list, blank=True, help_text="Pairs asked for; [] = all")
    params = models.JSONField(default=dict, blank=True)
    policy_version = models.CharField(max_length=40, blank=True)
    solver_version = models.CharField(max_length=80, blank=True)
    travel = models.CharField(max_length=200, blank=True)
    inputs_as_of = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    kpis = models.JSONField(default=dict, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    plan = models.JSONField(default=dict, blank=True)
    visits = models.JSONField(default=dict, blank=True)
    pairs = models.JSONField(default=dict, blank=True)
    skipped = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.ForeignKey(
        JobRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["status", "start_date"])]

    def __str__(self) -> str:
        return f"Visit plan {self.pk} from {self.start_date} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_replan(self) -> bool:
        return self.replan_of_id is not None
