"""Reads of people shaped for the pages and the API: a fixed number of queries each."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from safehold.audit.search import Identity

from .disclosure import victim_flag
from .models import Person, PersonAddress, PersonMerge


def search_people(text: str = "") -> QuerySet[Person]:
    """People each of whose words ``text`` matches in a name, an alias's family name or
    the reference (exactly). A record retired by a merge is never among them."""
    people = Person.objects.current()
    text = text.strip()
    if text:
        words = text.split()
        for word in words:
            people = people.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(reference__iexact=word)
                | Q(aliases__family_name__icontains=word)
            )
        people = people.distinct()
    return people.annotate(is_da_victim=victim_flag()).prefetch_related(_current_addresses())


def _current_addresses() -> Any:
    return Prefetch(
        "addresses",
        queryset=PersonAddress.objects.filter(valid_to__isnull=True).select_related("address"),
        to_attr="current_addresses",
    )


def person_record(person_id: int) -> Person | None:
    """A person with aliases and full address history, or None."""
    return (
        Person.objects.filter(pk=person_id)
        .annotate(is_da_victim=victim_flag())
        .prefetch_related(
            "aliases",
            Prefetch(
                "addresses",
                queryset=PersonAddress.objects.select_related("address__location").order_by(
                    "-valid_from"
                ),
                to_attr="address_history",
            ),
        )
        .first()
    )


def merges_into(person_id: int) -> list[PersonMerge]:
    """The standing merges of duplicates into this person, newest first (one query)."""
    return list(
        PersonMerge.objects.filter(survivor_id=person_id, undone_at__isnull=True)
        .select_related("retired", "merged_by")
        .order_by("-merged_at", "-id")
    )


def merged_identity(person_id: int) -> Identity:
    """The survivor of ``person_id`` and every record merged into it, through merges in force
    now and chains of them (one query, whatever the number of merges): the access-log search
    follows it."""
    into = dict(
        PersonMerge.objects.filter(undone_at__isnull=True).values_list("retired_id", "survivor_id")
    )

    def root(pk: int) -> int:
        hops = 0
        while pk in into and hops <= len(into):  # a merge chain, never a circle
            pk, hops = into[pk], hops + 1
        return pk

    survivor = root(person_id)
    retired = tuple(sorted(pk for pk in into if pk != survivor and root(pk) == survivor))
    return Identity(person_id, survivor, retired)
