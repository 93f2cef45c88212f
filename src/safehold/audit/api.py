"""API: search the access log and verify its chain (auditors only)."""

from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from safehold.accounts.roles import Capability
from safehold.apiutil import Id, UserName, api_user, require_api

from .log import Justification, record, verify_chain
from .models import AccessLogEntry, Operation
from .search import LogFilters, search_log

router = Router(tags=["access log"])


class EntryOut(Schema):
    id: int
    at: datetime
    username: str
    role: str
    operation: str
    record_type: str
    record_id: str
    person_id: int | None  # the id the entry was recorded against
    merged_into: int | None = None  # that id's survivor, when it has since been merged
    reason: str
    justification: str
    recipient: str
    channel: str
    hash: str


class EntryQuery(Schema):
    person: Id | None = None
    username: UserName | None = None
    operation: Operation | None = None
    date_from: date | None = None
    date_to: date | None = None
    limit: Annotated[int, Field(ge=1, le=1000)] = 100
    before_id: Id | None = None


class VerifyOut(Schema):
    intact: bool
    entries: int
    first_bad_entry: int | None
    problem: str | None


@router.get("/entries", response=list[EntryOut], summary="Search the access log, newest first")
@require_api(Capability.VIEW_ACCESS_LOG)
def entries(request: HttpRequest, filters: Query[EntryQuery]) -> list[EntryOut]:
    found = search_log(LogFilters.from_mapping(filters.dict()))
    rows = list(found.entries.order_by("-id")[: max(1, min(filters.limit, 1000))])
    record(
        api_user(request),
        Operation.DISCLOSURE,
        "access_log_search",
        justification=Justification("supervision", "access-log search by an auditor"),
        recipient=api_user(request).username,
        channel="api",
        detail={"returned": len(rows)},
    )
    identity = found.identity
    return [
        EntryOut.model_validate(row).model_copy(
            update={"merged_into": identity.survivor_of(row.person_id) if identity else None}
        )
        for row in rows
    ]


@router.get("/verify", response=VerifyOut, summary="Check the access log's hash chain")
@require_api(Capability.VIEW_ACCESS_LOG)
def verify(request: HttpRequest) -> VerifyOut:
    problem = verify_chain()
    return VerifyOut(
        intact=problem is None,
        entries=AccessLogEntry.objects.count(),
        first_bad_entry=problem.entry_id if problem else None,
        problem=str(problem) if problem else None,
    )
