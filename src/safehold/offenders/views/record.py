"""One offender's record: status, due dates with reasons, timeline and quick actions."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safehold.access import require, signed_in_user
from safehold.accounts.roles import Capability, Rank
from safehold.audit.access import justified, log_consultation

from .. import services
from ..facts import evaluate_offenders
from ..forms import AssignForm, IntervalForm, PursueForm
from ..models import ChangeState, Offender
from ..queries import offender_record, timeline


def _offender(request: HttpRequest, offender_id: int) -> Offender:
    offender = offender_record(offender_id)
    if offender is None:
        raise Http404
    return offender


@require(Capability.VIEW_OFFENDERS)
@justified("offender", "offender_id")
def offender_detail(request: HttpRequest, offender_id: int) -> HttpResponse:
    """The offender's record: status, due dates with reasons, and a timeline of every event."""
    user = signed_in_user(request)
    offender = _offender(request, offender_id)
    today = timezone.localdate()
    evaluated = evaluate_offenders(
        Offender.objects.filter(pk=offender.pk), today=today, include_off_register=True
    )
    result = evaluated[0].result if evaluated else None
    log_consultation(
        user,
        "offender",
        offender.pk,
        request.justification,  # type: ignore[attr-defined]
        person_id=offender.person_id,
    )
    return render(
        request,
        "offenders/detail.html",
        {
            "offender": offender,
            "result": result,
            "timeline": timeline(offender),
            "can_edit": services.can_edit(user, offender),
            "can_assign": user.can(Capability.ASSIGN_OFFENDERS),
            "planned": [v for v in offender.visits.all() if v.is_planned],
            "awaiting": [c for c in offender.risk_changes.all() if c.state == ChangeState.AWAITING],
            "open_reviews": [r for r in offender.management_reviews.all() if r.is_open],
            "is_supervisor": Rank(user.rank).is_supervisor,
            "assign_form": AssignForm(
                initial={"version": offender.version, "manager": offender.offender_manager_id}
            ),
            "pursue_form": PursueForm(
                initial={
                    "version": offender.version,
                    "pursued": offender.pursued,
                    "reason": offender.pursued_reason,
                }
            ),
            "interval_form": IntervalForm(
                initial={
                    "version": offender.version,
                    "months": offender.interval_months_override,
                    "reason": offender.interval_override_reason,
                }
            ),
        },
    )
