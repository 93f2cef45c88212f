"""One offender's record: status, due dates with reasons, timeline and quick actions."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability, Rank
from safehold.audit.access import justified, log_consultation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.people.crosslinks import shown_links

from .. import services
from ..facts import current_policy, evaluate_offenders
from ..forms import AssignForm, IntervalForm, PursueForm
from ..models import ChangeState, Offender
from ..order_reads import order_panel
from ..procedure_forms import ClearWhereaboutsForm, WhereaboutsStepForm
from ..record_queries import offender_record, timeline
from ..risk_queries import risk_context
from ..whereabouts import procedure_tasks
from ..whereabouts_rules import next_task, warrant_prompt


def _offender(request: HttpRequest, offender_id: int) -> Offender:
    offender = offender_record(offender_id)
    if offender is None:
        raise Http404
    return offender


def _procedures(offender: Offender, clock: Clock) -> dict[str, Any]:
    """The open whereabouts procedure with its tasks, possible s91 matters, the notified
    details and the warrant prompt (from the prefetched record)."""
    procedure = next((w for w in offender.whereabouts.all() if w.is_open), None)
    policy = current_policy()
    now = clock.now()
    tasks = procedure_tasks(procedure, clock=clock) if procedure else []
    return {
        "procedure": procedure,
        "procedure_tasks": [(t, t.overdue(now)) for t in tasks],
        "next_step": next_task(tasks),
        "s91": [n for n in offender.notifications.all() if n.possible_s91 and not n.s91_decision],
        "current_details": [d for d in offender.details.all() if d.is_current],
        "warrant": warrant_prompt(offender.no_access_streak, policy.whereabouts),
        "step_form": WhereaboutsStepForm(),
        "clear_form": ClearWhereaboutsForm(),
    }


@require(Capability.VIEW_OFFENDERS)
@justified("offender", "offender_id")
def offender_detail(request: HttpRequest, offender_id: int) -> HttpResponse:
    """The offender's record: status, due dates with reasons, and a timeline of every event."""
    user = signed_in_user(request)
    offender = _offender(request, offender_id)
    clock = SYSTEM_CLOCK  # the edge: the page reads the real time
    today = clock.today()
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
            "cross_links": shown_links(
                user,
                Capability.VIEW_OFFENDERS,
                [offender.pk],
                by="offender",
                justification=request.justification,  # type: ignore[attr-defined]
                where=f"offender:{offender.pk}",
            ).get(offender.pk, []),
            **_procedures(offender, clock),
            **risk_context(offender),
            **order_panel(offender, today),
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
