"""The force's safeguarding policy for the Django side: read once, typed, versioned.

``settings.SAFEHOLD_SAFEGUARDING_POLICY`` may name a force's own copy of ``policy.toml``;
without it the file shipped in the package is used. Every table (``[dash]``, ``[dara]``,
``[marac]``, ``[queue]``, ``[clocks]``, ``[referrals]``, ``[orders]``) is read into the rules'
own parameter objects, which all carry the file's ``version``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from .clock_policy import ClockPolicy
from .closure_rules import ClosurePolicy
from .dara import DaraPolicy
from .dash import DashPolicy
from .marac import MaracPolicy
from .policy_file import load_policy_document
from .protection_orders import OrderPolicy
from .questionnaire_choice import QuestionnaireChoice
from .questionnaires import load_questionnaire
from .queue_policy import QueuePolicy
from .referral_rules import ReferralPolicy
from .rule_errors import ConfigurationError


@dataclass(frozen=True, slots=True)
class Policies:
    """Every safeguarding rule's parameters, from one policy file."""

    dash: DashPolicy
    marac: MaracPolicy
    queue: QueuePolicy
    clocks: ClockPolicy
    closure: ClosurePolicy
    dara: DaraPolicy
    questionnaires: QuestionnaireChoice
    referrals: ReferralPolicy
    orders: OrderPolicy

    @property
    def version(self) -> str:
        return self.queue.version


@cache
def _load(path: str | None) -> Policies:
    document = load_policy_document(Path(path) if path else None)
    choice = QuestionnaireChoice.from_document(document)
    # A force's file from before DARA has no [dara] table: DARA is then not offered.
    dara = DaraPolicy.from_document(document) if document.has("dara") else DaraPolicy()
    for qid in choice.allowed:  # a rule naming a section the form lacks fails at load
        questionnaire = load_questionnaire(qid)
        if questionnaire.scoring == "dara":
            if not document.has("dara"):
                raise ConfigurationError(
                    f"{document.source}: dash.allowed_questionnaires includes {qid!r} but "
                    "there is no [dara] table to grade it; add one (docs/safeguarding-rules.md)",
                    field="dara",
                )
            dara.check(questionnaire)
    return Policies(
        dash=DashPolicy.from_document(document),
        marac=MaracPolicy.from_document(document),
        queue=QueuePolicy.from_document(document),
        clocks=ClockPolicy.from_document(document),
        closure=ClosurePolicy.from_document(document),
        dara=dara,
        questionnaires=choice,
        referrals=ReferralPolicy.from_document(document),
        orders=OrderPolicy.from_document(document),
    )


def current() -> Policies:
    """The policies in force (cached per file)."""
    return _load(getattr(settings, "SAFEHOLD_SAFEGUARDING_POLICY", None))
