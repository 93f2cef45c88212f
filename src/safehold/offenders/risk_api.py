"""API: risk as the tools define it, the risk management plan, MAPPA and the case.

Mounted under the register's router (``api.py``): ``GET /api/offenders/{id}/risk`` and
one ``POST`` per record, each a thin call to its service.
"""

from datetime import date
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from safehold.accounts.roles import Capability
from safehold.apiutil import Code, Day, LongText, Reason, api_user, require_api
from safehold.audit.api_looks import justification_of, log_disclosure

from . import plan_services, risk_services
from .models import Offender
from .risk_plan import ActionInput, PlanInput
from .risk_queries import risk_context

router = Router(tags=["offenders"])

Score = Annotated[int, Field(ge=0, le=9)]
Months = Annotated[int, Field(ge=1, le=24)]
Small = Annotated[int, Field(ge=1, le=3)]
Owner = Annotated[str, Field(max_length=120)]
FactorKey = Annotated[str, Field(max_length=60)]  # an ARMS factor key from risk-tools.toml


class RiskRecordMade(Schema):
    id: int


class StaticIn(Schema):
    assessed_on: Day
    scales: Annotated[dict[Code, Code], Field(max_length=6)]
    notes: LongText = ""


class FactorIn(Schema):
    factor: FactorKey
    score: Score
    observed: Reason = ""


class ArmsIn(Schema):
    assessed_on: Day
    factors: Annotated[list[FactorIn], Field(max_length=20)]
    notes: LongText = ""


class RoshIn(Schema):
    assessed_on: Day
    level: Code
    rationale: LongText


class PlanActionIn(Schema):
    action: Reason
    owner: Owner
    due_on: Day | None = None


class RiskPlanIn(Schema):
    made_on: Day
    review_on: Day
    visit_interval_months: Months
    summary: LongText = ""
    actions: Annotated[list[PlanActionIn], Field(max_length=20)]


class MappaIn(Schema):
    category: Small
    level: Small
    reason: Reason
    changed_on: Day


class StaticOut(Schema):
    assessed_on: date
    tool: str
    scales: dict[str, str]
    combined: str
    explanation: str


class ArmsOut(Schema):
    assessed_on: date
    priority: str
    risk_total: int
    protective_total: int
    scores: dict[str, int]
    reasons: list[str]


class RoshOut(Schema):
    assessed_on: date
    level: str
    rationale: str


class PlanActionOut(Schema):
    action: str
    owner: str
    due_on: date | None


class RiskPlanOut(Schema):
    made_on: date
    review_on: date
    visit_interval_months: int
    actions: list[PlanActionOut]


class CaseDetailsOut(Schema):
    visor_reference: str
    lead_agency: str
    probation_practitioner: str
    licence_conditions: list[str]
    index_offence: str
    sentence_kind: str
    period_reasons: list[str]


class RiskOut(Schema):
    risk_level: str
    derived_level: str | None
    derived_reasons: list[str]
    config_version: str
    risk_review_due_on: date | None
    risk_review_reason: str
    static: StaticOut | None
    arms: ArmsOut | None
    rosh: RoshOut | None
    plan: RiskPlanOut | None
    mappa_category: int
    mappa_level: int
    notifiable: bool
    case: CaseDetailsOut | None


