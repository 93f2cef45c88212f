"""A plan as CSV: every stop in order, then every visit left out with its reason."""

from __future__ import annotations

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.audit.access import justified
from safehold.audit.log import record
from safehold.audit.models import Operation
from safehold.csvexport import csv_response
from safehold.offenders.shown import people_of

from .common import PLAN_RECORD, PLAN_RECORD_ID, finished_run

EXPORT_HEADER = [
    "plan",
    "status",
    "date",
    "pair",
    "officers",
    "order",
    "register_reference",
    "risk_level",
    "due_date",
    "days_overdue",
    "arrival",
    "departure",
    "travel_minutes",
    "travel_km",
    "address",
    "postcode",
    "pinned",
    "reason_code",
    "reason",
    "policy_version",
    "solver_version",
]


@require(Capability.PLAN_VISITS)
@justified(PLAN_RECORD, PLAN_RECORD_ID)
def export(request: HttpRequest, run_id: int) -> StreamingHttpResponse:
    """The plan as CSV: every stop in order, then every visit left out with its reason."""
    user = signed_in_user(request)
    run, view = finished_run(run_id)
    record(
        user,
        Operation.DISCLOSURE,
        "plan_export",
        run.pk,
        channel="export",
        justification=request.justification,  # type: ignore[attr-defined]
        recipient=user.username,
        detail={"offenders": view.offender_ids},
        people=people_of(view.offender_ids),
    )
    rows: list[list[object]] = []
    for r in sorted(view.routes, key=lambda r: (r.day, r.pair_name)):
        for s in r.stops:
            rows.append(
                [
                    run.pk,
                    "planned",
                    r.date.isoformat(),
                    r.pair_name,
                    " and ".join(r.officers),
                    s.order,
                    s.reference,
                    s.risk_level,
                    s.due_date.isoformat() if s.due_date else "",
                    s.days_overdue,
                    timezone.localtime(s.arrival).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(s.departure).strftime("%Y-%m-%d %H:%M"),
                    s.travel_minutes,
                    s.travel_km,
                    s.address,
                    s.postcode,
                    s.pinned,
                    "",
                    "",
                    run.policy_version,
                    run.solver_version,
                ]
            )
    for v in view.left_out:
        info = run.visits.get(v.visit_id, {})
        rows.append(
            [
                run.pk,
                "left_out",
                "",
                "",
                "",
                "",
                v.reference,
                v.risk_level,
                v.due_date.isoformat() if v.due_date else "",
                v.days_overdue,
                "",
                "",
                "",
                "",
                info.get("address", ""),
                info.get("postcode", ""),
                v.pinned,
                v.reason,
                v.text,
                run.policy_version,
                run.solver_version,
            ]
        )
    return csv_response(f"visit-plan-{run.pk}.csv", EXPORT_HEADER, rows)
