"""API schemas of the register: what its operations take (``...In``) and give back.

The outputs for the aggregates, the briefing, imports and policy results each mirror the
``to_dict`` of the object the operation returns, so the OpenAPI document describes every
field (``tests/test_openapi_schemas.py`` fails on an undescribed response). Every input is
bounded (``safehold.apiutil``; ``tests/test_api_bounds.py``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from safehold.apiutil import (
    Code,
    Codes,
    Day,
    Id,
    Line,
    LongText,
    Name,
    Page,
    Postcode,
    Reason,
    Search,
    Title,
    Version,
)

# A policy reason's details: a few named values (dates as ISO strings).
Detail = str | int | float | bool | None


class ReasonOut(Schema):
    code: str
    text: str
    details: dict[str, Detail]


class NotificationDueOut(Schema):
    kind: str
    due_on: date
    is_overdue: bool
    days_overdue: int
    reason: ReasonOut


class PolicyResultOut(Schema):
    """What the visit policy says about the offender today, with its reasons."""

    offender_id: int
    evaluated_on: date
    policy_version: str
    visit_kind: str
    next_visit_due: date | None
    is_overdue: bool
    days_overdue: int
    visits_missed: int
    missed_visit_due_dates: list[date]
    interval_months: int | None
    interval_source: str
    effective_risk_level: str | None
    risk_weight: int
    risk_review_due: date | None
    risk_review_overdue: bool
    risk_review_days_overdue: int
    notifications_due: list[NotificationDueOut]
    reasons: list[ReasonOut]


class BacklogCounts(Schema):
    offenders: int
    overdue_visits: int
    missed_visits: int
    oldest_overdue_days: int
    overdue_station_attendances: int
    risk_reviews_overdue: int
    notifications_overdue: int
    whereabouts_unknown: int


class CaseloadOut(Schema):
    manager: str
    offenders: int
    over_cap: bool


class TrendPoint(Schema):
    day: date
    overdue_visits: int
    missed_visits: int


class BacklogOut(Schema):
    """The whole force's backlog: totals, then counts by risk, station and manager."""

    as_of: date
    policy_version: str
    overdue_visits: int
    missed_visits: int
    oldest_overdue_days: int
    offenders: int
    overdue_risk_reviews: int
    overdue_notifications: int
    overdue_station_attendances: int
    whereabouts_unknown: int
    by_risk: dict[str, BacklogCounts]
    by_station: dict[str, BacklogCounts]
    by_manager: dict[str, BacklogCounts]
    caseload_cap: int
    caseloads: list[CaseloadOut]
    trend: list[TrendPoint]


class BriefingActionOut(Schema):
    """An open action agreed at an earlier meeting, shown on its line until closed."""

    id: int
    section: str
    kind: str
    owner: str
    due_on: date
    note: str
    agreed_by: str
    agreed_at: datetime
    meeting_on: date


class BriefingLineOut(Schema):
    offender_id: int
    reference: str
    name: str
    risk_level: str
    manager: str
    station: str
    why: list[str]
    pursued: bool
    actions: list[BriefingActionOut]
    cross_links: list[str] = []


class BriefingSectionOut(Schema):
    key: str
    title: str
    lines: list[BriefingLineOut]


class BriefingOut(Schema):
    """The priorities team's morning briefing: sections of offenders, each with why."""

    date: date
    policy_version: str
    sections: list[BriefingSectionOut]


class ImportErrorOut(Schema):
    line: int
    field: str
    message: str


class ImportReportOut(Schema):
    """A caseload import: what it did (or would do, in a dry run), or every row's errors."""

    file: str
    dry_run: bool
    ok: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[ImportErrorOut]


# ------------------------------------------------- the records and what the writes take


class OffenderSummary(Schema):
    id: int
    register_reference: str
    name: str
    risk_level: str
    status: str
    next_visit_due: date | None
    days_overdue: int
    visits_missed: int
    offender_manager: str | None
    station: str
    policy_version: str


class OffenderPage(Schema):
    count: int
    page: int
    pages: int
    items: list[OffenderSummary]


class ListQuery(Schema):
    q: Search = ""
    risk: Codes = []
    station: Id | None = None
    manager: Id | None = None
    status: Code = ""
    overdue: Code = ""
    sort: Code = "due"
    page: Page = 1


class EventOut(Schema):
    at: date
    kind: str
    title: str
    detail: str


class OffenderOut(Schema):
    id: int
    register_reference: str
    person_id: int
    name: str
    date_of_birth: date | None
    risk_level: str
    status: str
    mappa_category: int
    mappa_level: int
    registered_on: date
    registration_ends_on: date | None
    offender_manager: str | None
    station: str
    pursued: bool
    version: int
    policy: PolicyResultOut | None
    timeline: list[EventOut]


class Created(Schema):
    id: int


class VisitIn(Schema):
    visited_at: datetime
    outcome: Code
    kind: Code = "home"
    officer_1_id: Id | None = None
    officer_2_id: Id | None = None
    announced: bool = False
    checks: LongText = ""
    concerns: LongText = ""
    intelligence_submitted: bool = False
    planned_visit_id: Id | None = None


class AssessmentIn(Schema):
    tool: Code
    level: Code
    assessed_on: Day
    next_review_due: Day | None = None
    assessor_name: Line = ""
    notes: LongText = ""


class NotificationIn(Schema):
    kind: Code
    notified_on: Day
    details: LongText = ""
    travel_departs_on: Day | None = None
    travel_returns_on: Day | None = None
    travel_destination: Line = ""
    subject: Code = ""
    changed_on: Day | None = None
    value: Line = ""
    new_given_name: Name = ""
    new_family_name: Name = ""
    address_line1: Line = ""
    address_town: Line = ""
    address_postcode: Postcode = ""
    address_lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    address_lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    stay_to: Day | None = None
    excuse: Reason = ""


class BreachIn(Schema):
    what: Title
    occurred_on: Day
    action: Code
    action_on: Day | None = None
    details: LongText = ""
    # The order or the term of an order the breach breaks (issue 10), the crime
    # reference and the result (a BreachResult value).
    order_id: Id | None = None
    requirement_id: Id | None = None
    crime_reference: Line = ""
    result: Code = ""


class AssignIn(Schema):
    manager_id: Id
    version: Version | None = None


class PursueIn(Schema):
    pursued: bool
    reason: Reason = ""
    version: Version | None = None


class ScheduleIn(Schema):
    planned_for: datetime
    officer_1_id: Id | None = None
    officer_2_id: Id | None = None
