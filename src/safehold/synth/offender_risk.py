"""Risk as the tools define it, plans, MAPPA and partners in the synthetic force, after
the offenders and their procedures:

- every registered man has a Risk Matrix 2000 score (S and V categories whose combined
  category is his risk level) and an ARMS assessment (scores that lean with the level);
  RM2000 is for adult men, so the few women have ARMS and RoSH only;
- about six in ten have a RoSH level (their risk level) with a rationale;
- a risk management plan for every very high, most high and some medium risk offender
  under active management: actions and owners, the review date their assessment set, and
  the visit interval the policy already gives them (so no due date moves);
- MAPPA: category 1 nearly always, a few category 2 and 3; level 1 mostly (the offenders
  seeder sets levels 2 and 3), with the history of the change and meetings at levels 2-3;
- case details: ViSOR reference, lead agency, probation practitioner and licence
  conditions for those on licence, index offence, a sentence and age at conviction that
  give the notification period already on the record (SOA 2003 s82), with the reasons.

It draws on its own random stream (from the seed), so the seeders after it see the same
randomness as before; nothing here moves a visit or a notification due date.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from safehold.datetext import long_date
from safehold.offenders import notification_periods as periods
from safehold.offenders.facts import current_policy
from safehold.offenders.models import (
    ArmsAssessment,
    CaseDetails,
    MappaChange,
    MappaMeeting,
    Offender,
    PlanAction,
    RiskPlan,
    RoshAssessment,
    StaticAssessment,
    Status,
)
from safehold.offenders.risk_tools import arms_priority, combined_category, default_config
from safehold.offenders.vocabulary import LEVEL_KEYS, RiskLevel

if TYPE_CHECKING:
    from safehold.synth.force import SeedContext

ROSH_SHARE = 0.6
PLAN_SHARE = {"very_high": 1.0, "high": 0.8, "medium": 0.25, "low": 0.0}
ARMS_RISK = {"very_high": (8, 13), "high": (5, 10), "medium": (3, 7), "low": (0, 4)}
OFFENCES = (
    "Sexual assault (SOA 2003 s3)",
    "Sexual activity with a child (s9)",
    "Making indecent photographs of children (PCA 1978 s1)",
    "Rape (s1)",
    "Exposure (s66)",
    "Voyeurism (s67)",
    "Sexual communication with a child (s15A)",
)
ACTIONS = (
    ("Check devices at each home visit", "Offender manager"),
    ("Confirm employment and any contact with children", "Offender manager"),
    ("Review licence compliance with probation", "Probation practitioner"),
    ("Share changes of address with children's social care", "MOSOVO DS"),
    ("Monitor internet use under the SHPO", "Offender manager"),
)
CONDITIONS = (
    "Reside at the approved premises",
    "No unsupervised contact with children under 18",
    "Curfew 19:00 to 07:00",
    "Make devices available for inspection",
    "Attend the sex offender treatment programme",
)
RATIONALE = {
    "very_high": "Imminent risk: access to children through a new partner; ARMS concerns",
    "high": "Identifiable indicators of serious harm; could happen at any time",
    "medium": "Potential to cause serious harm if circumstances change (loss of housing)",
    "low": "Current evidence does not indicate a likelihood of serious harm",
}
# A sentence giving each stored period (adult, then under 18 on conviction, where one does).
SENTENCES = {
    "indefinite": ("custody", 30, 96),
    "10y": ("custody", 7, 29),
    "7y": ("custody", 1, 6),
    "5y": ("other", 0, 0),
    "2y": ("caution", 0, 0),
}


def _pairs() -> dict[str, list[dict[str, str]]]:
    """RM2000 S and V categories by the combined category they give."""
    tool = default_config().tool("rm2000")
    out: dict[str, list[dict[str, str]]] = {k: [] for k in LEVEL_KEYS}
    for s in LEVEL_KEYS:
        for v in LEVEL_KEYS:
            scales = {"S": s, "V": v}
            out[combined_category(tool, scales)[0]].append(scales)
    return out


def _arms_scores(rng: random.Random, level: str) -> dict[str, int]:
    config = default_config()
    lo, hi = ARMS_RISK[level]
    risk = rng.randint(lo, hi)
    scores = {f.key: 0 for f in config.factors}
    keys = [f.key for f in config.risk_factors]
    while risk > 0:
        key = rng.choice(keys)
        if scores[key] < config.max_score:
            scores[key] += 1
            risk -= 1
    for f in config.protective_factors:
        scores[f.key] = rng.choice((0, 1, 1, 2) if level in ("low", "medium") else (0, 0, 1, 2))
    return scores


def _case(o: Offender, rng: random.Random, today: date, on_licence: bool) -> CaseDetails:
    kind, lo, hi = SENTENCES.get(o.notification_period, ("other", 0, 0))
    juvenile = o.notification_period == "5y" and rng.random() < 0.2
    if juvenile:  # 10 years halved (s82(2))
        kind, lo, hi = SENTENCES["10y"]
    months = rng.randint(lo, hi) if kind == "custody" else None
    age = rng.randint(15, 17) if juvenile else rng.randint(19, 64)
    convicted = o.registered_on - timedelta(days=rng.randint(0, 3))
    period = periods.period_for(periods.Sentence(kind, age, months=months))
    reasons = list(period.reasons)
    if period.indefinite:
        reasons.append(periods.indefinite_review_on(o.registered_on, age)[1])
    return CaseDetails(
        offender=o,
        visor_reference=f"VN{rng.randint(10**7, 10**8 - 1)}",
        lead_agency="Probation" if on_licence else "Police",
        probation_practitioner=(
            f"{rng.choice(('A.', 'J.', 'S.', 'M.'))} {rng.choice(('Patel', 'Hughes', 'Kaur'))}"
            if on_licence
            else ""
        ),
        licence_conditions="\n".join(rng.sample(CONDITIONS, 3)) if on_licence else "",
        index_offence=rng.choice(OFFENCES),
        convicted_on=convicted,
        sentence_kind=kind,
        sentence_months=months,
        age_at_conviction=age,
        first_notified_after_release_on=o.registered_on if period.indefinite else None,
        period_reasons=reasons,
        table_version=period.version,
    )


def seed_risk_tools(ctx: SeedContext, progress: Callable[[float, str], None]) -> None:
    """Static scores, ARMS, RoSH, plans, MAPPA history and meetings, case details."""
    rng = random.Random(ctx.params.seed * 7919 + 17)
    today = ctx.params.today
    config = default_config()
    rm2000 = config.tool("rm2000")
    pairs = _pairs()
    policy = current_policy()
    offenders = list(Offender.objects.select_related("person", "offender_manager").order_by("id"))
    statics: list[StaticAssessment] = []
    arms: list[ArmsAssessment] = []
    rosh: list[RoshAssessment] = []
    plans: list[RiskPlan] = []
    plan_actions: list[list[tuple[str, str]]] = []
    history: list[MappaChange] = []
    meetings: list[MappaMeeting] = []
    cases: list[CaseDetails] = []
    changed: list[Offender] = []
    progress(0.0, "Risk tools")
    for o in offenders:
        level = o.risk_level or "low"
        on = o.last_risk_assessment_on or o.registered_on + timedelta(days=20)
        on = min(on, today)
        who = o.offender_manager
        if o.person.sex != "F":
            scales = rng.choice(pairs[level])
            combined, why = combined_category(rm2000, scales)
            statics.append(
                StaticAssessment(
                    offender=o, assessed_on=on, assessor=who, config_version=config.version,
                    tool="rm2000", tool_name=rm2000.name, scales=scales, combined=combined,
                    explanation=why, created_by=who,
                )
            )  # fmt: skip
        scores = _arms_scores(rng, level)
        result = arms_priority(config, scores)
        arms.append(
            ArmsAssessment(
                offender=o, assessed_on=on, assessor=who, config_version=config.version,
                scores=scores, risk_total=result.risk_total,
                protective_total=result.protective_total, priority=result.priority,
                reasons=list(result.reasons), created_by=who,
            )
        )  # fmt: skip
        if rng.random() < ROSH_SHARE or o.person.sex == "F":
            rosh.append(
                RoshAssessment(
                    offender=o, assessed_on=on, assessor=who, config_version=config.version,
                    level=level, rationale=RATIONALE[level], created_by=who,
                )
            )  # fmt: skip
        review = o.risk_review_due_on
        if (
            o.status == Status.MANAGED
            and rng.random() < PLAN_SHARE[level]
            and review is not None
            and review > on
        ):
            months = o.interval_months_override or policy.visit_interval_months.for_level(
                RiskLevel(level)
            )
            plans.append(
                RiskPlan(
                    offender=o, made_on=on, review_on=review, visit_interval_months=months,
                    summary="Manage access to children and internet use; support employment",
                    made_by=who, created_by=who,
                )
            )  # fmt: skip
            plan_actions.append(rng.sample(ACTIONS, rng.randint(2, 4)))
            o.interval_months_override = months
            o.interval_override_reason = f"RMP of {long_date(on)} sets {months}-monthly"
            o.risk_review_reason = f"the risk management plan of {long_date(on)} sets its review"
            changed.append(o)
        if o.status == Status.MANAGED and o.mappa_level == 1 and rng.random() < 0.04:
            o.mappa_category = 2 if rng.random() < 0.75 else 3
            history.append(
                MappaChange(
                    offender=o, from_category=1, to_category=o.mappa_category, from_level=1,
                    to_level=1, changed_on=o.registered_on,
                    reason="Referred by probation: violent offender managed by the unit",
                    created_by=who,
                )
            )  # fmt: skip
            changed.append(o)
        if o.mappa_level > 1:
            since = max(o.registered_on, today - timedelta(days=rng.randint(60, 900)))
            history.append(
                MappaChange(
                    offender=o, from_category=o.mappa_category, to_category=o.mappa_category,
                    from_level=1, to_level=o.mappa_level, changed_on=since,
                    reason="Risk of serious harm needs active multi-agency management",
                    created_by=who,
                )
            )  # fmt: skip
            day = since
            while day < today - timedelta(days=7):
                nxt = day + timedelta(days=rng.randint(42, 90))
                meetings.append(
                    MappaMeeting(
                        offender=o, held_on=day, level=o.mappa_level,
                        actions="Probation to review licence conditions; police to visit "
                        "unannounced within the month",
                        next_on=nxt, created_by=who,
                    )
                )  # fmt: skip
                day = nxt
        released = o.released_from_custody_on
        on_licence = released is not None and (today - released).days < 3 * 365
        cases.append(_case(o, rng, today, on_licence or rng.random() < 0.1))
    progress(0.6, "Writing risk records")
    StaticAssessment.objects.bulk_create(statics, batch_size=2000)
    ArmsAssessment.objects.bulk_create(arms, batch_size=2000)
    RoshAssessment.objects.bulk_create(rosh, batch_size=2000)
    RiskPlan.objects.bulk_create(plans, batch_size=2000)
    PlanAction.objects.bulk_create(
        [
            PlanAction(plan=p, action=a, owner=owner)
            for p, chosen in zip(plans, plan_actions, strict=True)
            for a, owner in chosen
        ],
        batch_size=2000,
    )
    MappaChange.objects.bulk_create(history, batch_size=2000)
    MappaMeeting.objects.bulk_create(meetings, batch_size=2000)
    CaseDetails.objects.bulk_create(cases, batch_size=2000)
    Offender.objects.bulk_update(
        list({o.pk: o for o in changed}.values()),
        [
            "interval_months_override",
            "interval_override_reason",
            "risk_review_reason",
            "mappa_category",
        ],
        batch_size=1000,
    )
    ctx.counts["static_assessments"] = len(statics)
    ctx.counts["arms_assessments"] = len(arms)
    ctx.counts["rosh_assessments"] = len(rosh)
    ctx.counts["risk_plans"] = len(plans)
    ctx.counts["mappa_meetings"] = len(meetings)
