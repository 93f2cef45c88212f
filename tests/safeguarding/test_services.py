"""Writes to the domestic-abuse record: validation, permission, the queue columns, the log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.factories import PersonFactory
from tests.safeguarding.factories import answers, make_action, make_dash, make_incident

from safehold.accounts.models import User
from safehold.accounts.roles import Rank, Role
from safehold.audit.models import AccessLogEntry, Operation
from safehold.audit.privileged import PRIVILEGED_TYPES
from safehold.errors import Conflict, Forbidden, InvalidInput
from safehold.safeguarding import services
from safehold.safeguarding.court_days import counted_hours, load_calendar
from safehold.safeguarding.models import (
    ClosureStatus,
    DashAssessment,
    Escalation,
    Incident,
    MaracReferral,
    ProtectiveAction,
    Reassessment,
)

pytestmark = pytest.mark.django_db


def _reassess(user: User, incident: Incident, grade: str, **kwargs: object) -> Reassessment:
    kwargs.setdefault("advice_given", "Call 999 if he returns")
    return services.record_reassessment(
        user,
        incident.pk,
        services.ReassessmentInput(new_grade=grade, **kwargs),  # type: ignore[arg-type]
    )


# ------------------------------------------------------------------------ DASH


def test_a_questionnaire_with_fourteen_yes_grades_high_and_meets_the_marac_criterion(
    officer: User,
) -> None:
    """15 yes: high, visible high risk, red flags kept on the incident, the look logged."""
    incident = make_incident(grade="standard")
    made = services.record_dash(officer, incident.pk, services.DashInput(answers=answers(18)))
    incident.refresh_from_db()
    assert (made.grade, made.yes_count, incident.grade) == ("high", 18, "high")
    assert [c["code"] for c in made.marac_criteria] == ["visible_high_risk"]
    assert "strangulation" in incident.red_flags
    assert made.policy_version == "safehold-da-2026.2"
    entry = AccessLogEntry.objects.get(record_type="dash_assessment")
    assert (entry.operation, entry.person_id) == (Operation.COLLECTION, incident.victim_id)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"answers": {"28": "yes"}}, "q28"),
        ({"answers": {"3": "maybe"}}, "q3"),
        ({"answers": {"1": "yes"}, "questionnaire": "dara-9"}, "questionnaire"),
        ({"answers": {"1": "yes"}, "pj_grade": "high"}, "pj_reason"),
        ({"answers": {"1": "yes"}, "pj_grade": "severe", "pj_reason": "x"}, "pj_grade"),
        ({"answers": {"1": "yes"}, "pj_reason": "worried"}, "pj_grade"),
    ],
)
def test_a_bad_questionnaire_is_refused_naming_the_field_and_nothing_is_written(
    officer: User, data: dict[str, object], field: str
) -> None:
    """An unknown question, answer, questionnaire or an unexplained judgement: nothing stored."""
    incident = make_incident()
    with pytest.raises(InvalidInput) as refused:
        services.record_dash(officer, incident.pk, services.DashInput(**data))  # type: ignore[arg-type]
    assert refused.value.field == field
    assert not DashAssessment.objects.exists()
    assert not AccessLogEntry.objects.exclude(record_type__in=PRIVILEGED_TYPES).exists()


def test_a_lower_questionnaire_grade_after_a_considered_one_waits_for_sign_off(
    officer: User,
) -> None:
    """A DASH never lowers a grade set by an earlier assessment by itself."""
    incident = make_incident(grade="high", grade_source="dash")
    services.record_dash(officer, incident.pk, services.DashInput(answers=answers(3)))
    incident.refresh_from_db()
    assert incident.grade == "high"
    pending = Reassessment.objects.get(incident=incident)
    assert (pending.new_grade, pending.sign_off) == ("standard", "awaiting")


# -------------------------------------------------------------- contact and risk


def test_failed_contact_attempts_count_and_seeing_the_victim_ends_the_wait(
    officer: User,
) -> None:
    """No answer adds an attempt; speaking sets last contact; seeing takes them off the queue."""
    incident = make_incident(attendance="unable")
    services.record_contact(officer, incident.pk, services.ContactInput(outcome="no_answer"))
    services.record_contact(officer, incident.pk, services.ContactInput(outcome="spoke_to_victim"))
    incident.refresh_from_db()
    assert (incident.contact_attempts, incident.is_waiting) == (1, True)
    assert incident.last_contact_at is not None
    services.record_contact(officer, incident.pk, services.ContactInput(outcome="seen_in_person"))
    incident.refresh_from_db()
    assert not incident.is_waiting
    assert incident.attendance == "attended"


def test_a_contact_before_the_report_is_refused_naming_the_time(officer: User) -> None:
    """The attempt cannot predate the incident."""
    incident = make_incident(minutes_ago=30)
    with pytest.raises(InvalidInput) as refused:
        services.record_contact(
            officer,
            incident.pk,
            services.ContactInput(outcome="no_answer", at=timezone.now() - timedelta(hours=2)),
        )
    assert refused.value.field == "at"


def test_raising_the_grade_applies_at_once_with_the_queue_reasons_and_policy(
    officer: User,
) -> None:
    """An upgrade needs no sign-off; the reasons at the time and the policy are stored."""
    incident = make_incident(grade="standard", attendance="delayed")
    made = _reassess(officer, incident, "high", reason="New threats to kill")
    incident.refresh_from_db()
    assert (incident.grade, made.direction, made.sign_off) == ("high", "raised", "not_needed")
    assert incident.last_reassessed_at == made.assessed_at
    assert "attendance" in [r["code"] for r in made.reasons]
    assert made.policy_version == "safehold-da-2026.2"


def test_a_downgrade_without_a_reason_is_refused_and_nothing_changes(officer: User) -> None:
    """Lowering the grade needs a reason, named on the form."""
    incident = make_incident(grade="high")
    with pytest.raises(InvalidInput) as refused:
        _reassess(officer, incident, "medium")
    assert (refused.value.field, refused.value.code) == ("reason", "downgrade_needs_reason")
    assert not Reassessment.objects.exists()


def test_safeguarding_advice_is_required_while_attendance_is_outstanding(officer: User) -> None:
    """A telephone re-assessment of a delayed attendance records the advice given."""
    incident = make_incident(attendance="delayed")
    with pytest.raises(InvalidInput) as refused:
        _reassess(officer, incident, "medium", advice_given="")
    assert refused.value.field == "advice_given"


def test_a_downgrade_waits_for_a_sergeant_who_did_not_reassess(
    officer: User, sergeant: User, make_user: Callable[..., User]
) -> None:
    """The grade stays until a supervisor other than the assessor approves; then it applies."""
    incident = make_incident(grade="high")
    pending = _reassess(officer, incident, "medium", reason="Suspect in custody elsewhere")
    incident.refresh_from_db()
    assert (incident.grade, pending.sign_off) == ("high", "awaiting")
    with pytest.raises(Forbidden) as constable:
        services.sign_off_downgrade(officer, incident.pk, approve=True, note="fine")
    assert constable.value.code == "not_a_supervisor"
    own = make_user(Role.SAFEGUARDING_OFFICER, username="ps.own", rank=Rank.SERGEANT)
    own_incident = make_incident(grade="high")
    _reassess(own, own_incident, "standard", reason="Victim moved to a refuge")
    with pytest.raises(Forbidden) as self_signed:
        services.sign_off_downgrade(own, own_incident.pk, approve=True, note="mine")
    assert self_signed.value.code == "supervisor_is_assessor"
    services.sign_off_downgrade(sergeant, incident.pk, approve=True, note="Checked custody record")
    incident.refresh_from_db()
    pending.refresh_from_db()
    assert (incident.grade, pending.sign_off, pending.supervisor) == (
        "medium",
        "approved",
        sergeant,
    )


def test_a_refused_downgrade_keeps_the_higher_grade(officer: User, sergeant: User) -> None:
    """Refusing records the decision and leaves the grade where it was."""
    incident = make_incident(grade="high")
    _reassess(officer, incident, "standard", reason="Victim says it was a misunderstanding")
    done = services.sign_off_downgrade(sergeant, incident.pk, approve=False, note="Too early")
    incident.refresh_from_db()
    assert (incident.grade, done.sign_off) == ("high", "rejected")


def test_signing_off_with_nothing_pending_is_a_conflict(sergeant: User) -> None:
    """No downgrade awaiting: the sign-off says so."""
    incident = make_incident()
    with pytest.raises(Conflict):
        services.sign_off_downgrade(sergeant, incident.pk, approve=True, note="x")


def test_a_stale_version_is_refused(officer: User) -> None:
    """Someone else changed the incident since the form was opened."""
    incident = make_incident(grade="medium")
    with pytest.raises(Conflict) as stale:
        _reassess(officer, incident, "high", expected_version=incident.version + 1)
    assert stale.value.code == "stale_record"


def test_an_escalation_keeps_the_queue_reasons_of_the_moment(officer: User, sergeant: User) -> None:
    """The escalation names the supervisor and stores why the victim was where they were."""
    incident = make_incident(grade="high", minutes_ago=70)
    made = services.escalate(officer, incident.pk, reason="No unit", to_supervisor_id=sergeant.pk)
    incident.refresh_from_db()
    assert incident.escalated_at == made.at
    assert "target_missed" in [r["code"] for r in made.reasons]
    with pytest.raises(InvalidInput) as not_supervisor:
        services.escalate(officer, incident.pk, reason="x", to_supervisor_id=officer.pk)
    assert not_supervisor.value.field == "to_supervisor"
    assert Escalation.objects.count() == 1


# ----------------------------------------------------------------------- MARAC


def test_a_referral_carries_the_criteria_met(officer: User) -> None:
    """A high questionnaire: referred on visible high risk, to the meeting asked for."""
    incident = make_incident()
    services.record_dash(officer, incident.pk, services.DashInput(answers=answers(16)))
    meeting_on = timezone.localdate() + timedelta(days=3)
    made = services.refer_to_marac(
        officer, incident.pk, services.ReferralInput(consent="with_consent", meeting_on=meeting_on)
    )
    assert made.meeting.held_on == meeting_on
    assert [c["code"] for c in made.criteria] == ["visible_high_risk"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"consent": "without_consent"}, "no_consent_reason"),
        ({"consent": "with_consent"}, "judgement_reason"),
        ({"consent": "with_consent", "judgement_reason": "x", "days": -1}, "meeting_on"),
        ({"consent": "perhaps"}, "consent"),
    ],
)
def test_a_referral_without_what_it_needs_is_refused_naming_the_field(
    officer: User, data: dict[str, object], field: str
) -> None:
    """No consent reason, no criterion or judgement, a past meeting, a bad consent value."""
    incident = make_incident()
    make_dash(incident, yes=3)
    days = int(data.pop("days", 3))  # type: ignore[call-overload]
    with pytest.raises(InvalidInput) as refused:
        services.refer_to_marac(
            officer,
            incident.pk,
            services.ReferralInput(meeting_on=timezone.localdate() + timedelta(days=days), **data),  # type: ignore[arg-type]
        )
    assert refused.value.field == field
    assert not MaracReferral.objects.exists()


# ----------------------------------------------------------- protective actions


def test_a_dvpn_needs_a_superintendents_authority(officer: User) -> None:
    """A sergeant's authority is refused; a superintendent's starts the 48-hour clock
    (48 counted hours: Sundays and bank holidays are not counted)."""
    incident = make_incident(suspect=PersonFactory(date_of_birth=date(1985, 1, 1)))
    with pytest.raises(InvalidInput) as refused:
        services.record_protective_action(
            officer,
            incident.pk,
            services.ActionInput(
                kind="dvpn", authorised_by_name="Sgt Lowe", authorised_by_rank="sergeant"
            ),
        )
    assert (refused.value.field, refused.value.code) == ("authorised_by_rank", "rank_too_low")
    made = services.record_protective_action(
        officer,
        incident.pk,
        services.ActionInput(
            kind="dvpn",
            authorised_by_name="Supt Hale",
            authorised_by_rank="Superintendent",
            victim_views="Wants him kept away from the house",
            children_welfare="No children in the household",
            suspect_representations="Made none",
        ),
    )
    counted = counted_hours(made.started_at, made.due_at, load_calendar())
    assert counted == timedelta(hours=48)
    assert made.subject_id == incident.suspect_id


def test_an_arrest_starts_the_detention_clock_and_ends_suspect_at_large(officer: User) -> None:
    """Arrest: due 24 hours from the relevant time; the suspect is no longer at large."""
    incident = make_incident(suspect_at_large=True)
    made = services.record_protective_action(
        officer, incident.pk, services.ActionInput(kind="arrest")
    )
    incident.refresh_from_db()
    assert made.due_at - made.started_at == timedelta(hours=24)
    assert not incident.suspect_at_large


def test_a_dvpo_needs_its_length_and_a_clares_law_request_runs_28_days(officer: User) -> None:
    """DVPO without order_days names the field; right to ask is due in 28 days."""
    incident = make_incident()
    with pytest.raises(InvalidInput) as refused:
        services.record_protective_action(officer, incident.pk, services.ActionInput(kind="dvpo"))
    assert refused.value.field == "order_days"
    made = services.record_protective_action(
        officer, incident.pk, services.ActionInput(kind="dvds_right_to_ask")
    )
    assert made.due_at - made.started_at == timedelta(days=28)


def test_completing_an_action_stops_its_clock_once(officer: User) -> None:
    """The completion time and note are kept; a second completion is a conflict."""
    incident = make_incident()
    action = make_action(incident)
    services.complete_protective_action(officer, incident.pk, action.pk, note="Plan agreed")
    action.refresh_from_db()
    assert action.completed_at is not None
    with pytest.raises(Conflict):
        services.complete_protective_action(officer, incident.pk, action.pk, note="again")
    assert ProtectiveAction.objects.count() == 1


# ---------------------------------------------------------------------- closure


def test_outcome_16_waits_for_a_review_by_a_supervisor_who_did_not_close_it(
    sergeant: User, make_user: Callable[..., User]
) -> None:
    """15/16 closures await review; the closer may not review; agreeing closes the case."""
    incident = make_incident()
    services.close_incident(
        sergeant,
        incident.pk,
        services.CloseInput(
            reason="Victim withdrew support",
            crime_recorded=True,
            crime_type="violence_without_injury",
            outcome_type=16,
            contact_outcome="declined_support",
        ),
    )
    incident.refresh_from_db()
    assert incident.closure_status == ClosureStatus.AWAITING_REVIEW
    with pytest.raises(Forbidden):
        services.review_closure(sergeant, incident.pk, agree=True, note="ok")
    other = make_user(Role.SAFEGUARDING_OFFICER, username="ps.other", rank=Rank.SERGEANT)
    services.review_closure(other, incident.pk, agree=True, note="BWV reviewed")
    incident.refresh_from_db()
    assert incident.closure_status == ClosureStatus.CLOSED


def test_a_reopened_closure_clears_the_outcome(officer: User, sergeant: User) -> None:
    """Disagreeing reopens the investigation with no outcome."""
    incident = make_incident()
    services.record_contact(officer, incident.pk, services.ContactInput(outcome="spoke_to_victim"))
    services.close_incident(
        officer,
        incident.pk,
        services.CloseInput(
            reason="evidential difficulties",
            crime_recorded=True,
            crime_type="violence_with_injury",
            outcome_type=15,
        ),
    )
    services.review_closure(sergeant, incident.pk, agree=False, note="Neighbour not spoken to")
    incident.refresh_from_db()
    assert (incident.closure_status, incident.outcome_type) == (ClosureStatus.OPEN, None)


def test_an_outcome_other_than_15_or_16_closes_at_once(officer: User) -> None:
    """Charge/summons (1): closed, no review needed."""
    incident = make_incident()
    services.record_contact(officer, incident.pk, services.ContactInput(outcome="spoke_to_victim"))
    services.close_incident(
        officer,
        incident.pk,
        services.CloseInput(
            reason="Charged", crime_recorded=True, crime_type="violence_with_injury", outcome_type=1
        ),
    )
    incident.refresh_from_db()
    assert incident.closure_status == ClosureStatus.CLOSED


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"crime_recorded": True, "crime_type": "violence_with_injury"}, "outcome_type"),
        ({"crime_recorded": True, "crime_type": "violence_with_injury", "outcome_type": 0},
         "outcome_type"),
        ({"crime_recorded": True, "crime_type": "violence_with_injury", "outcome_type": 23},
         "outcome_type"),
        ({"crime_recorded": False, "outcome_type": 16}, "outcome_type"),
        ({"crime_recorded": True, "crime_type": "arson", "outcome_type": 1}, "crime_type"),
        ({"crime_recorded": False, "reason": " "}, "reason"),
    ],
)  # fmt: skip
def test_a_closure_without_what_it_needs_is_refused_naming_the_field(
    officer: User, data: dict[str, object], field: str
) -> None:
    """Outcomes belong to recorded crimes, 1 to 22, with a crime type and a reason."""
    incident = make_incident()
    data.setdefault("reason", "closing")
    with pytest.raises(InvalidInput) as refused:
        services.close_incident(officer, incident.pk, services.CloseInput(**data))  # type: ignore[arg-type]
    assert refused.value.field == field
    incident.refresh_from_db()
    assert incident.closure_status == ClosureStatus.OPEN


def test_a_role_without_edit_rights_cannot_change_a_record(
    users: dict[Role, User],
) -> None:
    """An analyst is told the record is not found; nothing is logged."""
    incident = make_incident()
    from safehold.errors import NotFound

    with pytest.raises(NotFound):
        services.escalate(users[Role.ANALYST], incident.pk, reason="x")
    assert not AccessLogEntry.objects.exclude(record_type__in=PRIVILEGED_TYPES).exists()
