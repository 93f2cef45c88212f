"""The safeguarding rules' vocabulary: grades, answers, attendance and reasons.

Each enum is defined here once, as a :class:`~safehold.choices.LabelledChoices`; the Django
choices in ``models.py`` are derived from these.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from safehold.choices import LabelledChoices
from safehold.safeguarding.rule_errors import BadAnswerError, BadGradeError

__all__ = [
    "ActionKind",
    "Answer",
    "Attendance",
    "BreachResponse",
    "ClosureContact",
    "Grade",
    "NextStep",
    "ProsecutionSupport",
    "Reason",
    "ReferralOutcome",
    "SafeContact",
    "SuspectStatus",
    "TargetOutcome",
    "parse_answer",
    "parse_grade",
]


class Grade(LabelledChoices):
    """Domestic-abuse risk grade, lowest to highest."""

    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"

    @property
    def rank(self) -> int:
        """Order of the grade: 0 standard, 1 medium, 2 high (never compare the strings)."""
        return _GRADE_RANK[self]


_GRADE_RANK: dict[Grade, int] = {Grade.STANDARD: 0, Grade.MEDIUM: 1, Grade.HIGH: 2}


def parse_grade(value: object, *, field: str = "grade") -> Grade:
    """Return the :class:`Grade` for ``value`` (case and surrounding space ignored).

    Raises
    ------
    BadGradeError
        If ``value`` is not "standard", "medium" or "high".
    """
    if isinstance(value, Grade):
        return value
    if isinstance(value, str):
        try:
            return Grade(" ".join(value.split()).lower())
        except ValueError:
            pass
    raise BadGradeError(
        f"{field}: {value!r} is not a grade; use one of standard, medium, high", field=field
    )


class Answer(StrEnum):
    """An answer to one question. "not known" counts as not yes."""

    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not known"


def parse_answer(value: object, *, field: str) -> Answer:
    """Return the :class:`Answer` for ``value``.

    Case and whitespace are ignored, and ``_`` or ``-`` may stand for the space in
    "not known" (``NOT_KNOWN`` and ``not-known`` are accepted).

    Raises
    ------
    BadAnswerError
        For anything else, naming the question and the value.
    """
    if isinstance(value, Answer):
        return value
    if isinstance(value, str):
        normalised = " ".join(value.replace("_", " ").replace("-", " ").split()).lower()
        try:
            return Answer(normalised)
        except ValueError:
            pass
    raise BadAnswerError(
        f"{field}: {value!r} is not an answer; use one of yes, no, not known", field=field
    )


class Attendance(LabelledChoices):
    """Whether officers attended the incident."""

    ATTENDED = "attended", "Officers attended"
    DELAYED = "delayed", "Attendance delayed"
    UNABLE = "unable", "Unable to attend"


class TargetOutcome(LabelledChoices):
    """Whether the victim was first contacted within the contact target for their grade.

    Decided once — by the first contact, or by the target passing without one — and kept:
    a later contact never turns a missed target into a met one.
    """

    PENDING = "pending", "Not yet decided"
    MET = "met", "Contact target met"
    MISSED = "missed", "Contact target missed"


class NextStep(LabelledChoices):
    """What a waiting victim needs next: a telephone call, or officers to attend."""

    CALL = "call", "Needs a call"
    DEPLOY = "deploy", "Needs a deployment"


class ClosureContact(LabelledChoices):
    """The contact outcome recorded when an incident is closed."""

    SPOKE = "spoke_to_victim", "Spoke to the victim"
    SEEN = "seen_in_person", "Victim seen in person"
    DECLINED = "declined_support", "Victim declined support"
    NOT_REACHED = "not_reached", "Victim not reached despite repeated attempts"


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason behind an automated decision: a stable ``code`` and a sentence."""

    code: str
    text: str


