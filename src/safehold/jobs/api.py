"""API: the progress of a background job."""

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from safehold.accounts.roles import Capability
from safehold.apiutil import api_user, require_api

from .models import JobRun

router = Router(tags=["jobs"])

# A finished job's result: a few named figures (a seeded force's counts, a plan's totals
# and its page), as each job kind's function returns them.
JobResultValue = str | int | float | bool | None


class JobOut(Schema):
    id: int
    kind: str
    status: str
    progress: float
    message: str
    result: dict[str, JobResultValue] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


@router.get("/{job_id}", response=JobOut, summary="A background job's status and progress")
@require_api(Capability.VIEW_JOBS)
def get_job(request: HttpRequest, job_id: int) -> JobRun:
    user = api_user(request)
    job = JobRun.objects.filter(pk=job_id, requested_by=user).first()
    if job is None:
        raise Http404
    return job
