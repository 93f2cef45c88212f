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
    "simulation:run": (ANALYSTS, 200, 403, 302),
    "simulation:progress": (ANALYSTS, 200, 403, 302),
    "simulation:compliance_chart": (ANALYSTS, 200, 403, 302),
    "simulation:utilisation_chart": (ANALYSTS, 200, 403, 302),
}
SIMULATION_API: dict[tuple[str, str], tuple[frozenset[Role], int]] = {}