class SafeContact(LabelledChoices):
    """How the victim says it is safe to contact them."""

    PHONE = "phone", "Telephone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    THIRD_PARTY = "third_party", "Through a named person or agency"
    IN_PERSON = "in_person", "In person only"


class ProsecutionSupport(LabelledChoices):
    """Whether the victim supports a prosecution (their choice; it may change)."""

    SUPPORTS = "supports", "Supports a prosecution"
    DOES_NOT = "does_not_support", "Does not support a prosecution"
    UNDECIDED = "undecided", "Has not decided"


class SuspectStatus(LabelledChoices):
    """Where the suspect is in the criminal process, as far as the victim's safety goes."""

    AT_LARGE = "at_large", "At large (not arrested or located)"
    IN_CUSTODY = "in_custody", "In police custody"
    BAIL = "bail", "Released on bail with conditions"
    RUI = "rui", "Released under investigation (no bail conditions)"
    REMANDED = "remanded", "Charged and remanded in custody"
    RELEASED_NFA = "released_nfa", "Released: no further action"

    @property
    def is_release(self) -> bool:
        """The suspect is out of custody after an arrest: the victim must be told."""
        return self in (SuspectStatus.BAIL, SuspectStatus.RUI, SuspectStatus.RELEASED_NFA)


class ActionKind(LabelledChoices):
    """A protective action or referral that starts a clock (defined once, here)."""

    ARREST = "arrest", "Arrest"
    DVPN = "dvpn", "Domestic violence protection notice (DVPN)"
    DVPO = "dvpo", "Domestic violence protection order (DVPO)"
    DVDS_RIGHT_TO_ASK = "dvds_right_to_ask", "Clare's Law: right to ask"
    DVDS_RIGHT_TO_KNOW = "dvds_right_to_know", "Clare's Law: right to know"
    IDVA_REFERRAL = "idva_referral", "Referral to an IDVA"
    SAFETY_PLANNING = "safety_planning", "Safety planning"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Referral to children's social care"
    DAPN = "dapn", "Domestic abuse protection notice (DAPN)"
    DAPO = "dapo", "Domestic abuse protection order (DAPO)"
    DAPO_NOTIFICATION = "dapo_notification", "DAPO: name and address to be notified"

    @property
    def is_referral(self) -> bool:
        """A referral to another agency: completed with the agency's outcome."""
        return self in REFERRALS

    @property
    def is_breachable(self) -> bool:
        """A notice or order whose breaches are recorded."""
        return self in BREACHABLE

    @property
    def is_notice(self) -> bool:
        """A protection notice: authorised by rank, with the considerations the law asks."""
        return self in NOTICES


REFERRALS = frozenset({ActionKind.IDVA_REFERRAL, ActionKind.CHILDRENS_SOCIAL_CARE})
NOTICES = frozenset({ActionKind.DVPN, ActionKind.DAPN})
# Notices and orders whose breach is recorded against them.
BREACHABLE = frozenset(
    {
        ActionKind.DVPN,
        ActionKind.DVPO,
        ActionKind.DAPN,
        ActionKind.DAPO,
        ActionKind.DAPO_NOTIFICATION,
    }
)


class BreachResponse(LabelledChoices):
    """What the police did about a breach of a notice or order."""

    ARRESTED = "arrested", "Suspect arrested"
    CRIME_RECORDED = "crime_recorded", "Crime recorded; suspect to be interviewed"
    BACK_TO_COURT = "back_to_court", "Referred back to the court"
    NO_ACTION = "no_action", "No further action (reason recorded)"


class ReferralOutcome(LabelledChoices):
    """What came of a referral to an IDVA or to children's social care."""

    ACCEPTED = "accepted", "Accepted by the service"
    DECLINED = "declined", "Declined by the victim"
    UNABLE_TO_CONTACT = "unable_to_contact", "Service unable to contact the victim"
    NOT_ACCEPTED = "not_accepted", "Not accepted by the service (below its threshold)"
    ALREADY_OPEN = "already_open", "Already open to the service"
