"""Matching a person recorded at intake against the people already held.

The database narrows the people held to those sharing a family name, a date of birth or a
postcode with the incoming record (a superset of the linkage engine's standard blocking
keys), and :func:`safehold.people.linkage.match_incoming` scores them. Confident matches
are linked, uncertain ones are queued for a person to confirm or reject (see
``services.log_incident`` and ``services.decide_match``).

The scorer is a port: tests pass a :class:`FakeMatcher`, which records what it was asked
and answers with the pairs it was given, so intake tests need not start Splink.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q

from safehold.people.linkage import default_model, match_incoming
from safehold.people.linkage_records import (
    FieldEvidence,
    LinkageParams,
    MatchBand,
    MatchPair,
    PersonRecord,
)
from safehold.people.models import Person, PersonAddress

Matcher = Callable[[PersonRecord, Sequence[PersonRecord]], list[MatchPair]]
# Enough for any real name; a family name shared by more people than this is scored on
# the first ones by date of birth, which is where a true match would be.
MAX_CANDIDATES = 500


def splink_matcher(new: PersonRecord, held: Sequence[PersonRecord]) -> list[MatchPair]:
    """Score with the linkage engine's default model and thresholds."""
    return match_incoming(new, held, LinkageParams(), default_model())


@dataclass
class FakeMatcher:
    """A matcher for tests: answers ``pairs[(given, family)]``; records every call."""

    pairs: dict[tuple[str, str], list[tuple[int, float, MatchBand]]] = field(default_factory=dict)
    calls: list[tuple[PersonRecord, tuple[str, ...]]] = field(default_factory=list)

    def __call__(self, new: PersonRecord, held: Sequence[PersonRecord]) -> list[MatchPair]:
        self.calls.append((new, tuple(r.id for r in held)))
        wanted = self.pairs.get((new.given_name or "", new.family_name or ""), [])
        held_ids = {r.id for r in held}
        return [
            MatchPair(
                left_id=new.id,
                right_id=str(pk),
                probability=p,
                match_weight=10.0 if band is MatchBand.CONFIDENT else 2.0,
                band=band,
                explanation=(FieldEvidence("family_name", "exact match", "agree", 6.0),),
                model_version="fake",
            )
            for pk, p, band in wanted
            if str(pk) in held_ids
        ]


def record_for(
    key: str,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    postcode: str,
    sex: str,
) -> PersonRecord:
    """The linkage engine's view of a person as recorded at intake."""
    return PersonRecord(
        id=key,
        given_name=given_name or None,
        family_name=family_name or None,
        date_of_birth=date_of_birth,
        postcode=postcode or None,
        sex=sex if sex in ("F", "M") else None,
    )


def candidates(family_name: str, date_of_birth: date | None, postcode: str) -> list[PersonRecord]:
    """People held who share a family name, a date of birth or a postcode (two queries)."""
    wanted = Q(family_name__iexact=family_name) if family_name else Q(pk__in=[])
    if date_of_birth is not None:
        wanted |= Q(date_of_birth=date_of_birth)
    if postcode:
        wanted |= Q(addresses__valid_to__isnull=True, addresses__address__postcode=postcode)
        wanted |= Q(da_parties__postcode=postcode)
    people = (
        Person.objects.current()
        .filter(wanted)
        .distinct()
        .order_by("date_of_birth", "pk")
        .prefetch_related(
            Prefetch(
                "addresses",
                queryset=PersonAddress.objects.filter(valid_to__isnull=True).select_related(
                    "address"
                ),
                to_attr="current_homes",
            )
        )[:MAX_CANDIDATES]
    )
    return [_record(p) for p in people]


def _record(person: Any) -> PersonRecord:
    homes = getattr(person, "current_homes", [])
    return record_for(
        str(person.pk),
        person.given_name,
        person.family_name,
        person.date_of_birth,
        homes[0].address.postcode if homes else "",
        person.sex,
    )


def explanation_data(pair: MatchPair) -> list[dict[str, Any]]:
    """The pair's field-by-field explanation as JSON-ready data."""
    return [
        {
            "field": e.field,
            "level": e.level,
            "outcome": e.outcome,
            "match_weight": round(e.match_weight, 2),
        }
        for e in pair.explanation
    ]
