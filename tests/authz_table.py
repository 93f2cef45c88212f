"""The declared authorization table: what every role gets from every page and API operation.

This is written out independently of ``safehold.accounts.roles`` on purpose: the test
compares what the application does with what DESIGN.md says each role may do. A route
that is not in this table fails the test, so a new page cannot ship unreviewed.
"""

from __future__ import annotations

from safehold.accounts.roles import Role

R = Role
ALL = frozenset(Role)
PERSONAL_DATA_ROLES = frozenset({R.OFFENDER_MANAGER, R.PRIORITIES_LEAD, R.SAFEGUARDING_OFFICER})
JOB_ROLES = frozenset(Role) - {R.AUDITOR}
REGISTER_ROLES = frozenset({R.OFFENDER_MANAGER, R.PRIORITIES_LEAD})
LEADS = frozenset({R.PRIORITIES_LEAD})
BACKLOG_ROLES = frozenset({R.OFFENDER_MANAGER, R.PRIORITIES_LEAD, R.ANALYST})

# Page routes: URL name -> (roles allowed, status for allowed roles, status for others,
# status for an anonymous visitor). Statuses are for a GET.
PAGES: dict[str, tuple[frozenset[Role], int, int, int]] = {
    "home": (ALL, 200, 200, 302),
    "accounts:login": (ALL, 302, 302, 200),  # signed-in users are sent on to the dashboard
    "accounts:logout": (ALL, 405, 405, 302),  # POST only
    "accounts:two_factor": (ALL, 200, 200, 302),
    "people:list": (PERSONAL_DATA_ROLES, 200, 403, 302),
    "people:detail": (PERSONAL_DATA_ROLES, 200, 403, 302),
    # Merging duplicates (issue 9): supervisors with people access; the service wants a DS.
    "people:merge": (frozenset({R.PRIORITIES_LEAD, R.SAFEGUARDING_OFFICER}), 200, 403, 302),
    "people:unmerge": (frozenset({R.PRIORITIES_LEAD, R.SAFEGUARDING_OFFICER}), 405, 405, 302),
    "audit:justify": (ALL, 200, 200, 302),
    "audit:search": (frozenset({R.AUDITOR}), 200, 403, 302),
    "audit:export": (frozenset({R.AUDITOR}), 200, 403, 302),
    "audit:privileged": (frozenset({R.AUDITOR}), 200, 403, 302),
    "jobs:detail": (JOB_ROLES, 200, 403, 302),
    "offenders:list": (REGISTER_ROLES, 200, 403, 302),
    "offenders:export": (REGISTER_ROLES, 200, 403, 302),
    "offenders:detail": (REGISTER_ROLES, 200, 403, 302),
    "offenders:record_visit": (REGISTER_ROLES, 200, 403, 302),
    "offenders:schedule_visit": (REGISTER_ROLES, 200, 403, 302),
    "offenders:record_assessment": (REGISTER_ROLES, 200, 403, 302),
    "offenders:record_notification": (REGISTER_ROLES, 200, 403, 302),
    "offenders:record_breach": (REGISTER_ROLES, 200, 403, 302),
    "offenders:change_status": (REGISTER_ROLES, 200, 403, 302),
    "offenders:assign": (LEADS, 405, 405, 302),  # POST only
    "offenders:pursue": (LEADS, 405, 405, 302),  # POST only
    "offenders:set_interval": (REGISTER_ROLES, 405, 405, 302),  # POST only
    "offenders:sign_off": (REGISTER_ROLES, 405, 405, 302),  # POST only; the service wants a DS
    "offenders:close_review": (REGISTER_ROLES, 405, 405, 302),  # POST only; the service wants a DS
    "offenders:record_intelligence": (REGISTER_ROLES, 200, 403, 302),
    "offenders:today": (REGISTER_ROLES, 200, 403, 302),
    "offenders:whereabouts_step": (REGISTER_ROLES, 405, 405, 302),  # POST only
    "offenders:whereabouts_clear": (REGISTER_ROLES, 405, 405, 302),  # POST only
    "offenders:clear_wanted": (REGISTER_ROLES, 405, 405, 302),  # POST only
    "offenders:decide_s91": (REGISTER_ROLES, 405, 405, 302),  # POST only; the service wants a DS
    "offenders:decide_travel": (REGISTER_ROLES, 405, 405, 302),  # POST only; the service wants a DS
    "offenders:backlog": (BACKLOG_ROLES, 200, 403, 302),
    "offenders:backlog_chart": (BACKLOG_ROLES, 200, 403, 302),
    "offenders:briefing": (LEADS, 200, 403, 302),
    "offenders:briefing_line_tools": (LEADS, 200, 403, 302),
    "offenders:briefing_section": (LEADS, 200, 403, 302),  # a folded section's lines
    "offenders:import": (LEADS, 200, 403, 302),
    "offenders:import_template": (LEADS, 200, 403, 302),
    "offenders:briefing_action": (LEADS, 200, 403, 302),
    "offenders:close_briefing_action": (LEADS, 405, 405, 302),  # POST only
    "offenders:record_static": (REGISTER_ROLES, 200, 403, 302),
    "offenders:record_arms": (REGISTER_ROLES, 200, 403, 302),
    "offenders:record_rosh": (REGISTER_ROLES, 200, 403, 302),
    "offenders:override_overall": (REGISTER_ROLES, 200, 403, 302),
    "offenders:record_plan": (REGISTER_ROLES, 200, 403, 302),
    "offenders:set_mappa": (REGISTER_ROLES, 200, 403, 302),
    "offenders:record_meeting": (REGISTER_ROLES, 200, 403, 302),
    "offenders:edit_case": (REGISTER_ROLES, 200, 403, 302),
    # Probes and metrics: no sign-in, nothing about people. /readyz answers 503 here because
    # no worker runs in the test; /metrics is for SAFEHOLD_METRICS_ALLOWED_IPS (the test
    # client is 127.0.0.1).
    "healthz": (ALL, 200, 200, 200),
    "readyz": (ALL, 503, 503, 503),
    "metrics": (ALL, 200, 200, 200),
}

