"""The insights context's rows of the authorization table (see tests/authz_table.py)."""

from __future__ import annotations

from safehold.accounts.roles import Role

R = Role
ANALYSTS = frozenset({R.ANALYST})

INSIGHTS_PAGES: dict[str, tuple[frozenset[Role], int, int, int]] = {
    "insights:outcomes": (ANALYSTS, 200, 403, 302),
    "insights:explain_chart": (ANALYSTS, 200, 403, 302),
    "insights:measure_chart": (ANALYSTS, 200, 403, 302),
    "insights:open_data": (ANALYSTS, 200, 403, 302),
    "insights:inspection": (ANALYSTS, 200, 403, 302),
}

INSIGHTS_API: dict[tuple[str, str], tuple[frozenset[Role], int]] = {}
