"""The simulation context's rows of the authorization table (see tests/authz_table.py).

Analysts run and read simulations (aggregates only); no other role may, not even to
look. URL arguments come from ``tests.simulation.matrix``.
"""

from __future__ import annotations

from safehold.accounts.roles import Role

ANALYSTS = frozenset({Role.ANALYST})

SIMULATION_PAGES: dict[str, tuple[frozenset[Role], int, int, int]] = {
    "simulation:home": (ANALYSTS, 200, 403, 302),
    "simulation:advise": (ANALYSTS, 200, 403, 302),
    "simulation:calibrate": (ANALYSTS, 405, 405, 302),  # POST only
    "simulation:run": (ANALYSTS, 200, 403, 302),
    "simulation:progress": (ANALYSTS, 200, 403, 302),
    "simulation:compliance_chart": (ANALYSTS, 200, 403, 302),
    "simulation:utilisation_chart": (ANALYSTS, 200, 403, 302),
}
SIMULATION_API: dict[tuple[str, str], tuple[frozenset[Role], int]] = {
    ("POST", "/api/simulation/runs"): (ANALYSTS, 202),
    ("GET", "/api/simulation/runs/{run_id}"): (ANALYSTS, 200),
}
# A valid body for the write, so the analyst's request succeeds.
SIMULATION_API_BODY = {"scenarios": ["today"], "replications": 2, "weeks": 1}