# The admin site (users, roles, stations, configuration — no case data): administrators
# only; everyone else is sent to the admin's sign-in, anonymous visitors to ours.
ADMIN_ROLES = frozenset({R.ADMIN})
# Admin pages that answer otherwise even to administrators, and why.
ADMIN_EXCEPTIONS = {
    "admin:accounts_apitoken_add": 403,  # tokens are issued by `safehold token issue`
    "admin:autocomplete": 403,  # refuses a request without its query parameters
    # Logs kept by django-axes and the task queue are written by the system, never by hand.
    "admin:axes_accessattempt_add": 403,
    "admin:axes_accessfailurelog_add": 403,
    "admin:axes_accesslog_add": 403,
    "admin:django_tasks_database_dbtaskresult_add": 403,
    "admin:jobs_jobrun_add": 403,
    "admin:jobs_workerheartbeat_add": 403,
}

# API operations: (method, path template) -> (roles allowed, their status). Others get
# 403, anonymous callers 401. Bodies for the writes are in the test (API_BODIES).
API: dict[tuple[str, str], tuple[frozenset[Role], int]] = {
    ("GET", "/api/me"): (ALL, 200),
    ("GET", "/api/people"): (PERSONAL_DATA_ROLES, 200),
    ("GET", "/api/people/{person_id}"): (PERSONAL_DATA_ROLES, 200),
    ("GET", "/api/audit/entries"): (frozenset({R.AUDITOR}), 200),
    ("GET", "/api/audit/verify"): (frozenset({R.AUDITOR}), 200),
    ("GET", "/api/jobs/{job_id}"): (JOB_ROLES, 200),
    ("GET", "/api/offenders"): (REGISTER_ROLES, 200),
    ("GET", "/api/offenders/{offender_id}"): (REGISTER_ROLES, 200),
    ("POST", "/api/offenders/{offender_id}/visits"): (REGISTER_ROLES, 201),
    ("POST", "/api/offenders/{offender_id}/visits/planned"): (REGISTER_ROLES, 201),
    ("POST", "/api/offenders/{offender_id}/assessments"): (REGISTER_ROLES, 201),
    ("POST", "/api/offenders/{offender_id}/notifications"): (REGISTER_ROLES, 201),
    ("POST", "/api/offenders/{offender_id}/breaches"): (REGISTER_ROLES, 201),
    ("POST", "/api/offenders/{offender_id}/assign"): (LEADS, 200),
    ("POST", "/api/offenders/{offender_id}/pursue"): (LEADS, 200),
    ("GET", "/api/offenders/{offender_id}/risk"): (REGISTER_ROLES, 200),
    ("POST", "/api/offenders/{offender_id}/risk/static"): (REGISTER_ROLES, 201),
    ("POST", "/api/offenders/{offender_id}/risk/arms"): (REGISTER_ROLES, 201),
    ("POST", "/api/offenders/{offender_id}/risk/rosh"): (REGISTER_ROLES, 201),
    ("POST", "/api/offenders/{offender_id}/risk/plan"): (REGISTER_ROLES, 201),
    ("POST", "/api/offenders/{offender_id}/mappa"): (REGISTER_ROLES, 201),
    ("POST", "/api/caseload-imports"): (LEADS, 200),
    ("GET", "/api/backlog"): (BACKLOG_ROLES, 200),
    ("GET", "/api/briefing"): (LEADS, 200),
    ("POST", "/api/offenders/{offender_id}/briefing-actions"): (LEADS, 201),
}

