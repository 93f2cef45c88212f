"""Access-log entries and the head of their hash chain."""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models


class Operation(models.TextChoices):
    """The processing operations DPA 2018 s.62(1) requires logs of."""

    COLLECTION = "collection", "Collection"
    ALTERATION = "alteration", "Alteration"
    CONSULTATION = "consultation", "Consultation"
    DISCLOSURE = "disclosure", "Disclosure"
    COMBINATION = "combination", "Combination"
    ERASURE = "erasure", "Erasure"


class Reason(models.TextChoices):
    """Why someone looked at or disclosed personal data (the justification)."""

    CASE_MANAGEMENT = "case_management", "Managing this person's case"
    RISK_ASSESSMENT = "risk_assessment", "Assessing or reviewing risk"
    SAFEGUARDING = "safeguarding", "Safeguarding a victim or child"
    INVESTIGATION = "investigation", "Investigating an offence"
    PLANNING = "planning", "Planning a visit or deployment"
    SUPERVISION = "supervision", "Supervision or quality assurance"
    RECORD_KEEPING = "record_keeping", "Recording or importing information"
    OTHER = "other", "Other (explain below)"


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an access-log entry."""

    code = "access_log_append_only"


class AppendOnlyQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("access-log entries cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("access-log entries cannot be deleted")


class AccessLogEntry(models.Model):
    """One logged processing operation. Never updated or deleted."""

    # The id is the chain position, assigned under the chain-head lock, not by the database.
    id = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(max_length=150)
    role = models.CharField(max_length=32, blank=True)
    operation = models.CharField(max_length=16, choices=Operation.choices, db_index=True)
    record_type = models.CharField(max_length=40)
    record_id = models.CharField(max_length=64, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    reason = models.CharField(max_length=32, blank=True)
    justification = models.TextField(blank=True)
    recipient = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=16)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-id"]
        verbose_name = "access-log entry"
        verbose_name_plural = "access-log entries"
        indexes: ClassVar = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"#{self.id} {self.operation} {self.record_type}:{self.record_id} by {self.username}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("access-log entries cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("access-log entries cannot be deleted")

    @property
    def reason_label(self) -> str:
        try:
            return str(Reason(self.reason).label)
        except ValueError:
            return self.reason


class ChainHead(models.Model):
    """The single row holding the last entry's id and hash; locked to append."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"access-log head at #{self.last_id}"


class AccessLogPerson(models.Model):
    """A person an entry named among many (a list, an export, a queue).

    ``AccessLogEntry.person_id`` holds the one person a look was about; a list names
    many, so each is indexed here and an auditor searching for a person finds every list
    that showed them. The ids are also in the entry's hashed ``detail["people"]``; this
    table only indexes them. Written with the entry, never changed.
    """

    entry = models.ForeignKey(AccessLogEntry, on_delete=models.PROTECT, related_name="people_named")
    person_id = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = "person named in an access-log entry"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["entry", "person_id"], name="one_index_per_person")
        ]

    def __str__(self) -> str:
        return f"#{self.entry_id} names person {self.person_id}"
