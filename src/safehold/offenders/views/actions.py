"""Quick actions posted from the record or the briefing: assign, pursue, set the interval."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.models import User
from safehold.accounts.roles import Capability
from safehold.errors import Conflict, SafeholdError

from .. import services
from ..forms import AssignForm, CloseReviewForm, IntervalForm, PursueForm, SignOffForm
from ..models import ChangeState, RiskChange
from ..procedure_forms import ClearWantedForm, ClearWhereaboutsForm, S91Form, WhereaboutsStepForm

AWAITING = "Proposed: it lowers the attention the offender gets, so it waits for a DS's sign-off."


def _saved_or_proposed(user: User, offender_id: int, done: str) -> str:
    proposed = RiskChange.objects.filter(
        offender_id=offender_id, state=ChangeState.AWAITING, proposed_by=user
    ).exists()
    return AWAITING if proposed else done


def _back(request: HttpRequest, offender_id: int) -> HttpResponse:
    target = request.POST.get("back", "")
    if target == "briefing":
        # Back at the line, its section open (a folded section's lines load on opening).
        section = request.POST.get("section", "")
        if re.fullmatch(r"[a-z_]{1,30}", section):
            return redirect(
                f"{reverse('offenders:briefing')}?section={section}#line-{section}-{offender_id}"
            )
        return redirect(f"{reverse('offenders:briefing')}#offender-{offender_id}")
    return redirect("offenders:detail", offender_id=offender_id)


def _quick_action(
    request: HttpRequest,
    offender_id: int,
    form_class: type[Any],
    act: Callable[[User, dict[str, Any]], object],
    done: str | Callable[[User], str],
) -> HttpResponse:
    user = signed_in_user(request)
    form = form_class(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return _back(request, offender_id)
    try:
        act(user, form.cleaned_data)
    except Conflict as exc:
        messages.error(request, exc.message)
    except SafeholdError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done(user) if callable(done) else done)
    return _back(request, offender_id)


@require_POST
@require(Capability.ASSIGN_OFFENDERS)
def assign(request: HttpRequest, offender_id: int) -> HttpResponse:
    return _quick_action(
        request,
        offender_id,
        AssignForm,
        lambda user, d: services.assign_manager(
            user, offender_id, int(d["manager"]), expected_version=d["version"]
        ),
        "Offender manager assigned.",
    )


@require_POST
@require(Capability.ASSIGN_OFFENDERS)
def pursue(request: HttpRequest, offender_id: int) -> HttpResponse:
    return _quick_action(
        request,
        offender_id,
        PursueForm,
        lambda user, d: services.mark_pursued(
            user,
            offender_id,
            pursued=d["pursued"],
            reason=d["reason"],
            expected_version=d["version"],
        ),
        "Pursuit status saved.",
    )


@require_POST
@require(Capability.EDIT_OFFENDERS)
def set_interval(request: HttpRequest, offender_id: int) -> HttpResponse:
    return _quick_action(
        request,
        offender_id,
        IntervalForm,
        lambda user, d: services.set_visit_interval(
            user,
            offender_id,
            months=d.get("months"),
            reason=d["reason"],
            expected_version=d["version"],
        ),
        lambda user: _saved_or_proposed(user, offender_id, "Visit interval saved."),
    )


@require_POST
@require(Capability.EDIT_OFFENDERS)
def sign_off(request: HttpRequest, offender_id: int) -> HttpResponse:
    """A detective sergeant approves or refuses a change awaiting sign-off."""
    return _quick_action(
        request,
        offender_id,
        SignOffForm,
        lambda user, d: services.sign_off_change(
            user,
            d["change"],
            approve=d["decision"] == "approve",
            note=d["note"],
            expected_version=d["version"],
        ),
        "Decision recorded.",
    )


@require_POST
@require(Capability.EDIT_OFFENDERS)
def close_review(request: HttpRequest, offender_id: int) -> HttpResponse:
    """A detective sergeant records what the review of a return to active management decided."""
    return _quick_action(
        request,
        offender_id,
        CloseReviewForm,
        lambda user, d: services.close_review(user, d["review"], outcome=d["outcome"]),
        "Review closed.",
    )


@require_POST
@require(Capability.EDIT_OFFENDERS)
def whereabouts_step(request: HttpRequest, offender_id: int) -> HttpResponse:
    """A step of the whereabouts-unknown procedure: PNC, enquiry, no breach, DS review."""
    return _quick_action(
        request,
        offender_id,
        WhereaboutsStepForm,
        lambda user, d: services.record_step(
            user, offender_id, kind=d["kind"], note=d["note"], reference=d.get("reference") or ""
        ),
        "Step recorded.",
    )


@require_POST
@require(Capability.EDIT_OFFENDERS)
def whereabouts_clear(request: HttpRequest, offender_id: int) -> HttpResponse:
    """The offender is found: a sighting, an arrest or a new notification."""
    return _quick_action(
        request,
        offender_id,
        ClearWhereaboutsForm,
        lambda user, d: services.clear_procedure(user, offender_id, how=d["how"], note=d["note"]),
        "Whereabouts known again: the procedure is closed.",
    )


@require_POST
@require(Capability.EDIT_OFFENDERS)
def clear_wanted(request: HttpRequest, offender_id: int) -> HttpResponse:
    return _quick_action(
        request,
        offender_id,
        ClearWantedForm,
        lambda user, d: services.clear_wanted(user, offender_id, reason=d["reason"]),
        "No longer marked as wanted.",
    )


@require_POST
@require(Capability.EDIT_OFFENDERS)
def decide_s91(request: HttpRequest, offender_id: int) -> HttpResponse:
    """The DS decides a possible s91 matter: breach recorded, or no action."""
    return _quick_action(
        request,
        offender_id,
        S91Form,
        lambda user, d: services.decide_s91(
            user, d["notification"], decision=d["decision"], note=d["note"]
        ),
        "Decision recorded.",
    )