# Pages and API operations that show personal data: each look must write an access-log
# entry (a consultation for pages, a disclosure for the API) with the user and reason.
PERSONAL_DATA_PAGES = (
    "people:list",
    "people:detail",
    "offenders:list",
    "offenders:detail",
    "offenders:briefing",
    "offenders:briefing_line_tools",
    "offenders:briefing_section",
)
PERSONAL_DATA_API = (
    ("GET", "/api/people"),
    ("GET", "/api/people/{person_id}"),
    ("GET", "/api/offenders"),
    ("GET", "/api/offenders/{offender_id}"),
    ("GET", "/api/briefing"),
)

# Safeguarding (issue 5) declares its rows in its own file, merged here.
from tests.authz_safeguarding import SAFEGUARDING_API, SAFEGUARDING_PAGES  # noqa: E402

PAGES.update(SAFEGUARDING_PAGES)
API.update(SAFEGUARDING_API)

# Visit planning (issue 4) declares its rows in its own file, merged here.
from tests.authz_planning import PLANNING_API, PLANNING_PAGES  # noqa: E402

PAGES.update(PLANNING_PAGES)
API.update(PLANNING_API)

# Simulation (issue 11) declares its rows in its own file, merged here.
from tests.authz_simulation import SIMULATION_API, SIMULATION_PAGES  # noqa: E402

PAGES.update(SIMULATION_PAGES)
API.update(SIMULATION_API)
# Demand (issue 11) declares its rows in its own file, merged here.
from tests.authz_demand import DEMAND_API, DEMAND_PAGES, adjust_shared_rows  # noqa: E402

PAGES.update(DEMAND_PAGES)
API.update(DEMAND_API)
adjust_shared_rows(PAGES, API)
# Outcomes and inspection (issue 12) declares its rows in its own file, merged here.
from tests.authz_insights import INSIGHTS_API, INSIGHTS_PAGES  # noqa: E402

PAGES.update(INSIGHTS_PAGES)
API.update(INSIGHTS_API)
# The register's orders, safety markers, photograph and visit reviews (issue 10, item 5-6).
from tests.authz_orders import ORDERS_PAGES  # noqa: E402

PAGES.update(ORDERS_PAGES)
