"""Field-level rules for what of a person each role may see (issue 13, finding 6).

One rule, in one place: a domestic-abuse victim's addresses (where she lives now, and
where she lived) are shown only to roles that safeguard victims. Everyone else with
people access sees the person with the addresses withheld, and told so. The queries
mark victims (``is_da_victim``, one subquery); the pages and the API call
:func:`withhold_addresses` before they render.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef

from safehold.accounts.roles import Capability

from .models import Person

WITHHELD_NOTE = "Withheld: a domestic-abuse victim's address is shown to safeguarding roles only"


def victim_flag() -> Exists:
    """``is_da_victim`` for a queryset of people: a victim on any domestic-abuse incident."""
    return Exists(Person.objects.filter(pk=OuterRef("pk"), da_parties__role="victim"))


def may_see_addresses(user: Any, person: Any) -> bool:
    """Whether ``user`` may see ``person``'s addresses."""
    if not getattr(person, "is_da_victim", False):
        return True
    return bool(user.can(Capability.VIEW_SAFEGUARDING))


def withhold_addresses(user: Any, people: Iterable[Any]) -> None:
    """Blank the addresses of the people ``user`` may not see them for (marked withheld)."""
    for person in people:
        withheld = not may_see_addresses(user, person)
        person.addresses_withheld = withheld
        if withheld:
            for name in ("current_addresses", "address_history"):
                if hasattr(person, name):
                    setattr(person, name, [])
