"""API output schemas for the register's aggregates, the briefing, imports and policy results.

Each mirrors the ``to_dict`` of the object the operation returns, so the OpenAPI document
describes every field (``tests/test_openapi_schemas.py`` fails on an undescribed response).
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema

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
