"""Links across units: one person both in a domestic-abuse incident and on the offender register.

Three kinds (issue 10 item 9):

- the suspect in a DA incident is a registered offender;
- another household member in a DA incident is a registered offender;
- a child in a DA incident lives (current home) at a registered offender's current home.

Computed on every read by a query over the people links (an incident's parties, an
offender's person, people's current addresses): nothing is copied, so nothing goes stale.
The query walks Person's relations by name (``da_parties``, ``offender``, ``addresses``),
so this module, below both contexts, imports neither.

Need to know: a link names a record of each unit, so it is shown only to a role allowed to
see both sides (:func:`may_see_links`: ``VIEW_CROSS_UNIT_LINKS`` with the page's own
capability) and shows of the other side only its reference and the reason, never its
contents. Every showing is logged (:func:`log_links_shown`) naming the people linked.
Two queries per call, whatever the number of records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from safehold.accounts.roles import Capability
from safehold.audit.log import Justification, record
from safehold.audit.models import Operation

from .models import AddressKind, Person

if TYPE_CHECKING:
    from safehold.accounts.models import User

# Register statuses no longer managed (the strings of offenders.models.Status).
OFF_REGISTER = ("expired", "deceased")
HOUSEHOLD_ROLES = {"suspect": "Suspect", "other": "Household member"}


class LinkKind(StrEnum):
    SUSPECT_IS_OFFENDER = "suspect_is_offender"
    HOUSEHOLD_IS_OFFENDER = "household_is_offender"
    CHILD_AT_OFFENDER_HOME = "child_at_offender_home"


@dataclass(frozen=True, slots=True)
class CrossLink:
    """One link: the DA incident and party, and the register record, with the reason."""

    kind: LinkKind
    incident_id: int
    person_id: int  # the person on the incident (suspect, household member or child)
    offender_id: int
    offender_person_id: int
    register_reference: str

    @property
    def incident_reference(self) -> str:
        return f"DA-{self.incident_id:07d}"

    @property
    def reason(self) -> str:
        da, reg = self.incident_reference, self.register_reference
        if self.kind is LinkKind.SUSPECT_IS_OFFENDER:
            return f"Suspect in {da} is registered offender {reg}"
        if self.kind is LinkKind.HOUSEHOLD_IS_OFFENDER:
            return f"Household member in {da} is registered offender {reg}"
        return f"Child in {da} lives at the home address of registered offender {reg}"

    @property
    def label(self) -> str:
        return "Registered offender linked"


def may_see_links(user: Any, side: Capability) -> bool:
    """Whether ``user`` may see cross-unit links on a page of ``side`` (its capability)."""
    return bool(user.can(Capability.VIEW_CROSS_UNIT_LINKS) and user.can(side))


def _party_links(scope: Q) -> list[CrossLink]:
    rows = (
        Person.objects.filter(
            scope,
            da_parties__role__in=list(HOUSEHOLD_ROLES),
            offender__isnull=False,
        )
        .exclude(offender__status__in=OFF_REGISTER)
        .values_list(
            "pk",
            "da_parties__role",
            "da_parties__incident_id",
            "offender__pk",
            "offender__register_reference",
        )
        .distinct()
    )
    return [
        CrossLink(
            LinkKind.SUSPECT_IS_OFFENDER if role == "suspect" else LinkKind.HOUSEHOLD_IS_OFFENDER,
            incident,
            pk,
            offender,
            pk,
            reference,
        )
        for pk, role, incident, offender, reference in rows
    ]


_RESIDENT = "addresses__address__residents__"


def _child_links(scope: Q) -> list[CrossLink]:
    rows = (
        Person.objects.filter(
            scope,
            da_parties__role="child",
            addresses__valid_to__isnull=True,
            addresses__kind=AddressKind.HOME,
            **{
                f"{_RESIDENT}valid_to__isnull": True,
                f"{_RESIDENT}kind": AddressKind.HOME,
                f"{_RESIDENT}person__offender__isnull": False,
            },
        )
        .values_list(
            "pk",
            "da_parties__incident_id",
            f"{_RESIDENT}person__offender__pk",
            f"{_RESIDENT}person_id",
            f"{_RESIDENT}person__offender__register_reference",
            f"{_RESIDENT}person__offender__status",
        )
        .distinct()
    )
    # The resident's status is read on the joined row and checked here: an ``exclude()``
    # across these many-valued relations would drop the child if any offender off the
    # register had ever lived at any of the child's homes, hiding a current link.
    return [
        CrossLink(LinkKind.CHILD_AT_OFFENDER_HOME, incident, pk, offender, offender_person, ref)
        for pk, incident, offender, offender_person, ref, status in rows
        if status not in OFF_REGISTER
    ]


def _sorted(links: Iterable[CrossLink]) -> list[CrossLink]:
    return sorted(set(links), key=lambda x: (x.incident_id, x.kind, x.register_reference))


def links_for_incidents(incident_ids: Iterable[int]) -> dict[int, list[CrossLink]]:
    """The links of each of these DA incidents (two queries)."""
    ids = sorted(set(incident_ids))
    out: dict[int, list[CrossLink]] = defaultdict(list)
    if not ids:
        return out
    found = _party_links(Q(da_parties__incident_id__in=ids))
    found += _child_links(Q(da_parties__incident_id__in=ids))
    for link in _sorted(found):
        out[link.incident_id].append(link)
    return out


def links_for_offenders(offender_ids: Iterable[int] | None) -> dict[int, list[CrossLink]]:
    """The links of each of these register records, or of every one for ``None`` (two
    queries)."""
    out: dict[int, list[CrossLink]] = defaultdict(list)
    if offender_ids is None:
        found = _party_links(Q()) + _child_links(Q())
    else:
        ids = sorted(set(offender_ids))
        if not ids:
            return out
        found = _party_links(Q(offender__pk__in=ids))
        found += _child_links(Q(**{f"{_RESIDENT}person__offender__pk__in": ids}))
    for link in _sorted(found):
        out[link.offender_id].append(link)
    return out


def log_links_shown(
    user: User,
    links: Iterable[CrossLink],
    justification: Justification,
    *,
    where: str,
    channel: str = "page",
) -> None:
    """Log one look at the cross-unit links a page showed (nothing when it showed none)."""
    shown = _sorted(links)
    if not shown:
        return
    record(
        user,
        Operation.CONSULTATION,
        "cross_unit_links",
        where,
        justification=justification,
        channel=channel,
        detail={
            "links": [
                {"kind": x.kind.value, "incident": x.incident_id, "offender": x.offender_id}
                for x in shown
            ]
        },
        people=[p for x in shown for p in (x.person_id, x.offender_person_id)],
    )


def shown_links(
    user: User,
    side: Capability,
    ids: Iterable[int] | None,
    *,
    by: str,
    justification: Justification,
    where: str,
    channel: str = "page",
) -> dict[int, list[CrossLink]]:
    """The links a page of ``side`` may show for these records (``by``: "incident" or
    "offender"), logged as one look; none, and no query, for a role that may not see them."""
    if not may_see_links(user, side):
        return {}
    links = links_for_incidents(ids or ()) if by == "incident" else links_for_offenders(ids)
    shown = [x for found in links.values() for x in found]
    log_links_shown(user, shown, justification, where=where, channel=channel)
    return links
