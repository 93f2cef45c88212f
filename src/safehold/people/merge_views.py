"""Merge a confirmed duplicate into a person's record, and undo a wrong merge (thin pages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.audit.access import justified
from safehold.errors import NotFound, SafeholdError
from safehold.form_pages import Look, form_page

from .merging import merge_people, undo_merge
from .models import Person


class MergeForm(forms.Form):
    retired = forms.CharField(
        label="Reference of the duplicate record",
        help_text="The record to retire. Everything that points at it moves to this person.",
        max_length=20,
    )
    reason = forms.CharField(
        label="Why are these the same person?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


@require(Capability.MERGE_PEOPLE)
@justified("person", "person_id")
def merge(request: HttpRequest, person_id: int) -> HttpResponse:
    """Merge a confirmed duplicate (by its reference) into this person."""
    user = signed_in_user(request)
    survivor = Person.objects.current().filter(pk=person_id).first()
    if survivor is None:
        raise Http404
    form = MergeForm(request.POST if request.method == "POST" else None)

    def submit(data: dict[str, Any]) -> object:
        retired = Person.objects.filter(reference__iexact=data["retired"].strip()).first()
        if retired is None:
            raise NotFound(f"No person with reference {data['retired']}", field="retired")
        return merge_people(
            user, survivor_id=survivor.pk, retired_id=retired.pk, reason=data["reason"]
        )

    return form_page(
        request,
        form,
        submit,
        look=Look("person", survivor.pk, survivor.pk),
        title="Merge a duplicate record into this person",
        done="Merged: the duplicate's records now belong to this person.",
        success_url=reverse("people:detail", args=[survivor.pk]),
        template="people/merge.html",
        context={"person": survivor},
    )


@require_POST
@require(Capability.MERGE_PEOPLE)
def unmerge(request: HttpRequest, person_id: int) -> HttpResponse:
    """Undo the merge that retired this person (the rows it moved move back)."""
    try:
        done = undo_merge(
            signed_in_user(request), retired_id=person_id, reason=request.POST.get("reason", "")
        )
    except SafeholdError as exc:
        messages.error(request, exc.message)
        survivor = Person.objects.filter(pk=person_id).values_list("merged_into", flat=True)
        target = survivor.first() or person_id
        return redirect("people:detail", person_id=target)
    messages.success(request, f"Merge undone: {done.rows_moved} records moved back.")
    return redirect("people:detail", person_id=person_id)
