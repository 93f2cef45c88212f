"""Persons, their aliases, locations, addresses and address history (POLE)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.core_models import TrackedModel


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known"


class PersonQuerySet(models.QuerySet["Person"]):
    def current(self) -> PersonQuerySet:
        """People not retired by a merge (see ``merging.py``)."""
        return self.filter(merged_into__isnull=True)


class Person(TrackedModel):
    """A person known to the force. Every view of this record is logged.

    ``merged_into`` is set when this record was a confirmed duplicate and was retired
    into another (``merging.merge_people``): searches never show a retired record.
    """

    reference = models.CharField(max_length=20, unique=True)
    given_name = models.CharField(max_length=80)
    family_name = models.CharField(max_length=80, db_index=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    photograph = models.ImageField(upload_to="photographs/", null=True, blank=True)
    notes = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_people"
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["family_name", "given_name"]
        indexes: ClassVar = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.reference})"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class Alias(TrackedModel):
    """Another name a person uses or has used."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    given_name = models.CharField(max_length=80, blank=True)
    family_name = models.CharField(max_length=80)
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "aliases"

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Location(models.Model):
    """A point on the map: a home, a scene, a station."""

    lat = models.FloatField()
    lon = models.FloatField()
    description = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.description or f"{self.lat:.5f}, {self.lon:.5f}"


class Address(TrackedModel):
    """A postal address with its coordinates."""

    line1 = models.CharField(max_length=120)
    line2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=60)
    postcode = models.CharField(max_length=10, db_index=True)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="addresses")

    class Meta:
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line1, self.line2, self.town, self.postcode) if p)


class AddressKind(models.TextChoices):
    HOME = "home", "Home (main residence)"
    SECOND = "second", "Second address"
    NO_FIXED_ABODE = "nfa", "No fixed abode (place regularly found)"
    PREVIOUS = "previous", "Previous"


class PersonAddress(TrackedModel):
    """A person's link to an address over a period: the address history."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="residents")
    kind = models.CharField(max_length=10, choices=AddressKind.choices, default=AddressKind.HOME)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-valid_from"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="address_period_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.address_id} from {self.valid_from}"

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class PersonMerge(models.Model):
    """A merge of a confirmed duplicate (``retired``) into ``survivor``, and its undoing.

    ``moved`` records exactly which rows moved: ``{"app.Model.field": [row ids]}``, so
    that undoing the merge moves those rows, and only those, back; ``resolved`` does the same
    for what other contexts did on the merge (``merge_hooks.py``). Never deleted.
    """

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    retired = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    moved = models.JSONField(default=dict)
    # What other contexts' merge hooks changed, by hook: ``{"hook key": [row ids]}``.
    resolved = models.JSONField(default=dict, blank=True)
    alias_added = models.BigIntegerField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undo_reason = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"Person {self.retired_id} merged into {self.survivor_id}"

    @property
    def rows_moved(self) -> int:
        return sum(len(ids) for ids in self.moved.values())