@router.get(
    "/offenders/{offender_id}/risk",
    response=RiskOut,
    summary="An offender's risk tools, plan, MAPPA and case",
)
@require_api(Capability.VIEW_OFFENDERS)
def get_risk(request: HttpRequest, offender_id: int) -> RiskOut:
    justification = justification_of(request)
    o = Offender.objects.filter(pk=offender_id).first()
    if o is None:
        raise Http404
    c = risk_context(o)
    log_disclosure(request, justification, "offender", o.pk, person_id=o.person_id)
    s, a, r, p, case = (
        (c["statics"] or [None])[0],
        (c["arms_list"] or [None])[0],
        (c["rosh_list"] or [None])[0],
        c["plan"],
        c["case"],
    )
    return RiskOut(
        risk_level=o.risk_level,
        derived_level=c["derived"].level,
        derived_reasons=list(c["derived"].reasons),
        config_version=c["derived"].version,
        risk_review_due_on=o.risk_review_due_on,
        risk_review_reason=o.risk_review_reason,
        static=StaticOut(
            assessed_on=s.assessed_on,
            tool=s.tool,
            scales=s.scales,
            combined=s.combined,
            explanation=s.explanation,
        )
        if s
        else None,
        arms=ArmsOut(
            assessed_on=a.assessed_on,
            priority=a.priority,
            risk_total=a.risk_total,
            protective_total=a.protective_total,
            scores=a.scores,
            reasons=a.reasons,
        )
        if a
        else None,
        rosh=RoshOut(assessed_on=r.assessed_on, level=r.level, rationale=r.rationale)
        if r
        else None,
        plan=RiskPlanOut(
            made_on=p.made_on,
            review_on=p.review_on,
            visit_interval_months=p.visit_interval_months,
            actions=[
                PlanActionOut(action=x.action, owner=x.owner, due_on=x.due_on)
                for x in p.actions.all()
            ],
        )
        if p
        else None,
        mappa_category=o.mappa_category,
        mappa_level=o.mappa_level,
        notifiable=c["notifiable"],
        case=CaseDetailsOut(
            visor_reference=case.visor_reference,
            lead_agency=case.lead_agency,
            probation_practitioner=case.probation_practitioner,
            licence_conditions=case.conditions,
            index_offence=case.index_offence,
            sentence_kind=case.sentence_kind,
            period_reasons=case.period_reasons,
        )
        if case
        else None,
    )


@router.post(
    "/offenders/{offender_id}/risk/static",
    response={201: RiskRecordMade},
    summary="Record a static actuarial assessment",
)
@require_api(Capability.EDIT_OFFENDERS)
def post_static(request: HttpRequest, offender_id: int, body: StaticIn) -> Status[RiskRecordMade]:
    made = risk_services.record_static(
        api_user(request),
        offender_id,
        risk_services.StaticInput(body.assessed_on, dict(body.scales), notes=body.notes),
    )
    return Status(201, RiskRecordMade(id=made.pk))


@router.post(
    "/offenders/{offender_id}/risk/arms",
    response={201: RiskRecordMade},
    summary="Record an ARMS assessment",
)
@require_api(Capability.EDIT_OFFENDERS)
def post_arms(request: HttpRequest, offender_id: int, body: ArmsIn) -> Status[RiskRecordMade]:
    made = risk_services.record_arms(
        api_user(request),
        offender_id,
        risk_services.ArmsInput(
            body.assessed_on,
            {f.factor: f.score for f in body.factors},
            {f.factor: f.observed for f in body.factors if f.observed},
            body.notes,
        ),
    )
    return Status(201, RiskRecordMade(id=made.pk))


@router.post(
    "/offenders/{offender_id}/risk/rosh",
    response={201: RiskRecordMade},
    summary="Record the RoSH level",
)
@require_api(Capability.EDIT_OFFENDERS)
def post_rosh(request: HttpRequest, offender_id: int, body: RoshIn) -> Status[RiskRecordMade]:
    made = risk_services.record_rosh(
        api_user(request),
        offender_id,
        risk_services.RoshInput(body.assessed_on, body.level, body.rationale),
    )
    return Status(201, RiskRecordMade(id=made.pk))


@router.post(
    "/offenders/{offender_id}/risk/plan",
    response={201: RiskRecordMade},
    summary="Record a risk management plan",
)
@require_api(Capability.EDIT_OFFENDERS)
def post_plan(request: HttpRequest, offender_id: int, body: RiskPlanIn) -> Status[RiskRecordMade]:
    made = plan_services.record_plan(
        api_user(request),
        offender_id,
        PlanInput(
            body.made_on,
            body.review_on,
            body.visit_interval_months,
            body.summary,
            tuple(ActionInput(a.action, a.owner, a.due_on) for a in body.actions),
        ),
    )
    return Status(201, RiskRecordMade(id=made.pk))


@router.post(
    "/offenders/{offender_id}/mappa",
    response={201: RiskRecordMade},
    summary="Change the MAPPA category or level",
)
@require_api(Capability.EDIT_OFFENDERS)
def post_mappa(request: HttpRequest, offender_id: int, body: MappaIn) -> Status[RiskRecordMade]:
    made = risk_services.set_mappa(api_user(request), offender_id, **body.dict())
    return Status(201, RiskRecordMade(id=made.pk))
