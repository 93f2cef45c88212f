"""The caseload import page and its CSV template."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability
from safehold.bodycap import body_cap

from ..importer import ImportForm, import_caseload


@require(Capability.IMPORT_OFFENDERS)
@body_cap("SAFEHOLD_IMPORT_MAX_BYTES", envelope=64 * 1024)  # the file and the form around it
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a caseload CSV: every row checked, all-or-nothing, a report of bad rows."""
    user = signed_in_user(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_caseload(
            user, form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
        )
        if report.ok and not report.dry_run:
            messages.success(
                request,
                f"Imported: {report.created} new, {report.updated} "
                f"updated, {report.unchanged} unchanged.",
            )
    return render(request, "offenders/import.html", {"form": form, "report": report})


@require(Capability.IMPORT_OFFENDERS)
def import_template(request: HttpRequest) -> HttpResponse:
    """The CSV template with its header row and one example row (synthetic)."""
    from ..importer import TEMPLATE_CSV

    response = HttpResponse(TEMPLATE_CSV, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="caseload-template.csv"'
    return response
