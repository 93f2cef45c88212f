"""Reads of the register shaped for its pages, the API and the CLI: the offender list.

One record's reads are in ``record_queries``; the backlog's in ``backlog_queries``.

Each costs a fixed number of SQL queries whatever the size of the force: the policy
runs over the offenders' summary columns (two queries, see ``facts``), and each page then
fetches only the rows it shows, with their relations, in one more query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from safehold.accounts.models import User
from safehold.accounts.roles import Role

from .backlog_cache import memo_by_register_stamp
from .facts import Evaluated, current_policy, evaluate_offenders
from .models import (
    Offender,
    Status,
)

RISK_RANK = {"very_high": 0, "high": 1, "medium": 2, "low": 3, "": 4, None: 4}


# ------------------------------------------------------------------------ the list


@dataclass(frozen=True, slots=True)
class OffenderFilters:
    """What the offender list is narrowed to. Empty means no filter."""

    q: str = ""
    risk: tuple[str, ...] = ()
    station: int | None = None
    manager: int | None = None
    unassigned: bool = False
    status: str = ""
    overdue: str = ""  # "yes", "no" or ""


def _filtered(filters: OffenderFilters) -> QuerySet[Offender]:
    offenders = Offender.objects.all()
    for word in filters.q.split():
        offenders = offenders.filter(
            Q(person__family_name__icontains=word)
            | Q(person__given_name__icontains=word)
            | Q(register_reference__iexact=word)
            | Q(person__reference__iexact=word)
        )
    if filters.risk:
        offenders = offenders.filter(risk_level__in=filters.risk)
    if filters.station:
        offenders = offenders.filter(station_id=filters.station)
    if filters.manager:
        offenders = offenders.filter(offender_manager_id=filters.manager)
    if filters.unassigned:
        offenders = offenders.filter(offender_manager__isnull=True)
    if filters.status:
        offenders = offenders.filter(status=filters.status)
    return offenders


SORTS = {
    "name": lambda e: (e.row["person__family_name"].lower(), e.row["person__given_name"].lower()),
    "reference": lambda e: e.row["register_reference"],
    "risk": lambda e: (RISK_RANK[e.row["risk_level"]], -e.result.days_overdue),
    "due": lambda e: (e.result.next_visit_due or date.max, RISK_RANK[e.row["risk_level"]]),
    "overdue": lambda e: (e.result.days_overdue, -RISK_RANK[e.row["risk_level"]]),
    "station": lambda e: e.row["station__name"] or "",
    "manager": lambda e: e.row["offender_manager__username"] or "",
}


def register_evaluation(today: date) -> list[Evaluated]:
    """Every offender on the register evaluated under the current policy, kept in this
    process under the register's change stamp (``backlog_cache``). Callers must not
    change it."""
    policy = current_policy()
    return memo_by_register_stamp(
        "register", today, policy.version, lambda: evaluate_offenders(today=today, policy=policy)
    )


def offender_list(
    filters: OffenderFilters, *, sort: str, descending: bool, today: date, cached: bool = False
) -> list[Evaluated]:
    """Every offender matching the filters, evaluated and sorted (offenders off the
    register only when their status is asked for).

    ``cached``: filter the whole register's evaluation kept under its change stamp
    (``backlog_cache``) by the ids the filters select (one query) instead of evaluating
    the matching offenders again.
    """
    off_register = filters.status in (Status.DECEASED, Status.EXPIRED)
    if cached and not off_register:
        everyone = register_evaluation(today)
        if filters == OffenderFilters():
            evaluated = list(everyone)
        else:
            wanted = set(_filtered(filters).values_list("id", flat=True))
            evaluated = [e for e in everyone if e.row["id"] in wanted]
    else:
        evaluated = evaluate_offenders(
            _filtered(filters), today=today, include_off_register=off_register
        )
    if filters.overdue == "yes":
        evaluated = [e for e in evaluated if e.result.is_overdue]
    elif filters.overdue == "no":
        evaluated = [e for e in evaluated if not e.result.is_overdue]
    key = SORTS.get(sort, SORTS["due"])
    evaluated.sort(key=key, reverse=descending)
    return evaluated


def offenders_by_id(ids: Sequence[int]) -> dict[int, Offender]:
    """The offenders on one page with person, station and manager (one query)."""
    rows = Offender.objects.filter(pk__in=list(ids)).select_related(
        "person", "station", "offender_manager"
    )
    return {o.pk: o for o in rows}


def offender_managers() -> list[User]:
    return list(
        User.objects.filter(role=Role.OFFENDER_MANAGER, is_active=True)
        .select_related("station")
        .order_by("last_name", "first_name")
    )
