"""The planning context's rows of the authorization table (see tests/authz_table.py)."""

from __future__ import annotations

from safehold.accounts.roles import Role

PLANNING_PAGES: dict[str, tuple[frozenset[Role], int, int, int]] = {}
PLANNING_API: dict[tuple[str, str], tuple[frozenset[Role], int]] = {}
