"""The safeguarding context's rows of the authorization table (see tests/authz_table.py).

Also the records its routes need (``safeguarding_url_kwargs``), the justifications its
pages ask for (``safeguarding_justify``) and valid bodies for its API writes
(``safeguarding_api_body``), for tests/test_authorization_matrix.py to call.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from safehold.accounts.roles import Role

R = Role
SAFEGUARDING = frozenset({R.SAFEGUARDING_OFFICER})
# Call handlers log incidents: the resolution centre, response supervisors, the hub itself.
LOGGERS = frozenset({R.SAFEGUARDING_OFFICER, R.RESOLUTION_INVESTIGATOR, R.RESPONSE_SUPERVISOR})

# URL name -> (roles allowed, status for allowed roles, for others, for an anonymous visitor).
SAFEGUARDING_PAGES: dict[str, tuple[frozenset[Role], int, int, int]] = {
    "safeguarding:queue": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:queue_fragment": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:incidents": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:log_incident": (LOGGERS, 200, 403, 302),
    "safeguarding:incident": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:record_dash": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:record_contact": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:reassess": (SAFEGUARDING, 200, 403, 302),
    # The form explains to a constable that only a sergeant or above may sign off.
    "safeguarding:sign_off": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:escalate": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:refer": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:record_action": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:complete_action": (SAFEGUARDING, 405, 405, 302),  # POST only
    "safeguarding:close": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:review_closure": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:marac": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:marac_meeting": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:matches": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:match": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:worklists": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:record_voice": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:suspect_status": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:victim_told": (SAFEGUARDING, 405, 405, 302),  # POST only
    "safeguarding:record_breach": (SAFEGUARDING, 200, 403, 302),
    "safeguarding:claim": (SAFEGUARDING, 405, 405, 302),  # POST only
    "safeguarding:release_claim": (SAFEGUARDING, 405, 405, 302),  # POST only
}

_I = "/api/safeguarding/incidents/{incident_id}"
# (method, path) -> (roles allowed, their status). Others get 403, anonymous callers 401.
SAFEGUARDING_API: dict[tuple[str, str], tuple[frozenset[Role], int]] = {
    ("GET", "/api/safeguarding/queue"): (SAFEGUARDING, 200),
    ("GET", "/api/safeguarding/incidents"): (SAFEGUARDING, 200),
    ("POST", "/api/safeguarding/incidents"): (LOGGERS, 201),
    ("GET", _I): (SAFEGUARDING, 200),
    ("POST", f"{_I}/dash"): (SAFEGUARDING, 201),
    ("POST", f"{_I}/contacts"): (SAFEGUARDING, 201),
    ("POST", f"{_I}/reassessments"): (SAFEGUARDING, 201),
    # Sergeant and above only: the table's safeguarding officer is a constable, so even the
    # role with the capability is refused (403 not_a_supervisor); tests/safeguarding covers
    # a sergeant signing off and reviewing.
    ("POST", f"{_I}/reassessments/sign-off"): (SAFEGUARDING, 403),
    ("POST", f"{_I}/escalations"): (SAFEGUARDING, 201),
    ("POST", f"{_I}/marac-referrals"): (SAFEGUARDING, 201),
    ("POST", f"{_I}/protective-actions"): (SAFEGUARDING, 201),
    ("POST", f"{_I}/protective-actions/{{action_id}}/complete"): (SAFEGUARDING, 200),
    ("POST", f"{_I}/protective-actions/{{action_id}}/breaches"): (SAFEGUARDING, 201),
    # The matrix's incident is graded high and its victim not yet contacted: closing it needs
    # a sergeant (403 closure_needs_supervisor); tests/safeguarding covers a sergeant.
    ("POST", f"{_I}/closure"): (SAFEGUARDING, 403),
    ("POST", f"{_I}/closure/review"): (SAFEGUARDING, 403),  # sergeant and above, as above
    ("GET", "/api/safeguarding/marac-meetings"): (SAFEGUARDING, 200),
    ("GET", "/api/safeguarding/marac-meetings/{meeting_id}"): (SAFEGUARDING, 200),
    ("GET", "/api/safeguarding/person-matches"): (SAFEGUARDING, 200),
    ("POST", "/api/safeguarding/person-matches/{match_id}/decision"): (SAFEGUARDING, 200),
    ("POST", "/api/safeguarding/dash/score"): (SAFEGUARDING, 200),
    ("GET", f"{_I}/voice"): (SAFEGUARDING, 200),
    ("PUT", f"{_I}/voice"): (SAFEGUARDING, 200),
    ("POST", f"{_I}/suspect-statuses"): (SAFEGUARDING, 201),
    ("POST", f"{_I}/suspect-statuses/{{change_id}}/victim-told"): (SAFEGUARDING, 200),
}

# Pages and API reads that show personal data: each look writes a consultation (pages) or
# a disclosure (API) with the user and the reason (tests/safeguarding/test_access_logging.py).
SAFEGUARDING_PERSONAL_DATA_PAGES = (
    "safeguarding:queue",
    "safeguarding:incidents",
    "safeguarding:incident",
    "safeguarding:marac_meeting",
    "safeguarding:matches",
    "safeguarding:match",
    "safeguarding:worklists",
)
SAFEGUARDING_PERSONAL_DATA_API = (
    ("GET", "/api/safeguarding/queue"),
    ("GET", "/api/safeguarding/incidents"),
    ("GET", _I),
    ("GET", "/api/safeguarding/marac-meetings/{meeting_id}"),
    ("GET", "/api/safeguarding/person-matches"),
    ("GET", f"{_I}/voice"),
)


def safeguarding_url_kwargs(route: str) -> dict[str, Any]:
    """Fresh records for a route's arguments: an incident waiting with a DASH and a running
    action, a MARAC meeting with a case, an uncertain person match."""
    from tests.safeguarding.factories import (
        make_action,
        make_dash,
        make_incident,
        make_match,
        make_meeting,
        make_release,
    )

    out: dict[str, Any] = {}
    if "incident_id" in route:
        incident = make_incident(grade="high", attendance="delayed")
        make_dash(incident, yes=15, grade="high")
        out["incident_id"] = incident.pk
        # A breach is recorded against a notice or order; other routes take a safety plan.
        out["action_id"] = make_action(
            incident, "dvpo" if "breach" in route else "safety_planning"
        ).pk
        out["change_id"] = make_release(incident).pk
    if "meeting_id" in route:
        out["meeting_id"] = make_meeting().pk
    if "match_id" in route:
        out["match_id"] = make_match().pk
    return {k: v for k, v in out.items() if k in route}


def safeguarding_justify(client: Client, kwargs: dict[str, Any]) -> None:
    """Say why, as the pages ask: per incident and per person match."""
    from tests.conftest import give_justification

    if "incident_id" in kwargs:
        give_justification(client, "incident", kwargs["incident_id"])
    if "match_id" in kwargs:
        give_justification(client, "person_match", kwargs["match_id"])


def safeguarding_api_body(method: str, path: str) -> dict[str, Any] | None:
    """A valid body for each safeguarding write, so the allowed role succeeds."""
    if method not in ("POST", "PUT") or not path.startswith("/api/safeguarding"):
        return None
    now = timezone.now()
    bodies: dict[str, dict[str, Any]] = {
        "/api/safeguarding/incidents": {
            "reported_at": (now - timedelta(minutes=5)).isoformat(),
            "source": "call",
            "attendance": "delayed",
            "grade": "medium",
            "victim": {"given_name": "Ffion", "family_name": "Matrixtest"},
        },
        f"{_I}/dash": {"answers": {"1": "yes", "2": "no"}},
        f"{_I}/contacts": {"outcome": "no_answer"},
        f"{_I}/reassessments": {"new_grade": "high", "advice_given": "999 if he returns"},
        f"{_I}/reassessments/sign-off": {"approve": True, "note": "Checked"},
        f"{_I}/escalations": {"reason": "No unit available"},
        f"{_I}/marac-referrals": {
            "consent": "with_consent",
            "meeting_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
        f"{_I}/protective-actions": {"kind": "safety_planning"},
        f"{_I}/protective-actions/{{action_id}}/complete": {"note": "Plan agreed"},
        f"{_I}/protective-actions/{{action_id}}/breaches": {
            "details": "Seen outside the house",
            "response": "arrested",
        },
        f"{_I}/closure": {"reason": "No crime disclosed"},
        f"{_I}/closure/review": {"agree": True, "note": "Reviewed"},
        "/api/safeguarding/person-matches/{match_id}/decision": {"confirm": True},
        "/api/safeguarding/dash/score": {"answers": {"1": "yes"}},
        # A fresh incident's version is 1 (the factories do not change it).
        f"{_I}/voice": {"wishes": "Wants him to stay away", "safe_contact": "text", "version": 1},
        f"{_I}/suspect-statuses": {"status": "in_custody"},
        f"{_I}/suspect-statuses/{{change_id}}/victim-told": {},
    }
    return bodies[path]
