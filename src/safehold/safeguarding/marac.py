"""MARAC referral: the four SafeLives criteria, computed and explained.

A case meets the MARAC threshold when any of these holds (each a configurable rule in the
``[marac]`` table of the policy file):

``visible_high_risk``
    The questionnaire has at least 14 "yes" answers (a DARA questionnaire: its answers alone
    grade high under the force's DARA rule).
``professional_judgement``
    The officer judged the risk high although the count is below that threshold.
``potential_escalation``
    The victim has had at least 3 domestic-abuse incidents in the last 12 months.
``repeat_referral``
    The case was referred to MARAC before and a new incident happened within 12 months of
    the last referral.

Windows are calendar months, not 365-day blocks, because that is how the criteria are
written ("within 12 months"). Events dated after ``now`` are ignored: they are data-entry
errors or clock skew, and counting them would refer on evidence that does not exist yet.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from safehold.datetext import short_date
from safehold.safeguarding.dash import DashResult
from safehold.safeguarding.policy_file import PolicyDocument, load_policy_document
from safehold.safeguarding.questionnaires import load_questionnaire
from safehold.safeguarding.rule_errors import SafeguardingRuleError
from safehold.safeguarding.vocabulary import Grade, parse_grade

__all__ = [
    "Criterion",
    "EarlierGrade",
    "MaracDecision",
    "MaracInputError",
    "MaracPolicy",
    "VictimHistory",
    "decide_marac",
    "decide_marac_without_questionnaire",
    "months_before",
]

LONDON = ZoneInfo("Europe/London")


class MaracInputError(SafeguardingRuleError):
    """Bad input to the MARAC decision (e.g. a date without a timezone)."""

    code = "marac_input_error"


def _require_aware(value: object, field: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise MaracInputError(
            f"{field}: {value!r} must be a timezone-aware datetime (UTC inside Safehold)",
            field=field,
        )
    return value


def months_before(moment: datetime, months: int) -> datetime:
    """Return ``moment`` moved back ``months`` calendar months (31 March - 1 = 28/29 Feb)."""
    return _add_months(moment, -months)


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + (moment.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True, slots=True)
class EarlierGrade:
    """A grade given at an earlier assessment of the same victim."""

    assessed_at: datetime
    grade: Grade

    def __post_init__(self) -> None:
        _require_aware(self.assessed_at, "earlier_grades.assessed_at")
        object.__setattr__(self, "grade", parse_grade(self.grade, field="earlier_grades.grade"))


@dataclass(frozen=True, slots=True)
class VictimHistory:
    """What is known about the victim's past, as plain dates.

    Parameters
    ----------
    incidents_at
        When each domestic-abuse incident with this person as victim happened, **including
        the incident being assessed**, from any agency (not only police call-outs).
    marac_referrals_at
        When the victim's case was referred to MARAC.
    earlier_grades
        Grades given at earlier assessments.

    Lists are accepted and stored sorted as tuples.
    """

    incidents_at: tuple[datetime, ...] = ()
    marac_referrals_at: tuple[datetime, ...] = ()
    earlier_grades: tuple[EarlierGrade, ...] = ()

    def __post_init__(self) -> None:
        incidents = tuple(
            sorted(_require_aware(t, "history.incidents_at") for t in self.incidents_at)
        )
        referrals = tuple(
            sorted(_require_aware(t, "history.marac_referrals_at") for t in self.marac_referrals_at)
        )
        grades = tuple(sorted(self.earlier_grades, key=lambda g: g.assessed_at))
        object.__setattr__(self, "incidents_at", incidents)
        object.__setattr__(self, "marac_referrals_at", referrals)
        object.__setattr__(self, "earlier_grades", grades)


@dataclass(frozen=True, slots=True)
class Criterion:
    """A MARAC criterion met (or a note about one): stable ``code`` and a sentence."""

    code: str
    text: str


@dataclass(frozen=True, slots=True)
class MaracDecision:
    """Whether to refer to MARAC, and on which criteria.

    Attributes
    ----------
    criteria
        The criteria met, in the SafeLives order; empty when none.
    refer
        True when at least one criterion is met.
    notes
        Things the officer should know that are not criteria (a criterion that could not
        be assessed, an earlier high grade).
    policy_version
        The policy that produced the decision.
    """

    criteria: tuple[Criterion, ...]
    refer: bool
    notes: tuple[Criterion, ...]
    policy_version: str

    @property
    def codes(self) -> tuple[str, ...]:
        """Codes of the criteria met."""
        return tuple(c.code for c in self.criteria)


@dataclass(frozen=True, slots=True)
class MaracPolicy:
    """Thresholds of the MARAC criteria (defaults are the SafeLives recommendations).

    Parameters
    ----------
    version
        Stamped on every decision.
    visible_high_risk_min_yes
        Fewest "yes" answers that are visible high risk (14).
    escalation_min_incidents
        Fewest incidents within the escalation window that are potential escalation (3;
        some areas use 3 in 6 months).
    escalation_window_months
        Length of that window (12).
    repeat_window_months
        A new incident this soon after the last referral is a repeat (12).
    earlier_grade_lookback_months
        An earlier high grade within this many months is noted for the officer (12).
    """

    version: str = "built-in"
    visible_high_risk_min_yes: int = 14
    escalation_min_incidents: int = 3
    escalation_window_months: int = 12
    repeat_window_months: int = 12
    earlier_grade_lookback_months: int = 12

    def __post_init__(self) -> None:
        for name in (
            "visible_high_risk_min_yes",
            "escalation_min_incidents",
            "escalation_window_months",
            "repeat_window_months",
            "earlier_grade_lookback_months",
        ):
            value = getattr(self, name)
            if value < 1:
                raise MaracInputError(
                    f"marac.{name} is {value}; it must be at least 1", field=f"marac.{name}"
                )

    @classmethod
    def from_document(cls, document: PolicyDocument) -> MaracPolicy:
        """Build the policy from the ``[marac]`` table of a policy file."""
        return cls(
            version=document.version,
            visible_high_risk_min_yes=document.integer(
                "marac.visible_high_risk_min_yes", minimum=1
            ),
            escalation_min_incidents=document.integer("marac.escalation_min_incidents", minimum=1),
            escalation_window_months=document.integer("marac.escalation_window_months", minimum=1),
            repeat_window_months=document.integer("marac.repeat_window_months", minimum=1),
            earlier_grade_lookback_months=document.integer(
                "marac.earlier_grade_lookback_months", minimum=1
            ),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> MaracPolicy:
        """Read the policy from ``path`` or, by default, from the packaged policy file."""
        return cls.from_document(load_policy_document(path))


@cache
def _default_policy() -> MaracPolicy:
    return MaracPolicy.load()


def decide_marac(
    result: DashResult,
    history: VictimHistory | None,
    *,
    now: datetime | None = None,
    policy: MaracPolicy | None = None,
) -> MaracDecision:
    """Decide whether the case meets the MARAC referral criteria, and explain.

    Parameters
    ----------
    result
        The scored questionnaire.
    history
        The victim's incidents (including this one) and MARAC referrals; ``None`` when not
        known, in which case escalation and repeat are reported as not assessed.
    now
        Time of the decision, timezone-aware; required when ``history`` is given.
    policy
        Thresholds; ``None`` uses the packaged policy file.

    Returns
    -------
    MaracDecision
        The criteria met, whether to refer, notes, and the policy version.

    Raises
    ------
    MaracInputError
        If ``history`` is given without a timezone-aware ``now``.
    """
    policy = policy or _default_policy()
    criteria: list[Criterion] = []
    notes: list[Criterion] = []
    threshold = policy.visible_high_risk_min_yes

    if result.scoring == "yes_count":
        visible = result.yes_count >= threshold
        visible_text = f"{result.yes_count} yes answers (threshold {threshold})"
        below = f"{result.yes_count} yes answers (below {threshold})"
    else:
        # A rule-graded questionnaire (DARA): its own high grade before judgement is the
        # visible high risk, as 14 yes is for DASH.
        visible = result.actuarial_grade is Grade.HIGH
        title = _questionnaire_title(result.questionnaire_id)
        visible_text = f"the {title} answers grade high under the force's rule"
        below = f"a {result.actuarial_grade} grade from the {title} answers"
    if visible:
        criteria.append(Criterion("visible_high_risk", f"Visible high risk: {visible_text}"))
    pj = result.professional_judgement
    if pj is not None and pj.grade is Grade.HIGH and not visible:
        criteria.append(
            Criterion(
                "professional_judgement",
                f"Professional judgement of high risk with {below}: {pj.reason}",
            )
        )

    if history is None:
        notes.append(
            Criterion(
                "history_not_given",
                "Potential escalation and repeat referral not assessed: the victim's history "
                "was not given",
            )
        )
    else:
        moment = _require_aware(now, "now")
        criteria.extend(_history_criteria(history, moment, policy))
        notes.extend(_history_notes(history, moment, policy, result))

    return MaracDecision(
        criteria=tuple(criteria),
        refer=bool(criteria),
        notes=tuple(notes),
        policy_version=policy.version,
    )


def decide_marac_without_questionnaire(
    history: VictimHistory,
    *,
    now: datetime,
    judgement_reason: str = "",
    policy: MaracPolicy | None = None,
) -> MaracDecision:
    """Decide a referral made without a risk questionnaire (declined, or not completed).

    Only the criteria that need no questionnaire can be met: potential escalation and
    repeat referral from the victim's history, and professional judgement when the officer
    gives a reason. Visible high risk cannot be met without answers.

    Raises
    ------
    MaracInputError
        If ``now`` is not timezone-aware.
    """
    policy = policy or _default_policy()
    moment = _require_aware(now, "now")
    criteria = list(_history_criteria(history, moment, policy))
    reason = judgement_reason.strip()
    if reason:
        criteria.append(
            Criterion(
                "professional_judgement",
                f"Professional judgement without a risk questionnaire: {reason}",
            )
        )
    notes = (
        Criterion(
            "no_questionnaire",
            "Referred without a risk questionnaire: visible high risk was not assessed",
        ),
    )
    return MaracDecision(
        criteria=tuple(criteria),
        refer=bool(criteria),
        notes=notes,
        policy_version=policy.version,
    )


def _questionnaire_title(questionnaire_id: str) -> str:
    """The packaged questionnaire's title ("Domestic abuse risk assessment (DARA-style: …)"),
    or its id when it is not packaged."""
    try:
        return load_questionnaire(questionnaire_id).title
    except SafeguardingRuleError:
        return questionnaire_id


def _day(moment: datetime) -> str:
    """The London calendar day of an aware moment, as "7 Aug 2026" (UTC inside, London in
    the words people read)."""
    return short_date(moment.astimezone(LONDON).date())


def _history_criteria(
    history: VictimHistory, now: datetime, policy: MaracPolicy
) -> Iterable[Criterion]:
    window_start = months_before(now, policy.escalation_window_months)
    recent = [t for t in history.incidents_at if window_start <= t <= now]
    if len(recent) >= policy.escalation_min_incidents:
        yield Criterion(
            "potential_escalation",
            f"Potential escalation: {len(recent)} domestic-abuse incidents in the last "
            f"{policy.escalation_window_months} months (threshold "
            f"{policy.escalation_min_incidents})",
        )

    referrals = [t for t in history.marac_referrals_at if t <= now]
    if referrals:
        last = referrals[-1]
        repeat_until = _add_months(last, policy.repeat_window_months)
        after = [t for t in history.incidents_at if last < t <= min(repeat_until, now)]
        if after:
            yield Criterion(
                "repeat_referral",
                f"Repeat: a new incident on {_day(after[0])} within "
                f"{policy.repeat_window_months} months of the last MARAC referral on "
                f"{_day(last)}",
            )


def _history_notes(
    history: VictimHistory, now: datetime, policy: MaracPolicy, result: DashResult
) -> Iterable[Criterion]:
    since = months_before(now, policy.earlier_grade_lookback_months)
    earlier_high = [
        g for g in history.earlier_grades if g.grade is Grade.HIGH and since <= g.assessed_at <= now
    ]
    if earlier_high and result.grade is not Grade.HIGH:
        yield Criterion(
            "earlier_high_grade",
            f"Graded high on {_day(earlier_high[-1].assessed_at)}, within the last "
            f"{policy.earlier_grade_lookback_months} months; consider professional judgement",
        )
