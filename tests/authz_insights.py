"""The insights context's rows of the authorization table (see tests/authz_table.py)."""

from __future__ import annotations

from safehold.accounts.roles import Role

R = Role
ANALYSTS = frozenset({R.ANALYST})
# No inspector role: the priorities lead and the auditor take inspectors through the sample.
SAMPLERS = frozenset({R.PRIORITIES_LEAD, R.AUDITOR})

INSIGHTS_PAGES: dict[str, tuple[frozenset[Role], int, int, int]] = {
    "insights:outcomes": (ANALYSTS, 200, 403, 302),
    "insights:explain_chart": (ANALYSTS, 200, 403, 302),
    "insights:measure_chart": (ANALYSTS, 200, 403, 302),
    "insights:open_data": (ANALYSTS, 200, 403, 302),
    "insights:inspection": (ANALYSTS, 200, 403, 302),
    # Allowed roles are first asked why (302 to the justification page).
    "insights:case_sample": (SAMPLERS, 302, 403, 302),
    "insights:inspection_download": (ANALYSTS, 200, 403, 302),
}

INSIGHTS_API: dict[tuple[str, str], tuple[frozenset[Role], int]] = {
    ("GET", "/api/insights/outcomes/explain"): (ANALYSTS, 200),
    ("GET", "/api/insights/outcomes/measures"): (ANALYSTS, 200),
}
