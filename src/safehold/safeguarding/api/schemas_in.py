"""What the safeguarding API accepts: one schema per request body or query."""

from datetime import date, datetime
from typing import Any

from ninja import Schema

from ..questionnaires import DEFAULT_QUESTIONNAIRE


class PersonIn(Schema):
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    postcode: str = ""


class IncidentIn(Schema):
    reported_at: datetime
    source: str
    attendance: str
    grade: str
    victim: PersonIn
    suspect: PersonIn | None = None
    relationship: str = ""
    suspect_at_large: bool = False
    children_present: bool = False
    children: list[PersonIn] = []
    others: list[PersonIn] = []
    at_victims_home: bool = True
    location_description: str = ""
    summary: str = ""
    crime_recorded: bool = False
    crime_type: str = ""


class IncidentQuery(Schema):
    q: str = ""
    status: str = ""
    grade: str = ""
    person: int | None = None
    page: int = 1


class DashIn(Schema):
    answers: dict[str, str]
    questionnaire: str = "dash-27"
    professional_judgement: dict[str, str] | None = None
    assessed_at: datetime | None = None


class ContactIn(Schema):
    outcome: str
    at: datetime | None = None
    notes: str = ""


class ReassessmentIn(Schema):
    new_grade: str
    reason: str = ""
    advice_given: str = ""
    attendance: str = ""
    assessed_at: datetime | None = None
    version: int | None = None


class SignOffIn(Schema):
    approve: bool
    note: str
    version: int | None = None


class EscalationIn(Schema):
    reason: str
    to_supervisor_id: int | None = None


class ReferralIn(Schema):
    consent: str
    meeting_on: date
    no_consent_reason: str = ""
    judgement_reason: str = ""


class ActionIn(Schema):
    kind: str
    started_at: datetime | None = None
    order_days: int | None = None
    authorised_by_name: str = ""
    authorised_by_rank: str = ""
    details: str = ""


class CompleteIn(Schema):
    note: str
    completed_at: datetime | None = None


class CloseIn(Schema):
    reason: str
    crime_recorded: bool = False
    crime_type: str = ""
    outcome_type: int | None = None
    version: int | None = None
    contact_outcome: str = ""


class ReviewIn(Schema):
    agree: bool
    note: str
    version: int | None = None


class MatchDecisionIn(Schema):
    confirm: bool
    note: str = ""


class ScoreIn(Schema):
    """Free-form on purpose: the scoring rules name the bad answer, with its question."""

    questionnaire: str = DEFAULT_QUESTIONNAIRE
    answers: dict[str, Any]
    professional_judgement: dict[str, Any] | None = None
