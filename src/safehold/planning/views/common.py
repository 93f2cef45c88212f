"""What the planner's pages share: the run or 404, the justification asked, the map tiles."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404

from safehold.planning.models import PlanRun
from safehold.planning.queries import plan_run
from safehold.planning.run_display import RunView, run_view

# The justification asked before a plan's pages: once per plan, which holds offenders'
# references and home addresses (audit/views.py describes "plan" on the justify page).
PLAN_RECORD: str = "plan"
PLAN_RECORD_ID: str | None = "run_id"


def run_or_404(run_id: int) -> PlanRun:
    """The run, or 404."""
    run = plan_run(run_id)
    if run is None:
        raise Http404
    return run


def finished_run(run_id: int) -> tuple[PlanRun, RunView]:
    """A finished run and its view, or 404."""
    run = run_or_404(run_id)
    if not run.is_finished:
        raise Http404
    return run, run_view(run)


def run_inline() -> bool:
    """Run the plan job in the request (tests, small demos) rather than queue it."""
    return bool(getattr(settings, "SAFEHOLD_RUN_JOBS_INLINE", False))


def map_tiles() -> tuple[str, str]:
    """The map's tile address and attribution from the settings."""
    return (
        getattr(settings, "SAFEHOLD_MAP_TILE_URL", ""),
        getattr(settings, "SAFEHOLD_MAP_TILE_ATTRIBUTION", ""),
    )
