"""Which risk questionnaires a force lets its officers use, and which the form opens on.

Read from ``[dash]`` of the policy file: ``default_questionnaire`` and
``allowed_questionnaires``. The assessing officer may choose any allowed one on an incident.
"""

from __future__ import annotations

from dataclasses import dataclass

from safehold.safeguarding.policy_file import PolicyDocument
from safehold.safeguarding.questionnaires import (
    DEFAULT_QUESTIONNAIRE,
    Questionnaire,
    available_questionnaires,
    load_questionnaire,
)
from safehold.safeguarding.rule_errors import ConfigurationError, UnknownQuestionnaireError

__all__ = ["QuestionnaireChoice"]


@dataclass(frozen=True, slots=True)
class QuestionnaireChoice:
    """Which questionnaires the force lets an officer use, and which one the form opens on.

    From ``[dash]`` of the policy file: ``default_questionnaire`` and
    ``allowed_questionnaires`` (optional; default every packaged questionnaire, DARA only
    when the file has a ``[dara]`` rule).
    """

    default: str = DEFAULT_QUESTIONNAIRE
    allowed: tuple[str, ...] = (DEFAULT_QUESTIONNAIRE,)

    def __post_init__(self) -> None:
        known = available_questionnaires()
        for qid in self.allowed:
            if qid not in known:
                raise ConfigurationError(
                    f"dash.allowed_questionnaires names {qid!r}, which is not a questionnaire; "
                    f"available: {', '.join(known)}",
                    field="dash.allowed_questionnaires",
                )
        if self.default not in self.allowed:
            raise ConfigurationError(
                f"dash.default_questionnaire {self.default!r} is not among "
                f"dash.allowed_questionnaires ({', '.join(self.allowed)}); add it",
                field="dash.default_questionnaire",
            )

    @classmethod
    def from_document(cls, document: PolicyDocument) -> QuestionnaireChoice:
        default = document.text("dash.default_questionnaire")
        if document.has("dash.allowed_questionnaires"):
            allowed = document.texts("dash.allowed_questionnaires")
        else:  # every packaged one, but DARA only with a [dara] rule to grade it
            allowed = tuple(
                q
                for q in available_questionnaires()
                if document.has("dara") or load_questionnaire(q).scoring != "dara"
            )
        return cls(default=default, allowed=allowed)

    def choose(self, wanted: str | None) -> Questionnaire:
        """The questionnaire ``wanted`` (blank: the force's default) if the force allows it.

        Raises
        ------
        UnknownQuestionnaireError
            If it is not one the force allows, naming those it does.
        """
        qid = (wanted or "").strip().lower() or self.default
        if qid not in self.allowed:
            raise UnknownQuestionnaireError(
                f"questionnaire {qid!r} is not used in this force; choose one of "
                f"{', '.join(self.allowed)}",
                field="questionnaire",
            )
        return load_questionnaire(qid)
