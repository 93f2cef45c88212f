"""Valid bodies for the register's risk, plan and MAPPA API writes (authorization matrix)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from safehold.offenders.risk_tools import default_config


def risk_api_bodies(today: str) -> dict[str, dict[str, Any]]:
    review = (date.fromisoformat(today) + timedelta(days=90)).isoformat()
    return {
        "static": {"assessed_on": today, "scales": {"S": "high", "V": "high"}},
        "arms": {
            "assessed_on": today,
            "factors": [{"factor": f.key, "score": 1} for f in default_config().factors],
        },
        "rosh": {"assessed_on": today, "level": "high", "rationale": "test"},
        "plan": {
            "made_on": today,
            "review_on": review,
            "visit_interval_months": 1,
            "actions": [{"action": "Check devices", "owner": "PC"}],
        },
        "mappa": {"category": 1, "level": 2, "reason": "test", "changed_on": today},
    }
