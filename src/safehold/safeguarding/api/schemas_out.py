"""What the safeguarding API answers: one typed schema per response, so the OpenAPI
document describes every field.

Times already rendered by the rules (``isoformat``) stay strings here, so the answers are
exactly what they were before the schemas were written.
"""

from datetime import date, datetime

from ninja import Field, Schema


class Created(Schema):
    id: int


class Done(Schema):
    id: int
    status: str


class IncidentCreated(Schema):
    id: int
    reference: str
    victim_person_id: int | None  # only for roles with access to people's records
    waiting: bool
    matches_to_review: int


class IncidentSummary(Schema):
    id: int
    reference: str
    reported_at: datetime
    victim_person_id: int
    victim: str
    suspect: str | None
    grade: str
    attendance: str
    waiting: bool
    closure_status: str
    outcome_type: int | None


class IncidentPage(Schema):
    count: int
    page: int
    pages: int
    items: list[IncidentSummary]


class MeetingOut(Schema):
    id: int
    held_on: date
    area: str
    cases: int


class CodeText(Schema):
    """A reason or criterion: a stable code and a sentence."""

    code: str
    text: str


# --- the queue ---------------------------------------------------------------------------


class QueueReasonOut(Schema):
    code: str
    text: str
    contribution: float


class QueueEntryOut(Schema):
    """One victim's place in the queue and why (the rules' entry)."""

    position: int
    victim_id: str
    grade: str
    score: float
    reported_at: str
    due_at: str
    time_waited_minutes: float
    fraction_of_target_used: float
    target_missed: bool
    target_outcome: str = Field(description="met, missed or pending; once decided, kept")
    contacted: bool
    next_step: str = Field(description="call (not yet reached, or re-assessment due) or deploy")
    escalate_to_supervisor: bool
    needs_telephone_reassessment: bool
    attendance: str
    reasons: list[QueueReasonOut]
    policy_version: str


class VictimRef(Schema):
    id: int
    name: str


class QueueRowOut(QueueEntryOut):
    """A queue entry with the incident and victim it is about."""

    incident_id: int
    incident: str
    victim: VictimRef
    escalated_at: str | None
    awaiting_sign_off: bool
    # Links to the offender register (people.crosslinks), for a role allowed to see them.
    cross_links: list[str] = []


class QueueOut(Schema):
    at: str
    policy_version: str
    waiting: int
    escalate_to_supervisor: int
    targets_missed: int
    telephone_reassessments_due: int
    downgrades_awaiting_sign_off: int
    entries: list[QueueRowOut]


# --- one incident ------------------------------------------------------------------------


class PartyMatchOut(Schema):
    id: int
    candidate: int
    status: str
    probability: float


class PartyOut(Schema):
    role: str
    person_id: int
    name: str
    matches: list[PartyMatchOut]


class EarlierIncidentOut(Schema):
    incident_id: int
    incident: str
    reported_at: str
    grade: str
    outcome: str


class EarlierGradeOut(Schema):
    at: str
    grade: str


class EarlierReferralOut(Schema):
    referred_at: str
    meeting: str


class HistoryOut(Schema):
    victim_incidents: list[EarlierIncidentOut]
    victim_incidents_12m: int
    earlier_grades: list[EarlierGradeOut]
    marac_referrals_12m: list[EarlierReferralOut]
    suspect_incidents: list[EarlierIncidentOut]
    suspect_victims: int
    serial_perpetrator: bool


class FollowUpOut(Schema):
    """A follow-up set the answers called for (S-DASH, honour-based abuse) and its result."""

    set: str
    version: str
    title: str
    triggered_by: list[int]
    asked: bool
    answers: dict[str, str]
    yes_count: int
    question_count: int
    level: str
    reasons: list[CodeText]


class AssessmentOut(Schema):
    id: int
    assessed_at: str
    questionnaire: str
    grade: str
    yes_count: int
    red_flags: list[str]
    reasons: list[CodeText]
    marac_criteria: list[CodeText]
    policy_version: str
    follow_ups: list[FollowUpOut] = []


