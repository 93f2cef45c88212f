"""The referrals an incident's page asks for, read from the incident already loaded.

Feeds :func:`referral_rules.prompted_referrals` from the prefetched parties, latest
questionnaire and actions of :func:`queries.incident_record` (no further queries), and pairs
each prompt with the referrals of its kind already recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import policies
from .models import Incident, PartyRole, ProtectiveAction
from .questionnaires import load_questionnaire
from .referral_rules import Prompt, ReferralFacts, prompted_referrals
from .rule_errors import SafeguardingRuleError

__all__ = ["PromptRow", "referral_prompts"]


@dataclass(frozen=True, slots=True)
class PromptRow:
    """A prompted referral and the referrals of its kind recorded on the incident."""

    prompt: Prompt
    recorded: list[ProtectiveAction]

    @property
    def outstanding(self) -> bool:
        """Required and not yet made."""
        return self.prompt.required and not self.recorded


def facts_for(incident: Incident) -> ReferralFacts:
    """What the referral rule reads, from the prefetched rows."""
    children = incident.children_present or any(
        p.role == PartyRole.CHILD for p in incident.parties.all()
    )
    latest = next(iter(incident.assessments.all()), None)
    questionnaire = None
    yes: frozenset[int] = frozenset()
    if latest is not None:
        try:
            questionnaire = load_questionnaire(latest.questionnaire_id)
        except SafeguardingRuleError:
            questionnaire = None  # a retired questionnaire: its answers still count below
        yes = frozenset(int(n) for n, a in latest.answers.items() if str(a) == "yes")
    return ReferralFacts(
        grade=incident.grade,
        children_in_household=children,
        questionnaire=questionnaire,
        yes=yes,
        red_flags=tuple(latest.red_flags if latest is not None else incident.red_flags),
    )


def referral_prompts(incident: Incident) -> list[PromptRow]:
    """The referrals the incident calls for, each with those already recorded."""
    prompts = prompted_referrals(facts_for(incident), policies.current().referrals)
    actions = list(incident.actions.all())
    return [PromptRow(p, [a for a in actions if a.kind == p.kind]) for p in prompts]
