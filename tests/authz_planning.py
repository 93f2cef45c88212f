"""The planning context's rows of the authorization table (see tests/authz_table.py).

The priorities team plans, reads and accepts plans; offender managers see only their own
pair's routes and calendar in accepted plans (other pairs answer 404, not 403, so a URL
does not confirm a route exists); the forecast is aggregates, for everyone who sees the
backlog. URL arguments for these routes come from ``tests.planning.matrix``.
"""

from __future__ import annotations

from safehold.accounts.roles import Role

R = Role
LEADS = frozenset({R.PRIORITIES_LEAD})
REGISTER_ROLES = frozenset({R.OFFENDER_MANAGER, R.PRIORITIES_LEAD})
BACKLOG_ROLES = frozenset({R.OFFENDER_MANAGER, R.PRIORITIES_LEAD, R.ANALYST})

PLANNING_PAGES: dict[str, tuple[frozenset[Role], int, int, int]] = {
    "planning:runs": (LEADS, 200, 403, 302),
    "planning:new": (LEADS, 200, 403, 302),
    "planning:run": (LEADS, 200, 403, 302),
    "planning:run_progress": (LEADS, 200, 403, 302),
    "planning:export": (LEADS, 200, 403, 302),
    "planning:accept": (LEADS, 405, 405, 302),  # POST only
    "planning:replan": (LEADS, 405, 405, 302),  # POST only
    "planning:day": (LEADS, 200, 403, 302),
    "planning:pair_day": (REGISTER_ROLES, 200, 403, 302),  # the officer's own pair
    "planning:pair_ics": (REGISTER_ROLES, 200, 403, 302),
    "planning:mine": (REGISTER_ROLES, 200, 403, 302),
    "planning:forecast": (BACKLOG_ROLES, 200, 403, 302),
    "planning:forecast_curve": (BACKLOG_ROLES, 200, 403, 302),
    "planning:forecast_backlog": (BACKLOG_ROLES, 200, 403, 302),
}
PLANNING_API: dict[tuple[str, str], tuple[frozenset[Role], int]] = {
    ("POST", "/api/planning/runs"): (LEADS, 202),
    ("GET", "/api/planning/runs"): (LEADS, 200),
    ("GET", "/api/planning/runs/{run_id}"): (LEADS, 200),
    ("POST", "/api/planning/runs/{run_id}/accept"): (LEADS, 200),
    ("GET", "/api/planning/forecast"): (BACKLOG_ROLES, 200),
}
