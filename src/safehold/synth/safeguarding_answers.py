"""The synthetic force's answers to its risk questionnaires, and which questionnaire an
incident gets: DASH-27 throughout the year, and DARA on a share of incidents from the day
the force began trialling it (as a force piloting DARA at some of its stations would).

DASH answers follow the household's underlying risk through the yes count (1-9 standard,
10-13 medium, 14-21 high). DARA is graded by the force's rule (bands and floors, see
``safehold.safeguarding.dara``), so its answers are drawn and scored by that same rule until
they grade as the household's risk: the DARA cases reach MARAC as the DASH ones do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from safehold.safeguarding import policies
from safehold.safeguarding.dash import score
from safehold.safeguarding.questionnaires import Questionnaire, load_questionnaire
from safehold.safeguarding.vocabulary import Grade
from safehold.synth.safeguarding_plan import LONDON, Plan

# The chance a questionnaire's yes count differs from the household's risk by 3 or 4.
ANSWER_NOISE = 0.08
# The force trials DARA for the last six months of the seeded year, on about four
# incidents in ten (the trial's stations); DASH-27 everywhere else.
DARA_TRIAL_DAYS = 183
DARA_TRIAL_SHARE = 0.4
# DARA yes counts tried for each grade (the force's rule decides the grade).
DARA_YES = {0: (1, 6), 1: (3, 11), 2: (5, 16)}
DARA_TRIES = 60
GRADES = (Grade.STANDARD, Grade.MEDIUM, Grade.HIGH)


@dataclass(frozen=True, slots=True)
class Instruments:
    """The questionnaires the synthetic force uses and the day its DARA trial began."""

    dash: Questionnaire
    dara: Questionnaire
    dara_from: date

    @classmethod
    def for_force(cls, now: datetime) -> Instruments:
        start = (now - timedelta(days=DARA_TRIAL_DAYS)).astimezone(LONDON).date()
        return cls(load_questionnaire("dash-27"), load_questionnaire("dara"), start)

    def for_incident(self, plan: Plan) -> Questionnaire:
        """DARA for a share of the incidents reported since the trial began. Drawn from the
        incident's own stream, so the choice does not move the rest of the force."""
        if plan.reported_at.astimezone(LONDON).date() < self.dara_from:
            return self.dash
        chosen = random.Random(plan.id * 104_729 + 11).random() < DARA_TRIAL_SHARE
        return self.dara if chosen else self.dash


def answers(
    rng: random.Random, questionnaire: Questionnaire, risk: int, policy: policies.Policies
) -> dict[str, str]:
    """Answers to ``questionnaire`` for a household of underlying ``risk`` (0, 1, 2)."""
    if questionnaire.scoring == "dara":
        return _dara_answers(rng, questionnaire, risk, policy)
    return _dash_answers(rng, questionnaire, risk)


def _dash_answers(rng: random.Random, questionnaire: Questionnaire, risk: int) -> dict[str, str]:
    count = len(questionnaire.questions)
    yes = {0: rng.randint(1, 9), 1: rng.randint(10, 13), 2: rng.randint(14, 21)}[risk]
    if rng.random() < ANSWER_NOISE:  # the questionnaire does not always agree with the call
        yes = max(0, min(count, yes + rng.choice((-4, -3, 3, 4))))
    return _draw(rng, count, yes)


def _dara_answers(
    rng: random.Random, questionnaire: Questionnaire, risk: int, policy: policies.Policies
) -> dict[str, str]:
    target = risk
    if rng.random() < ANSWER_NOISE / 2:  # about as often as a DASH crosses a band
        target = max(0, min(2, risk + rng.choice((-1, 1))))
    count = len(questionnaire.questions)
    drawn: dict[str, str] = {}
    for _ in range(DARA_TRIES):
        drawn = _draw(rng, count, rng.randint(*DARA_YES[target]))
        result = score(questionnaire, drawn, policy=policy.dash, dara_policy=policy.dara)
        if result.actuarial_grade is GRADES[target]:
            break
    return drawn


def _draw(rng: random.Random, count: int, yes: int) -> dict[str, str]:
    chosen = set(rng.sample(range(1, count + 1), yes))
    drawn = {}
    for number in range(1, count + 1):
        if number in chosen:
            drawn[str(number)] = "yes"
        elif rng.random() < 0.06:
            drawn[str(number)] = "not known"
        elif rng.random() < 0.97:
            drawn[str(number)] = "no"
    return drawn
