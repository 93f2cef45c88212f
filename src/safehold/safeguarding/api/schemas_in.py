"""What the safeguarding API accepts: one schema per request body or query."""

from datetime import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from safehold.apiutil import (
    Code,
    Day,
    Id,
    Line,
    LongText,
    Name,
    Page,
    Postcode,
    Search,
    Title,
    Version,
)

from ..questionnaires import DEFAULT_QUESTIONNAIRE

# Answers to a questionnaire: question code -> answer (a DASH has 27 questions).
Answers = Annotated[dict[Code, LongText], Field(max_length=100)]
FollowUpAnswers = Annotated[dict[Code, Answers], Field(max_length=10)]


class PersonIn(Schema):
    given_name: Name = ""
    family_name: Name = ""
    date_of_birth: Day | None = None
    sex: Annotated[str, Field(max_length=1)] = ""
    postcode: Postcode = ""


Household = Annotated[list[PersonIn], Field(max_length=20)]  # as intake.MAX_HOUSEHOLD


class IncidentIn(Schema):
    reported_at: datetime
    source: Code
    attendance: Code
    grade: Code
    victim: PersonIn
    suspect: PersonIn | None = None
    relationship: Code = ""
    suspect_at_large: bool = False
    children_present: bool = False
    children: Household = []
    others: Household = []
    at_victims_home: bool = True
    location_description: Title = ""
    summary: LongText = ""
    crime_recorded: bool = False
    crime_type: Code = ""


class IncidentQuery(Schema):
    q: Search = ""
    status: Code = ""
    grade: Code = ""
    person: Id | None = None
    page: Page = 1


class DashIn(Schema):
    answers: Answers
    # Blank: the force's default questionnaire; any other must be one the force allows.
    questionnaire: Annotated[str, Field(max_length=64)] = ""
    professional_judgement: Answers | None = None
    assessed_at: datetime | None = None
    # Answers to the follow-up sets the answers call for, by set id ("s-dash", "hba").
    follow_ups: FollowUpAnswers | None = None


class ContactIn(Schema):
    outcome: Code
    at: datetime | None = None
    notes: LongText = ""


class ReassessmentIn(Schema):
    new_grade: Code
    reason: LongText = ""
    advice_given: LongText = ""
    attendance: Code = ""
    assessed_at: datetime | None = None
    version: Version | None = None


class SignOffIn(Schema):
    approve: bool
    note: LongText
    version: Version | None = None


class EscalationIn(Schema):
    reason: LongText
    to_supervisor_id: Id | None = None


class ReferralIn(Schema):
    consent: Code
    meeting_on: Day
    no_consent_reason: LongText = ""
    judgement_reason: LongText = ""


class ActionIn(Schema):
    kind: Code
    started_at: datetime | None = None
    order_days: Annotated[int, Field(ge=0, le=3650)] | None = None
    authorised_by_name: Line = ""
    authorised_by_rank: Annotated[str, Field(max_length=40)] = ""
    details: LongText = ""
    victim_views: LongText = ""
    children_welfare: LongText = ""
    suspect_representations: LongText = ""
    positive_requirements: LongText = ""
    notification_requirements: bool = False


class BreachIn(Schema):
    details: LongText
    response: Code
    at: datetime | None = None
    response_note: LongText = ""


class CompleteIn(Schema):
    note: LongText
    completed_at: datetime | None = None
    outcome: Code = ""


class CloseIn(Schema):
    reason: LongText
    crime_recorded: bool = False
    crime_type: Code = ""
    outcome_type: Annotated[int, Field(ge=0, le=100)] | None = None
    version: Version | None = None
    contact_outcome: Code = ""


class ReviewIn(Schema):
    agree: bool
    note: LongText
    version: Version | None = None


class MatchDecisionIn(Schema):
    confirm: bool
    note: LongText = ""


class ScoreIn(Schema):
    """Free-form on purpose: the scoring rules name the bad answer, with its question."""

    questionnaire: Annotated[str, Field(max_length=64)] = DEFAULT_QUESTIONNAIRE
    answers: Annotated[dict[Code, Any], Field(max_length=100)]
    professional_judgement: Annotated[dict[Code, Any], Field(max_length=100)] | None = None
