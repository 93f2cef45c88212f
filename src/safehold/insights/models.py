"""Recorded crimes and their outcomes, as the force's crime system holds them.

One row per recorded crime: when it was recorded, where (the force's own area names),
what (the force's own crime types), whether it is domestic abuse, how many arrests it led
to, and its Home Office outcome type (0-22, DOMAIN.md §4) with the date it was given.
Rows come from ``safehold import-crimes`` (the force's own systems) or, in the synthetic
force, from the domestic-abuse incidents (``safehold.synth.crimes``). No personal data.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class CrimeSource(models.TextChoices):
    IMPORT = "import", "Imported from the crime system"
    SAFEGUARDING = "safeguarding", "Domestic-abuse incident in Safehold"


class Crime(models.Model):
    crime_reference = models.CharField(max_length=40, unique=True)
    recorded_on = models.DateField(db_index=True)
    area = models.CharField(max_length=80)
    crime_type = models.CharField(max_length=80)
    domestic_abuse = models.BooleanField(default=False)
    arrests = models.PositiveIntegerField(default=0)
    outcome_type = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome_on = models.DateField(null=True, blank=True, db_index=True)
    source = models.CharField(max_length=16, choices=CrimeSource.choices)
    incident_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["recorded_on", "crime_reference"]

    def __str__(self) -> str:
        return self.crime_reference


class CountBasis(models.TextChoices):
    RECORDED = "recorded", "By month recorded"
    OUTCOME = "outcome", "By month of the outcome"


class CrimeMonthCount(models.Model):
    """Recorded crimes counted two ways, all the crime measures and ``outcomes explain``
    read (a few thousand rows however many crimes there are):

    * ``recorded``: by month recorded, area, crime type and domestic abuse: the crimes,
      their arrests, how many have since been charged (outcome 1) and how many given any
      outcome (1-22);
    * ``outcome``: by month the outcome was given, area, crime type, domestic abuse and
      outcome type (1-22): the crimes.

    Derived, never edited: :func:`safehold.insights.counts.rebuild_crime_counts` rewrites
    it in the transaction of every write of :class:`Crime` (the import and the synthetic
    force's crimes)."""

    basis = models.CharField(max_length=8, choices=CountBasis.choices)
    month = models.DateField()  # the first day of the month
    area = models.CharField(max_length=80)
    crime_type = models.CharField(max_length=80)
    domestic_abuse = models.BooleanField()
    outcome_type = models.PositiveSmallIntegerField(null=True, blank=True)  # outcome basis
    crimes = models.PositiveIntegerField()
    arrests = models.PositiveBigIntegerField(default=0)  # recorded basis
    charged = models.PositiveIntegerField(default=0)  # recorded basis: since given outcome 1
    with_outcome = models.PositiveIntegerField(default=0)  # recorded basis: given 1-22

    def __str__(self) -> str:
        return f"{self.basis} {self.month:%Y-%m} {self.area} {self.crime_type}: {self.crimes}"
