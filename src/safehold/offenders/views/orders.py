"""Orders, officer-safety markers, the photograph and the supervisor's review of visits
that raised concerns: thin pages over ``orders``, ``safety_markers``, ``photos`` and
``visit_reviews``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.models import User
from safehold.accounts.roles import Capability, Rank
from safehold.audit.access import justified, log_consultation
from safehold.bodycap import body_cap
from safehold.clock import SYSTEM_CLOCK
from safehold.errors import InvalidInput, SafeholdError
from safehold.form_pages import Look, form_page

from .. import services
from ..models import OffenderPhoto
from ..order_forms import (
    OrderForm,
    PhotoForm,
    SafetyMarkerForm,
    TravelDecisionForm,
    VisitReviewForm,
)
from ..orders import record_order as record_order_service
from ..photos import max_photo_bytes, store_photo
from ..safety_markers import add_safety_marker, remove_safety_marker
from ..travel_decisions import decide_travel_flag
from ..visit_reviews import awaiting_review, review_visit
from .recording import _offender_header, _record_form


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def record_order(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        return record_order_service(user, oid, d["order"])

    return _record_form(
        request, offender_id, OrderForm, handle, title="Record an order", done="Order recorded."
    )


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
def add_marker(request: HttpRequest, offender_id: int) -> HttpResponse:
    def handle(user: User, oid: int, d: dict[str, Any]) -> object:
        return add_safety_marker(user, oid, kind=d["kind"], note=d["note"])

    return _record_form(
        request,
        offender_id,
        SafetyMarkerForm,
        handle,
        title="Add an officer-safety marker",
        done="Officer-safety marker added.",
    )


@require_POST
@require(Capability.EDIT_OFFENDERS)
def remove_marker(request: HttpRequest, offender_id: int) -> HttpResponse:
    marker = request.POST.get("marker", "")
    try:
        if not marker.isdigit() or len(marker) > 18:
            raise Http404
        remove_safety_marker(
            signed_in_user(request), int(marker), reason=request.POST.get("reason", "")[:300]
        )
    except SafeholdError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Officer-safety marker removed.")
    return redirect("offenders:detail", offender_id=offender_id)


@require(Capability.EDIT_OFFENDERS)
@justified("offender", "offender_id")
@body_cap("SAFEHOLD_PHOTO_MAX_BYTES", envelope=64 * 1024)  # the image and the form around it
def upload_photo(request: HttpRequest, offender_id: int) -> HttpResponse:
    """Upload the person's photograph (checked for size and type before it is kept)."""
    user = signed_in_user(request)
    offender = _offender_header(offender_id)
    if not services.can_edit(user, offender):
        raise Http404
    form = PhotoForm(
        request.POST or None, request.FILES or None, initial={"taken_on": SYSTEM_CLOCK.today()}
    )

    def submit(d: dict[str, Any]) -> object:
        upload = d["photo"]
        if upload.size > max_photo_bytes():  # refuse before reading it into memory
            raise InvalidInput(
                f"The photograph is {upload.size // 1024} KB; the largest allowed is "
                f"{max_photo_bytes() // 1024} KB",
                field="photo",
            )
        return store_photo(user, offender.pk, upload.read(), taken_on=d["taken_on"])

    return form_page(
        request,
        form,
        submit,
        look=Look("offender", offender.pk, offender.person_id),
        title="Upload a photograph",
        done="Photograph kept.",
        success_url=reverse("offenders:detail", args=[offender.pk]),
        template="offenders/form.html",
        context={"offender": offender},
    )


@require(Capability.VIEW_OFFENDERS)
@justified("offender", "offender_id")
def photo(request: HttpRequest, offender_id: int, photo_id: int) -> HttpResponse:
    """One photograph of the person, to the roles that see the record; each look logged."""
    picture = (
        OffenderPhoto.objects.filter(pk=photo_id, offender_id=offender_id)
        .select_related("offender")
        .first()
    )
    if picture is None:
        raise Http404
    log_consultation(
        signed_in_user(request),
        "photograph",
        picture.pk,
        request.justification,  # type: ignore[attr-defined]
        person_id=picture.offender.person_id,
    )
    response = HttpResponse(bytes(picture.image), content_type=picture.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require(Capability.VIEW_ALL_OFFENDERS)
@justified("list", kind="offenders")
def visit_reviews(request: HttpRequest) -> HttpResponse:
    """Visits that raised concerns and await a supervisor's review, oldest first."""
    user = signed_in_user(request)
    visits = awaiting_review()
    log_consultation(
        user,
        "visit_reviews",
        "worklist",
        request.justification,  # type: ignore[attr-defined]
        person_id=None,
        detail={"shown": [v.offender_id for v in visits]},
        people=[v.offender.person_id for v in visits],
    )
    return render(
        request,
        "offenders/visit_reviews.html",
        {
            "visits": visits,
            "form": VisitReviewForm(),
            "is_supervisor": Rank(user.rank).is_supervisor,
        },
    )


@require_POST
@require(Capability.VIEW_ALL_OFFENDERS)
def review(request: HttpRequest, visit_id: int) -> HttpResponse:
    form = VisitReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an outcome and say what was decided")
        return redirect("offenders:visit_reviews")
    try:
        review_visit(
            signed_in_user(request),
            visit_id,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )
    except SafeholdError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Review recorded.")
    return redirect("offenders:visit_reviews")


@require_POST
@require(Capability.EDIT_OFFENDERS)
def decide_travel(request: HttpRequest, offender_id: int) -> HttpResponse:
    """The DS's decision on a flagged trip abroad (the service checks the rank)."""
    user = signed_in_user(request)
    form = TravelDecisionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(str(e) for e in errors)}")
    else:
        d = form.cleaned_data
        try:
            decide_travel_flag(
                user, offender_id, d["notification"], decision=d["decision"], note=d["note"]
            )
        except SafeholdError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Decision on the trip recorded.")
    return redirect(f"{reverse('offenders:detail', args=[offender_id])}#travel-flags")