class ReassessmentOut(Schema):
    id: int
    assessed_at: str
    from_: str = Field(alias="from")
    to: str
    direction: str
    reason: str
    advice_given: str
    sign_off: str
    policy_version: str


class RequirementOut(Schema):
    """A DAPO's positive or notification requirement."""

    kind: str
    text: str


class ActionOut(Schema):
    id: int
    kind: str
    started_at: str
    due_at: str
    clock: str
    completed_at: str | None
    overdue: bool
    policy_version: str
    outcome: str = ""
    victim_views: str = ""
    children_welfare: str = ""
    suspect_representations: str = ""
    requirements: list[RequirementOut] = []


class BreachOut(Schema):
    """A breach of a notice or order, and what was done."""

    id: int
    action_id: int
    order: str
    at: str
    details: str
    response: str
    response_note: str


class ReferralPromptOut(Schema):
    """A referral the incident calls for: required or to consider, why, and whether made."""

    kind: str
    required: bool
    reasons: list[str]
    made: bool
    outcomes: list[str]
    policy_version: str


class ReferralOut(Schema):
    id: int
    meeting: str
    consent: str
    criteria: list[CodeText]


class IncidentDetail(Schema):
    id: int
    reference: str
    version: int
    reported_at: str
    source: str
    attendance: str
    grade: str
    grade_source: str
    red_flags: list[str]
    suspect_at_large: bool
    children_present: bool
    crime_recorded: bool
    crime_type: str
    closure_status: str
    outcome_type: int | None
    seen_at: str | None
    queue: QueueEntryOut | None
    parties: list[PartyOut]
    history: HistoryOut
    assessments: list[AssessmentOut]
    reassessments: list[ReassessmentOut]
    actions: list[ActionOut]
    referral_prompts: list[ReferralPromptOut]
    breaches: list[BreachOut]
    marac_referrals: list[ReferralOut]
    cross_links: list[str] = []


# --- MARAC -------------------------------------------------------------------------------


class MeetingCaseOut(Schema):
    incident_id: int
    incident: str
    victim: str
    victim_person_id: int
    consent: str
    criteria: list[CodeText]
    judgement_reason: str
    referred_at: str


class MeetingListOut(Schema):
    id: int
    held_on: str
    area: str
    cases: list[MeetingCaseOut]


class ReferralMade(Schema):
    id: int
    meeting_id: int
    criteria: list[CodeText]
    policy_version: str


# --- person matches ----------------------------------------------------------------------


class RecordedDetails(Schema):
    given_name: str
    family_name: str
    date_of_birth: str | None
    postcode: str


class ExplanationStep(Schema):
    field: str
    level: str
    outcome: str
    match_weight: float


class MatchOut(Schema):
    id: int
    incident_id: int
    role: str
    recorded: RecordedDetails
    recorded_as_person_id: int
    candidate_person_id: int
    candidate: str
    probability: float
    explanation: list[ExplanationStep]
    hold_reason: str | None
    model_version: str


# --- scoring and protective actions ------------------------------------------------------


class QuestionnaireRef(Schema):
    id: str
    version: str


class RedFlagOut(Schema):
    code: str
    label: str
    questions: list[int]


class JudgementOut(Schema):
    grade: str
    reason: str
    effect: str


class ScoreOut(Schema):
    questionnaire: QuestionnaireRef
    grade: str
    actuarial_grade: str
    yes_count: int
    question_count: int
    unanswered: list[int]
    not_known: list[int]
    red_flags: list[RedFlagOut]
    professional_judgement: JudgementOut | None
    reasons: list[CodeText]
    marac_referral: bool
    marac_criteria: list[CodeText]
    marac_notes: list[CodeText]
    policy_version: str


class DashRecorded(Schema):
    id: int
    grade: str
    actuarial_grade: str
    yes_count: int
    red_flags: list[str]
    reasons: list[CodeText]
    marac_criteria: list[CodeText]
    marac_notes: list[CodeText]
    policy_version: str
    follow_ups: list[FollowUpOut] = []


class ActionMade(Schema):
    id: int
    due_at: str
    clock: str
    policy_version: str
