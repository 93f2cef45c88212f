"""What the structured visit record checks beyond who was there: the devices prompt,
compliance with each term of the orders in force, and observations per ARMS factor.

Pure: plain values in and out; no Django.

The ARMS factor names follow the published descriptions (DOMAIN.md §1.3: seven risk and
four protective factors); the wording of the tool's own form is not public, so the
names are labels for free-text observations only, not an assessment.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Final

__all__ = [
    "ARMS_FACTORS",
    "COMPLIANCE",
    "VisitCheckError",
    "check_arms",
    "check_compliance",
    "needs_devices",
]

#: Per term of an order in force: what the officers found.
COMPLIANCE: Final = {
    "complied": "Complied",
    "not_complied": "Not complied",
    "not_checked": "Not checked",
}

#: (key, label, kind) for ARMS's seven risk and four protective factors.
ARMS_FACTORS: Final = (
    ("opportunity", "Opportunity to offend", "risk"),
    ("sexual_preoccupation", "Sexual preoccupation", "risk"),
    ("offence_related_interest", "Offence-related sexual interest", "risk"),
    ("emotional_congruence", "Emotional congruence with children", "risk"),
    ("hostile_orientation", "Hostile orientation", "risk"),
    ("poor_self_management", "Poor self-management", "risk"),
    ("social_isolation", "Social isolation", "risk"),
    ("social_investment", "Social investment", "protective"),
    ("positive_influences", "Positive social influences", "protective"),
    ("intimate_relationship", "Intimate relationship", "protective"),
    ("commitment_to_desist", "Commitment to desist", "protective"),
)
ARMS_KEYS: Final = frozenset(k for k, _, _ in ARMS_FACTORS)
MAX_OBSERVATION = 1000


class VisitCheckError(ValueError):
    """A visit check is wrong; ``field`` names the form field to fix."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        super().__init__(problem)


def needs_devices(topics_in_force: Collection[str]) -> bool:
    """Whether an order in force has a devices term: the form then asks what was examined."""
    return "devices" in topics_in_force


def check_compliance(answers: Mapping[int, str], terms_in_force: Collection[int]) -> dict[str, str]:
    """Compliance per term, every term in force answered (unanswered = not checked);
    a term not in force, or an unknown answer, is an error naming the term."""
    out: dict[str, str] = {}
    for term, answer in answers.items():
        if term not in terms_in_force:
            raise VisitCheckError(f"term_{term}", f"Term {term} is not a term of an order in force")
        if answer not in COMPLIANCE:
            raise VisitCheckError(
                f"term_{term}", f"Answer for term {term} must be one of {', '.join(COMPLIANCE)}"
            )
    for term in sorted(terms_in_force):
        out[str(term)] = answers.get(term, "not_checked")
    return out


def check_arms(observations: Mapping[str, str]) -> dict[str, str]:
    """Observations per ARMS factor, empty ones dropped, in the factors' order."""
    unknown = set(observations) - ARMS_KEYS
    if unknown:
        raise VisitCheckError(f"arms_{sorted(unknown)[0]}", "Not an ARMS factor")
    out = {}
    for key, label, _ in ARMS_FACTORS:
        text = (observations.get(key) or "").strip()
        if len(text) > MAX_OBSERVATION:
            raise VisitCheckError(f"arms_{key}", f"{label}: at most {MAX_OBSERVATION} characters")
        if text:
            out[key] = text
    return out
