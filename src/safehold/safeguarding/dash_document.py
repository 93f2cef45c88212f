"""The JSON scoring document of ``safehold dash score`` and the API: parse, score, decide.

This sits above both :mod:`.dash` (scoring) and :mod:`.marac` (referral), so neither has to
import the other's caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from safehold.safeguarding.dara import DaraPolicy
from safehold.safeguarding.dash import DashPolicy, ProfessionalJudgement, score
from safehold.safeguarding.marac import MaracPolicy, VictimHistory, decide_marac
from safehold.safeguarding.questionnaires import (
    DEFAULT_QUESTIONNAIRE,
    Questionnaire,
    load_questionnaire,
)
from safehold.safeguarding.rule_errors import BadDocumentError
from safehold.safeguarding.vocabulary import parse_grade

__all__ = ["parse_document", "score_document"]

_DOCUMENT_KEYS = frozenset({"questionnaire", "answers", "professional_judgement"})


def parse_document(
    doc: object,
) -> tuple[Questionnaire, Mapping[Any, object], ProfessionalJudgement | None]:
    """Validate a scoring document and return its questionnaire, answers and judgement.

    The document is ``{"questionnaire": "dash-27", "answers": {"1": "yes", ...},
    "professional_judgement": {"grade": "high", "reason": "..."} or null}``;
    ``questionnaire`` defaults to ``"dash-27"`` and ``professional_judgement`` to null.

    Raises
    ------
    BadDocumentError
        If the document, its answers or its judgement is not an object, or it has keys
        other than those three.
    UnknownQuestionnaireError, BadGradeError, MissingReasonError
        As named.
    """
    if not isinstance(doc, Mapping):
        raise BadDocumentError(
            "the document must be a JSON object with questionnaire, answers and "
            "professional_judgement",
            field=None,
        )
    extra = sorted(str(k) for k in doc if k not in _DOCUMENT_KEYS)
    if extra:
        raise BadDocumentError(
            f"unexpected key(s) {extra}; the document has only questionnaire, answers and "
            "professional_judgement",
            field=extra[0],
        )
    questionnaire = load_questionnaire(doc.get("questionnaire", DEFAULT_QUESTIONNAIRE))
    answers = doc.get("answers")
    if not isinstance(answers, Mapping):
        raise BadDocumentError(
            'answers must be an object of question number to answer, e.g. {"1": "yes"}',
            field="answers",
        )
    raw_pj = doc.get("professional_judgement")
    judgement: ProfessionalJudgement | None = None
    if raw_pj is not None:
        if not isinstance(raw_pj, Mapping):
            raise BadDocumentError(
                'professional_judgement must be null or {"grade": ..., "reason": ...}',
                field="professional_judgement",
            )
        judgement = ProfessionalJudgement(
            grade=parse_grade(raw_pj.get("grade"), field="professional_judgement.grade"),
            reason=raw_pj.get("reason", ""),
        )
    return questionnaire, answers, judgement


def score_document(
    doc: object,
    *,
    history: VictimHistory | None = None,
    now: datetime | None = None,
    dash_policy: DashPolicy | None = None,
    marac_policy: MaracPolicy | None = None,
    dara_policy: DaraPolicy | None = None,
) -> dict[str, Any]:
    """Score a JSON scoring document and decide MARAC referral; return JSON-ready data.

    This is what ``safehold dash score FILE.json`` prints.

    Parameters
    ----------
    doc
        The parsed JSON document (see :func:`parse_document`).
    history
        The victim's earlier incidents and MARAC referrals. Without it the potential
        escalation and repeat criteria cannot be assessed, and the result says so.
    now
        The time of assessment, timezone-aware; required when ``history`` is given.
    dash_policy, marac_policy, dara_policy
        ``None`` uses the packaged policy file.

    Returns
    -------
    dict
        ``grade``, ``actuarial_grade``, ``yes_count``, ``marac_referral``,
        ``marac_criteria`` (list of ``{code, text}``), ``marac_notes``, ``reasons``
        (list of ``{code, text}``), ``red_flags`` (list of ``{code, label, questions}``),
        ``unanswered``, ``not_known``, ``professional_judgement``
        (``{grade, reason, effect}`` or null), ``questionnaire`` (``{id, version}``) and
        ``policy_version``.

    Raises
    ------
    DashInputError
        For bad input; its ``code`` and ``field`` say what and where.
    """
    questionnaire, answers, judgement = parse_document(doc)
    result = score(questionnaire, answers, judgement, policy=dash_policy, dara_policy=dara_policy)
    decision = decide_marac(result, history, now=now, policy=marac_policy)
    return {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "grade": str(result.grade),
        "actuarial_grade": str(result.actuarial_grade),
        "yes_count": result.yes_count,
        "question_count": len(questionnaire.questions),
        "unanswered": list(result.unanswered),
        "not_known": list(result.not_known),
        "red_flags": [
            {
                "code": code,
                "label": questionnaire.cluster(code).label,
                "questions": list(questionnaire.cluster(code).questions),
            }
            for code in result.red_flags
        ],
        "professional_judgement": None
        if judgement is None
        else {
            "grade": str(judgement.grade),
            "reason": judgement.reason,
            "effect": str(result.judgement_effect),
        },
        "reasons": [{"code": r.code, "text": r.text} for r in result.reasons],
        "marac_referral": decision.refer,
        "marac_criteria": [{"code": c.code, "text": c.text} for c in decision.criteria],
        "marac_notes": [{"code": c.code, "text": c.text} for c in decision.notes],
        "policy_version": result.policy_version,
    }
