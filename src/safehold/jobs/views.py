"""A job's progress page, polled by htmx until it finishes."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from safehold.accounts.access import require, signed_in_user
from safehold.accounts.roles import Capability

from .liveness import waiting_state
from .models import JobRun


@require(Capability.VIEW_JOBS)
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """Progress of one of the user's own jobs (a fragment when htmx polls)."""
    job = JobRun.objects.filter(pk=job_id, requested_by=signed_in_user(request)).first()
    if job is None:
        raise Http404
    template = "jobs/_progress.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    # A job whose worker died, or that no worker is there to take, stops the page polling.
    waiting = waiting_state(job)
    return render(request, template, {"job": job, "waiting": waiting})
