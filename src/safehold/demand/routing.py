"""Routing: where a graded incident goes, with its reasons and the policy version.

Pure rules. Routes, in order of precedence:

1. **response** for the policy's response grades (1 and 2 by default);
2. the **resolution centre** for an eligible incident type in an eligible grade, when no
   gate stops it: no immediate risk (threat at or above the configured level), no
   vulnerable person who needs attendance, not high-risk domestic abuse;
3. **scheduled attendance** (grade 3) or an **appointment** (grade 4);
4. **advice and close** (grade 5).

A domestic-abuse incident also goes to the safeguarding queue, whatever its route.
Grade 1 and high-risk domestic abuse never reach the resolution centre (a Hypothesis
property in the tests holds the rules to it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .policy import DemandPolicy
from .questions import question
from .vocabulary import IncidentType, Route

__all__ = ["RoutingDecision", "RoutingFacts", "route"]


@dataclass(frozen=True, slots=True)
class RoutingFacts:
    """What routing reads: the grade in force, the type and the THRIVE answers."""

    grade: int
    incident_type: IncidentType
    answers: Mapping[str, str]
    domestic_abuse: bool = False

    @property
    def high_risk_da(self) -> bool:
        return self.answers.get("da_risk") == "high"

    @property
    def is_domestic_abuse(self) -> bool:
        return self.domestic_abuse or self.incident_type is IncidentType.DOMESTIC_ABUSE


@dataclass(frozen=True, slots=True)
class RoutingDecision:
    """The route, the reasons for it, whether it goes to safeguarding too, and the version."""

    route: Route
    reasons: tuple[str, ...]
    policy_version: str
    to_safeguarding: bool = False


def _gates(policy: DemandPolicy, facts: RoutingFacts) -> list[str]:
    """Why the resolution centre may not take this incident (empty: it may)."""
    stops = []
    if facts.grade not in policy.rc_grades:
        stops.append(f"grade {facts.grade} is not a resolution-centre grade")
    if facts.incident_type not in policy.rc_eligible_types:
        stops.append(f"{facts.incident_type.label.lower()} is not a resolution-centre type")
    threat = question("threat_level")
    level = facts.answers.get("threat_level", "none")
    if threat.rank(level) >= threat.rank(policy.immediate_risk_threat_level):
        stops.append("there is an immediate risk (threat now: " + level + ")")
    if facts.answers.get("needs_attendance") == "yes":
        stops.append("a vulnerable person needs officers to attend")
    if facts.high_risk_da:
        stops.append("high-risk domestic abuse needs attendance")
    return stops


def route(policy: DemandPolicy, facts: RoutingFacts) -> RoutingDecision:
    """Route a graded incident; every decision names its reasons and the policy version."""
    reasons: list[str] = []
    da = facts.is_domestic_abuse
    if facts.grade in policy.response_grades:
        chosen = Route.RESPONSE
        reasons.append(f"Grade {facts.grade}: response attends within the target")
    else:
        stops = _gates(policy, facts)
        if not stops:
            chosen = Route.RESOLUTION_CENTRE
            reasons += [
                f"{facts.incident_type.label} is a type the resolution centre investigates",
                f"Grade {facts.grade}: no attendance needed now",
                (
                    "No immediate risk, no vulnerable person who needs attendance, "
                    "not high-risk domestic abuse"
                ),
            ]
        elif facts.high_risk_da:
            chosen = Route.SCHEDULED
            reasons.append("High-risk domestic abuse: officers attend (scheduled at the latest)")
        elif facts.grade in policy.scheduled_grades:
            chosen = Route.SCHEDULED
            reasons.append(f"Grade {facts.grade}: scheduled attendance")
        elif facts.grade in policy.appointment_grades:
            chosen = Route.APPOINTMENT
            reasons.append(f"Grade {facts.grade}: an appointment at a station or at home")
        else:
            chosen = Route.ADVICE
            reasons.append(f"Grade {facts.grade}: resolved without deployment (advice and close)")
        if stops and facts.grade in policy.rc_grades:
            reasons += [f"Not the resolution centre: {s}" for s in stops]
    if da:
        reasons.append("Domestic abuse: the victim also joins the safeguarding queue")
    return RoutingDecision(chosen, tuple(reasons), policy.version, to_safeguarding=da)
