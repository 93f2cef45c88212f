"""Search people and open a person's record (each look logged with its justification)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.audit.access import justified, log_consultation
from safehold.lists import Column, sort_and_paginate

from .disclosure import WITHHELD_NOTE, withhold_addresses
from .links import links_for
from .queries import merges_into, person_record, search_people

PEOPLE_COLUMNS = (
    Column("Name", "name"),
    Column("Reference", "reference"),
    Column("Date of birth", "dob"),
    Column("Current address"),
)
PEOPLE_SORTS = {
    "name": ["family_name", "given_name"],
    "reference": ["reference"],
    "dob": ["date_of_birth"],
}


@require(Capability.VIEW_PEOPLE)
@justified("list", kind="people")
def person_list(request: HttpRequest) -> HttpResponse:
    """Search people by name, alias or reference."""
    query = request.GET.get("q", "")[:100]
    listing = sort_and_paginate(
        request,
        search_people(query),
        sort_fields=PEOPLE_SORTS,
        default_sort="name",
        columns=PEOPLE_COLUMNS,
    )
    withhold_addresses(signed_in_user(request), listing.page)
    log_consultation(
        signed_in_user(request),
        "person_search",
        query,
        request.justification,  # type: ignore[attr-defined]
        person_id=None,
        detail={"shown": [p.pk for p in listing.page]},
        people=[p.pk for p in listing.page],
    )
    return render(
        request, "people/list.html", {"listing": listing, "q": query, "withheld": WITHHELD_NOTE}
    )


@require(Capability.VIEW_PEOPLE)
@justified("person", "person_id")
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's record: names, aliases, address history and linked records."""
    person = person_record(person_id)
    if person is None:
        raise Http404
    user = signed_in_user(request)
    if person.merged_into_id is not None:
        # A retired duplicate: say where it went and open the person who survives.
        log_consultation(
            user,
            "person",
            person.pk,
            request.justification,  # type: ignore[attr-defined]
            person_id=person.pk,
            detail={"merged_into": person.merged_into_id},
        )
        messages.info(
            request, f"Record {person.reference} was merged into this person; it is retired."
        )
        return redirect("people:detail", person_id=person.merged_into_id)
    withhold_addresses(user, [person])
    log_consultation(
        user,
        "person",
        person.pk,
        request.justification,  # type: ignore[attr-defined]
        person_id=person.pk,
    )
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "links": links_for(person, user),
            "withheld": WITHHELD_NOTE,
            "merges": merges_into(person.pk),
            # The service checks again; the page offers merging to whom it would allow it.
            "may_merge": user.can(Capability.MERGE_PEOPLE) and user.rank_enum.is_supervisor,
        },
    )
