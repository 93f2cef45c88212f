"""The demand context's rows of the authorization table (see tests/authz_table.py).

Also the records its routes need (``demand_url_kwargs``), the justifications its pages ask
for (``demand_justify``) and valid bodies for its API writes (``demand_api_body``).
"""

from __future__ import annotations

from typing import Any

from django.test import Client

from safehold.accounts.roles import Role

R = Role
CALLS = frozenset({R.CALL_HANDLER})
DISPATCH = frozenset({R.RESPONSE_SUPERVISOR})
RC = frozenset({R.RESOLUTION_INVESTIGATOR})
INCIDENT = CALLS | DISPATCH | RC
APPOINTMENTS = CALLS | DISPATCH
RESPONSE_TIMES = frozenset({R.RESPONSE_SUPERVISOR, R.ANALYST})

DEMAND_PAGES: dict[str, tuple[frozenset[Role], int, int, int]] = {
    "demand:calls": (CALLS, 200, 403, 302),
    "demand:record_call": (CALLS, 200, 403, 302),
    # The fixture incident is routed to the resolution centre, which investigators see.
    "demand:incident": (INCIDENT, 200, 403, 302),
    "demand:thrive": (CALLS, 200, 403, 302),
    "demand:dispatch_action": (DISPATCH, 405, 405, 302),  # POST only
    "demand:rc_action": (RC, 405, 405, 302),  # POST only
    "demand:book": (CALLS, 405, 405, 302),  # POST only
    "demand:close_advice": (CALLS, 405, 405, 302),  # POST only
    "demand:dispatch": (DISPATCH, 200, 403, 302),
    "demand:dispatch_fragment": (DISPATCH, 200, 403, 302),
    "demand:downgrade": (DISPATCH, 200, 403, 302),
    "demand:rc_queue": (RC, 200, 403, 302),
    "demand:rc_fragment": (RC, 200, 403, 302),
    "demand:appointments": (APPOINTMENTS, 200, 403, 302),
    "demand:compliance": (RESPONSE_TIMES, 200, 403, 302),
}

_I = "/api/demand/incidents/{incident_id}"
DEMAND_API: dict[tuple[str, str], tuple[frozenset[Role], int]] = {
    ("POST", "/api/demand/incidents"): (CALLS, 201),
    ("GET", _I): (CALLS, 200),
    ("POST", f"{_I}/thrive"): (CALLS, 201),
    ("POST", "/api/demand/thrive/suggest"): (CALLS, 200),
    ("GET", "/api/demand/dispatch-queue"): (DISPATCH, 200),
    ("GET", "/api/demand/resolution-centre/queue"): (RC, 200),
    ("POST", f"{_I}/contacts"): (RC, 201),
    ("GET", "/api/demand/compliance"): (RESPONSE_TIMES, 200),
}

DEMAND_PERSONAL_DATA_PAGES = (
    "demand:incident",
    "demand:thrive",
    "demand:dispatch",
    "demand:rc_queue",
)


def adjust_shared_rows(
    pages: dict[str, tuple[frozenset[Role], int, int, int]],
    api: dict[tuple[str, str], tuple[frozenset[Role], int]],
) -> None:
    """The call handler in other contexts' rows: logs DA incidents, has no background jobs."""
    allowed, *rest = pages["safeguarding:log_incident"]
    pages["safeguarding:log_incident"] = (allowed | CALLS, *rest)  # type: ignore[assignment]
    allowed, *rest = pages["jobs:detail"]
    pages["jobs:detail"] = (allowed - CALLS, *rest)  # type: ignore[assignment]
    key = ("POST", "/api/safeguarding/incidents")
    api[key] = (api[key][0] | CALLS, api[key][1])
    key = ("GET", "/api/jobs/{job_id}")
    api[key] = (api[key][0] - CALLS, api[key][1])


def demand_url_kwargs(route: str) -> dict[str, Any]:
    """A graded incident routed to the resolution centre, and a downgrade to decide."""
    if not route.startswith(("demand/", "/api/demand", "api/demand")):
        return {}
    from tests.demand.factories import make_assessment, make_incident

    out: dict[str, Any] = {}
    if "incident_id" in route or "assessment_id" in route:
        incident = make_incident()
        out["incident_id"] = incident.pk
        out["assessment_id"] = make_assessment(incident).pk
    return {k: v for k, v in out.items() if k in route}


def demand_justify(client: Client, kwargs: dict[str, Any]) -> None:
    from tests.conftest import give_justification

    if "incident_id" in kwargs:
        give_justification(client, "demand_incident", kwargs["incident_id"])


def demand_api_body(method: str, path: str) -> dict[str, Any] | None:
    if method != "POST" or not path.startswith("/api/demand"):
        return None
    from safehold.demand.questions import least_serious

    return {
        "/api/demand/incidents": {
            "channel": "101",
            "incident_type": "theft",
            "postcode": "ST1 1AA",
            "people": [{"family_name": "Matrixtest", "given_name": "Ffion"}],
        },
        f"{_I}/thrive": {"answers": least_serious()},
        "/api/demand/thrive/suggest": {"incident_type": "theft", "answers": least_serious()},
        f"{_I}/contacts": {"outcome": "no_answer"},
    }[path]
