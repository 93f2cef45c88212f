"""Writes to the people record: the review, retention and erasure of people on record.

Under the College of Policing's information management APP (formerly MoPI), a record with
no continuing policing purpose is disposed of after its review period. Safehold erases a
person only when nothing else holds them — no offender record, incident, or any other
context's row points at them — and when the record has been untouched for the period.
Each erasure is logged (DPA 2018 s.62 "erasure") in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import models, transaction
from django.db.models import Q, QuerySet

from safehold.accounts.models import User
from safehold.audit.log import Justification, PendingEntry, record_many
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import InvalidInput

from .models import Address, Alias, Location, Person, PersonAddress

OWN_RELATIONS = {PersonAddress, Alias}


def _linking_relations() -> list[models.ForeignObjectRel]:
    """Relations from other contexts' tables to Person (anything but its own parts).

    Hidden ones count too: ``related_objects`` leaves out relations declared with
    ``related_name="+"`` (an incident's victim, a match's candidate), which hold a
    person all the same.
    """
    return [
        f
        for f in Person._meta.get_fields(include_hidden=True)
        if isinstance(f, models.ForeignObjectRel) and f.related_model not in OWN_RELATIONS
    ]


def unlinked_people() -> QuerySet[Person]:
    """People no other record points at."""
    people = Person.objects.all()
    for relation in _linking_relations():
        column = relation.field.attname
        # Without the NULLs: "NOT IN" a list holding a NULL is never true (merged_into).
        holders = relation.related_model._default_manager.filter(
            **{f"{column}__isnull": False}
        ).values(column)
        people = people.exclude(pk__in=holders)
    return people


@dataclass
class RetentionReport:
    cutoff: datetime
    dry_run: bool
    references: list[str] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.references)


def erase_unlinked_people(
    actor: User | None,
    *,
    older_than_years: int,
    reason: str,
    dry_run: bool = True,
    clock: Clock = SYSTEM_CLOCK,
) -> RetentionReport:
    """Erase people on record with no links, untouched for ``older_than_years``."""
    if older_than_years < 1:
        raise InvalidInput("The review period must be at least 1 year", field="older_than_years")
    if not reason.strip():
        raise InvalidInput("Give the reason for the erasure (the review decision)", field="reason")
    cutoff = clock.now() - timedelta(days=365 * older_than_years)
    due = (
        unlinked_people()
        .filter(modified_at__lt=cutoff)
        .filter(~Q(addresses__modified_at__gte=cutoff))
        .distinct()
        .order_by("id")
    )
    report = RetentionReport(cutoff=cutoff, dry_run=dry_run)
    people = list(due)
    report.references = [p.reference for p in people]
    report.person_ids = [p.pk for p in people]
    if dry_run or not people:
        return report
    with transaction.atomic():
        address_ids = set(
            PersonAddress.objects.filter(person__in=people).values_list("address_id", flat=True)
        )
        log = [
            PendingEntry(
                Operation.ERASURE,
                "person",
                p.reference,
                p.pk,
                {"older_than_years": older_than_years},
            )
            for p in people
        ]
        Person.objects.filter(pk__in=[p.pk for p in people]).delete()
        orphans = Address.objects.filter(pk__in=address_ids, residents__isnull=True)
        location_ids = list(orphans.values_list("location_id", flat=True))
        orphans.delete()
        Location.objects.filter(pk__in=location_ids, addresses__isnull=True).delete()
        record_many(
            actor, log, justification=Justification("record_keeping", reason.strip()), channel="cli"
        )
    return report
