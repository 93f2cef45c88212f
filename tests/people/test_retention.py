"""Retention: people nothing holds are erased after the review period, and it is logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.factories import OffenderFactory, PersonFactory
from tests.safeguarding.factories import make_incident

from safehold.audit.models import AccessLogEntry, Operation
from safehold.errors import InvalidInput
from safehold.people.models import Address, Person
from safehold.people.services import erase_unlinked_people
from safehold.safeguarding.models import Party, PersonMatch

pytestmark = pytest.mark.django_db


def _age(person: Person, years: int) -> None:
    old = timezone.now() - timedelta(days=365 * years + 1)
    Person.objects.filter(pk=person.pk).update(modified_at=old)
    Address.objects.filter(residents__person=person).update(modified_at=old)
    person.addresses.update(modified_at=old)


def test_an_old_unlinked_person_is_erased_and_the_erasure_logged() -> None:
    """Seven years untouched and held by nothing: erased with its address, logged."""
    stale = PersonFactory()
    _age(stale, 7)
    report = erase_unlinked_people(None, older_than_years=6, reason="review 2026", dry_run=False)
    assert report.references == [stale.reference]
    assert not Person.objects.filter(pk=stale.pk).exists()
    assert not Address.objects.exists()
    entry = AccessLogEntry.objects.get(operation=Operation.ERASURE)
    assert (entry.record_id, entry.justification) == (stale.reference, "review 2026")


def test_a_person_held_by_an_offender_record_or_recently_touched_is_kept() -> None:
    """An offender's person and a recent record survive; a dry run erases nothing."""
    offender = OffenderFactory()
    _age(offender.person, 10)
    recent = PersonFactory()
    old = PersonFactory()
    _age(old, 9)
    dry = erase_unlinked_people(None, older_than_years=6, reason="review")
    assert dry.references == [old.reference]
    assert Person.objects.count() == 3
    erase_unlinked_people(None, older_than_years=6, reason="review", dry_run=False)
    assert set(Person.objects.values_list("pk", flat=True)) == {offender.person_id, recent.pk}


def test_an_erasure_needs_a_reason() -> None:
    """No reason, no erasure."""
    with pytest.raises(InvalidInput):
        erase_unlinked_people(None, older_than_years=6, reason=" ", dry_run=False)


def test_a_person_only_a_person_match_points_at_is_kept_and_the_rest_erased() -> None:
    """A candidate in a match awaiting a decision is held (the relation has no reverse
    name); the erasure of the others goes ahead instead of failing on it."""
    candidate, stale = PersonFactory(), PersonFactory()
    _age(candidate, 9)
    _age(stale, 9)
    incident = make_incident()
    PersonMatch.objects.create(
        party=Party.objects.get(incident=incident, role="victim"),
        candidate=candidate,
        probability=0.7,
        match_weight=3.1,
        model_version="test",
        status="pending",
    )
    report = erase_unlinked_people(None, older_than_years=6, reason="review", dry_run=False)
    assert report.references == [stale.reference]
    assert Person.objects.filter(pk=candidate.pk).exists()
    assert not Person.objects.filter(pk=stale.pk).exists()


def test_the_review_period_counts_back_from_the_clock_given() -> None:
    """Six years before a frozen 'now': a person touched seven years before it is due,
    and the report's cutoff is that clock's time less the period."""
    from safehold.clock import FrozenClock

    person = PersonFactory()
    clock = FrozenClock(timezone.now() + timedelta(days=365 * 7))
    report = erase_unlinked_people(None, older_than_years=6, reason="review", clock=clock)
    assert report.references == [person.reference]
    assert report.cutoff == clock.now() - timedelta(days=365 * 6)
